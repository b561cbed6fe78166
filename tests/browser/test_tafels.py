"""Table plan pages in a real browser: accessible, and a hand move works over HTMX."""

import pytest

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.tafels import services
from kansenwerk.tafels.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROFESSIONS = ["leerkracht_po", "jeugdwerker", "bibliotheek", "ouder", "jeugdhulp", "docent_vo"]


@pytest.fixture
def organiser_and_plan(db):
    region = RegionFactory(name="Regio West")
    user = UserFactory(role="organisator", username="org-west", regions=[region])
    meetup = MeetupFactory(region=region, title="Kansenavond West")
    themes = [
        MeetupThemeFactory(meetup=meetup, title="Lezen", slug="lezen"),
        MeetupThemeFactory(meetup=meetup, title="Ouders", slug="ouders"),
    ]
    for i in range(16):
        RegistrationFactory(
            meetup=meetup,
            name=f"Gast {i:02d}",
            organisation=f"School {i % 4}" if i < 8 else f"Vereniging {i}",
            profession=PROFESSIONS[i % len(PROFESSIONS)],
            theme_choice_1=themes[i % 2],
            theme=themes[i % 2],
        )
    plan = services.plan_create(
        user=user, meetup=meetup, rounds=2, table_size_min=3, table_size_max=4, seconds=1
    )
    return user, plan


def test_plan_page_is_accessible_and_moves_over_htmx(page, visit, login, organiser_and_plan):
    user, plan = organiser_and_plan
    login(user)
    visit(f"/tafels/meetup/{plan.meetup.slug}/")
    visit(plan.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tafelindeling")
    page.get_by_text("Waarom hier?").first.click()
    assert "aan deze tafel omdat" in page.content()
    select = page.get_by_label("Verplaats Gast 00 naar tafel").first
    select.select_option(label="Lezen, nieuwe tafel")
    page.get_by_role("button", name="Verplaats Gast 00").first.click()
    page.get_by_text("Verplaatst. De waarschuwingen hieronder zijn bijgewerkt.").wait_for()
    assert "met de hand geplaatst" in page.content()
    assert_accessible(page)
