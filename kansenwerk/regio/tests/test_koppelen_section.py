"""Regio-inzicht shows the region's mentoring programmes as counts, never names."""

import pytest
from django.urls import reverse

from kansenwerk.koppelen.models import Match
from kansenwerk.koppelen.tests.factories import MatchFactory, ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_region_page_shows_programme_counts_without_names(client, region, other_region):
    programme = ProgrammeFactory(region=region, name="Taalmaatjes Noord")
    MatchFactory(
        programme=programme,
        status=Match.Status.ACCEPTED,
        mentee__display_name="Geheime Naam",
    )
    ParticipantFactory(programme=programme, display_name="Wacht Nog")
    ProgrammeFactory(region=other_region, name="Elders")
    body = client.get(reverse("regio:region", kwargs={"slug": region.slug})).content.decode()
    assert "Maatjes- en mentorprogramma’s" in body
    section = body.split('id="koppelen"')[1]
    assert "Lopende koppelingen" in section
    assert ">1</td>" in section  # one programme, one active match
    assert "Geheime Naam" not in body and "Wacht Nog" not in body


def test_region_without_programmes_shows_empty_state(client, region):
    body = client.get(reverse("regio:region", kwargs={"slug": region.slug})).content.decode()
    assert "nog geen maatjes- of mentorprogramma’s" in body
