"""Public entry points: from a file path or a text to a ParsedDocument."""

from __future__ import annotations

from pathlib import Path

from kansenwerk.kennisbank.importing.cleaning import CleanDocument, clean
from kansenwerk.kennisbank.importing.detect import detect_kind
from kansenwerk.kennisbank.importing.fingerprint import content_key
from kansenwerk.kennisbank.importing.model import ParsedDocument, RawDocument
from kansenwerk.kennisbank.importing.parsers import briefing, bundel, generic, inspiratiekaart
from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.readers import DEFAULT_MAX_BYTES, read_path, read_text

PARSERS = {
    "briefing": briefing.parse,
    "inspiratiekaart": inspiratiekaart.parse,
    "interventiebundel": bundel.parse,
    "document": generic.parse,
}


def parse_file(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read, clean, recognise and parse one file; bad input raises ImportProblem (Dutch message)."""
    path = Path(path)
    if not path.is_file():
        raise ImportProblem(
            "not_found", _("%(name)s: het bestand bestaat niet.") % {"name": path.name}
        )
    return parse_raw(read_path(path, max_bytes=max_bytes))


def parse_text(text: str, *, name: str) -> ParsedDocument:
    """Parse text that is already in memory (e.g. an upload decoded elsewhere)."""
    if not text.strip():
        raise ImportProblem("empty", _("%(name)s: het bestand is leeg.") % {"name": name})
    return parse_raw(read_text(text, name=name))


def parse_raw(raw: RawDocument) -> ParsedDocument:
    cleaned = clean(raw)
    if not cleaned.lines:
        raise ImportProblem(
            "empty", _("%(name)s: het bestand bevat geen tekst.") % {"name": raw.name}
        )
    return parse_clean(cleaned)


def parse_clean(cleaned: CleanDocument) -> ParsedDocument:
    kind = detect_kind(cleaned)
    parsed = PARSERS[kind](cleaned)
    parsed.name = cleaned.name
    parsed.content_key = content_key(parsed)
    return parsed
