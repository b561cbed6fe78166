"""Findings of the user's-eye review, kept fixed: what a table host on a phone sees after
pressing save, and that a phone-sized matching table scrolls instead of widening the page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.koppelen.models import Programme
from kansenwerk.koppelen.tests.factories import ParticipantFactory, ProgrammeFactory
from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def host(login):
    region = RegionFactory(name="Regio Telefoon")
    meetup = MeetupFactory(
        region=region,
        title="Avond aan tafel",
        starts_at=timezone.now() + datetime.timedelta(days=2),
    )
    MeetupThemeFactory(meetup=meetup, title="Samen lezen")
    login(UserFactory(role="organisator", username="tafelgastheer", regions=[region]))
    return meetup


def test_table_host_sees_refusal_next_to_where_they_typed(page, visit, host):
    page.set_viewport_size({"width": 390, "height": 844})
    visit(f"/afspraken/meetup/{host.slug}/tafel/", check_axe=False)
    page.get_by_role("button", name="Afspraak opslaan").click()
    status = page.locator("[data-offline-status]")
    status.and_(page.locator(".utrecht-alert--error")).wait_for()
    assert "Niet opgeslagen" in status.inner_text()
    expect(status).to_be_in_viewport()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def programme(db):
    region = RegionFactory(name="Regio Maatjes")
    user = UserFactory(role="organisator", username="maatjescoord", regions=[region])
    programme = ProgrammeFactory(
        name="Leesmaatjes",
        kind=Programme.Kind.MENTOR_KIND,
        region=region,
        coordinators=[user],
        rules={"hard": {"require_vog_for_minors": False}},
        intake_fields=["languages", "interests"],
    )
    for name, interests in [("Anna", ["lezen"]), ("Bas", ["voetbal"]), ("Cem", ["muziek"])]:
        ParticipantFactory(
            programme=programme,
            side="mentor",
            display_name=name,
            languages=["Nederlands"],
            interests=interests,
        )
    for name, interests in [("D.", ["lezen"]), ("E.", ["voetbal"]), ("F.", ["muziek"])]:
        ParticipantFactory(
            programme=programme,
            side="mentee",
            display_name=name,
            languages=["Nederlands"],
            interests=interests,
            is_minor=True,
            filled_in_by="ouder",
        )
    return programme, user


def test_matching_table_scrolls_on_a_phone_instead_of_widening_the_page(
    page, visit, login, programme
):
    programme, user = programme
    login(user)
    page.set_viewport_size({"width": 390, "height": 844})
    visit(f"/koppelen/programma/{programme.pk}/koppelen/", check_axe=False)
    with page.expect_navigation():
        page.get_by_role("button", name="Koppelen", exact=True).click()
    assert page.locator("table.kw-pairs tbody tr").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Reasons stay readable: no column squeezed to a few letters.
    assert page.locator(".kw-pairs .kw-reasons").first.bounding_box()["width"] > 150
