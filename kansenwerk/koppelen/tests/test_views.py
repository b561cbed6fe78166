"""Pages: they render for coordinators, keep their query count flat, and drive the services."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kansenwerk.koppelen.models import Match

from .factories import MatchFactory, ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def _cohort(programme, n):
    for i in range(n):
        ParticipantFactory(programme=programme, side="mentor", display_name=f"Mentor {i}")
        ParticipantFactory(programme=programme, side="mentee", display_name=f"Mentee {i}")


def test_index_lists_own_programmes_with_flat_query_count(
    client, region, programme, programme_coordinator, django_assert_max_num_queries
):
    for i in range(5):
        p = ProgrammeFactory(
            region=region, name=f"Programma {i}", coordinators=[programme_coordinator]
        )
        _cohort(p, 2)
    ProgrammeFactory(region=region, name="Niet van mij")
    client.force_login(programme_coordinator)
    # +2 since the index also lists open programmes and why the user may manage each one.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("koppelen:index"))
    body = response.content.decode()
    assert "Programma 4" in body and "Buurtmaatjes" in body
    assert "Niet van mij" not in body


def test_menu_shows_koppelen(client, programme_coordinator):
    client.force_login(programme_coordinator)
    body = client.get(reverse("koppelen:index")).content.decode()
    assert 'href="/koppelen/"' in body


@pytest.mark.parametrize("size", [3, 12])
def test_programme_page_query_count_is_flat(
    client, programme, programme_coordinator, size, django_assert_max_num_queries
):
    _cohort(programme, size)
    for mentor, mentee in zip(
        programme.participants.filter(side="mentor")[:3],
        programme.participants.filter(side="mentee")[:3],
        strict=True,
    ):
        Match.objects.create(
            programme=programme,
            mentor=mentor,
            mentee=mentee,
            status="accepted",
            started_on=timezone.localdate() - timezone.timedelta(days=30),
        )
    client.force_login(programme_coordinator)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("koppelen:programme_detail", args=[programme.pk]))
    assert response.status_code == 200
    assert "Check-ins te doen" in response.content.decode()


@pytest.mark.parametrize("size", [3, 15])
def test_matching_page_query_count_is_flat(
    client, programme, programme_coordinator, size, django_assert_max_num_queries
):
    _cohort(programme, size)
    client.force_login(programme_coordinator)
    client.post(reverse("koppelen:matching", args=[programme.pk]), {"method": "optimal"})
    assert programme.matches.count() == size
    with django_assert_max_num_queries(14):
        response = client.get(reverse("koppelen:matching", args=[programme.pk]))
    body = response.content.decode()
    assert "Waarom deze koppeling?" in body
    assert "woensdagmiddag" in body


def test_matching_page_actions(client, programme, programme_coordinator):
    _cohort(programme, 2)
    ParticipantFactory(
        programme=programme, side="mentee", display_name="Alleen Fries", languages=["Fries"]
    )
    client.force_login(programme_coordinator)
    url = reverse("koppelen:matching", args=[programme.pk])
    client.post(url, {"method": "optimal"})
    body = client.get(url).content.decode()
    assert "geen mentor spreekt Fries" in body.replace("Geen", "geen")
    first, second = programme.matches.order_by("pk")
    action = lambda m, a: reverse("koppelen:match_action", args=[programme.pk, m.pk, a])  # noqa: E731
    assert client.post(action(first, "vastzetten")).status_code == 302
    first.refresh_from_db()
    assert first.status == "locked"
    client.post(action(first, "ruilen"), {"other": second.pk})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("locked", "locked")
    client.post(action(second, "uitsluiten"))
    second.refresh_from_db()
    assert second.status == "rejected"
    client.post(action(first, "starten"))
    first.refresh_from_db()
    assert first.status == "accepted" and first.started_on == timezone.localdate()
    response = client.post(action(first, "uitsluiten"), follow=True)
    assert "kan dat niet meer" in response.content.decode()
    assert client.post(action(first, "onzin")).status_code == 404


def test_match_detail_logs_meetings_checkins_and_end(client, programme, programme_coordinator):
    match = MatchFactory(
        programme=programme,
        status="accepted",
        started_on=timezone.localdate() - timezone.timedelta(days=29),
    )
    client.force_login(programme_coordinator)
    url = reverse("koppelen:match_detail", args=[programme.pk, match.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate().isoformat()
    assert (
        client.post(
            url, {"form": "meeting", "meeting-date": today, "meeting-note": "Gewandeld"}
        ).status_code
        == 302
    )
    assert match.meetings.count() == 1
    response = client.post(
        url,
        {
            "form": "checkin",
            "checkin-week": "4",
            "checkin-contact": "wekelijks",
            "checkin-going": "goed",
            "checkin-continue_": "ja",
            "checkin-note": "",
        },
    )
    assert response.status_code == 302
    assert match.checkins.get().answers["continue"] is True
    end = reverse("koppelen:match_action", args=[programme.pk, match.pk, "beeindigen"])
    client.post(end, {"reason": "verhuisd", "note": ""})
    match.refresh_from_db()
    assert (match.status, match.early_end_reason) == ("ended", "verhuisd")


def test_programme_create_and_rules_pages(client, coordinator, region):
    client.force_login(coordinator)
    response = client.post(
        reverse("koppelen:programme_create"),
        {
            "name": "Huiswerkmaatjes",
            "kind": "oudere_jongere_leerling",
            "region": region.pk,
            "default_capacity": 1,
            "retention_months": 12,
        },
    )
    assert response.status_code == 302, response.content.decode()
    from kansenwerk.koppelen.models import Programme

    programme = Programme.objects.get(name="Huiswerkmaatjes")
    assert programme.matching_rules().hard.min_year_group_gap == 1
    assert "year_group" in programme.intake_fields
    rules_url = reverse("koppelen:programme_rules", args=[programme.pk])
    page = client.get(rules_url)
    assert page.status_code == 200
    data = {
        "min_shared_languages": 1,
        "min_shared_availability": 1,
        "max_distance_km": 5,
        "require_vog_for_minors": "",
        "min_year_group_gap": 2,
        "shared_interests": 3,
        "distance": 2,
        "home_language": 1,
        "extra_availability": 0.5,
        "shared_needs": 1,
        "gender_preference": 1,
        "maximize_matches": "on",
    }
    assert client.post(rules_url, data).status_code == 302
    programme.refresh_from_db()
    rules = programme.matching_rules()
    assert (rules.hard.max_distance_km, rules.hard.min_year_group_gap) == (5.0, 2)
    edit = client.get(reverse("koppelen:programme_update", args=[programme.pk]))
    assert edit.status_code == 200


def test_delete_participant_only_before_start(client, programme, programme_coordinator):
    match = MatchFactory(programme=programme, status="accepted", started_on=timezone.localdate())
    loose = ParticipantFactory(programme=programme)
    client.force_login(programme_coordinator)
    url = lambda p: reverse("koppelen:participant_delete", args=[programme.pk, p.pk])  # noqa: E731
    assert client.get(url(loose)).status_code == 200
    client.post(url(loose))
    assert not programme.participants.filter(pk=loose.pk).exists()
    client.post(url(match.mentee))
    assert programme.participants.filter(pk=match.mentee.pk).exists()


def test_ranking_page_stores_choices_in_order(client, programme, programme_coordinator):
    mentee = ParticipantFactory(programme=programme, display_name="Kim")
    first = ParticipantFactory(programme=programme, side="mentor", display_name="Anna")
    second = ParticipantFactory(programme=programme, side="mentor", display_name="Bram")
    client.force_login(programme_coordinator)
    url = reverse("koppelen:participant_ranking", args=[programme.pk, mentee.pk])
    page = client.get(url).content.decode()
    assert "Eerste keus" in page and "Bram" in page
    client.post(url, {"choice_0": second.pk, "choice_1": first.pk, "choice_2": second.pk})
    mentee.refresh_from_db()
    assert mentee.ranking == [second.pk, first.pk]


def test_programme_form_names_the_theme_of_each_direction_with_checkboxes(
    client, coordinator, region
):
    from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory

    for title in ("Taal", "Ouders"):
        SolutionDirectionFactory(theme=ThemeFactory(title=title), number="1.1", title="Samen")
    client.force_login(coordinator)
    body = client.get(reverse("koppelen:programme_create")).content.decode()
    assert "Taal 1.1 – Samen" in body and "Ouders 1.1 – Samen" in body
    assert '<legend class="utrecht-form-fieldset__legend kw-choice-group__legend">Taal' in body
    assert 'type="checkbox" name="solution_directions"' in body
    assert "ctrl" not in body


def test_programme_create_open_with_screening_steps(client, coordinator, region):
    client.force_login(coordinator)
    response = client.post(
        reverse("koppelen:programme_create"),
        {
            "name": "Open maatjes",
            "kind": "mentor_kind",
            "region": region.pk,
            "default_capacity": 1,
            "retention_months": 12,
            "is_open": "on",
            "screening_steps": ["vog", "intake_talk"],
        },
    )
    assert response.status_code == 302, response.content.decode()
    from kansenwerk.koppelen.models import Programme

    programme = Programme.objects.get(name="Open maatjes")
    assert programme.is_open and programme.screening_steps == ["intake_talk", "vog"]
    bad = client.post(
        reverse("koppelen:programme_update", args=[programme.pk]),
        {
            "name": "Open maatjes",
            "default_capacity": 1,
            "retention_months": 12,
            "screening_steps": ["bungeejumpen"],
            "coordinators": [coordinator.pk],
        },
    )
    assert bad.status_code == 200 and "bungeejumpen" in bad.content.decode()


def test_index_explains_why_a_coordinator_sees_no_programmes(client, region):
    from kansenwerk.core.tests.factories import UserFactory

    other = UserFactory(role="regiocoordinator", regions=[region])
    client.force_login(other)
    body = client.get(reverse("koppelen:index")).content.decode()
    assert "regiorechten alleen zijn niet genoeg" in body


def test_index_says_why_a_programme_can_be_managed(client, programme, programme_coordinator):
    client.force_login(programme_coordinator)
    body = client.get(reverse("koppelen:index")).content.decode()
    assert "u bent coördinator van dit programma" in body


def test_regiocoordinator_sees_who_runs_the_other_programmes_in_the_region(
    client, region, other_region, programme, programme_coordinator, django_assert_max_num_queries
):
    from kansenwerk.core.tests.factories import UserFactory

    colleague = UserFactory(role="regiocoordinator", regions=[region], username="regio-noord")
    for i in range(4):
        ProgrammeFactory(region=region, name=f"Leesclub {i}", coordinators=[programme_coordinator])
    ProgrammeFactory(region=region, name="Zonder coördinator")
    ProgrammeFactory(region=other_region, name="Elders")
    client.force_login(colleague)
    with django_assert_max_num_queries(12):
        body = client.get(reverse("koppelen:index")).content.decode()
    assert "Andere programma’s in uw regio" in body
    assert "Buurtmaatjes" in body and "Leesclub 3" in body
    assert "coördinatoren: schoolcoordinator" in body
    assert "nog geen coördinator" in body
    assert "Elders" not in body
    # A participant-level account sees no coordinators' names.
    participant = UserFactory(role="deelnemer", regions=[region])
    client.force_login(participant)
    body = client.get(reverse("koppelen:index")).content.decode()
    assert "schoolcoordinator" not in body and "Andere programma’s" not in body
