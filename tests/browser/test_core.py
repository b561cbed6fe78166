"""Foundation pages in a real browser: skip link, landmarks, search box, accessibility."""

import pytest

from kansenwerk.core.demo.load import load_demo
from kansenwerk.kennisbank.models import Intervention, Theme

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    load_demo(with_users=True)


def test_home_has_skip_link_landmarks_and_search(page, visit, demo):
    visit("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("main#main").count() == 1
    assert page.locator("header").count() >= 1
    assert page.locator("footer").count() >= 1
    assert page.get_by_role("search").count() == 1
    # The skip link is the first thing a keyboard user reaches, and it moves focus to main.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_kennisbank_pages_are_accessible(page, visit, demo):
    visit("/kennisbank/")
    for key in ("themas", "interventies", "oplossingsrichtingen", "lezen", "initiatieven"):
        visit(f"/kennisbank/{key}/")
    theme = Theme.objects.get(title="Taal als basis")
    visit(theme.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Taal als basis"
    direction = theme.solution_directions.first()
    visit(direction.get_absolute_url())
    intervention = Intervention.objects.get(title="Buurtmoeders in de klas")
    visit(intervention.get_absolute_url())
    assert "Heerlen" in page.content()


def test_filter_form_and_pagination_work_in_browser(page, visit, demo):
    visit("/kennisbank/oplossingsrichtingen/")
    page.get_by_label("Thema").select_option(label="Ouders als partner")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter toepassen").click()
    titles = page.locator(".kw-result__title").all_inner_texts()
    assert titles and len(titles) == 2
    assert_accessible(page)


def test_error_pages_are_dutch_and_styled(page, live_server, demo):
    response = page.goto(live_server.url + "/bestaat-niet/")
    assert response.status == 404
    assert "Deze pagina bestaat niet" in page.inner_text("h1")
    assert_accessible(page)


def test_signed_in_coordinator_sees_edit_and_form_is_accessible(page, visit, login, demo):
    from kansenwerk.core.models import User

    login(User.objects.get(username="coordinator-gooi"))
    intervention = Intervention.objects.get(title="Brugklasmaatjes")  # in Hilversum
    visit(intervention.get_absolute_url())
    page.get_by_role("link", name="Bewerken").click()
    page.wait_for_url("**/bewerken/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert page.locator(".utrecht-form-field-error-message").count() >= 1
    assert_accessible(page)
