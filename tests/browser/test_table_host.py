"""A table host without an account, on a phone: the link from the table card, an agreement
recorded while the network is down and sent when it is back, and the owner's e-mail.
And the organiser's door list on the same phone."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement
from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.models import MeetupDirection
from kansenwerk.meetups.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)
from kansenwerk.tafels.links import table_links_for_plan
from kansenwerk.tafels.models import TableLink, TablePlan, TableSeat

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
QUEUE = "JSON.parse(localStorage.getItem('kw-afspraken-queue') || '[]').length"


@pytest.fixture
def evening():
    region = RegionFactory(name="Regio Telefoon")
    meetup = MeetupFactory(
        region=region,
        title="Avond op het plein",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    reading = MeetupThemeFactory(
        meetup=meetup,
        title="Lezen overal",
        slug="lezen",
        position=0,
        guiding_question="Waar komen kinderen na school boeken tegen?",
    )
    other = MeetupThemeFactory(meetup=meetup, title="Sport na school", slug="sport", position=1)
    chosen = MeetupDirection.objects.create(
        meetup_theme=reading,
        position=0,
        number="1.1",
        title="Boeken in de sporthal",
        questions=["Wie vult de kast?"],
    )
    MeetupDirection.objects.create(
        meetup_theme=reading, position=1, number="1.2", title="Voorlezen op het plein"
    )
    MeetupDirection.objects.create(
        meetup_theme=other, position=0, number="2.1", title="Gratis zwemles"
    )
    plan = TablePlan.objects.create(
        meetup=meetup, run_state=TablePlan.RunState.DONE, status=TablePlan.Status.FINAL
    )
    for i, name in enumerate(["Wim Zwart", "Anna Berg", "Lot Kaya", "Ben Aydin"]):
        theme = reading if i < 2 else other
        TableSeat.objects.create(
            plan=plan,
            round=1,
            meetup_theme=theme,
            table_number=1 + i // 2,
            registration=RegistrationFactory(meetup=meetup, name=name, theme=theme),
        )
    table_links_for_plan(plan=plan)
    link = TableLink.objects.get(meetup_theme=reading)
    organiser = UserFactory(role="organisator", username="deur", regions=[region])
    return {
        "meetup": meetup,
        "plan": plan,
        "link": link,
        "direction": chosen,
        "organiser": organiser,
    }


def test_table_host_without_account_records_agreement_offline_then_online(
    page, visit, context, evening
):
    page.set_viewport_size(PHONE)
    link = evening["link"]
    visit(f"/afspraken/t/{link.token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Tafel 1"
    assert "Lezen overal" in page.locator(".kw-facts").inner_text()
    assert "Waar komen kinderen na school boeken tegen?" in page.content()
    options = page.get_by_label("Oplossingsrichting").first.locator("option").all_inner_texts()
    assert options == [
        "Geen oplossingsrichting gekozen",
        "Lezen overal 1.1 – Boeken in de sporthal",
        "Lezen overal 1.2 – Voorlezen op het plein",
    ]
    # Nothing sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_label("Oplossingsrichting").first.select_option(
        label="Lezen overal 1.1 – Boeken in de sporthal"
    )
    page.get_by_label("Wat spreken we af?").fill("Een boekenkast in de kantine van de sporthal")
    page.get_by_label("Wie trekt het? (eigenaar)").fill("Fatma Demir")
    page.get_by_label("E-mailadres van de eigenaar").fill("fatma@voorbeeld.invalid")
    page.get_by_label("Met wie?").fill("De sportvereniging")
    page.get_by_label("Klaar op").fill("2031-03-01")
    context.set_offline(True)
    page.get_by_role("button", name="Afspraak opslaan").click()
    page.wait_for_timeout(300)
    assert Agreement.objects.count() == 0
    assert page.evaluate(QUEUE) == 1
    assert "Geen verbinding" in page.locator("[data-offline-text]").inner_text()
    # The theme's direction stays chosen for the next agreement at this table.
    assert page.get_by_label("Oplossingsrichting").first.input_value() == str(
        evening["direction"].pk
    )

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in range(50):  # wait_for_function would need eval, which the CSP forbids
        if page.evaluate(QUEUE) == 0:
            break
        page.wait_for_timeout(100)
    agreement = Agreement.objects.get()
    assert agreement.meetup == evening["meetup"]
    assert agreement.meetup_theme == link.meetup_theme and agreement.table_label == "Tafel 1"
    assert agreement.meetup_direction == evening["direction"]
    assert agreement.people == "De sportvereniging"
    assert "Verstuurd" in page.locator("[data-offline-text]").inner_text()
    assert page.get_by_label("Wat spreken we af?").input_value() == ""
    assert [m.to for m in mail.outbox] == [["fatma@voorbeeld.invalid"]]
    assert f"/afspraken/a/{agreement.token}/" in mail.outbox[0].body
    assert_accessible(page)
    page.screenshot(path="/tmp/kw-table-host-phone.png", full_page=True)


def test_table_host_sees_dutch_errors_from_the_api(page, visit, evening):
    page.set_viewport_size(PHONE)
    visit(f"/afspraken/t/{evening['link'].token}/", check_axe=False)
    page.get_by_label("Wat spreken we af?").fill("Iets met lezen")
    page.get_by_label("Wie trekt het? (eigenaar)").fill("Sam")
    page.get_by_label("E-mailadres van de eigenaar").fill("geen adres")
    page.get_by_role("button", name="Afspraak opslaan").click()
    status = page.locator("[data-offline-text]")
    for _ in range(50):
        if "Niet opgeslagen" in status.inner_text():
            break
        page.wait_for_timeout(100)
    text = status.inner_text()
    assert "Niet opgeslagen" in text and "e-mailadres" in text and "klaar" in text
    # What was typed is back in the form, to correct.
    assert page.get_by_label("Wat spreken we af?").input_value() == "Iets met lezen"
    assert Agreement.objects.count() == 0


def test_expired_link_says_so(page, visit, evening):
    link = evening["link"]
    link.expires_at = timezone.now() - datetime.timedelta(minutes=5)
    link.save()
    page.set_viewport_size(PHONE)
    visit(f"/afspraken/t/{link.token}/", status_below=411)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze tafellink is verlopen"


def test_organiser_door_list_on_a_phone(page, visit, login, evening):
    login(evening["organiser"])
    page.set_viewport_size(PHONE)
    plan = evening["plan"]
    visit(f"/tafels/indeling/{plan.pk}/deurlijst/")
    names = page.locator(".kw-door__name").all_inner_texts()
    assert names == ["Anna Berg", "Ben Aydin", "Lot Kaya", "Wim Zwart"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="/tmp/kw-door-phone.png", full_page=True)
    page.get_by_label("Zoek een naam").fill("kaya")
    page.get_by_role("button", name="Naam zoeken").click()
    page.wait_for_load_state()
    assert page.locator(".kw-door__name").all_inner_texts() == ["Lot Kaya"]
    assert "Tafel 2" in page.locator(".kw-door__row").inner_text()
    assert_accessible(page)
    visit(f"/tafels/indeling/{plan.pk}/tafelhosts/")
    assert page.locator("table a").count() == 2
