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


def test_region_figures_upload_and_display_are_accessible(page, visit, login, regions, tmp_path):
    from kansenwerk.core.tests.factories import MunicipalityFactory, UserFactory

    MunicipalityFactory(name="Inzichtdorp", region=regions)
    MunicipalityFactory(name="Inzichtstad", region=regions)
    login(UserFactory(role="regiocoordinator", username="cijfercoord", regions=[regions]))
    bad = tmp_path / "fout.csv"
    bad.write_text("gemeente;armoede\nInzichtdorp;veel\nNergenshuizen;3\n", encoding="utf-8")
    good = tmp_path / "goed.csv"
    good.write_text("gemeente;Armoede (%)\nInzichtdorp;12,5\nInzichtstad;8\n", encoding="utf-8")

    visit(f"/regio-inzicht/{regions.slug}/cijfers/")
    page.get_by_label("CSV-bestand").set_input_files(str(bad))
    page.get_by_label("Bron").fill("CBS, tabel voor de test")
    page.get_by_label("Peildatum").fill("2025-01-01")
    page.get_by_role("button", name="Cijfers controleren en opslaan").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Regel 2, kolom „armoede”: „veel” is geen getal." in alert.inner_text()
    assert "Regel 3: gemeente „Nergenshuizen” is onbekend" in alert.inner_text()
    from tests.browser.conftest import assert_accessible

    assert_accessible(page)

    page.get_by_label("CSV-bestand").set_input_files(str(good))
    page.get_by_label("Bron").fill("CBS, tabel voor de test")
    page.get_by_label("Peildatum").fill("2025-01-01")
    page.get_by_role("button", name="Cijfers controleren en opslaan").click()
    page.get_by_role("heading", name="Cijfers van de regio per gemeente").wait_for()
    assert_accessible(page)
    caption = "Cijfers per gemeente (bron: CBS, tabel voor de test; peildatum 1 januari 2025)"
    assert page.get_by_text(caption).count() == 1
    assert page.locator("figure.kw-chart").count() == page.locator("figure.kw-chart table").count()
    visit("/regio-inzicht/landelijk/")
    assert "Armoede (%) (bron: CBS, tabel voor de test" in page.content()
