"""Recognise the kind of a document from its structure (never from its file name)."""

from __future__ import annotations

from kansenwerk.kennisbank.importing.cleaning import CleanDocument
from kansenwerk.kennisbank.importing.parsers import briefing, bundel, inspiratiekaart

# Minimum structural evidence before we trust a kind; below it the document stays generic.
MIN_SCORE = 4


def detect_kind(doc: CleanDocument) -> str:
    """Return 'briefing', 'inspiratiekaart', 'interventiebundel' or 'document'."""
    scores = {
        "briefing": briefing.looks_like(doc),
        "inspiratiekaart": inspiratiekaart.looks_like(doc),
        "interventiebundel": bundel.looks_like(doc),
    }
    kind, score = max(scores.items(), key=lambda item: item[1])
    return kind if score >= MIN_SCORE else "document"
