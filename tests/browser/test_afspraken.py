"""Agreements in a real browser: the table host page keeps what is typed when offline,
and the report, table, follow-up and owner pages pass axe."""

import datetime

import pytest
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement
from kansenwerk.afspraken.tests.factories import AgreementFactory, SignalFactory
from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evening():
    region = RegionFactory(name="Regio Browser")
    meetup = MeetupFactory(
        region=region,
        title="Avond in de bieb",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    theme = MeetupThemeFactory(meetup=meetup, title="Samen lezen")
    RegistrationFactory.create_batch(3, meetup=meetup, status=Registration.Status.ATTENDED)
    agreement = AgreementFactory(
        meetup=meetup, meetup_theme=theme, what="Voorleesochtend elke maand"
    )
    SignalFactory(meetup=meetup, meetup_theme=theme, text="Geld voor tolken bij oudergesprekken")
    organiser = UserFactory(role="organisator", username="tafelhost", regions=[region])
    return {"meetup": meetup, "agreement": agreement, "organiser": organiser}


def test_report_and_follow_up_pages_are_accessible(page, visit, login, evening):
    login(evening["organiser"])
    slug = evening["meetup"].slug
    visit("/afspraken/")
    visit(f"/afspraken/meetup/{slug}/verslag/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Verslag")
    assert page.locator("figure.kw-chart table").count() == 2
    visit(f"/afspraken/{evening['agreement'].pk}/")
    visit(f"/afspraken/meetup/{slug}/tafel/")


def test_owner_link_page_is_accessible_without_account(page, visit, evening):
    visit(f"/afspraken/a/{evening['agreement'].token}/")
    page.get_by_label("Status").select_option("bezig")
    page.get_by_label("Wat is er gebeurd?").fill("De eerste ochtend was vol")
    with page.expect_navigation():
        page.get_by_role("button", name="Voortgang opslaan").click()
    assert "De eerste ochtend was vol" in page.content()
    evening["agreement"].refresh_from_db()
    assert evening["agreement"].status == "bezig"


def test_table_page_keeps_draft_and_sends_queue_when_back_online(
    page, visit, login, context, evening
):
    login(evening["organiser"])
    url = f"/afspraken/meetup/{evening['meetup'].slug}/tafel/"
    visit(url, check_axe=False)
    page.get_by_label("Wat spreken we af?").fill("Huiswerkclub op woensdag")
    page.reload()
    # The draft survived a reload.
    assert page.get_by_label("Wat spreken we af?").input_value() == "Huiswerkclub op woensdag"
    page.get_by_label("Wie trekt het? (eigenaar)").fill("Sara Kok")
    page.get_by_label("Klaar op").fill("2031-01-15")
    before = Agreement.objects.count()
    context.set_offline(True)
    page.get_by_role("button", name="Afspraak opslaan").click()
    page.wait_for_timeout(300)
    assert Agreement.objects.count() == before
    queued = page.evaluate("JSON.parse(localStorage.getItem('kw-afspraken-queue') || '[]').length")
    assert queued == 1
    assert "Geen verbinding" in page.locator("[data-offline-text]").inner_text()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    queue_length = "JSON.parse(localStorage.getItem('kw-afspraken-queue') || '[]').length"
    for _ in range(50):  # wait_for_function would need eval, which the CSP forbids
        if page.evaluate(queue_length) == 0:
            break
        page.wait_for_timeout(100)
    assert (
        Agreement.objects.filter(what="Huiswerkclub op woensdag", owner_name="Sara Kok").count()
        == 1
    )
    # After sending, the form is empty again for the next agreement.
    assert page.get_by_label("Wat spreken we af?").input_value() == ""
