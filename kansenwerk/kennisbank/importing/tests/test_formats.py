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


def _pdf_lines(html_body: str, path) -> list[str]:
    from weasyprint import HTML

    from kansenwerk.kennisbank.importing.cleaning import clean
    from kansenwerk.kennisbank.importing.readers import read_path

    page = (
        "<html lang='nl'><head><style>@page { size: A5; margin: 2cm; }"
        "body { font-family: sans-serif; font-size: 10pt; } p { margin: 0 0 8pt 0; }"
        "</style></head><body>" + html_body + "</body></html>"
    )
    HTML(string=page).write_pdf(path)
    return [line.text for line in clean(read_path(path)).lines]


def test_pdf_title_broken_by_a_narrow_panel_is_one_line(tmp_path):
    """Words pushed to the next line because the panel was full belong to the line above, even
    when they look like a title of their own (capitals, no full stop)."""
    body = (
        "<div style='width: 3.2cm'>"
        "<p>Zomerschool Oostelijk Heuvelland Kies Je Eigen Route</p>"
        "<p>Leerlingen kiezen in de zomer een eigen project.</p></div>"
    )
    lines = _pdf_lines(body, tmp_path / "panel.pdf")
    assert lines[0] == "Zomerschool Oostelijk Heuvelland Kies Je Eigen Route"
    assert lines[1].startswith("Leerlingen kiezen")


def test_pdf_line_broken_by_hand_stays_apart(tmp_path):
    """A short line whose follower would have fitted behind it was broken on purpose."""
    body = (
        "<div style='width: 10cm'><p>In de zomer kiezen leerlingen een eigen project uit het "
        "aanbod van de school, de bibliotheek en de sportclubs in de wijk, en ze sluiten de "
        "week af met een presentatie voor hun ouders.</p>"
        "<p>Verder lezen<br>Zomerschool Heuvelland</p></div>"
    )
    assert _pdf_lines(body, tmp_path / "break.pdf")[1:3] == [
        "Verder lezen",
        "Zomerschool Heuvelland",
    ]


def test_dumped_link_by_consecutive_words_of_a_name():
    """A domain made of two or more consecutive words of a name links it; one word does not,
    nor does a run shorter than ten letters."""
    from kansenwerk.kennisbank.importing.parsers.briefing import _link_for

    links = ["https://www.leesclubnoord.nl/", "https://huiswerk.nl/", "https://www.kleinab.nl/"]
    assert _link_for("Vereniging Leesclub Noord en Omstreken", "", links) == links[0]
    assert _link_for("Stichting Huiswerk Plus", "", links) is None  # one word is not a run
    assert _link_for("Het Klein Ab Fonds", "", links) is None  # "kleinab": under ten letters
