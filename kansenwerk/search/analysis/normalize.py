"""Unicode normalisation, case/diacritics folding and tokenisation of Dutch text.

Tokens keep their character offsets in the original text so that highlighting can
mark exactly the words that matched. Hyphenated and apostrophed words become one
joined token plus their pieces ("taal-ontwikkeling" -> taalontwikkeling + taal +
ontwikkeling); a suspended hyphen ("voor- en vroegschoolse") is flagged so the
analyzer can complete it with the compound splitter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# Characters that join the pieces of one word. Every apostrophe and hyphen variant is
# folded to one of these two before anything else looks at the text.
_APOSTROPHES = "'’‘`´ʼ′"
_HYPHENS = "-‐‑‒–—−"  # ASCII hyphen, hyphen, non-breaking hyphen, figure dash, dashes, minus
_FOLD_PUNCT = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_HYPHENS, "-")})

# One word: letters/digits (plus combining marks, so decomposed "é" stays whole),
# optionally joined by apostrophes or hyphens, or by "." and "," between digits ("7.1").
_ALNUM = r"(?:[^\W_]|[\u0300-\u036f])"
_JOINER = rf"(?:[{re.escape(_APOSTROPHES + _HYPHENS)}]|(?<=\d)[.,](?=\d))"
_TOKEN_RE = re.compile(rf"{_ALNUM}+(?:{_JOINER}{_ALNUM}+)*")
_PIECE_SPLIT_RE = re.compile(r"['\-]")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the source text, folded, with where it was found."""

    text: str  # folded word with apostrophes and hyphens removed ("taalontwikkeling")
    start: int  # offset of the first character in the original text
    end: int  # offset just past the last character
    pieces: tuple[str, ...] = ()  # folded pieces between hyphens/apostrophes, if more than one
    open_end: bool = False  # "voor-" in "voor- en vroegschoolse": completed by a later word
    open_start: bool = False  # "-bestuurders" in "schoolleiders en -bestuurders"


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Return `text` NFKC-normalised, case-folded and without diacritics (ë->e, ĳ->ij).

    Apostrophe and hyphen variants become "'" and "-". Memoised because the same
    words come back on every record.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_PUNCT)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


@lru_cache(maxsize=200_000)
def _fold_word(raw: str) -> tuple[str, tuple[str, ...]]:
    """Fold one matched word into its joined form and its hyphen/apostrophe pieces."""
    folded = fold(raw)
    if folded[:1].isdigit() and "," in folded and folded.replace(",", "").isdigit():
        # Dutch decimal comma: "7,1" and "7.1" must be the same token.
        folded = folded.replace(",", ".")
    pieces = tuple(piece for piece in _PIECE_SPLIT_RE.split(folded) if piece)
    joined = "".join(pieces)
    return joined, pieces if len(pieces) > 1 else ()


def tokenize(text: str) -> list[Token]:
    """Split `text` into folded word tokens with their offsets in `text`."""
    return list(iter_tokens(text))


def iter_tokens(text: str) -> Iterator[Token]:
    """Yield the folded word tokens of `text` in order; see `tokenize`."""
    length = len(text)
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        joined, pieces = _fold_word(match.group())
        if not joined:
            continue
        open_end = end < length and text[end] in _HYPHENS and _is_gap(text, end + 1)
        open_start = start > 0 and text[start - 1] in _HYPHENS and _is_gap(text, start - 2)
        yield Token(
            text=joined,
            start=start - 1 if open_start else start,
            end=end + 1 if open_end else end,
            pieces=pieces,
            open_end=open_end,
            open_start=open_start,
        )


_SUSPENSION_RE = re.compile(rf"{_ALNUM}[{_HYPHENS}](?:\s|/|$)|(?:^|\s|/)[{_HYPHENS}]{_ALNUM}")


def has_suspended_hyphen(text: str) -> bool:
    """True when `text` may hold "voor- en …" or "… en -bestuurders" (needs `tokenize`)."""
    return _SUSPENSION_RE.search(text) is not None


def folded_words(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Fast path for indexing: (folded word, pieces) pairs without offsets or flags."""
    return [_fold_word(raw) for raw in _TOKEN_RE.findall(text)]


def _is_gap(text: str, index: int) -> bool:
    """True when `index` is outside `text` or points at whitespace or a slash."""
    return index < 0 or index >= len(text) or text[index].isspace() or text[index] == "/"
