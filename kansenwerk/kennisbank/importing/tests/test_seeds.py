"""The five seed documents parse into the structure read from them by hand."""

from __future__ import annotations

import pytest

from kansenwerk.kennisbank.importing import parse_file
from kansenwerk.kennisbank.importing.tests.helpers import SEEDS, seed, structure

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")


@pytest.fixture(scope="module")
def parsed():
    return {prefix: parse_file(seed(prefix)) for prefix in ("000", "001", "002", "003", "004")}


def test_kinds_are_recognised_from_structure(parsed):
    assert [parsed[p].kind for p in ("000", "001", "002", "003", "004")] == [
        "briefing",
        "briefing",
        "briefing",
        "inspiratiekaart",
        "interventiebundel",
    ]


def test_hilversum_briefing_structure(parsed):
    doc = parsed["000"]
    assert doc.region == "Hilversum"
    assert doc.counts() == {
        "themes": 3,
        "solution_directions": 13,
        "reading_items": 11,
        "initiatives": 9,
        "interventions": 0,
        "practice_examples": 0,
        "sources": 0,
        "lessons": 0,
    }
    assert [t.title for t in doc.themes] == [
        "Taal centraal",
        "De grote oversteek",
        "Zorgen vs. lesgeven",
    ]
    assert [[d.number for d in t.solution_directions] for t in doc.themes] == [
        ["1.1", "1.2", "1.3", "1.4", "1.5"],
        ["2.1", "2.2", "2.3", "2.4", "2.5"],
        ["3.1", "3.2", "3.3"],
    ]
    assert [len(t.reading_items) for t in doc.themes] == [4, 3, 4]
    assert [len(t.initiatives) for t in doc.themes] == [4, 0, 5]
    theme1 = doc.themes[0]
    assert theme1.guiding_question.startswith("Hoe voorkomen we gezamenlijk")
    assert theme1.solution_directions[3].title.endswith("de Nederlandse taalachterstand")
    assert theme1.reading_items[3].medium == "podcast"
    assert theme1.reading_items[1].author == "Anja Vink, Vrij Nederland"
    assert [i.title for i in theme1.initiatives][:2] == ["Voorlees Express", "De schoolschrijver"]
    assert doc.themes[2].initiatives[0].scope == "lokaal"
    assert theme1.solution_directions[0].key == "theme:1/direction:1.1"
    assert doc.themes[1].reading_items[1].title.endswith("Verlengde Schooldag in Groningen")


def test_template_sentence_with_other_town_warns_but_keeps_region(parsed):
    for prefix in ("000", "001"):
        doc = parsed[prefix]
        assert doc.region == "Hilversum"
        assert any("Amersfoort" in warning for warning in doc.warnings)


def test_two_extractions_of_one_pdf_are_the_same_document(parsed):
    first, second = parsed["000"], parsed["001"]
    assert first.content_key == second.content_key

    def skeleton(doc):
        # Typos differ between the two extractions, so compare what identifies records.
        return [
            (
                t.number,
                t.title,
                [(d.number, d.title.rstrip(".").replace("–", "-")) for d in t.solution_directions],
                [r.medium for r in t.reading_items],
                [i.title for i in t.initiatives],
            )
            for t in doc.themes
        ]

    assert skeleton(first) == skeleton(second)
    assert structure(first)["region"] == structure(second)["region"]
    assert first.counts() == second.counts()
    assert first.content_key != parsed["002"].content_key


def test_achterhoek_briefing_with_headerless_theme_and_odd_numbers(parsed):
    doc = parsed["002"]
    assert doc.region == "Achterhoek"
    assert [t.title for t in doc.themes] == [
        "De moeilijk te bereiken ouder",
        "De kracht van het team/netwerk",
    ]
    assert [t.number for t in doc.themes] == [1, 2]
    assert [d.number for d in doc.themes[0].solution_directions] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
    ]
    assert [d.number for d in doc.themes[1].solution_directions] == ["7.1", "7.2", "7.3"]
    assert doc.themes[1].solution_directions[0].key == "theme:2/direction:7.1"
    assert doc.themes[1].guiding_question.endswith("daaraan bijdragen?")
    assert [len(t.reading_items) for t in doc.themes] == [3, 3]
    assert doc.themes[0].reading_items[2].medium == "boek"
    assert doc.counts()["initiatives"] == 0


def test_inspiratiekaart_structure(parsed):
    doc = parsed["003"]
    assert doc.title.startswith("Werk maken van gelijke kansen")
    assert [i.title for i in doc.interventions] == [
        "Extra begeleiding/ tutoring/ extra lestijd",
        "Een effectieve samenwerking met jeugdzorg en andere zorg externen",
        "Belevingswereld van leerlingen vergroten",
    ]
    assert [len(i.practice_examples) for i in doc.interventions] == [4, 5, 4]
    assert all(i.goal for i in doc.interventions)
    assert "Effecten BSA" in doc.interventions[0].evidence
    examples = {e.title: e.place for i in doc.interventions for e in i.practice_examples}
    assert examples["Gezinsklass"] == "Assen"
    assert examples["Verlengde schooldag"] == "Arnhem"
    assert "Playing for Success" in examples
    assert len(doc.sources) == 7
    assert len(doc.lists["oorzaken"]) == 4
    assert len(doc.lists["bewezen interventies"]) == 5
    assert doc.lists["auteurs"][0] == "Angèle van der Star"


def test_interventiebundel_structure(parsed):
    doc = parsed["004"]
    assert doc.title == "Land vol kansen"
    counts = doc.counts()
    assert (counts["themes"], counts["interventions"], counts["lessons"], counts["sources"]) == (
        6,
        15,
        10,
        26,
    )
    places = [i.place for i in doc.interventions]
    assert places[:5] == [
        "Gorinchem",
        "Amersfoort",
        "Midden-Groningen",
        "Oldenzaal",
        "Súdwest-Fryslân",
    ]
    assert places[-1] == "Heerenveen"
    by_title = {i.title: i for i in doc.interventions}
    # Two interventions have no heading: their titles come from the table of contents.
    assert by_title["Weekendschool"].place == "Súdwest-Fryslân"
    assert by_title["Ouderconsulent"].place == "Oude IJsselstreek"
    assert sum("zonder kop" in warning for warning in doc.warnings) == 2
    community = by_title["Community-aanpak Gelijke Kansen"]
    assert community.place == "Den Bosch"
    assert community.people[0] == ("Kim Blatter van den Dungen", "Projectleider Gelijke Kansen")
    assert len(community.people) == 3
    social = by_title["Social worker in het primair onderwijs"]
    assert social.municipality == "Amersfoort"
    assert [name for name, _ in social.people] == [
        "Karin van der Veen",
        "Peter Veeken",
        "Nadya Aboyaakoub Akkouch",
    ]
    assert social.context and social.approach and social.results
    assert social.quote.startswith("De social worker is de essentiële brug")
    assert by_title["Een soepele en succesvolle overstap van po naar vo"].themes == [
        "Soepele overgang"
    ]
    assert len(by_title["Verbindende aanpak"].sources) == 3
    assert doc.lessons[0].number == 1 and doc.lessons[-1].number == 10
    assert doc.lessons[7].title == "Ga ongemak niet uit de weg"
    assert len({i.key for i in doc.interventions}) == 15


def test_every_item_has_a_location_inside_the_file(parsed):
    for doc in parsed.values():
        for theme in doc.themes:
            for direction in theme.solution_directions:
                assert 0 < direction.location.line_start <= direction.location.line_end
        for intervention in doc.interventions:
            assert intervention.location.line_start > 0


def test_reading_items_get_the_dumped_link_that_spells_their_words(parsed):
    items = [r for t in parsed["001"].themes for r in t.reading_items]
    with_url = [r for r in items if r.url]
    assert len(with_url) >= 6
    for item in with_url:
        # Each chosen address shares at least two long words with the item's title.
        words = {w for w in item.title.lower().split() if len(w) >= 5}
        assert sum(word.strip(".,:'‘’") in item.url.lower() for word in words) >= 2
    # The text extraction without link targets gives no invented addresses.
    assert not any(r.url for t in parsed["000"].themes for r in t.reading_items)


def test_initiatives_get_the_dumped_link_of_their_own_domain(parsed):
    initiatives = [i for t in parsed["001"].themes for i in t.initiatives]
    with_url = {i.title: i.url for i in initiatives if i.url}
    # A domain that is the name run together belongs to it; a longer domain does not.
    assert "deschoolschrijver.nl" in with_url["De schoolschrijver"]
    assert "Maatjesproject" not in with_url
    # A domain spelling consecutive words of a longer name belongs to it (the foundation
    # whose domain leaves out "stichting" and part of the region).
    assert any(
        len(i.title.split()) > 3
        and i.url.split("//")[-1].removeprefix("www.").split(".")[0]
        in {"".join(i.title.lower().split()[a:b]) for a in range(5) for b in range(a + 2, 7)}
        for i in initiatives
        if i.url
    )
    assert not any(i.url for t in parsed["000"].themes for i in t.initiatives)
