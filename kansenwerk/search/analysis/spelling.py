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


class Speller:
    """Symmetric-delete spelling correction (symspellpy) over a vocabulary with counts.

    Built from the words of the index with their frequencies, so a typo is corrected to
    a word that some record contains, and to the more frequent one when two are equally
    close. Words of the Dutch word list get a bonus: a real word beats OCR debris.
    """

    MAX_DISTANCE = 2

    def __init__(self, counts: dict[str, int], *, lexicon: Collection[str] = ()) -> None:
        from symspellpy import SymSpell

        self._symspell = SymSpell(max_dictionary_edit_distance=self.MAX_DISTANCE, prefix_length=7)
        self.counts = counts
        for word, count in counts.items():
            bonus = 2 if word in lexicon else 1
            self._symspell.create_dictionary_entry(word, count * bonus)

    def correct(self, word: str) -> str | None:
        """The closest, most frequent vocabulary word for an unknown `word`, or None."""
        from symspellpy import Verbosity

        folded = fold(word.strip())
        if len(folded) < 4 or not folded.isalpha() or folded in self.counts:
            return None
        # One edit in short words, two from eight letters: "onderwjis" -> "onderwijs".
        distance = 1 if len(folded) < 8 else self.MAX_DISTANCE
        found = self._symspell.lookup(folded, Verbosity.CLOSEST, max_edit_distance=distance)
        return found[0].term if found else None
