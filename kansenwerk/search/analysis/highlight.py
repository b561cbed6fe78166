"""HTML-safe result snippets with the matched words in <mark>, using the search analysis.

A word is marked when its stem or one of its compound-part stems is a stem of the
query, so "kinderen" marks "kind" and a query for "ouders" marks
"ouderbetrokkenheid". The snippet is the window of at most `max_chars` characters
that holds the most matched words.
"""

from __future__ import annotations

import html
from bisect import bisect_right

from kansenwerk.search.analysis.analyzer import Query
from kansenwerk.search.analysis.words import analyze_words, words_of

ELLIPSIS = "…"


def highlight(text: str, query: Query, *, max_chars: int = 240) -> str:
    """Return an escaped snippet of `text` of at most about `max_chars` characters.

    Everything from `text` is escaped with html.escape; the only markup added is
    <mark>…</mark> around matched words and "…" where the text was cut.
    """
    wanted = query.stems()
    words = words_of(text)
    spans = [
        (word.start, word.end)
        for word, analysis in zip(words, analyze_words(words), strict=True)
        if analysis is not None and ({analysis.stem, *analysis.part_stems} & wanted)
    ]
    start, end = _best_window(text, spans, max_chars=max_chars)
    pieces = [ELLIPSIS] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return "".join(pieces).strip()


def _best_window(text: str, spans: list[tuple[int, int]], *, max_chars: int) -> tuple[int, int]:
    """Pick [start, end) holding the most matches, snapped to word boundaries."""
    if len(text) <= max_chars:
        return 0, len(text)
    ends = [span_end for _, span_end in spans]  # spans are in order and do not overlap
    best_start, best_count, best_last_end = 0, 0, 0
    for index, (span_start, _) in enumerate(spans):
        count = bisect_right(ends, span_start + max_chars) - index
        if count > best_count:
            best_start, best_count = span_start, count
            best_last_end = ends[index + count - 1]
    if best_count:
        # Spend the room the matches leave on context before the first one, up to a fifth.
        slack = max_chars - (best_last_end - best_start)
        best_start = max(0, best_start - min(slack, max_chars // 5))
    start = _snap_back(text, best_start)
    end = min(len(text), start + max_chars)
    if end < len(text):
        end = max(_snap_back(text, end), best_last_end)
    return start, end


def _snap_back(text: str, index: int) -> int:
    """Move `index` back to the start of the word it falls in."""
    while index > 0 and not text[index - 1].isspace():
        index -= 1
    return index
