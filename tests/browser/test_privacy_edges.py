"""The history page, the lock-out message and the expired owner link in a real browser."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from kansenwerk.afspraken.tests.factories import AgreementFactory
from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.tests.factories import MeetupFactory

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_history_page_is_readable_and_accessible(page, visit, login):
    region = RegionFactory(name="Regio Browser")
    agreement = AgreementFactory(meetup=MeetupFactory(region=region), people="Tim Bakker")
    agreement.status = "bezig"
    agreement.people = "Tim Bakker en Lot Smit"
    agreement.save()
    login(UserFactory(role="beheerder"))
    visit(reverse("afspraken:detail", args=[agreement.pk]))
    page.get_by_role("link", name="Geschiedenis").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Geschiedenis van")
    table = page.locator("table").inner_text()
    assert "Gepland → Bezig" in table and "Met wie (personen)" in table
    assert "Lot Smit" not in page.content()
    assert_accessible(page)


def test_lockout_message_and_expired_link_are_accessible(page, visit, live_server):
    UserFactory(username="browsergebruiker")
    client = Client()
    for _ in range(20):
        client.post(
            reverse("login"),
            {"username": "browsergebruiker", "password": "fout"},
            REMOTE_ADDR="127.0.0.1",
        )
    visit(reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("browsergebruiker")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "geblokkeerd" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    agreement = AgreementFactory(due_date=datetime.date(2020, 1, 1))
    response = visit(reverse("afspraken:owner", args=[agreement.token]), status_below=500)
    assert response.status == 410
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link is verlopen"
