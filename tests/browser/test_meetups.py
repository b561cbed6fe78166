"""Meetups in a real browser: public pages, registration, personal link, organiser pages,
and the phone-sized check-in with its HTMX toggle; every page passes axe."""

import os

import pytest

from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.services.meetup import meetup_initiative_add, meetup_theme_add
from kansenwerk.meetups.tests.factories import MeetupFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KANSENWERK_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"meetups-{name}.png"), full_page=True)


@pytest.fixture
def setup(settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    from kansenwerk.core.tests.factories import RegionFactory

    region = RegionFactory(name="Regio Heuvelland")
    organiser = UserFactory(role="organisator", username="avondorganisator", regions=[region])
    meetup = MeetupFactory(
        region=region,
        title="Kansenavond Heuvelland",
        capacity=2,
        venue_address="Marktplein 3, Heuvelstad",
        venue_accessibility="Gelijkvloers, ringleiding aanwezig.",
    )
    for title in ("Lezen met plezier", "Samen met ouders"):
        theme = ThemeFactory(
            title=title, guiding_question=f"Hoe maken we werk van {title.lower()}?"
        )
        SolutionDirectionFactory(theme=theme, title=f"Eerste stap bij {title.lower()}")
        meetup_theme = meetup_theme_add(user=None, meetup=meetup, theme=theme)
        meetup_initiative_add(
            user=None,
            meetup_theme=meetup_theme,
            title="Wijkleesclub",
            organisation_name="Bibliotheek Heuvelstad",
        )
    RegistrationFactory(
        meetup=meetup,
        name="Eerste Aanmelder",
        theme_choice_1=meetup.themes.first(),
        status="confirmed",
    )
    return meetup, organiser


def test_public_pages_and_registration(page, visit, setup):
    meetup, _ = setup
    visit("/meetups/")
    shot(page, "index")
    visit(f"/meetups/{meetup.slug}/")
    shot(page, "detail")
    visit(f"/meetups/{meetup.slug}/briefing/")
    shot(page, "briefing")
    visit(f"/meetups/agenda/{meetup.region.slug}/")
    visit(f"/meetups/{meetup.slug}/aanmelden/")
    page.get_by_role("button", name="Aanmelden").click()
    assert page.locator(".utrecht-form-field-error-message").count() >= 3
    from tests.browser.conftest import assert_accessible

    assert_accessible(page)
    shot(page, "register-errors")
    page.locator("#id_name").fill("Joris Verbeek")
    page.locator("#id_email").fill("joris@voorbeeld.invalid")
    page.locator("#id_profession").select_option("jeugdwerker")
    page.locator("#id_theme_choice_1").select_option(label="Samen met ouders")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/aanmelding/**")
    assert "U bent aangemeld" in page.content()
    assert_accessible(page)
    shot(page, "manage-link")
    page.get_by_role("link", name="Afmelden…").click()
    page.get_by_role("button", name="Ja, meld mij af").click()
    page.wait_for_url("**/aanmelding/**")
    assert Registration.objects.get(name="Joris Verbeek").status == "cancelled"


def test_organiser_pages_and_phone_checkin(page, visit, login, setup):
    meetup, organiser = setup
    waiting = RegistrationFactory(meetup=meetup, name="Wachtende Wim", status="waitlisted")
    login(organiser)
    visit("/meetups/beheer/")
    visit(f"/meetups/beheer/{meetup.slug}/")
    shot(page, "manage-meetup")
    theme = meetup.themes.first()
    visit(f"/meetups/beheer/{meetup.slug}/thema/{theme.pk}/")
    shot(page, "manage-theme")
    visit(f"/meetups/beheer/{meetup.slug}/aanmeldingen/")
    shot(page, "registrations")
    visit(f"/meetups/beheer/{meetup.slug}/inchecklijst/")
    visit(f"/meetups/beheer/{meetup.slug}/bewerken/")
    page.set_viewport_size({"width": 390, "height": 844})
    visit(f"/meetups/beheer/{meetup.slug}/inchecken/")
    row = page.locator(f"#persoon-{waiting.pk}")
    row.get_by_role("button", name="Inchecken").click()
    row = page.locator(f"#persoon-{waiting.pk}")
    row.get_by_role("button", name="Ongedaan maken").wait_for()
    waiting.refresh_from_db()
    assert waiting.status == "attended"
    from tests.browser.conftest import assert_accessible

    assert_accessible(page)
    shot(page, "checkin-phone")
