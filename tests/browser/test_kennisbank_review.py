"""The review page for records the importer flagged "controleren", walked by a beheerder."""

import pytest

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.store import import_documents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A briefing in our own words whose second direction stops mid-sentence and lost its questions.
DAMAGED = """# BRIEFING – MEETUP DUINDORP

THEMA 1

Samen spelen

Hoe krijgen kinderen na school meer ruimte om te spelen?

Het plein is klein en de straat is druk.

OPLOSSINGSRICHTINGEN

1.1 Een speelstraat op woensdag

Op woensdagmiddag gaat de straat dicht voor auto's. Wie zet de hekken neer? Welke buren doen mee?

1.2 Het schoolplein open na schooltijd

Als het plein na schooltijd open blijft, kunnen kinderen dichtbij huis spelen. Dat vraagt om

1.3 Spelmateriaal in de wijk

Een kist met ballen en stoepkrijt staat bij het buurthuis. Wie beheert de kist? Hoe houden we het netjes?
"""


@pytest.fixture
def flagged(tmp_path):
    path = tmp_path / "duindorp.md"
    path.write_text(DAMAGED, encoding="utf-8")
    report = import_documents(paths=[path])
    assert report.ok
    return m.SolutionDirection.objects.get(number="1.2")


def test_beheerder_reviews_and_clears_flags(page, visit, login, beheerder, flagged):
    login(beheerder)
    visit("/kennisbank/")
    page.get_by_role("link", name="Records controleren").click()
    page.wait_for_url("**/kennisbank/controleren/")
    visit("/kennisbank/controleren/")
    assert page.locator("td", has_text="Samen spelen 1.2: tekst eindigt midden").count() == 1
    page.get_by_role("link", name="1.2 Het schoolplein open na schooltijd").first.click()
    page.wait_for_url(f"**{flagged.get_absolute_url()}")
    assert page.get_by_text("Samen spelen › 1.2").count() == 1
    assert page.get_by_text("Controleren").count() >= 1
    visit("/kennisbank/controleren/")
    page.get_by_role(
        "button", name="Gecontroleerd: Samen spelen 1.2: tekst eindigt midden in een zin"
    ).click()
    page.wait_for_url("**/kennisbank/controleren/")
    assert page.get_by_role("status").filter(has_text="is gecontroleerd").count() >= 1
    assert (
        page.get_by_role(
            "button", name="Gecontroleerd: Samen spelen 1.2: tekst eindigt midden in een zin"
        ).count()
        == 0
    )
    assert m.ReviewFlag.objects.filter(cleared_by=beheerder).count() == 1
