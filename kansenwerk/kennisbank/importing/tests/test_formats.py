"""Our own briefing, inspiratiekaart and bundel parse the same from .md, .docx and paged .pdf."""

from __future__ import annotations

import pytest

from kansenwerk.kennisbank.importing import parse_file, parse_text
from kansenwerk.kennisbank.importing.tests.helpers import DATA, structure
from kansenwerk.kennisbank.importing.tests.render import to_docx, to_pdf

NAMES = ["briefing_zandmeer", "inspiratiekaart_heidedorp", "bundel_ooststrand"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("render", [to_docx, to_pdf], ids=["docx", "pdf"])
def test_rendered_formats_match_plain_text(name, render, tmp_path):
    markdown = (DATA / f"{name}.md").read_text(encoding="utf-8")
    plain = parse_text(markdown, name=f"{name}.md")
    suffix = ".docx" if render is to_docx else ".pdf"
    rendered = parse_file(render(markdown, tmp_path / f"{name}{suffix}"))
    assert structure(rendered) == structure(plain)
    assert rendered.content_key == plain.content_key


def test_fixture_briefing_content():
    doc = parse_file(DATA / "briefing_zandmeer.md")
    assert doc.kind == "briefing" and doc.region == "Zandmeer"
    assert [d.number for d in doc.themes[1].solution_directions] == ["4.1", "4.2"]
    assert doc.themes[0].initiatives[0].scope == "lokaal"
    assert doc.themes[0].initiatives[1].scope == "landelijk"
    assert doc.themes[0].solution_directions[0].questions == [
        "Wie kan die collectie bijhouden?",
        "Welke vrijwilligers willen helpen?",
    ]


def test_pdf_pages_are_recorded(tmp_path):
    markdown = (DATA / "bundel_ooststrand.md").read_text(encoding="utf-8")
    doc = parse_file(to_pdf(markdown, tmp_path / "bundel.pdf"))
    assert [i.location.page for i in doc.interventions] == [2, 3]
    assert doc.lessons[0].location.page == 4


def test_unrecognised_document_becomes_sections_with_warning():
    text = "# Verslag\n\nKort verslag van de avond.\n\nAfspraken\n\nWe spreken in mei weer af.\n"
    doc = parse_text(text, name="verslag.txt")
    assert doc.kind == "document"
    assert doc.warnings
    assert [s.heading for s in doc.sections] == ["", "Afspraken"] or [
        s.heading for s in doc.sections
    ][-1] == "Afspraken"


@pytest.mark.parametrize("render", [to_docx, to_pdf], ids=["docx", "pdf"])
def test_unrecognised_word_or_pdf_document_is_kept_with_sections_and_warning(render, tmp_path):
    text = (
        "# Notulen werkgroep\n\nWe bespraken de planning van het voorjaar.\n\n"
        "## Besluiten\n\nDe volgende bijeenkomst is in de bibliotheek.\n"
    )
    suffix = ".docx" if render is to_docx else ".pdf"
    doc = parse_file(render(text, tmp_path / f"notulen{suffix}"))
    assert doc.kind == "document"
    assert doc.warnings
    assert any(section.heading == "Besluiten" for section in doc.sections)
