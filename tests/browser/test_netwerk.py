"""Netwerk pages in a real browser: region page with filters, organisation detail,
editing and merging, each checked with axe-core."""

import pytest

from kansenwerk.core.demo.load import load_demo
from kansenwerk.core.models import Region, User
from kansenwerk.netwerk.demo import load_netwerk_demo
from kansenwerk.netwerk.models import Organization

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    load_demo(with_users=True)
    load_netwerk_demo()


def test_index_and_region_page(page, visit, demo):
    visit("/netwerk/")
    assert page.get_by_role("heading", level=1).count() == 1
    region = Region.objects.get(name="Gooi en Vechtstreek")
    visit(f"/netwerk/{region.slug}/")
    assert "Voorleesbezoek aan huis" in page.content()
    assert page.get_by_role("heading", name="Wat ontbreekt hier nog?").count() == 1


def test_filters_combine_in_the_browser(page, visit, demo):
    region = Region.objects.get(name="Gooi en Vechtstreek")
    visit(f"/netwerk/{region.slug}/")
    page.get_by_label("Leeftijd van het kind (jaren)").fill("7")
    page.get_by_label("Soort organisatie").select_option(label="Bibliotheek")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter toepassen").click()
    titles = page.locator(".kw-result__title").all_inner_texts()
    # The taalcafé has no age limits, so it fits a child of seven too.
    assert titles == ["Taalcafé voor ouders", "Zomerleesclub"]
    assert_accessible(page)


def test_organisation_detail_and_edit_pages(page, visit, login, demo):
    organization = Organization.objects.get(name="Stichting Voorleesvriend Hilversum")
    visit(organization.get_absolute_url())
    assert "alleen zichtbaar voor ingelogde gebruikers" in page.content()
    login(User.objects.get(username="coordinator-gooi"))
    visit(organization.get_absolute_url())
    assert "Demi Voorbeeld" in page.content()
    visit(f"/netwerk/organisatie/{organization.pk}/bewerken/")
    visit(f"/netwerk/organisatie/{organization.pk}/aanbod/nieuw/")
    visit(f"/netwerk/organisatie/{organization.pk}/contactpersoon/nieuw/")
    visit(f"/netwerk/{organization.region.slug}/dubbelingen/")


def test_add_a_service_in_the_browser(page, visit, login, demo):
    organization = Organization.objects.get(name="Wijkteam Huizen-Noord")
    login(User.objects.get(username="coordinator-gooi"))
    visit(f"/netwerk/organisatie/{organization.pk}/aanbod/nieuw/")
    page.get_by_label("Naam").fill("Opvoedspreekuur")
    page.get_by_label("Vanaf leeftijd").fill("0")
    page.get_by_label("Tot en met leeftijd").fill("12")
    page.get_by_label("Talen").fill("nl, ar")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "Het aanbod is toegevoegd." in page.content()
    assert organization.services.filter(name="Opvoedspreekuur", languages=["nl", "ar"]).exists()
