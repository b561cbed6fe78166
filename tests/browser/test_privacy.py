"""Privacy pages in a real browser: the statement, the verwerkingsregister and the beheerder's
inzage/verwijdering flow, each checked with axe."""

import pytest

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.tafels.tests.factories import MeetupFactory, RegistrationFactory

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statement_and_register_are_accessible(page, visit, login):
    visit("/privacy/")
    assert page.get_by_role("heading", name="Alle persoonsgegevens op een rij").count() == 1
    login(UserFactory(role="beheerder", username="privacybeheerder"))
    visit("/beheer/verwerkingsregister/")
    assert page.get_by_role("heading", level=1).inner_text() == "Verwerkingsregister"


def test_beheerder_looks_up_and_erases_an_address(page, visit, login):
    meetup = MeetupFactory(region=RegionFactory(name="Regio Oost"))
    registration = RegistrationFactory(
        meetup=meetup, name="Wobbe Hielkema", email="wobbe@voorbeeld.test"
    )
    login(UserFactory(role="beheerder", username="privacybeheerder"))
    visit("/beheer/privacy/")
    page.get_by_label("E-mailadres").fill("wobbe@voorbeeld.test")
    with page.expect_navigation():
        page.get_by_role("button", name="Opzoeken").click()
    assert "Wobbe Hielkema" in page.content()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Verwijderen…").click()
    page.get_by_label("Ja, verwijder of pseudonimiseer").check()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Definitief verwijderen").click()
    assert "Verwijderd voor wobbe@voorbeeld.test" in page.content()
    assert_accessible(page)
    assert Registration.objects.get(pk=registration.pk).name == ""
