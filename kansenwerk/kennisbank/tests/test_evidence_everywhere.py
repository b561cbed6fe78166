"""Evidence where it matters: the briefing (web and PDF), the netwerk, regio-inzicht."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from kansenwerk.kennisbank.evidence import services
from kansenwerk.kennisbank.evidence.models import Level
from kansenwerk.kennisbank.tests.factories import (
    InterventionFactory,
    SolutionDirectionFactory,
    ThemeFactory,
)
from kansenwerk.meetups.services.meetup import meetup_theme_add
from kansenwerk.meetups.tests.factories import MeetupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutoring(beheerder):
    theme = ThemeFactory(title="Leren na schooltijd")
    direction = SolutionDirectionFactory(theme=theme, title="Meer leertijd in kleine groepen")
    intervention = InterventionFactory(title="Bijles in kleine groepjes")
    intervention.solution_directions.add(direction)
    services.profile_update(
        user=beheerder,
        intervention=intervention,
        data={
            "level": Level.EFFECTIVE_GOOD,
            "scheme": "Erkenningstraject Interventies",
            "assessed_on": datetime.date(2023, 6, 1),
        },
    )
    return theme, direction, intervention


def test_briefing_web_and_pdf_show_the_evidence(client, region, tutoring):
    from pypdf import PdfReader

    theme, _direction, _intervention = tutoring
    meetup = MeetupFactory(region=region, capacity=30)
    meetup_theme_add(user=None, meetup=meetup, theme=theme)
    page = client.get(reverse("meetups:briefing", args=[meetup.slug])).content.decode()
    assert "Bijles in kleine groepjes" in page
    assert "Effectief volgens goede aanwijzingen" in page
    pdf = client.get(reverse("meetups:briefing_pdf", args=[meetup.slug]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace(
        "\n", " "
    )
    assert "Bijles in kleine groepjes" in text
    assert "Effectief volgens goede aanwijzingen" in text
    assert "Erkenningstraject Interventies" in text


def test_regio_insight_shows_agreements_on_recognised_interventions(client, region, tutoring):
    from kansenwerk.afspraken.tests.factories import AgreementFactory

    _theme, direction, _intervention = tutoring
    other = SolutionDirectionFactory(title="Ouders als partner")
    meetup = MeetupFactory(region=region)
    AgreementFactory.create_batch(3, meetup=meetup, solution_direction=direction)
    AgreementFactory(meetup=meetup, solution_direction=other)
    body = client.get(reverse("regio:region", args=[region.slug])).content.decode()
    assert "Afspraken op erkende interventies" in body
    assert "3 van de 4 afspraken" in body and "(75%)" in body
    assert "Bijles in kleine groepjes" in body


def test_netwerk_shows_the_level_beside_linked_services(client, region, tutoring):
    from kansenwerk.netwerk.models import Organization, Service

    _theme, _direction, intervention = tutoring
    org = Organization.objects.create(name="Huiswerkhuis De Brug", region=region)
    service = Service.objects.create(organization=org, name="Bijles op dinsdag")
    service.interventions.add(intervention)
    body = client.get(org.get_absolute_url()).content.decode()
    assert "Bijles op dinsdag" in body
    assert "Interventies en bewijs" in body
    assert "Effectief volgens goede aanwijzingen" in body


def test_netwerk_levels_cost_no_query_per_service(
    client, region, tutoring, django_assert_max_num_queries
):
    from kansenwerk.netwerk.models import Organization, Service

    _theme, _direction, intervention = tutoring
    unrated = InterventionFactory(title="Voorlezen thuis")
    org = Organization.objects.create(name="Huiswerkhuis De Brug", region=region)
    Service.objects.create(organization=org, name="Bijles 0").interventions.add(intervention)
    client.get(org.get_absolute_url())  # warm caches (sessions, site settings)
    with django_assert_max_num_queries(60) as one:
        client.get(org.get_absolute_url())
    for n in range(1, 6):
        service = Service.objects.create(organization=org, name=f"Bijles {n}")
        service.interventions.add(intervention, unrated)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(org.get_absolute_url()).content.decode()
    assert body.count("Effectief volgens goede aanwijzingen") == 6
    assert body.count("Niet beoordeeld") == 5
