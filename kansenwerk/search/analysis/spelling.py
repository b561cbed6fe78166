"""'Bedoelde u …?' suggestions: the closest vocabulary word by edit distance (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Collection

from rapidfuzz import fuzz, process

from kansenwerk.search.analysis.normalize import fold


def suggest_spelling(
    word: str, vocabulary: Collection[str], *, min_score: float = 80.0
) -> str | None:
    """Return the vocabulary word closest to `word`, or None if `word` is known or nothing is close.

    `vocabulary` comes from the caller (e.g. the words of indexed titles); comparison
    is on folded text, the suggestion is returned as written in the vocabulary.
    `min_score` is rapidfuzz's normalised similarity (0–100); 80 allows about one
    typo in five letters.
    """
    folded = fold(word.strip())
    if len(folded) < 3:
        return None  # too short to guess: nearly every short word is one edit from another
    folded_vocabulary = {fold(entry): entry for entry in vocabulary}
    if folded in folded_vocabulary:
        return None
    match = process.extractOne(
        folded, list(folded_vocabulary), scorer=fuzz.ratio, score_cutoff=min_score
    )
    return folded_vocabulary[match[0]] if match else None
