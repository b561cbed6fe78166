"""Index-side and query-side analysis: `analyze` for records, `analyze_query` for searches.

Index tokens are the stems of the words in order, followed by the stems of compound
and hyphen parts. The parts go at the end rather than next to their word so that a
phrase of whole words ("voorschoolse educatie") stays adjacent in the position list:
FTS5 cannot give two tokens one position, and both databases must see the same list.
Synonyms are applied to the query only, so editing them needs no reindex.

Groups of a query are ORed by default: a natural question such as "betrokkenheid van
ouders vergroten" has words ("vergroten") that good answers do not contain; with AND
those answers vanish, with OR they come first because bm25 / ts_rank_cd reward
documents that match more groups. AND stays available (`mode="and"`) for the caller
to measure or to use as a first pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kansenwerk.search.analysis.normalize import fold, folded_words, has_suspended_hyphen
from kansenwerk.search.analysis.synonyms import StemSequence, synonym_table
from kansenwerk.search.analysis.words import (
    Word,
    WordAnalysis,
    analyze_word,
    analyze_words,
    words_of,
)


@dataclass(frozen=True)
class Group:
    """One concept of the query; a record matches it through any of its alternatives."""

    source: str  # the query words this group stands for, folded ("betrokkenheid van ouders")
    terms: frozenset[str]  # single stems
    phrases: frozenset[StemSequence] = frozenset()  # stems that must be adjacent, in order
    conjunctions: frozenset[StemSequence] = frozenset()  # stems that must all occur

    def stems(self) -> frozenset[str]:
        """Every stem this group can match, for highlighting."""
        found = set(self.terms)
        for sequence in self.phrases | self.conjunctions:
            found.update(sequence)
        return frozenset(found)


@dataclass(frozen=True)
class Query:
    """An analysed search question: groups, plus the last typed word for type-ahead."""

    text: str
    groups: tuple[Group, ...]
    prefix: str | None = None  # folded last word when the text does not end in a space

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.prefix

    def stems(self) -> frozenset[str]:
        """Every stem any group can match."""
        found: set[str] = set()
        for group in self.groups:
            found |= group.stems()
        return frozenset(found)


def analyze(text: str) -> list[str]:
    """Return the index tokens of `text`: stems in order, then compound-part stems.

    >>> analyze("Ouderbetrokkenheid in de kinderopvang")
    ['ouderbetrok', 'kinderopvang', 'ouder', 'betrok', 'kind', 'opvang']
    """
    primary: list[str] = []
    parts: list[str] = []
    if has_suspended_hyphen(text):
        analyses = analyze_words(words_of(text))
    else:  # fast path: most records have no "voor- en ..." constructions
        analyses = [analyze_word(word, pieces) for word, pieces in folded_words(text)]
    for analysis in analyses:
        if analysis is not None:
            primary.append(analysis.stem)
            parts.extend(analysis.part_stems)
    return primary + parts


def analyze_query(text: str, *, extra_synonyms: Sequence[str] = ()) -> Query:
    """Analyse a search question into groups of alternative stems.

    `extra_synonyms` are extra lines in the synonyms.txt format (e.g. from a model a
    beheerder edits); they join the groups of the data file.
    """
    table = synonym_table(tuple(extra_synonyms))
    words = words_of(text)
    analysed = [(w, a) for w, a in zip(words, analyze_words(words), strict=True) if a is not None]
    stems = [a.stem for _, a in analysed]
    groups: list[Group] = []
    index = 0
    while index < len(analysed):
        for length in range(min(table.longest, len(analysed) - index), 0, -1):
            alternatives = table.alternatives(tuple(stems[index : index + length]))
            if alternatives:
                span = analysed[index : index + length]
                groups.append(_synonym_group(span, alternatives, table.parts))
                index += length
                break
        else:
            word, analysis = analysed[index]
            groups.append(_word_group(word.text, analysis))
            index += 1
    prefix = fold(words[-1].text) if words and text[-1:].isalnum() else None
    return Query(text=text, groups=_dedupe(groups), prefix=prefix)


def _word_group(source: str, analysis: WordAnalysis) -> Group:
    terms = {analysis.stem}
    conjunctions = set()
    if len(analysis.part_stems) == 1:
        terms.add(analysis.part_stems[0])  # "auto's" -> auto: one part is an alternative
    elif analysis.part_stems:
        conjunctions.add(analysis.part_stems)  # ouderbetrokkenheid: ouder AND betrokken
    return Group(source=source, terms=frozenset(terms), conjunctions=frozenset(conjunctions))


def _synonym_group(
    span: Sequence[tuple[Word, WordAnalysis]],
    alternatives: frozenset[StemSequence],
    parts: dict[StemSequence, StemSequence],
) -> Group:
    terms: set[str] = set()
    phrases: set[StemSequence] = set()
    conjunctions: set[StemSequence] = set()
    for sequence in alternatives:
        if len(sequence) > 1:
            phrases.add(sequence)
            continue
        terms.add(sequence[0])
        if sequence in parts:
            conjunctions.add(parts[sequence])
    if len(span) == 1:
        # Compound parts of the word that was typed still count ("jeugdzorgaanbieder").
        own = _word_group(span[0][0].text, span[0][1])
        terms |= own.terms
        conjunctions |= own.conjunctions
    return Group(
        source=" ".join(word.text for word, _ in span),
        terms=frozenset(terms),
        phrases=frozenset(phrases),
        conjunctions=frozenset(conjunctions),
    )


def _dedupe(groups: list[Group]) -> tuple[Group, ...]:
    """Drop repeated groups ("ouders en ouders") while keeping the first order."""
    seen: set[tuple] = set()
    unique = []
    for group in groups:
        key = (group.terms, group.phrases, group.conjunctions)
        if key not in seen:
            seen.add(key)
            unique.append(group)
    return tuple(unique)
