"""The organiser at the door on a phone: plan with the button, make it final, check people in
and see their table, re-plan with a late arrival while those seated stay put."""

import pytest
from django.utils import timezone

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.tafels.models import TablePlan
from kansenwerk.tafels.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROFESSIONS = ["leerkracht_po", "jeugdwerker", "bibliotheek", "ouder", "jeugdhulp", "docent_vo"]


@pytest.fixture
def evening(db):
    region = RegionFactory(name="Regio Oost")
    user = UserFactory(role="organisator", username="org-oost", regions=[region])
    meetup = MeetupFactory(region=region, title="Kansenavond Oost")
    themes = [
        MeetupThemeFactory(meetup=meetup, title="Lezen", slug="lezen", position=0),
        MeetupThemeFactory(meetup=meetup, title="Ouders", slug="ouders", position=1),
    ]
    for i in range(12):
        RegistrationFactory(
            meetup=meetup,
            name=f"Gast {i:02d}",
            organisation=f"Organisatie {i}",
            profession=PROFESSIONS[i % len(PROFESSIONS)],
            theme_choice_1=themes[i % 2],
            theme_choice_2=themes[(i + 1) % 2],
            theme=themes[i % 2],
        )
    return user, meetup, themes


def test_plan_check_in_and_replan_at_the_door_on_a_phone(page, visit, login, evening):
    user, meetup, themes = evening
    page.set_viewport_size({"width": 390, "height": 844})
    login(user)
    visit(f"/tafels/meetup/{meetup.slug}/")
    page.get_by_label("Aantal gespreksrondes").fill("2")
    page.get_by_label("Minimaal aantal per tafel").fill("2")
    page.get_by_label("Maximaal aantal per tafel").fill("3")
    page.get_by_label("Rekentijd in seconden").fill("1")
    page.get_by_label("In de volgende ronde naar het thema van de 2e keus").check()
    page.get_by_role("button", name="Tafels indelen").click()
    page.get_by_role("heading", name="Controle van de regels").wait_for()
    assert "Geen regels geschonden" in page.content()
    page.get_by_role("button", name="Definitief maken").click()
    page.get_by_text("De status is nu: Definitief.").wait_for()
    plan = TablePlan.objects.get(meetup=meetup)
    seat = plan.seats.select_related("registration").get(round=1, registration__name="Gast 00")
    label = f"ronde 1: tafel {seat.table_number} (Lezen)"

    visit(f"/meetups/beheer/{meetup.slug}/inchecken/")
    row = page.locator("#persoon-" + str(seat.registration_id))
    assert label in row.inner_text()
    row.get_by_role("button", name="Inchecken Gast 00").click()
    row.get_by_text("binnen").wait_for()
    assert label in page.locator("#persoon-" + str(seat.registration_id)).inner_text()

    # Everyone but Gast 11 arrived; a walk-in for "Lezen" came too.
    Registration.objects.filter(meetup=meetup).exclude(name="Gast 11").update(
        status=Registration.Status.ATTENDED, checked_in_at=timezone.now()
    )
    RegistrationFactory(
        meetup=meetup,
        name="Binnenloper",
        profession="ouder",
        theme_choice_1=themes[0],
        theme=themes[0],
        status=Registration.Status.ATTENDED,
        checked_in_at=timezone.now(),
    )
    before = {(s.round, s.registration_id): s.table_number for s in plan.seats.all()}
    visit(plan.get_absolute_url())
    assert page.get_by_label("Wie al is ingecheckt blijft aan zijn tafel zitten").is_checked()
    page.get_by_role("button", name="Herindelen met wie er nu is").click()
    page.get_by_text("Laatste herindeling").wait_for()
    assert "Binnenloper is later gekomen en zit aan tafel" in page.content()
    assert_after = {(s.round, s.registration_id): s.table_number for s in plan.seats.all()}
    gone = meetup.registrations.get(name="Gast 11").pk
    for key, number in before.items():
        if key[1] != gone:
            assert assert_after[key] == number  # everyone seated stayed at their table
    visit(plan.get_absolute_url())
