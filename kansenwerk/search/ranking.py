"""The final, database-independent ranking of search candidates (BM25F in Python).

The databases find the candidates (FTS5 bm25 / ts_rank_cd pick the best
`CANDIDATES` matches), then this module scores every candidate from its stored
tokens with one formula. Both databases therefore return the same order for the
same data, which their native rank functions alone cannot promise (bm25 and
ts_rank_cd weigh frequency and proximity differently). It is written by hand because
no library ranks our own pre-analysed token lists with the query's synonym groups.

Weights (title 4, guiding question 2, body 1; k1 1.2, b 0.5) were chosen by
measurement on the judged set in eval/ (see eval/RESULTS.md).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kansenwerk.search.analysis import Group, Query

FIELD_WEIGHTS = {"title": 4.0, "question": 2.0, "body": 1.0}
K1 = 1.2
B = 0.5
TITLE_FUZZY_MIN = 85.0  # rapidfuzz partial_ratio from which a title counts as a typo match
TITLE_FUZZY_WEIGHT = 3.0


@dataclass
class Candidate:
    id: int
    fields: dict[str, list[str]]  # field name -> tokens
    length: int
    title_folded: str
    counts: dict[str, Counter] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Each token counted once per field: a synonym group has many terms, and
        # list.count per term read the whole field again for every one of them.
        self.counts = {name: Counter(tokens) for name, tokens in self.fields.items()}


def group_frequency(group: Group, tokens: list[str], counts: Counter | None = None) -> float:
    """How often `group` occurs in one field's tokens (`counts`: those tokens counted)."""
    if counts is None:
        counts = Counter(tokens)
    found = sum(counts[t] for t in group.terms if t in counts)
    for parts in group.conjunctions:
        found = max(found, min(counts.get(p, 0) for p in parts))
    for phrase in group.phrases:
        if all(p in counts for p in phrase):
            n = len(phrase)
            found += sum(
                1 for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == phrase
            )
    return float(found)


def idf(*, df: int, total: int) -> float:
    return math.log(1.0 + (total - df + 0.5) / (df + 0.5))


def score(
    *,
    query: Query,
    candidate: Candidate,
    dfs: list[int],
    total: int,
    avg_length: float,
    folded_text: str,
) -> float:
    """BM25F over the fields plus a bonus for a title that looks like the typed text."""
    norm = 1.0 - B + B * (candidate.length / avg_length if avg_length else 1.0)
    value = 0.0
    for group, df in zip(query.groups, dfs, strict=True):
        weighted = sum(
            FIELD_WEIGHTS[name]
            * group_frequency(group, candidate.fields[name], candidate.counts[name])
            for name in FIELD_WEIGHTS
        )
        if weighted:
            value += idf(df=df, total=total) * weighted * (K1 + 1) / (weighted + K1 * norm)
    similarity = title_similarity(folded_text, candidate.title_folded)
    if similarity >= TITLE_FUZZY_MIN:
        value += TITLE_FUZZY_WEIGHT * similarity / 100.0
    return round(value, 6)


def title_similarity(folded_text: str, title_folded: str) -> float:
    """How much a title looks like the typed text (rapidfuzz partial_ratio, 0-100)."""
    if not folded_text or len(folded_text) < 4 or not title_folded:
        return 0.0
    return fuzz.partial_ratio(folded_text, title_folded)


def title_looks_like(folded_text: str, title_folded: str) -> bool:
    """Whether the title earns the typo bonus in `score` (so it can be a hit on its own)."""
    return title_similarity(folded_text, title_folded) >= TITLE_FUZZY_MIN
