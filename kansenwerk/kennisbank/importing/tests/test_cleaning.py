"""Cleaning: hyphenation, broken lines, floating headings, running headers, bullets, provenance."""

from __future__ import annotations

from kansenwerk.kennisbank.importing.cleaning import clean
from kansenwerk.kennisbank.importing.model import RawDocument, RawLine
from kansenwerk.kennisbank.importing.readers import read_text


def _clean_text(text: str) -> list[str]:
    return [line.text for line in clean(read_text(text, name="t.txt")).lines]


def test_rejoins_hyphenated_words_but_keeps_real_hyphens():
    lines = _clean_text(
        "Samen met PO-\nen VO-scholen werken we aan de taalach-\nterstand van kinderen."
    )
    assert lines == ["Samen met PO- en VO-scholen werken we aan de taalachterstand van kinderen."]


def test_joins_lines_broken_mid_sentence_across_a_blank_line():
    assert _clean_text("We gaan samen nadenken\n\nover oplossingen voor het dorp.") == [
        "We gaan samen nadenken over oplossingen voor het dorp."
    ]


def test_keeps_paragraphs_that_end_a_sentence():
    assert _clean_text("Eerste alinea.\n\nTweede alinea.") == ["Eerste alinea.", "Tweede alinea."]


def test_floating_heading_is_lifted_out_of_the_sentence():
    text = (
        "Op sommige scholen in het dorp hebben veel kinderen het moeilijk "
        "en er is sprake van een lage\n"
        "Zorg en school\n"
        "betrokkenheid van ouders.\n"
    )
    lines = clean(read_text(text, name="t.txt")).lines
    assert [line.text for line in lines] == [
        "Zorg en school",
        "Op sommige scholen in het dorp hebben veel kinderen het moeilijk "
        "en er is sprake van een lage "
        "betrokkenheid van ouders.",
    ]
    assert lines[0].floating


def test_drops_bare_urls_and_page_numbers():
    cleaned = clean(
        read_text(
            "Tekst van de pagina.\n\nhttps://example.org/a\n\n12\n\nPagina 3 van 9\n", name="t.txt"
        )
    )
    assert [line.text for line in cleaned.lines] == ["Tekst van de pagina."]
    assert cleaned.links == ["https://example.org/a"]


def test_drops_running_headers_and_footers_of_pages():
    lines = []
    number = 0
    for page in (1, 2, 3):
        for text in (
            "Kennisbank Zandmeer",
            f"Inhoud van pagina {page} gaat hier.",
            f"Voettekst {page}",
        ):
            number += 1
            lines.append(RawLine(text, page, number))
    cleaned = clean(RawDocument(name="t.pdf", lines=lines, paged=True))
    assert [line.text for line in cleaned.lines] == [
        f"Inhoud van pagina {p} gaat hier." for p in (1, 2, 3)
    ]
    assert [line.page for line in cleaned.lines] == [1, 2, 3]


def test_normalises_bullets_and_keeps_numbering():
    lines = clean(
        read_text(
            "•\tEerste punt.\n– Tweede punt.\no Derde punt.\n1. Genummerd punt.\n", name="t.txt"
        )
    ).lines
    assert [line.bullet for line in lines] == [True, True, True, False]
    assert [line.text for line in lines][:3] == ["Eerste punt.", "Tweede punt.", "Derde punt."]
    assert lines[3].numbering == "1."


def test_list_item_split_over_two_lines_is_joined():
    lines = _clean_text("• Een lang artikel over lezen - Karin\nde Boer (artikel)\n• Volgend item")
    assert lines == ["Een lang artikel over lezen - Karin de Boer (artikel)", "Volgend item"]


def test_provenance_maps_back_to_original_lines():
    lines = clean(
        read_text("Titel\n\nDeze zin loopt\ndoor op de volgende regel.\n", name="t.txt")
    ).lines
    assert (lines[1].start, lines[1].end) == (3, 4)


def test_double_spaced_extraction_joins_sentences():
    body = "\n\n".join(
        [
            "Dit is een regel uit een pdf met een",
            "witregel na elke regel, zodat de zin",
            "over veel regels loopt en toch een",
            "geheel vormt voor de lezer van dit",
            "document over kansen in het",
            "dorp.",
        ]
        * 3
    )
    lines = _clean_text(body)
    assert len(lines) == 3
