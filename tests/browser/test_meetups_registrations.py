"""Registrations by hand in a real browser: the organiser moves someone to another theme,
gives someone on the waiting list a place, and cancels after a confirmation step; the
participant's own cancel asks first too. Every page passes axe."""

import os

import pytest
from django.core import mail

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KANSENWERK_SCREENSHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"registrations-{name}.png"), full_page=True)


@pytest.fixture
def evening(settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    region = RegionFactory(name="Regio Rivierenland")
    organiser = UserFactory(role="organisator", username="rivierorganisator", regions=[region])
    meetup = MeetupFactory(region=region, title="Kansenavond Rivierenland", capacity=3)
    lezen = MeetupThemeFactory(meetup=meetup, title="Samen lezen", slug="lezen", capacity=2)
    ouders = MeetupThemeFactory(meetup=meetup, title="Ouders erbij", slug="ouders", capacity=2)
    moving = RegistrationFactory(
        meetup=meetup, name="Ilse Verhuist", theme_choice_1=lezen, theme=lezen, status="confirmed"
    )
    RegistrationFactory(
        meetup=meetup, name="Tom Blijft", theme_choice_1=lezen, theme=lezen, status="confirmed"
    )
    RegistrationFactory(
        meetup=meetup, name="Sara Ouder", theme_choice_1=ouders, theme=ouders, status="confirmed"
    )
    waiting = RegistrationFactory(
        meetup=meetup, name="Wout Wachtlijst", theme_choice_1=ouders, status="waitlisted"
    )
    return meetup, organiser, lezen, ouders, moving, waiting


def test_organiser_moves_promotes_and_cancels(page, visit, login, evening):
    meetup, organiser, _lezen, ouders, moving, waiting = evening
    login(organiser)
    visit(f"/meetups/beheer/{meetup.slug}/aanmeldingen/")
    shot(page, "list")
    page.get_by_role("link", name="Wijzigen of verplaatsen Ilse Verhuist").click()
    page.wait_for_url(f"**/aanmeldingen/{moving.pk}/")
    assert_accessible(page)
    shot(page, "edit")
    page.get_by_label("Naar thema").select_option(label="Ouders erbij (1 van 2)")
    page.get_by_role("button", name="Verplaatsen").click()
    page.wait_for_url(f"**/{meetup.slug}/aanmeldingen/")
    assert page.get_by_text("Ilse Verhuist is ingedeeld bij Ouders erbij").is_visible()
    moving.refresh_from_db()
    assert moving.theme == ouders
    assert any("ander thema" in m.subject for m in mail.outbox)
    assert_accessible(page)

    # The meetup is full (3 of 3): giving Wout a place needs the explicit override.
    page.get_by_role("link", name="Plaats geven Wout Wachtlijst").click()
    page.wait_for_url(f"**/aanmeldingen/{waiting.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Plaats geven").click()
    page.wait_for_url(f"**/aanmeldingen/{waiting.pk}/")
    assert page.get_by_text("De meetup is vol (3 van 3 plaatsen)").is_visible()
    assert_accessible(page)
    shot(page, "promote-refused")
    page.get_by_label("Boven het aantal plaatsen (ook als het thema of de meetup vol is)").check()
    page.get_by_role("button", name="Plaats geven").click()
    page.wait_for_url(f"**/{meetup.slug}/aanmeldingen/")
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.theme == ouders  # the first choice
    assert any(m.subject.startswith("U hebt een plaats bij") for m in mail.outbox)

    page.get_by_role("link", name="Afmelden… Tom Blijft").click()
    assert_accessible(page)
    shot(page, "cancel-confirm")
    tom = Registration.objects.get(name="Tom Blijft")
    assert tom.status == Registration.Status.CONFIRMED  # the question cancels nothing
    page.get_by_role("button", name="Ja, annuleer deze aanmelding").click()
    page.wait_for_url(f"**/{meetup.slug}/aanmeldingen/")
    tom.refresh_from_db()
    assert tom.status == Registration.Status.CANCELLED


def test_participant_cancel_asks_first(page, visit, evening):
    _meetup, _organiser, _lezen, _ouders, moving, _waiting = evening
    visit(f"/meetups/aanmelding/{moving.token}/")
    page.get_by_role("link", name="Afmelden…").click()
    assert_accessible(page)
    shot(page, "participant-cancel")
    page.get_by_role("link", name="Nee, ik blijf aangemeld").click()
    page.wait_for_url(f"**/aanmelding/{moving.token}/")
    moving.refresh_from_db()
    assert moving.status == Registration.Status.CONFIRMED
    page.get_by_role("link", name="Afmelden…").click()
    page.get_by_role("button", name="Ja, meld mij af").click()
    page.wait_for_url(f"**/aanmelding/{moving.token}/")
    assert page.get_by_text("U bent afgemeld.").first.is_visible()
    moving.refresh_from_db()
    assert moving.status == Registration.Status.CANCELLED


def test_theme_full_and_organisation_kind_prefill_in_the_form(page, visit, evening):
    from kansenwerk.netwerk.tests.factories import OrganizationFactory

    meetup, _organiser, _lezen, _ouders, _moving, waiting = evening
    waiting.delete()
    meetup.capacity = 10
    meetup.save()
    OrganizationFactory(region=meetup.region, name="Openbare Bibliotheek Tiel", kind="bibliotheek")
    visit(f"/meetups/{meetup.slug}/aanmelden/")
    assert page.get_by_text(
        "Sommige thema's zijn vol; de meetup zelf heeft nog plaats."
    ).is_visible()
    page.get_by_label("Naam").fill("Fatima El Amrani")
    page.get_by_label("E-mailadres").fill("fatima@voorbeeld.invalid")
    page.get_by_label("Organisatie", exact=True).fill("Openbare Bibliotheek Tiel")
    page.get_by_label("Organisatie", exact=True).press("Tab")
    page.get_by_text("Ingevuld uit het netwerk van de regio").wait_for()
    assert page.get_by_label("Soort organisatie").input_value() == "bibliotheek"
    page.get_by_label("Beroep of rol").select_option("bibliotheek")
    page.get_by_label("Eerste keus thema").select_option(
        label="Samen lezen (thema vol: u komt bij uw tweede keus of op de wachtlijst)"
    )
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_text(
        "Het thema ‘Samen lezen’ is vol; de meetup zelf heeft nog plaats."
    ).is_visible()
    assert_accessible(page)
    shot(page, "theme-full")
    # Wait for the chosen theme, then take the place offered on the personal page.
    page.get_by_label("Zet mij op de wachtlijst voor mijn thema").check()
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/aanmelding/**")
    assert page.get_by_text(
        "Het thema ‘Samen lezen’ is vol; de meetup zelf heeft nog plaats."
    ).is_visible()
    assert_accessible(page)
    shot(page, "theme-waiting")
    page.get_by_label("Ouders erbij").check()
    page.get_by_role("button", name="Neem een plaats bij dit thema").click()
    page.get_by_text("U hebt een plaats bij het thema ‘Ouders erbij’").wait_for()
    person = Registration.objects.get(email="fatima@voorbeeld.invalid")
    assert (person.status, person.theme.title, person.organisation_kind) == (
        "confirmed",
        "Ouders erbij",
        "bibliotheek",
    )
