"""Koppelen in a real browser: the matching page (run, lock, swap, re-run) is usable and
accessible, and so are the intake form and the follow-up page."""

import pytest
from django.utils import timezone

from kansenwerk.core.tests.factories import RegionFactory, UserFactory
from kansenwerk.koppelen.models import Match, Programme
from kansenwerk.koppelen.tests.factories import ParticipantFactory, ProgrammeFactory

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(db):
    region = RegionFactory(name="Regio Rivierenland")
    user = UserFactory(role="organisator", username="mentorcoord", regions=[region])
    programme = ProgrammeFactory(
        name="Maatjes Oost",
        kind=Programme.Kind.MENTOR_KIND,
        region=region,
        coordinators=[user],
        rules={"hard": {"require_vog_for_minors": False}},
        intake_fields=["languages", "availability", "postcode_area", "interests", "age_band"],
    )
    for name, langs, interests in [
        ("Femke", ["Nederlands"], ["voetbal"]),
        ("Hasan", ["Nederlands", "Turks"], ["tekenen"]),
        ("Iris", ["Nederlands"], ["muziek"]),
    ]:
        ParticipantFactory(
            programme=programme,
            side="mentor",
            display_name=name,
            languages=langs,
            interests=interests,
        )
    for name, langs, interests in [
        ("K.", ["Nederlands"], ["voetbal"]),
        ("M.", ["Turks"], ["tekenen"]),
        ("R.", ["Nederlands"], ["muziek"]),
        ("T.", ["Tigrinya"], []),
    ]:
        ParticipantFactory(
            programme=programme,
            side="mentee",
            display_name=name,
            languages=langs,
            interests=interests,
            is_minor=True,
            filled_in_by="ouder",
        )
    return programme, user


def test_matching_page_run_lock_swap_rerun(page, visit, login, setup):
    programme, user = setup
    login(user)
    visit("/koppelen/")
    visit(f"/koppelen/programma/{programme.pk}/")
    visit(f"/koppelen/programma/{programme.pk}/koppelen/")
    page.get_by_label("Optimaal", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Koppelen").click()
    rows = page.locator("table.kw-pairs tbody tr")
    assert rows.count() == 3
    assert "geen mentor spreekt Tigrinya" in page.content().replace("Geen", "geen")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Vastzetten Hasan – M.").click()
    assert Match.objects.get(mentee__display_name="M.").status == "locked"
    assert Match.objects.get(mentee__display_name="K.").mentor.display_name == "Femke"
    page.get_by_label("Ruil mentor met (K.)").select_option(label="Iris (nu bij R.)")
    with page.expect_navigation():
        page.get_by_role("button", name="Ruilen K.").click()
    assert Match.objects.get(mentee__display_name="K.").mentor.display_name == "Iris"
    with page.expect_navigation():
        page.get_by_role("button", name="Koppel de rest opnieuw").click()
    locked = set(
        Match.objects.filter(status="locked").values_list(
            "mentor__display_name", "mentee__display_name"
        )
    )
    assert locked == {("Hasan", "M."), ("Iris", "K."), ("Femke", "R.")}
    assert_accessible(page)


def test_intake_and_followup_pages_are_accessible(page, visit, login, setup):
    programme, user = setup
    login(user)
    visit(f"/koppelen/programma/{programme.pk}/aanmelden/mentee/")
    page.get_by_label("Voornaam, initialen of schuilnaam").fill("J.")
    page.get_by_label("Talen die hij of zij spreekt").fill("Nederlands")
    page.get_by_label("woensdagmiddag").check()
    page.get_by_label("Postcodegebied (4 cijfers)").fill("35")
    page.get_by_label("Toestemming gegeven").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert "vier cijfers" in page.content()
    assert_accessible(page)
    match = Match.objects.create(
        programme=programme,
        mentor=programme.participants.get(display_name="Femke"),
        mentee=programme.participants.get(display_name="K."),
        status="accepted",
        started_on=timezone.localdate() - timezone.timedelta(days=30),
    )
    visit(f"/koppelen/programma/{programme.pk}/")
    assert "te laat" in page.content() or "check-in na 4 weken" in page.content()
    visit(match.get_absolute_url())
    visit(f"/koppelen/programma/{programme.pk}/deelnemer/{match.mentor_id}/")
    visit(f"/koppelen/programma/{programme.pk}/regels/")


PHONE = {"width": 390, "height": 844}


def test_public_intake_on_a_phone(page, visit, setup, settings):
    """An anonymous parent finds the programme, signs up a child on a phone, gets the link,
    changes an answer and withdraws; every page is accessible and fits the screen."""
    import re

    from django.core import mail

    from kansenwerk.koppelen.models import Participant

    settings.KANSENWERK_RATE_LIMITS = "off"
    programme, _user = setup
    programme.is_open = True
    programme.save()
    page.set_viewport_size(PHONE)
    visit("/koppelen/")
    with page.expect_navigation():
        page.get_by_role("link", name="Maatjes Oost").click()
    assert "Hoe koppelen we?" in page.content()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Kind")).click()
    page.get_by_label("Voornaam, initialen of schuilnaam").fill("Lotje")
    page.get_by_label("Talen die hij of zij spreekt").fill("Nederlands")
    page.get_by_label("woensdagmiddag").check()
    page.get_by_label("Postcodegebied (4 cijfers)").fill("0123")
    page.get_by_label("Leeftijd (globaal)").select_option("8-11")
    page.get_by_label("Uw e-mailadres").fill("ouder@example.org")
    page.get_by_label("Ik geef toestemming", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    content = page.content()
    assert "vier cijfers" in content and "toestemming van een ouder" in content
    assert_accessible(page)
    page.get_by_label("Postcodegebied (4 cijfers)").fill("3511")
    page.get_by_label("De ouder of verzorger geeft toestemming").check()
    page.get_by_label("Ik geef toestemming", exact=False).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    assert "Bedankt voor uw aanmelding" in page.content()
    assert_accessible(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    link = re.search(r"http\S+/koppelen/mijn-aanmelding/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("/koppelen/", 1)[1]
    visit("/koppelen/" + path)
    page.get_by_label("Postcodegebied (4 cijfers)").fill("3512")
    with page.expect_navigation():
        page.get_by_role("button", name="Wijzigingen opslaan").click()
    lotje = Participant.objects.get(display_name="Lotje")
    assert lotje.postcode_area == "3512"
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding intrekken").click()
    assert "ingetrokken" in page.content()
    assert_accessible(page)
    lotje.refresh_from_db()
    assert lotje.withdrawn_at is not None and lotje.pseudonymised_at is not None
