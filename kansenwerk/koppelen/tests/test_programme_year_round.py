"""A programme that runs all year: screening gates, points people understand, incremental
runs that keep locked pairs, distances that are real or honestly unknown."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kansenwerk.koppelen import services
from kansenwerk.koppelen.models import Match, Participant, PostcodeCentroid
from kansenwerk.koppelen.services.intake import participant_withdraw
from kansenwerk.koppelen.services.postcodes import postcode_centroids_load

from .factories import MatchFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _mentor(programme, **kw):
    return ParticipantFactory(programme=programme, side=Participant.Side.MENTOR, **kw)


def _mentee(programme, **kw):
    return ParticipantFactory(programme=programme, side=Participant.Side.MENTEE, **kw)


def test_only_screened_mentors_are_matched(programme, programme_coordinator):
    programme.screening_steps = ["intake_talk", "vog"]
    programme.save()
    unscreened = _mentor(programme, display_name="Nog niet klaar")
    screened = _mentor(
        programme,
        intake_talk_on=datetime.date(2026, 1, 5),
        vog_received_on=datetime.date(2026, 1, 20),
    )
    _mentee(programme)
    _mentee(programme)
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert set(Match.objects.values_list("mentor_id", flat=True)) == {screened.pk}
    reasons = {u["participant"]: u["reason"] for u in programme.last_run["unmatched"]}
    assert "intakegesprek" in reasons[unscreened.pk] and "VOG" in reasons[unscreened.pk]


def test_screening_dates_are_checked_and_set_the_vog(programme, programme_coordinator):
    mentor = _mentor(programme)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.participant_screening_update(
            user=programme_coordinator,
            participant=mentor,
            dates={
                "vog_requested_on": today,
                "vog_received_on": today - datetime.timedelta(days=3),
            },
        )
    with pytest.raises(ValidationError):
        services.participant_screening_update(
            user=programme_coordinator,
            participant=mentor,
            dates={"training_on": today + datetime.timedelta(days=1)},
        )
    services.participant_screening_update(
        user=programme_coordinator, participant=mentor, dates={"vog_received_on": today}
    )
    mentor.refresh_from_db()
    assert mentor.has_vog


def test_stalled_steps_remind_the_coordinator(client, programme, programme_coordinator):
    programme.screening_steps = ["intake_talk", "vog"]
    programme.save()
    mentor = _mentor(programme, display_name="Wachtende Wim")
    Participant.objects.filter(pk=mentor.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=20)
    )
    stalled = services.stalled_steps(programme=programme)
    assert [(s.participant.pk, s.step) for s in stalled] == [(mentor.pk, "intake_talk")]
    client.force_login(programme_coordinator)
    body = client.get(programme.get_absolute_url()).content.decode()
    assert "Wachtende Wim" in body and "intakegesprek staat 20 dagen open" in body


def test_screening_page_rejects_nonsense_dates_with_a_400(client, programme, programme_coordinator):
    mentor = _mentor(programme)
    client.force_login(programme_coordinator)
    url = reverse("koppelen:participant_screening", args=[programme.pk, mentor.pk])
    response = client.post(url, {"intake_talk_on": "31-31-2026"})
    assert response.status_code == 400


def test_new_sign_ups_are_matched_and_locked_pairs_stay(programme, programme_coordinator):
    first_mentor, first_mentee = _mentor(programme), _mentee(programme)
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    locked = Match.objects.get()
    services.match_lock(user=programme_coordinator, match=locked)
    # Later in the year: a better-fitting mentor and a new mentee sign up.
    _mentor(programme, interests=["voetbal"])
    late = _mentee(programme, interests=["voetbal"])
    Participant.objects.filter(pk=first_mentee.pk).update(interests=["voetbal"])
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    locked.refresh_from_db()
    assert locked.status == "locked"
    assert (locked.mentor_id, locked.mentee_id) == (first_mentor.pk, first_mentee.pk)
    assert Match.objects.filter(mentee=late, status="proposed").exists()


def test_an_early_end_frees_both_for_the_next_run(programme, programme_coordinator):
    mentor, mentee = _mentor(programme), _mentee(programme)
    other_mentor, other_mentee = _mentor(programme), _mentee(programme)
    ended = MatchFactory(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        status="accepted",
        started_on=datetime.date(2026, 1, 1),
    )
    MatchFactory(programme=programme, mentor=other_mentor, mentee=other_mentee, status="accepted")
    services.match_end(
        user=programme_coordinator, match=ended, reason=Match.EndReason.NO_CLICK, note=""
    )
    newcomer_mentee = _mentee(programme)
    newcomer_mentor = _mentor(programme)
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    proposed = set(Match.objects.filter(status="proposed").values_list("mentor_id", "mentee_id"))
    assert (mentor.pk, mentee.pk) not in proposed  # ended pairs never come back
    assert {(mentor.pk, newcomer_mentee.pk), (newcomer_mentor.pk, mentee.pk)} == proposed


def test_withdrawn_people_are_not_matched(programme, programme_coordinator):
    mentor, mentee = _mentor(programme), _mentee(programme)
    participant_withdraw(participant=mentee)
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    assert not Match.objects.exists()
    assert mentor.pk in {u["participant"] for u in programme.last_run["unmatched"]}


def test_points_name_what_fits_and_share_is_of_the_best_possible(programme, programme_coordinator):
    _mentor(programme, interests=["koken"], home_language="Turks")
    _mentee(programme, interests=["koken"], home_language="Turks")
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    match = Match.objects.get()
    # Language, day, interests and home language fit; the distance is unknown.
    assert match.points_summary.startswith("past op 4 van 5 punten")
    assert "interesses" in match.points_summary and "niet: afstand" in match.points_summary
    assert "afstand onbekend" in match.reasons
    assert not any("km" in reason for reason in match.reasons)
    assert 0 < match.share_of_best < 100


def test_a_pair_that_meets_every_point_scores_near_the_top(programme, programme_coordinator):
    PostcodeCentroid.objects.create(postcode="3511", lat=52.09, lon=5.12)
    _mentor(
        programme,
        interests=["koken", "voetbal", "lezen"],
        home_language="Turks",
        availability=["wo-middag", "do-middag", "vr-middag"],
    )
    _mentee(
        programme,
        interests=["koken", "voetbal", "lezen"],
        home_language="Turks",
        availability=["wo-middag", "do-middag", "vr-middag"],
    )
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    match = Match.objects.get()
    assert match.points_summary.startswith("past op 5 van 5 punten")
    assert match.share_of_best == 100
    assert "zelfde postcodegebied (3511)" in match.reasons


def test_centroids_give_real_distances(tmp_path, programme, programme_coordinator):
    csv = tmp_path / "pc.csv"
    csv.write_text("postcode,lat,lon\n3511,52.0920,5.1140\n3581,52.0870,5.1330\n")
    assert postcode_centroids_load(path=csv) == 2
    _mentor(programme, postcode_area="3581")
    _mentee(programme, postcode_area="3511")
    services.programme_run_matching(user=programme_coordinator, programme=programme)
    reasons = Match.objects.get().reasons
    assert "1,4 km" in reasons  # great-circle distance, no "ca." estimate


def test_centroids_outside_the_netherlands_are_refused(tmp_path):
    csv = tmp_path / "pc.csv"
    csv.write_text("postcode,lat,lon\n3511,40.0,5.1\n")
    with pytest.raises(ValidationError):
        postcode_centroids_load(path=csv)
    assert not PostcodeCentroid.objects.exists()


def test_programme_page_explains_matching_in_plain_dutch(client, programme):
    programme.is_open = True
    programme.save()
    body = client.get(reverse("koppelen:programme_public", args=[programme.pk])).content.decode()
    assert "minstens 1 taal delen" in body and "punten" in body


def test_reminder_mail_counts_stalled_steps_without_names(programme, programme_coordinator):
    from django.core import mail
    from django.core.management import call_command

    programme_coordinator.email = "coord@example.org"
    programme_coordinator.save()
    programme.screening_steps = ["intake_talk"]
    programme.save()
    mentor = _mentor(programme, display_name="Geheime Gerda")
    Participant.objects.filter(pk=mentor.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    call_command("koppelen-reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coord@example.org"]
    assert "intakegesprek: 1" in message.body and "Geheime Gerda" not in message.body
