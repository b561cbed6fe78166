"""The search page and the header suggestions in a real browser, with axe."""

import pytest

from kansenwerk.kennisbank.tests.factories import InterventionFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records(region):
    theme = ThemeFactory(
        title="Ouders betrekken bij het leren",
        guiding_question="Hoe maken we van ouders partners van de school?",
        region=region,
    )
    intervention = InterventionFactory(
        title="Voorlees Express",
        goal="Kinderen lezen thuis samen met hun ouders.",
        region=region,
    )
    intervention.themes.add(theme)
    return theme


def test_search_page_is_accessible_and_filters(page, visit, records):
    visit("/zoeken/?q=ouders")
    assert page.get_by_role("heading", level=1).count() == 1
    assert page.locator(".kw-result").count() == 2
    assert page.locator(".kw-result mark").count() >= 1
    page.get_by_label("Interventie").check()  # auto-submits through search-page.js
    page.wait_for_url("**soort=interventies**")
    assert page.locator(".kw-result").count() == 1
    assert page.locator(".kw-result h3").inner_text() == "Voorlees Express"
    visit("/zoeken/?q=huisbezoekn")  # empty state with tips
    visit("/zoeken/")


def test_suggestions_while_typing_with_keyboard(page, visit, records, live_server):
    visit("/")
    box = page.locator("#site-search")
    box.press_sequentially("voorl", delay=50)
    option = page.get_by_role("option", name="Voorlees Express")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-option-1"
    box.press("Enter")
    page.wait_for_url("**/kennisbank/interventies/**")
