"""A content fingerprint that survives re-extraction of the same document.

Two extractions of one PDF differ in hyphenation, line breaks, link dumps, typographic quotes
and even the order of columns, so hashing text fails. We hash the document's *skeleton*
instead: kind, title and the ordered structural titles (themes, numbered directions,
interventions, lessons), each reduced to its letters and digits without spaces, so hyphenation,
line breaks, list bullets and numbering before a title do not count. Running headers, footers and
page numbers never reach the skeleton. Documents without structure fall back to a bottom-k sketch
of letter shingles over the body with list markers and page numbers removed, which is stable
under small local changes.
"""

from __future__ import annotations

import hashlib
import re

from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise

MIN_SKELETON = 3
SKETCH_SIZE = 32
SHINGLE_CHARS = 24
_LIST_MARKER = re.compile(r"^\s*(?:[•◦▪●○■‣∙·*–—-]|\(?\d{1,2}[.)])\s+")
_PAGE_NUMBER = re.compile(r"\b(?:pagina|page|p)\.?\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?\b", re.I)


def compact(text: str) -> str:
    """Letters and digits only: 'onder- wijs', 'onderwijs' and '• Onderwijs' are equal."""
    return normalise(_LIST_MARKER.sub("", text)).replace(" ", "")


def skeleton(parsed: ParsedDocument) -> list[str]:
    parts: list[str] = []
    for theme in parsed.themes:
        parts.append(f"t{theme.number}:{compact(theme.title)}")
        parts.extend(f"d{d.number}:{compact(d.title)}" for d in theme.solution_directions)
    parts.extend(f"i:{compact(i.title)}" for i in parsed.interventions)
    parts.extend(f"l:{compact(lesson.title)}" for lesson in parsed.lessons)
    return parts


def shingle_sketch(text: str) -> list[str]:
    """Bottom-k hashes of letter shingles: line breaks and hyphenation leave them unchanged."""
    lines = [_LIST_MARKER.sub("", line) for line in text.splitlines()]
    letters = compact(_PAGE_NUMBER.sub(" ", " ".join(lines)))
    hashes = {
        hashlib.blake2b(letters[i : i + SHINGLE_CHARS].encode(), digest_size=8).hexdigest()
        for i in range(max(1, len(letters) - SHINGLE_CHARS + 1))
    }
    return sorted(hashes)[:SKETCH_SIZE]


def content_key(parsed: ParsedDocument) -> str:
    parts = [parsed.kind, compact(parsed.title)]
    structure = skeleton(parsed)
    if len(structure) >= MIN_SKELETON:
        parts.extend(structure)
    else:
        body = " ".join([parsed.introduction, *(s.heading + " " + s.text for s in parsed.sections)])
        parts.extend(shingle_sketch(body))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
