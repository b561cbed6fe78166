"""After the evening in a real browser: the organiser publishes the report, a participant
opens the link from the e-mail without an account; both pages pass axe."""

import datetime
import os
import re

import pytest
from django.core import mail
from django.utils import timezone

from kansenwerk.afspraken.tests.factories import AgreementFactory
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


def test_organiser_publishes_and_participant_reads_without_account(
    page, visit, login, browser, live_server
):
    region = RegionFactory(name="Regio Verslag")
    meetup = MeetupFactory(
        region=region,
        title="Avond aan de rivier",
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )
    theme = MeetupThemeFactory(meetup=meetup, title="Lezen in het gezin")
    RegistrationFactory(meetup=meetup, name="Hanna Gast", status=Registration.Status.ATTENDED)
    AgreementFactory(
        meetup=meetup,
        meetup_theme=theme,
        what="Voorlezen op zaterdag in de bibliotheek",
        owner_name="Ruud Eigenaar",
    )
    organiser = UserFactory(role="organisator", regions=[region])
    login(organiser)
    visit(f"/afspraken/meetup/{meetup.slug}/verslag/")
    page.get_by_role("button", name="Publiceren en deelnemers mailen").click()
    page.get_by_text("Het verslag is gedeeld: 1 deelnemer krijgt de link per e-mail.").wait_for()
    assert_accessible(page)
    link = re.search(r"https?://\S+/afspraken/verslag/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/afspraken/", 1)[1]
    anonymous = browser.new_context(locale="nl-NL")
    reader = anonymous.new_page()
    response = reader.goto(f"{live_server.url}/afspraken/{path}")
    assert response.status == 200
    assert reader.get_by_text("Voorlezen op zaterdag in de bibliotheek").is_visible()
    assert "Ruud Eigenaar" not in reader.content() and "Hanna Gast" not in reader.content()
    assert_accessible(reader)
    if SHOTS:
        reader.screenshot(path=os.path.join(SHOTS, "report-public.png"), full_page=True)
    anonymous.close()
