"""Dutch compound splitting with the OpenTaal word list: ouderbetrokkenheid -> ouder, betrokkenheid.

Hand-written because no maintained Python package splits Dutch compounds against a
word list we control (CharSplit and friends are German-only and statistical). The
algorithm is a memoised dynamic programme over split points: every part must be a
word of the lexicon (OpenTaal's /usr/share/dict/dutch from Debian's `wdutch`, plus
data/extra_words.txt), at least MIN_PART_LENGTH characters and not an ending or
particle (data/compound_nonparts.txt, stop words). A linking morpheme (-s-, -e-, -en-)
may follow a non-final part. Among valid splits we prefer fewer parts, then fewer
linking morphemes, then the longest shortest part. The word itself is not a split:
callers keep the whole word and add the parts.
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache
from pathlib import Path

from kansenwerk.search.analysis.normalize import fold
from kansenwerk.search.analysis.resources import stopwords, word_set

WORD_LIST_PATH = Path(os.environ.get("KANSENWERK_WORD_LIST", "/usr/share/dict/dutch"))
MIN_PART_LENGTH = 3
MAX_WORD_LENGTH = 40  # longer "words" are URLs or glued garbage; splitting them is waste
LINKING_MORPHEMES = ("s", "e", "en")
# A part that starts like an unstressed prefix must be long: "gesprek" is no gesp + rek,
# but "gezinscoach" is gezin + coach.
UNSTRESSED_PREFIXES = ("be", "ge", "ver", "ont", "her")
MIN_PREFIXED_PART_LENGTH = 5
# Inflectional endings: "kinderen" is "kinder" + -en, not kin + deren.
INFLECTIONS = ("ende", "en", "de", "te", "e", "s", "n")


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Return the folded compound-part lexicon, loaded once on first use.

    Entries starting with a capital letter are names (Abchazië) and are skipped, as
    are entries with digits, spaces or hyphens. When the word list is missing a
    warning is issued and only data/extra_words.txt is used, so splitting degrades
    to almost nothing instead of failing.
    """
    words: set[str] = set(word_set("extra_words.txt"))
    try:
        raw = WORD_LIST_PATH.read_text(encoding="utf-8")
    except OSError:
        warnings.warn(
            f"Dutch word list {WORD_LIST_PATH} not found (install Debian package 'wdutch'); "
            "compound splitting is disabled.",
            RuntimeWarning,
            stacklevel=2,
        )
        return frozenset(words)
    for entry in raw.splitlines():
        if entry[:1].islower():
            folded = fold(entry)
            if folded.isalpha() and folded.isascii():
                words.add(folded)
    return frozenset(words)


@lru_cache(maxsize=1)
def _forbidden_parts() -> frozenset[str]:
    return word_set("compound_nonparts.txt") | stopwords()


@lru_cache(maxsize=200_000)
def decompose(word: str) -> tuple[str, ...]:
    """Split a folded word into its compound parts; () when it is not a compound.

    >>> decompose("ouderbetrokkenheid")
    ('ouder', 'betrokkenheid')
    """
    if not word.isalpha() or not (2 * MIN_PART_LENGTH <= len(word) <= MAX_WORD_LENGTH):
        return ()
    words = lexicon()
    if _is_inflected_simplex(word, words):
        return ()
    best = _best_split(word, words, _forbidden_parts())
    return best if len(best) > 1 else ()


def _is_inflected_simplex(word: str, words: frozenset[str]) -> bool:
    """True when `word` is an inflected form of a lexicon word that is no compound.

    Without word frequencies this is the signal that separates "verschillende"
    (verschillend + -e, spurious verschil + lende) from "basisscholen" (no base
    form "basisschol" in the lexicon, so it is split as basis + scholen).
    """
    for ending in INFLECTIONS:
        base = word[: -len(ending)]
        if word.endswith(ending) and base in words and not decompose(base):
            return True
    return False


def _best_split(word: str, words: frozenset[str], forbidden: frozenset[str]) -> tuple[str, ...]:
    """Dynamic programme over suffixes of `word`: best split of word[i:] for each i."""
    length = len(word)
    # best[i] = (score, parts) for word[i:]; score = (parts, linkers, -shortest part).
    best: list[tuple[tuple[int, int, int], tuple[str, ...]] | None] = [None] * (length + 1)
    best[length] = ((0, 0, -length), ())
    for start in range(length - MIN_PART_LENGTH, -1, -1):
        candidates = []
        for end in range(start + MIN_PART_LENGTH, length + 1):
            if start == 0 and end == length:
                continue  # the whole word is not a split of itself
            part = word[start:end]
            if part not in words or part in forbidden:
                continue
            if len(part) < MIN_PREFIXED_PART_LENGTH and part.startswith(UNSTRESSED_PREFIXES):
                continue
            # The part directly followed by the rest, or by a linking morpheme first.
            gaps = [(end, 0)] + [
                (end + len(link), 1)
                for link in LINKING_MORPHEMES
                if end + len(link) < length and word.startswith(link, end)
            ]
            for rest_start, linkers in gaps:
                rest = best[rest_start]
                if rest is None:
                    continue
                (rest_parts, rest_linkers, rest_shortest), rest_split = rest
                score = (rest_parts + 1, rest_linkers + linkers, max(rest_shortest, -len(part)))
                candidates.append((score, (part, *rest_split)))
        if candidates:
            best[start] = min(candidates)
    found = best[0]
    return found[1] if found else ()
