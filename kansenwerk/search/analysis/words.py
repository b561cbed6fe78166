"""Per-word analysis shared by indexing, querying and highlighting: stop words, stems, parts.

Suspended hyphens are resolved here too, because completing "voor-" in "voor- en
vroegschoolse" needs the compound splitter: it borrows the head of the next word
(vroeg + schoolse -> voorschoolse); "-bestuurders" in "schoolleiders en
-bestuurders" borrows the modifier of the previous word (schoolbestuurders).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from kansenwerk.search.analysis.compounds import decompose
from kansenwerk.search.analysis.normalize import Token, tokenize
from kansenwerk.search.analysis.resources import stopwords
from kansenwerk.search.analysis.stemming import stem

# Words that may stand between a suspended hyphen and the word that completes it.
_CONJUNCTIONS = frozenset({"en", "of", "tot", "en/of", "noch"})
_SUSPENSION_WINDOW = 4  # "voor-, vroeg- en naschoolse": up to a few words apart


@dataclass(frozen=True, slots=True)
class Word:
    """A source word after hyphen resolution, with its offsets in the source text."""

    text: str  # folded, joined
    pieces: tuple[str, ...]  # folded pieces it is known to consist of, if any
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    """What one word contributes to the index."""

    stem: str
    part_stems: tuple[str, ...]  # stems of its compound or hyphen parts, without `stem`


def words_of(text: str) -> list[Word]:
    """Tokenise `text` and complete suspended hyphens; see the module docstring."""
    tokens = tokenize(text)
    words: list[Word] = []
    for index, token in enumerate(tokens):
        text_, pieces = token.text, token.pieces
        if token.open_end:
            text_, pieces = _complete_open_end(tokens, index)
        elif token.open_start:
            text_, pieces = _complete_open_start(tokens, index)
        words.append(Word(text=text_, pieces=pieces, start=token.start, end=token.end))
    return words


def _complete_open_end(tokens: Sequence[Token], index: int) -> tuple[str, tuple[str, ...]]:
    head = tokens[index].text
    for other in tokens[index + 1 : index + 1 + _SUSPENSION_WINDOW]:
        if other.text in _CONJUNCTIONS or other.open_end:
            continue
        parts = decompose(other.text)
        if parts:
            return head + "".join(parts[1:]), (head, *parts[1:])
        break
    return head, ()


def _complete_open_start(tokens: Sequence[Token], index: int) -> tuple[str, tuple[str, ...]]:
    tail = tokens[index].text
    for other in reversed(tokens[max(0, index - _SUSPENSION_WINDOW) : index]):
        if other.text in _CONJUNCTIONS or other.open_start:
            continue
        parts = decompose(other.text)
        if parts:
            return "".join(parts[:-1]) + tail, (*parts[:-1], tail)
        break
    return tail, ()


@lru_cache(maxsize=300_000)
def analyze_word(text: str, pieces: tuple[str, ...] = ()) -> WordAnalysis | None:
    """Return the stem and part stems of one folded word, or None for a stop word.

    Single letters are dropped like stop words; single digits are kept ("groep 8").
    """
    stops = stopwords()
    if (not pieces and text in stops) or (len(text) == 1 and not text.isdigit()):
        return None
    main = stem(text)
    parts: list[str] = []
    for piece in pieces or (text,):
        sub_parts = decompose(piece)
        candidates = ([piece] if pieces else []) + list(sub_parts)
        for candidate in candidates:
            if candidate in stops or (len(candidate) == 1 and not candidate.isdigit()):
                continue
            part_stem = stem(candidate)
            if part_stem != main and part_stem not in parts:
                parts.append(part_stem)
    return WordAnalysis(stem=main, part_stems=tuple(parts))


def analyze_words(words: Sequence[Word]) -> list[WordAnalysis | None]:
    """Analyse each word; None where the word is a stop word."""
    return [analyze_word(word.text, word.pieces) for word in words]
