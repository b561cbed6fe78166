"""Regio-inzicht and the national view in a real browser, with axe; charts have tables."""

import datetime

import pytest
from django.utils import timezone

from kansenwerk.afspraken.tests.factories import AgreementFactory, SignalFactory, SignalGroupFactory
from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.tests.factories import MeetupFactory, RegistrationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def regions():
    north = RegionFactory(name="Regio Inzicht Noord")
    south = RegionFactory(name="Regio Inzicht Zuid")
    group = SignalGroupFactory(label="Vaste financiering voor schoolmaatschappelijk werk")
    for region in (north, south):
        meetup = MeetupFactory(
            region=region, starts_at=timezone.now() - datetime.timedelta(days=40)
        )
        RegistrationFactory.create_batch(2, meetup=meetup, status=Registration.Status.ATTENDED)
        AgreementFactory(meetup=meetup, due_date=timezone.localdate() - datetime.timedelta(days=3))
        AgreementFactory(meetup=meetup, status="gereed")
        SignalFactory(meetup=meetup, group=group, level="landelijk")
    return north


def test_regio_pages_are_accessible(page, visit, regions):
    visit("/regio-inzicht/")
    visit(f"/regio-inzicht/{regions.slug}/")
    assert page.get_by_role("heading", level=1).count() == 1
    # every chart has its data table
    assert page.locator("figure.kw-chart").count() == page.locator("figure.kw-chart table").count()
    assert page.locator("figure.kw-chart svg[role=img]").count() >= 3
    visit("/regio-inzicht/landelijk/")
    assert "Vaste financiering" in page.content()


def test_regio_page_works_without_javascript(browser, live_server, regions):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/regio-inzicht/{regions.slug}/")
    cells = page.locator("figure.kw-chart table td").all_inner_texts()
    assert cells and any(c.strip() == "2" for c in cells)
    context.close()
