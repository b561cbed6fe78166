"""Parse any other document into sections split at its headings, so it stays searchable."""

from __future__ import annotations

from kansenwerk.kennisbank.importing.cleaning import CleanDocument
from kansenwerk.kennisbank.importing.model import Line, Location, ParsedDocument, ParsedSection
from kansenwerk.kennisbank.importing.parsers.common import is_title_candidate, join_text, slug
from kansenwerk.kennisbank.importing.problems import translate as _


def parse(doc: CleanDocument) -> ParsedDocument:
    lines = doc.lines
    title_line = next(
        (line for line in lines if line.heading_level == 1), lines[0] if lines else None
    )
    parsed = ParsedDocument(kind="document", title=title_line.text if title_line else doc.name)
    parsed.warnings.append(
        _(
            "Het soort document is niet herkend (geen briefing, inspiratiekaart of "
            "interventiebundel); het is als algemeen document in secties opgeslagen."
        )
    )
    parsed.sections = split_sections(lines, skip=title_line)
    return parsed


def split_sections(lines: list[Line], *, skip: Line | None = None) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    heading: Line | None = None
    body: list[Line] = []
    seen: dict[str, int] = {}

    def flush() -> None:
        if heading is None and not body:
            return
        name = heading.text if heading else ""
        key = slug(name or "inleiding")
        seen[key] = seen.get(key, 0) + 1
        suffix = f"-{seen[key]}" if seen[key] > 1 else ""
        sections.append(
            ParsedSection(
                heading=name,
                text=join_text([line.text for line in body]),
                location=Location.span(([heading] if heading else []) + body),
                key=f"section:{key}{suffix}",
            )
        )

    for line in lines:
        if line is skip:
            continue
        if line.is_heading or (is_title_candidate(line) and line.blank_before and not line.bullet):
            flush()
            heading, body = line, []
        else:
            body.append(line)
    flush()
    return sections
