"""Regio-inzicht and the national view against a hand-counted fixture (both databases)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import AgreementStatus as S
from kansenwerk.afspraken.tests.factories import AgreementFactory, SignalFactory, SignalGroupFactory
from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory
from kansenwerk.meetups.models import Meetup, Registration
from kansenwerk.meetups.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)
from kansenwerk.regio import selectors

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2030, 7, 1, 12, 0))


def when(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 19, 0))


@pytest.fixture
def world(region, other_region):
    """Region Noord: two meetups held (Q1, Q2 2030), one future, one cancelled.

    Agreements in Noord: a1 gepland (overdue), a2 gereed, a3 bezig, a4 bezig (overdue),
    a5 vervallen. Zuid: b1 gepland (overdue). Attended in Noord: 3 ouders, 1 jeugdwerker.
    """
    from kansenwerk.netwerk.models import Organization, Service

    lezen = ThemeFactory(title="Lezen")
    d1 = SolutionDirectionFactory(theme=lezen, title="Voorlezen thuis")
    d2 = SolutionDirectionFactory(theme=lezen, title="Bibliotheek op school")
    d3 = SolutionDirectionFactory(theme=lezen, title="Leesclub")
    d4 = SolutionDirectionFactory(theme=lezen, title="Taalmaatje")
    org = Organization.objects.create(name="Bieb Noord", region=region)
    service = Service.objects.create(organization=org, name="Boekstart")
    service.solution_directions.add(d2)

    m1 = MeetupFactory(region=region, starts_at=when(2030, 2, 10))
    m2 = MeetupFactory(region=region, starts_at=when(2030, 5, 5))
    MeetupFactory(region=region, starts_at=when(2030, 9, 1))
    MeetupFactory(region=region, starts_at=when(2030, 3, 1), status=Meetup.Status.CANCELLED)
    m5 = MeetupFactory(region=other_region, starts_at=when(2030, 4, 4))

    attended = Registration.Status.ATTENDED
    RegistrationFactory.create_batch(2, meetup=m1, status=attended, profession="ouder")
    RegistrationFactory(meetup=m1, status=attended, profession="jeugdwerker")
    RegistrationFactory(meetup=m1, status=Registration.Status.CANCELLED, profession="ouder")
    RegistrationFactory(meetup=m2, status=attended, profession="ouder")
    RegistrationFactory.create_batch(5, meetup=m5, status=attended, profession="ouder")

    t_lezen = MeetupThemeFactory(meetup=m1, theme=lezen)
    t_own = MeetupThemeFactory(meetup=m1, title="Eigen thema")
    due = datetime.date
    AgreementFactory(
        meetup=m1,
        meetup_theme=t_lezen,
        solution_direction=d1,
        status=S.GEPLAND,
        due_date=due(2030, 6, 1),
    )
    AgreementFactory(
        meetup=m1,
        meetup_theme=t_lezen,
        solution_direction=d1,
        status=S.GEREED,
        due_date=due(2030, 5, 1),
        completed_at=when(2030, 4, 20),
    )
    AgreementFactory(meetup=m1, meetup_theme=t_own, status=S.BEZIG, due_date=due(2030, 8, 1))
    AgreementFactory(meetup=m2, status=S.BEZIG, due_date=due(2030, 6, 30))
    AgreementFactory(meetup=m2, status=S.VERVALLEN, due_date=due(2030, 1, 1))
    AgreementFactory(meetup=m5, solution_direction=d4, status=S.GEPLAND, due_date=due(2030, 6, 1))

    group = SignalGroupFactory(label="Tolken betalen")
    SignalFactory(meetup=m1, group=group, level="landelijk")
    SignalFactory(meetup=m5, group=group, level="gemeente")
    SignalFactory(meetup=m2, group=SignalGroupFactory(label="Alleen Noord"))
    return {"d1": d1, "d2": d2, "d3": d3, "d4": d4, "group": group}


def test_region_figures_match_hand_count(world, region):
    data = selectors.region_insight(region=region, now=NOW)
    assert data["meetups_held"] == 2
    assert data["participants"] == 4
    assert [(r["key"], r["count"]) for r in data["by_profession"]] == [
        ("ouder", 3),
        ("jeugdwerker", 1),
    ]
    assert {r["key"]: r["count"] for r in data["status_totals"]} == {
        "gepland": 1,
        "bezig": 2,
        "gereed": 1,
        "vervallen": 1,
    }
    assert [(r["label"], r["counts"], r["total"]) for r in data["by_quarter"]] == [
        ("2030 K1", [1, 1, 1, 0], 3),
        ("2030 K2", [0, 1, 0, 1], 2),
    ]
    assert [(r["label"], r["total"]) for r in data["by_theme"]] == [
        ("Lezen", 2),
        ("Zonder thema", 2),
        ("Eigen thema", 1),
    ]
    assert data["overdue_count"] == 2
    assert [(r["label"], r["count"]) for r in data["overdue_by_quarter"]] == [("2030 K2", 2)]
    # Made per quarter of the meetup, completed per quarter of completion, overdue per
    # quarter of the due date.
    assert [(r["label"], r["made"], r["completed"], r["overdue"]) for r in data["trend"]] == [
        ("2030 K1", 3, 0, 0),
        ("2030 K2", 2, 1, 2),
    ]
    assert data["signals_over_time"] == {
        "themes": ["Zonder thema"],
        "rows": [
            {"label": "2030 K1", "counts": [1], "total": 1},
            {"label": "2030 K2", "counts": [1], "total": 1},
        ],
    }
    assert sorted(a.due_date.isoformat() for a in data["overdue"]) == ["2030-06-01", "2030-06-30"]
    assert [
        (d.title, d.counts["total"], d.counts["open"], d.counts["done"])
        for d in data["active_directions"]
    ] == [("Voorlezen thuis", 2, 1, 1)]
    # d2 has a local service, d1 has agreements; d3 has nothing; d4 only elsewhere.
    assert {d.title for d in data["gaps"]} == {"Leesclub", "Taalmaatje"}


def test_national_figures_match_hand_count(world, region, other_region):
    data = selectors.national_insight(now=NOW)
    rows = {r["region"].name: r for r in data["regions"]}
    assert (rows["Regio Noord"]["meetups_held"], rows["Regio Noord"]["agreements"]) == (2, 5)
    assert (
        rows["Regio Noord"]["open"],
        rows["Regio Noord"]["overdue"],
        rows["Regio Noord"]["done"],
    ) == (3, 2, 1)
    assert (
        rows["Regio Zuid"]["agreements"],
        rows["Regio Zuid"]["overdue"],
        rows["Regio Zuid"]["signals"],
    ) == (1, 1, 1)
    assert data["meetups_held"] == 3 and data["participants"] == 9
    directions = {r["direction"].title: r for r in data["directions"]}
    assert (
        directions["Voorlezen thuis"]["agreements"] == 2
        and directions["Voorlezen thuis"]["regions"] == 1
    )
    assert directions["Taalmaatje"]["agreements"] == 1
    groups = data["signal_groups"]
    assert groups[0].label == "Tolken betalen"
    assert (groups[0].region_count, groups[0].signal_count, groups[0].national_count) == (2, 2, 1)


def test_pages_and_query_counts(client, world, region, django_assert_max_num_queries):
    # 21: one aggregate for the sociale kaart's freshness (netwerk verified listings);
    # 22: one for the share of agreements on recognised interventions (kennisbank evidence);
    # 24: two for the trends (tallies); 25: completions per quarter; 26: meetups held is
    # two range reads of the tallies; 27: the due dates of the oldest overdue; 28: one for the
    # twins of covered directions under the same national theme (netwerk gaps). None per row.
    with django_assert_max_num_queries(28):
        response = client.get(reverse("regio:region", args=[region.slug]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<table" in body and "Leesclub" in body
    with django_assert_max_num_queries(20):
        assert client.get(reverse("regio:national")).status_code == 200
    # 7: meetups held per region is two range reads of the tallies.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("regio:index")).status_code == 200
    assert client.get(reverse("regio:region", args=["bestaat-niet"])).status_code == 404


def test_query_count_does_not_grow_with_rows(client, world, region, django_assert_max_num_queries):
    for _ in range(20):
        m = MeetupFactory(region=region, starts_at=when(2030, 1, 5))
        AgreementFactory.create_batch(3, meetup=m, due_date=datetime.date(2030, 2, 1))
    with django_assert_max_num_queries(28):
        assert client.get(reverse("regio:region", args=[region.slug])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("regio:national")).status_code == 200


def test_beheerder_merges_and_splits_through_pages(client, world, beheerder, coordinator):
    from kansenwerk.afspraken.models import SignalGroup

    other = SignalGroup.objects.get(label="Alleen Noord")
    group = world["group"]
    client.force_login(coordinator)
    response = client.post(reverse("regio:signal_groups_merge"), {"groups": [group.pk, other.pk]})
    assert response.status_code == 403
    client.force_login(beheerder)
    response = client.post(
        reverse("regio:signal_groups_merge"), {"groups": [group.pk, other.pk], "target": group.pk}
    )
    assert response.status_code == 302
    assert group.signals.count() == 3 and not SignalGroup.objects.filter(pk=other.pk).exists()
    page = client.get(reverse("regio:signal_group", args=[group.pk]))
    assert "Aangevinkte signalen afsplitsen" in page.content.decode()
    one = group.signals.order_by("id").last()
    response = client.post(
        reverse("regio:signal_group_split", args=[group.pk]), {"signals": [one.pk]}
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.group_id != group.pk


def test_merge_form_hidden_for_others(client, world, deelnemer):
    client.force_login(deelnemer)
    body = client.get(reverse("regio:national")).content.decode()
    assert "Gekozen groepen samenvoegen" not in body
