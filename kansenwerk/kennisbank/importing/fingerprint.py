"""A content fingerprint that survives re-extraction of the same document.

Two extractions of one PDF differ in hyphenation, line breaks, link dumps, typographic quotes
and even the order of columns, so hashing text fails. We hash the document's *skeleton*
instead: kind, title and the ordered structural titles (themes, numbered directions,
interventions, lessons), each normalised to
lower-case letters and digits. Documents without structure fall back to a bottom-k sketch of word
shingles, which is stable under small local changes.
"""

from __future__ import annotations

import hashlib

from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise

MIN_SKELETON = 3
SKETCH_SIZE = 32
SHINGLE_WORDS = 5


def skeleton(parsed: ParsedDocument) -> list[str]:
    parts: list[str] = []
    for theme in parsed.themes:
        parts.append(f"t{theme.number}:{normalise(theme.title)}")
        parts.extend(f"d{d.number}:{normalise(d.title)}" for d in theme.solution_directions)
    parts.extend(f"i:{normalise(i.title)}" for i in parsed.interventions)
    parts.extend(f"l:{normalise(lesson.title)}" for lesson in parsed.lessons)
    return parts


def shingle_sketch(text: str) -> list[str]:
    words = normalise(text).split()
    hashes = {
        hashlib.blake2b(" ".join(words[i : i + SHINGLE_WORDS]).encode(), digest_size=8).hexdigest()
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    return sorted(hashes)[:SKETCH_SIZE]


def content_key(parsed: ParsedDocument) -> str:
    parts = [parsed.kind, normalise(parsed.title)]
    structure = skeleton(parsed)
    if len(structure) >= MIN_SKELETON:
        parts.extend(structure)
    else:
        body = " ".join([parsed.introduction, *(s.heading + " " + s.text for s in parsed.sections)])
        parts.extend(shingle_sketch(body))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
