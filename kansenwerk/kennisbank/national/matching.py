"""Which national theme a regional theme is about, and which directions are twins.

Pure functions over text, with the search analyser (Dutch stemming, compound parts,
synonyms), so the suggestion understands "overstap" and "overgang po vo" the way search
does. Hand-written rather than a library: a dozen national themes against a few hundred
themes is a tiny tf-idf, and the analyser that makes it Dutch-aware is already ours.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from kansenwerk.search.analysis import analyze, analyze_query

# How much each part of a regional theme counts: the title names the subject, the guiding
# question states it, the introduction and directions fill it in (and wander more).
THEME_WEIGHTS = {"title": 3.0, "guiding_question": 2.0, "introduction": 1.0, "directions": 1.0}
# A national theme's title counts double against its description.
NATIONAL_TITLE_WEIGHT = 2.0
# Below this cosine the best national theme is a guess, not a suggestion (the seeds' weakest
# correct match scores about three times this; unrelated texts stay well under it).
MIN_SCORE = 0.05
# Two directions are twins when this share of their title concepts match each other.
TWIN_MIN_OVERLAP = 0.5

Vector = dict[str, float]


@dataclass(frozen=True)
class ThemeText:
    title: str
    guiding_question: str = ""
    introduction: str = ""
    directions: Sequence[str] = ()


@dataclass(frozen=True)
class NationalText:
    key: int
    title: str
    description: str = ""


@dataclass(frozen=True)
class Match:
    key: int | None
    score: float


def _expanded(text: str) -> Counter[str]:
    """Stems of `text` plus their synonyms (as search expands a query), each counted once
    per occurrence of the word that brought it."""
    found: Counter[str] = Counter(analyze(text))
    for group in analyze_query(text).groups:
        for term in group.terms:
            if term not in found:
                found[term] += 1
    return found


def _theme_counts(theme: ThemeText) -> Counter[str]:
    counts: Counter[str] = Counter()
    parts = {
        "title": theme.title,
        "guiding_question": theme.guiding_question,
        "introduction": theme.introduction,
        "directions": "\n".join(theme.directions),
    }
    for name, text in parts.items():
        for stem, n in Counter(analyze(text)).items():
            counts[stem] += THEME_WEIGHTS[name] * n  # type: ignore[assignment]
    return counts


def _national_counts(national: NationalText) -> Counter[str]:
    counts: Counter[str] = Counter()
    for stem, n in _expanded(national.title).items():
        counts[stem] += NATIONAL_TITLE_WEIGHT * n  # type: ignore[assignment]
    counts.update(_expanded(national.description))
    return counts


def _weigh(counts: Counter[str], idf: dict[str, float]) -> Vector:
    vector = {s: (1 + math.log(n)) * idf[s] for s, n in counts.items() if n > 0 and s in idf}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {s: v / norm for s, v in vector.items()}


class Matcher:
    """The national themes as tf-idf vectors; `best(theme)` is the closest one, if close."""

    def __init__(self, nationals: Iterable[NationalText]) -> None:
        counted = [(n.key, _national_counts(n)) for n in nationals]
        df: Counter[str] = Counter()
        for _key, counts in counted:
            df.update(counts.keys())
        total = len(counted)
        # Only stems some national theme uses can tell them apart; idf over the national
        # themes makes a word all of them share ("onderwijs", "kind") count for little.
        self.idf = {s: math.log(1 + total / n) for s, n in df.items()}
        self.vectors = [(key, _weigh(counts, self.idf)) for key, counts in counted]

    def scores(self, theme: ThemeText) -> list[Match]:
        vector = _weigh(_theme_counts(theme), self.idf)
        found = [
            Match(key, sum(v * vector.get(s, 0.0) for s, v in national.items()))
            for key, national in self.vectors
        ]
        return sorted(found, key=lambda m: (-m.score, m.key or 0))

    def best(self, theme: ThemeText) -> Match:
        ranked = self.scores(theme)
        if not ranked or ranked[0].score < MIN_SCORE:
            return Match(None, ranked[0].score if ranked else 0.0)
        return ranked[0]


@dataclass(frozen=True)
class TitleShape:
    """A title's concepts (each the stems that stand for it: the word, its synonyms) and the
    stems it contains (compound parts included)."""

    concepts: tuple[frozenset[str], ...]
    stems: frozenset[str]


@lru_cache(maxsize=4096)
def title_shape(title: str) -> TitleShape:
    concepts = tuple(
        group.terms | {s for seq in group.conjunctions for s in seq}
        for group in analyze_query(title).groups
    )
    return TitleShape(concepts, frozenset(analyze(title)))


def shape_overlap(a: TitleShape, b: TitleShape) -> float:
    """The share of concepts two titles have in common (0–1), synonyms included."""
    if not a.concepts or not b.concepts:
        return 0.0
    a_in_b = sum(1 for c in a.concepts if c & b.stems)
    b_in_a = sum(1 for c in b.concepts if c & a.stems)
    return (a_in_b + b_in_a) / (len(a.concepts) + len(b.concepts))


def title_overlap(first: str, second: str) -> float:
    return shape_overlap(title_shape(first), title_shape(second))


def are_twins(first: str, second: str) -> bool:
    return title_overlap(first, second) >= TWIN_MIN_OVERLAP
