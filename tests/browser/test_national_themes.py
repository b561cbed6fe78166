"""The beheerder confirms a suggested national theme in a real browser, with axe."""

from __future__ import annotations

import pytest

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.national import services
from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_confirms_a_suggestion(page, visit, login, beheerder):
    reading = m.NationalTheme.objects.create(
        title="Lezen en taal", description="Voorlezen, boeken en woordenschat."
    )
    m.NationalTheme.objects.create(
        title="Ouders en school", description="Ouders betrekken bij het leren van hun kind."
    )
    theme = ThemeFactory(
        title="Boekenfeest", introduction="Samen voorlezen en nieuwe woorden leren."
    )
    SolutionDirectionFactory(theme=theme, number="1.1", title="Een boekenkast in elke klas")
    services.themes_suggest_national()
    theme.refresh_from_db()
    assert theme.national_theme == reading and theme.national_theme_status == "voorgesteld"

    login(beheerder)
    visit("/kennisbank/landelijke-themas/")
    row = page.get_by_role("row").filter(has_text="Boekenfeest")
    assert row.get_by_text("Voorgesteld").is_visible()
    select = page.get_by_label("Landelijk thema voor Boekenfeest")
    assert select.input_value() == str(reading.pk)
    page.get_by_role("button", name="Bevestigen voor Boekenfeest").click()
    page.wait_for_url("**/kennisbank/landelijke-themas/")
    assert page.get_by_text(
        "'Boekenfeest' hoort bij het landelijke thema 'Lezen en taal'."
    ).is_visible()
    theme.refresh_from_db()
    assert theme.national_theme_status == "bevestigd"
    visit("/kennisbank/landelijke-themas/")  # axe on the page with the message gone

    visit(f"/kennisbank/landelijke-themas/{reading.pk}/samenvoegen/")
    visit("/kennisbank/landelijke-themas/nieuw/")


def test_direction_picker_is_accessible(page, visit, login, beheerder, region):
    from kansenwerk.netwerk.tests.factories import OrganizationFactory

    language = m.NationalTheme.objects.create(title="Lezen en taal")
    for title in ("Boekenfeest", "Woordenrijk"):
        theme = ThemeFactory(
            title=title, national_theme=language, national_theme_status="bevestigd"
        )
        SolutionDirectionFactory(theme=theme, number="1.1", title="Voorlezen thuis")
    organization = OrganizationFactory(region=region)
    login(beheerder)
    visit(f"/netwerk/organisatie/{organization.pk}/aanbod/nieuw/")
    group = page.get_by_role("group", name="Lezen en taal")
    group.get_by_label("Woordenrijk 1.1 – Voorlezen thuis").check()
    group.get_by_label("Boekenfeest 1.1 – Voorlezen thuis").check()
    assert group.get_by_role("checkbox", checked=True).count() == 2
