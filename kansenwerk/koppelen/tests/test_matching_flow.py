"""The coordinator's loop: run, lock, reject, swap, start, run the rest again."""

import pytest
from django.core.exceptions import ValidationError

from kansenwerk.koppelen import services
from kansenwerk.koppelen.models import Match

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def mentor(programme, name, **kw):
    return ParticipantFactory(programme=programme, side="mentor", display_name=name, **kw)


def mentee(programme, name, **kw):
    return ParticipantFactory(programme=programme, side="mentee", display_name=name, **kw)


def active_pairs(programme):
    return {
        (m.mentor.display_name, m.mentee.display_name): m.status
        for m in programme.matches.filter(status__in=Match.ACTIVE).select_related(
            "mentor", "mentee"
        )
    }


@pytest.fixture
def cohort(programme):
    return {
        "anna": mentor(programme, "Anna", interests=["voetbal"], capacity=1),
        "bram": mentor(programme, "Bram", interests=["tekenen"], capacity=1),
        "kim": mentee(programme, "Kim", interests=["voetbal"]),
        "lou": mentee(programme, "Lou", interests=["tekenen"]),
    }


def test_run_proposes_the_best_pairs_with_dutch_reasons(programme, programme_coordinator, cohort):
    result = services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert len(result.pairs) == 2
    assert active_pairs(programme) == {("Anna", "Kim"): "proposed", ("Bram", "Lou"): "proposed"}
    match = programme.matches.get(mentor=cohort["anna"])
    assert "gedeelde interesses: voetbal" in match.reasons
    assert any("woensdagmiddag" in r for r in match.reasons)


def test_locked_pairs_survive_a_rerun(programme, programme_coordinator, cohort):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    # Lock the worse pair on purpose: the re-run must keep it.
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    anna_kim = programme.matches.get(mentor=cohort["anna"], status="proposed")
    bram_lou = programme.matches.get(mentor=cohort["bram"], status="proposed")
    services.match_swap(user=programme_coordinator, match=anna_kim, other=bram_lou)
    assert active_pairs(programme) == {("Bram", "Kim"): "locked", ("Anna", "Lou"): "locked"}
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert active_pairs(programme) == {("Bram", "Kim"): "locked", ("Anna", "Lou"): "locked"}
    swapped = programme.matches.get(mentor=cohort["bram"], mentee=cohort["kim"])
    assert swapped.reasons[0].startswith("vastgezet door de coördinator")


def test_rejected_pairs_never_come_back(programme, programme_coordinator, cohort):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    anna_kim = programme.matches.get(mentor=cohort["anna"], mentee=cohort["kim"])
    services.match_reject(user=programme_coordinator, match=anna_kim)
    for _ in range(2):
        services.programme_run_matching(user=programme_coordinator, programme=programme)
        pairs = active_pairs(programme)
        assert ("Anna", "Kim") not in pairs
    assert pairs == {("Anna", "Lou"): "proposed", ("Bram", "Kim"): "proposed"}


def test_started_pairs_stay_and_ended_ones_are_not_proposed_again(
    programme, programme_coordinator, cohort
):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    anna_kim = programme.matches.get(mentor=cohort["anna"], mentee=cohort["kim"])
    services.match_accept(user=programme_coordinator, match=anna_kim)
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert active_pairs(programme)[("Anna", "Kim")] == "accepted"
    services.match_end(user=programme_coordinator, match=anna_kim, reason="geen_klik")
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert ("Anna", "Kim") not in active_pairs(programme)


def test_unmatched_people_get_a_reason_to_recruit_on(programme, programme_coordinator, cohort):
    mentee(programme, "Noor", languages=["Tigrinya"])
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    unmatched = programme.last_run["unmatched"]
    assert len(unmatched) == 1
    assert unmatched[0]["reason"] == "geen mentor spreekt Tigrinya"
    from kansenwerk.koppelen.selectors import unmatched_from_last_run

    rows = unmatched_from_last_run(programme=programme)
    assert [u.participant.display_name for u in rows] == ["Noor"]


def test_vog_is_required_for_mentors_of_children(programme, programme_coordinator):
    programme.kind = "mentor_kind"
    programme.rules = {"hard": {"require_vog_for_minors": True}}
    programme.save()
    mentor(programme, "Zonder VOG")
    mentee(programme, "Kind", is_minor=True)
    result = services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert result.pairs == ()
    assert "VOG" in result.unmatched[0].reason


def test_swap_refuses_a_pair_that_was_rejected(programme, programme_coordinator, cohort):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    bram_kim = Match.objects.create(
        programme=programme, mentor=cohort["bram"], mentee=cohort["kim"], status="rejected"
    )
    anna_kim = programme.matches.get(mentor=cohort["anna"], mentee=cohort["kim"], status="proposed")
    bram_lou = programme.matches.get(mentor=cohort["bram"], mentee=cohort["lou"])
    with pytest.raises(ValidationError):
        services.match_swap(user=programme_coordinator, match=anna_kim, other=bram_lou)
    assert bram_kim.status == "rejected"


def test_rerun_replaces_only_proposals(programme, programme_coordinator, cohort):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert programme.matches.count() == 2


def test_stable_matching_follows_rankings(programme, programme_coordinator, cohort):
    # Kim and Bram rank each other first, against the fit on interests.
    services.participant_set_ranking(
        user=programme_coordinator, participant=cohort["kim"], ranking=[cohort["bram"].pk]
    )
    services.participant_set_ranking(
        user=programme_coordinator, participant=cohort["bram"], ranking=[cohort["kim"].pk]
    )
    services.programme_run_matching(
        user=programme_coordinator, programme=programme, method="stable"
    )
    assert active_pairs(programme) == {("Bram", "Kim"): "proposed", ("Anna", "Lou"): "proposed"}
    services.programme_run_matching(
        user=programme_coordinator, programme=programme, method="optimal"
    )
    assert active_pairs(programme) == {("Anna", "Kim"): "proposed", ("Bram", "Lou"): "proposed"}


def test_capacity_is_respected_when_locks_exceed_it(programme, programme_coordinator, cohort):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    for match in programme.matches.all():
        services.match_lock(user=programme_coordinator, match=match)
    Match.objects.filter(mentor=cohort["bram"]).update(mentor=cohort["anna"])
    with pytest.raises(ValidationError) as exc:
        services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert "plaatsen" in str(exc.value)


def test_status_changes_are_checked(programme, programme_coordinator, cohort):
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    match = programme.matches.first()
    services.match_reject(user=programme_coordinator, match=match)
    with pytest.raises(ValidationError):
        services.match_accept(user=programme_coordinator, match=match)


def test_rerun_keeps_unchanged_proposals_and_logs_once(programme, programme_coordinator, cohort):
    from kansenwerk.core.models import AuditLogEntry

    services.programme_run_matching(user=programme_coordinator, programme=programme)
    first_ids = set(programme.matches.values_list("pk", flat=True))
    before = AuditLogEntry.objects.count()
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert set(programme.matches.values_list("pk", flat=True)) == first_ids
    # Only the programme's own entries (last_run save is excluded, plus the run summary).
    assert AuditLogEntry.objects.count() - before <= 2
    assert not AuditLogEntry.objects.filter(action="delete").exists()
