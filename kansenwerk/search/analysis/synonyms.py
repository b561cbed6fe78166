"""Synonym groups (data/synonyms.txt plus beheerder-supplied lines), keyed by analysed stems.

Every entry is analysed like search text, so "Basisscholen" in a query meets the
entry "basisschool", and a multi-word entry becomes a phrase of stems.

Two kinds of line (the Solr synonym format):
- ``a, b, c``: equivalent; each entry finds the others.
- ``a, b => x, y``: one way; a query with ``a`` or ``b`` also finds ``x`` and ``y``, but a
  query with ``x`` does not find ``a``. For everyday words ("druk") that should reach the
  professional term ("gedrag") without every "gedrag" query matching "druk".
Text after `` #`` on a line is its reason or source, for the people who edit the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from kansenwerk.search.analysis.resources import iter_data_lines, read_data_lines

SYNONYMS_FILE = "synonyms.txt"

StemSequence = tuple[str, ...]


@dataclass(frozen=True)
class SynonymTable:
    """Synonym groups as stem sequences, with a lookup from any entry to its groups."""

    groups: tuple[frozenset[StemSequence], ...]
    index: dict[StemSequence, tuple[int, ...]] = field(repr=False)
    longest: int  # most stems in one entry: how far a phrase match must look ahead
    parts: dict[StemSequence, StemSequence] = field(default_factory=dict, repr=False)
    # parts: compound-part stems of one-word entries ("jeugdzorg" -> jeugd, zorg)

    def alternatives(self, key: StemSequence) -> frozenset[StemSequence]:
        """All entries sharing a group with `key` (including `key`); empty if unknown."""
        found: set[StemSequence] = set()
        for group_index in self.index.get(key, ()):
            found |= self.groups[group_index]
        return frozenset(found)


def _entries(text: str) -> list[str]:
    return [entry.strip() for entry in text.split(",") if entry.strip()]


def parse_synonym_line(line: str) -> tuple[list[str], list[str]] | None:
    """(query entries, added entries) of one line; None when it is no usable line.

    Equivalent lines give the same list twice; one-way lines ("a => x") differ.
    """
    line = line.split(" #", 1)[0].strip()
    if not line or line.startswith("#"):
        return None
    if "=>" in line:
        left, _, right = line.partition("=>")
        keys, targets = _entries(left), _entries(right)
        if keys and targets:
            return keys, keys + [t for t in targets if t not in keys]
        return None
    entries = _entries(line)
    return (entries, entries) if len(entries) > 1 else None


def parse_synonym_lines(lines: Iterable[str]) -> list[list[str]]:
    """Split synonym lines ("a, b c, d") into lists of entries; comments are skipped."""
    groups = []
    for line in iter_data_lines(lines):
        parsed = parse_synonym_line(line)
        if parsed:
            groups.append(parsed[1])
    return groups


def build_synonym_table(*, lines: Iterable[str]) -> SynonymTable:
    """Build a table from synonym lines in the data-file format."""
    from kansenwerk.search.analysis.words import analyze_words, words_of

    groups: list[frozenset[StemSequence]] = []
    keys_of_group: list[set[StemSequence]] = []
    parts: dict[StemSequence, StemSequence] = {}
    for line in iter_data_lines(lines):
        parsed = parse_synonym_line(line)
        if not parsed:
            continue
        keys, entries = parsed
        sequences: set[StemSequence] = set()
        key_sequences: set[StemSequence] = set()
        for entry in entries:
            analysed = [a for a in analyze_words(words_of(entry)) if a is not None]
            stems = tuple(a.stem for a in analysed)
            if stems:
                sequences.add(stems)
                if entry in keys:
                    key_sequences.add(stems)
            if len(analysed) == 1 and len(analysed[0].part_stems) > 1:
                parts[stems] = analysed[0].part_stems
        if len(sequences) > 1 and key_sequences:
            groups.append(frozenset(sequences))
            keys_of_group.append(key_sequences)
    index: dict[StemSequence, list[int]] = {}
    for group_index, key_sequences in enumerate(keys_of_group):
        for sequence in key_sequences:
            index.setdefault(sequence, []).append(group_index)
    return SynonymTable(
        groups=tuple(groups),
        index={key: tuple(value) for key, value in index.items()},
        longest=max((len(seq) for seq in index), default=0),
        parts=parts,
    )


@lru_cache(maxsize=32)
def synonym_table(extra_lines: Sequence[str] = ()) -> SynonymTable:
    """The table from data/synonyms.txt plus `extra_lines` (e.g. from a beheerder model).

    Pass a tuple so the result can be cached; call `synonym_table.cache_clear()` after
    the data file changes on disk.
    """
    return build_synonym_table(lines=[*read_data_lines(SYNONYMS_FILE), *extra_lines])
