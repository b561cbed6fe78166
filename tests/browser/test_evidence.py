"""Evidence pages in a real browser, with axe: profile, filters, compare, review, form."""

import datetime

import pytest

from kansenwerk.kennisbank.evidence import services
from kansenwerk.kennisbank.evidence.models import EvidenceStatement, Level
from kansenwerk.kennisbank.tests.factories import (
    InterventionFactory,
    SolutionDirectionFactory,
    SourceDocumentFactory,
)

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rated(beheerder):
    strong = InterventionFactory(title="Bijles in kleine groepjes")
    founded = InterventionFactory(title="Mentoraat bij de overstap")
    services.profile_update(
        user=beheerder,
        intervention=strong,
        data={
            "level": Level.EFFECTIVE_GOOD,
            "scheme": "Erkenningstraject Interventies",
            "assessed_on": datetime.date(2024, 3, 1),
            "intl_source": "EEF Teaching and Learning Toolkit",
            "intl_strand": "Small group tuition",
            "intl_impact_months": 4,
            "intl_evidence_strength": 3,
            "effective_elements": ["Kleine groepen"],
            "school_types": ["po"],
            "cost_band": "laag",
        },
    )
    EvidenceStatement.objects.create(
        text="In de proef bleek bijles in groepjes van drie effectief.",
        source_document=SourceDocumentFactory(title="Verslag proef"),
        source_page=3,
        intervention=strong,
    )
    return strong, founded


def test_profile_list_and_compare_are_accessible(page, visit, rated):
    strong, founded = rated
    visit(strong.get_absolute_url())
    assert page.get_by_text("Wat dit niet betekent").count() == 1
    assert page.get_by_text("Verslag proef, pagina 3").count() == 1
    visit("/kennisbank/interventies/")
    page.get_by_label("Bewijsniveau").select_option("erkend")
    page.get_by_role("button", name="Filter toepassen").click()
    page.wait_for_url("**niveau=erkend**")
    assert page.locator(".kw-result").count() == 1
    visit("/kennisbank/bewijs/vergelijken/")
    page.get_by_label("Interventies (kies er twee tot vier)").select_option(
        [strong.slug, founded.slug]
    )
    page.get_by_role("button", name="Vergelijken").click()
    page.wait_for_url("**i=**")
    assert page.get_by_role("columnheader", name="Bijles in kleine groepjes").count() == 1
    visit(f"/kennisbank/bewijs/vergelijken/?i={strong.slug}", status_below=401)


def test_beheerder_form_and_review_are_accessible(page, visit, login, beheerder, rated):
    login(beheerder)
    visit(f"/kennisbank/bewijs/{rated[1].slug}/beoordelen/")
    visit("/kennisbank/bewijs/uitspraken/")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/uitspraken/")
    assert page.get_by_text("Er wachten geen uitspraken op beoordeling.").count() == 1


def test_beheerder_moves_a_statement_in_place(page, visit, login, beheerder, rated):
    _strong, founded = rated
    statement = EvidenceStatement.objects.get()
    direction = SolutionDirectionFactory(title="Extra leertijd")
    login(beheerder)
    visit("/kennisbank/bewijs/uitspraken/")
    row = page.locator(f"#uitspraak-{statement.pk}")
    assert row.get_by_role("link", name="Bijles in kleine groepjes").count() == 1

    row.get_by_label("Verplaatsen naar").select_option(label="Mentoraat bij de overstap")
    row.get_by_role("button", name="Verplaatsen").click()
    row.get_by_role("status").wait_for()
    assert page.url.endswith("/kennisbank/bewijs/uitspraken/")  # no page load: in place
    assert row.get_by_role("link", name="Mentoraat bij de overstap").count() == 1
    statement.refresh_from_db()
    assert statement.intervention == founded
    assert_accessible(page)

    row.get_by_label("Verplaatsen naar").select_option(f"oplossingsrichting:{direction.pk}")
    row.get_by_role("button", name="Verplaatsen").click()
    row.get_by_role("link", name="Extra leertijd").wait_for()
    row.get_by_label("Verplaatsen naar").select_option("document")
    row.get_by_role("button", name="Verplaatsen").click()
    row.get_by_text("het hele document").wait_for()
    statement.refresh_from_db()
    assert (statement.intervention, statement.solution_direction) == (None, None)

    # A target that no longer exists (deleted meanwhile): the reason shows in the row.
    gone = InterventionFactory(title="Bestaat niet meer")
    visit("/kennisbank/bewijs/uitspraken/", check_axe=False)
    gone.delete()
    row.get_by_label("Verplaatsen naar").select_option(label="Bestaat niet meer")
    row.get_by_role("button", name="Verplaatsen").click()
    row.get_by_role("alert").wait_for()
    assert "deze keuze bestaat niet (meer)" in row.get_by_role("alert").inner_text()
    assert_accessible(page)
    statement.refresh_from_db()
    assert statement.intervention is None
