"""The whole evening in one go (issue 18), each step as the person who does it:

the organiser plans the tables with the button and makes the plan final, prints the table
cards, checks people in on a phone and re-plans at the door; a table host without an account
opens the link from the card on a phone, records an agreement while the network is down and
it is sent when it is back; the owner receives their personal link; after the evening the
organiser publishes the report and a participant reads it without an account.
"""

import datetime
import io
import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from kansenwerk.afspraken.models import Agreement
from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.models import MeetupDirection, Registration
from kansenwerk.tafels.models import TablePlan
from kansenwerk.tafels.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
QUEUE = "JSON.parse(localStorage.getItem('kw-afspraken-queue') || '[]').length"
PROFESSIONS = ["leerkracht_po", "jeugdwerker", "bibliotheek", "ouder", "jeugdhulp", "docent_vo"]


@pytest.fixture
def evening(db):
    region = RegionFactory(name="Regio Heide")
    organiser = UserFactory(role="organisator", username="org-heide", regions=[region])
    meetup = MeetupFactory(
        region=region,
        title="Kansenavond op de Heide",
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
    )
    reading = MeetupThemeFactory(
        meetup=meetup,
        title="Lezen",
        slug="lezen",
        position=0,
        guiding_question="Hoe komen boeken bij kinderen thuis?",
    )
    parents = MeetupThemeFactory(
        meetup=meetup,
        title="Ouders",
        slug="ouders",
        position=1,
        guiding_question="Hoe worden ouders partners van de school?",
    )
    MeetupDirection.objects.create(
        meetup_theme=reading,
        position=0,
        number="1.1",
        title="Een boekenkast in elke wachtkamer",
        questions=["Wie vult de kast?", "Wie houdt hem bij?"],
    )
    MeetupDirection.objects.create(
        meetup_theme=parents, position=0, number="2.1", title="Koffie-ochtenden op school"
    )
    themes = [reading, parents]
    for i in range(12):
        RegistrationFactory(
            meetup=meetup,
            name=f"Gast {i:02d}",
            email=f"gast{i:02d}@voorbeeld.invalid",
            organisation=f"Organisatie {i}",
            profession=PROFESSIONS[i % len(PROFESSIONS)],
            theme_choice_1=themes[i % 2],
            theme_choice_2=themes[(i + 1) % 2],
            theme=themes[i % 2],
        )
    return organiser, meetup


def test_the_whole_evening(page, visit, login, browser, live_server, evening):
    organiser, meetup = evening
    login(organiser)

    # 1. The organiser plans the tables with the button and makes the plan final.
    visit(f"/tafels/meetup/{meetup.slug}/")
    page.get_by_label("Aantal gespreksrondes").fill("2")
    page.get_by_label("Minimaal aantal per tafel").fill("3")
    page.get_by_label("Maximaal aantal per tafel").fill("4")
    page.get_by_label("Rekentijd in seconden").fill("1")
    page.get_by_role("button", name="Tafels indelen").click()
    page.get_by_role("heading", name="Controle van de regels").wait_for()
    assert "Geen regels geschonden" in page.content()
    page.get_by_role("button", name="Definitief maken").click()
    page.get_by_text("De status is nu: Definitief.").wait_for()
    plan = TablePlan.objects.get(meetup=meetup)
    # Round 1 keeps everyone's confirmed theme; table numbers are unique over the evening.
    for seat in plan.seats.filter(round=1).select_related("registration"):
        assert seat.meetup_theme_id == seat.registration.theme_id
    numbers = {(s.table_number, s.meetup_theme_id) for s in plan.seats.filter(round=1)}
    assert len({n for n, _theme in numbers}) == len(numbers)

    # 2. The table cards: number, theme, guiding question, directions and the host's link.
    cards = page.request.get(f"{live_server.url}/tafels/indeling/{plan.pk}/tafelkaarten.pdf")
    assert cards.status == 200 and cards.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(cards.body())).pages)
    assert "Hoe komen boeken bij kinderen thuis?" in text
    assert "Een boekenkast in elke wachtkamer" in text and "Wie vult de kast?" in text
    out = StringIO()
    call_command("table-links", meetup.slug, "--json", stdout=out)
    links = json.loads(out.getvalue())
    reading_link = next(x for x in links if x["round"] == 1 and x["theme"] == "Lezen")
    assert reading_link["url"].rsplit("/", 2)[-2] in text.replace("\n", "")

    # 3. At the door, on a phone: check someone in and see their table.
    page.set_viewport_size(PHONE)
    guest = plan.seats.select_related("registration").get(round=1, registration__name="Gast 00")
    visit(f"/meetups/beheer/{meetup.slug}/inchecken/")
    row = page.locator(f"#persoon-{guest.registration_id}")
    assert f"ronde 1: tafel {guest.table_number} (Lezen)" in row.inner_text()
    row.get_by_role("button", name="Inchecken Gast 00").click()
    row.get_by_text("binnen").wait_for()

    # 4. Re-plan at the door: one did not come, the others are in; those seated stay put.
    Registration.objects.filter(meetup=meetup).exclude(name="Gast 11").update(
        status=Registration.Status.ATTENDED, checked_in_at=timezone.now()
    )
    before = {(s.round, s.registration_id): s.table_number for s in plan.seats.all()}
    visit(plan.get_absolute_url())
    page.get_by_role("button", name="Herindelen met wie er nu is").click()
    page.get_by_text("Laatste herindeling").wait_for()
    after = {(s.round, s.registration_id): s.table_number for s in plan.seats.all()}
    absent = meetup.registrations.get(name="Gast 11").pk
    assert all(after[key] == n for key, n in before.items() if key[1] != absent)

    # 5. A table host without an account opens the card's link on a phone.
    host = browser.new_context(locale="nl-NL", viewport=PHONE)
    phone = host.new_page()
    phone.goto(reading_link["url"].replace("http://127.0.0.1:8000", live_server.url))
    assert "Lezen" in phone.locator(".kw-facts").inner_text()
    picker = phone.get_by_label("Oplossingsrichting").first
    # Directions are named with their theme ("<thema> 1.1 – <titel>").
    label = next(
        text
        for text in picker.locator("option").all_inner_texts()
        if text.endswith("1.1 – Een boekenkast in elke wachtkamer")
    )
    picker.select_option(label=label)
    phone.get_by_label("Wat spreken we af?").fill("Boekenkasten in drie wachtkamers")
    phone.get_by_label("Wie trekt het? (eigenaar)").fill("Noor Hendriks")
    phone.get_by_label("E-mailadres van de eigenaar").fill("noor@voorbeeld.invalid")
    phone.get_by_label("Met wie?").fill("Het consultatiebureau")
    phone.get_by_label("Klaar op").fill(
        (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    )
    host.set_offline(True)
    phone.get_by_role("button", name="Afspraak opslaan").click()
    phone.wait_for_timeout(300)
    assert Agreement.objects.count() == 0 and phone.evaluate(QUEUE) == 1
    host.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    for _ in range(50):
        if phone.evaluate(QUEUE) == 0:
            break
        phone.wait_for_timeout(100)
    agreement = Agreement.objects.get()
    assert agreement.meetup == meetup and agreement.meetup_theme.title == "Lezen"
    assert_accessible(phone)
    host.close()

    # 6. The owner receives their personal link.
    owner_mail = next(m for m in mail.outbox if m.to == ["noor@voorbeeld.invalid"])
    assert f"/afspraken/a/{agreement.token}/" in owner_mail.body

    # 7. After the evening: the organiser publishes the report; a participant reads it.
    page.set_viewport_size({"width": 1280, "height": 900})
    visit(f"/afspraken/meetup/{meetup.slug}/verslag/")
    page.get_by_role("button", name="Publiceren en deelnemers mailen").click()
    page.get_by_text("Het verslag is gedeeld").wait_for()
    to_guest = next(
        m for m in mail.outbox if m.to == ["gast00@voorbeeld.invalid"] and "verslag" in m.body
    )
    path = re.search(r"/afspraken/verslag/\S+/", to_guest.body).group(0)
    reader_context = browser.new_context(locale="nl-NL")
    reader = reader_context.new_page()
    assert reader.goto(live_server.url + path).status == 200
    assert reader.get_by_text("Boekenkasten in drie wachtkamers").is_visible()
    assert "Noor Hendriks" not in reader.content() and "Gast 00" not in reader.content()
    assert_accessible(reader)
    reader_context.close()
