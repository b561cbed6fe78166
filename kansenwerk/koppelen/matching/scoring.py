"""Vectorised hard-rule checks and fit scores for blocks of mentee × mentor pairs.

One function (`evaluate_block`) computes every rule and score, so candidate generation,
explanations and unmatched reasons can never disagree about what fits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

import numpy as np

from .distance import DistanceModel
from .people import Person
from .rules import Rules

SCORE_SCALE = 1000  # scores are kept as integers (thousandths) so the flow solver is exact
BLOCKING_WORTH_IT = 0.7  # block only when that skips at least 30 % of the comparisons
BLOCK_ROWS = 256  # mentees per block: keeps a 5,000-mentor block around 10 MB per matrix


def _key(value: str) -> str:
    return value.strip().casefold()


class Vocabulary:
    """Case-insensitive term -> column index, shared by both sides."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.index: dict[str, int] = {}
        # Terms as typed -> column: people repeat the same few spellings, so each spelling is
        # folded once (encoding 20,000 people otherwise spends seconds in casefold).
        self.typed: dict[str, int] = {}
        for term in terms:
            if term not in self.typed:
                self.typed[term] = self.index.setdefault(_key(term), len(self.index))

    def _cells(self, rows: Sequence[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
        typed = self.typed
        row_of: list[int] = []
        column_of: list[int] = []
        for row, terms in enumerate(rows):
            for term in terms:
                row_of.append(row)
                column_of.append(typed[term] if term in typed else self.index[_key(term)])
        return np.array(row_of, dtype=np.int64), np.array(column_of, dtype=np.int64)

    def one_hot(self, rows: Sequence[Iterable[str]]) -> np.ndarray:
        matrix = np.zeros((len(rows), max(len(self.index), 1)), dtype=np.float32)
        row_of, column_of = self._cells(rows)
        matrix[row_of, column_of] = 1.0
        return matrix

    def bits(self, rows: Sequence[Iterable[str]]) -> np.ndarray:
        """One bitset per row, in 64-term words: bit i is set when the row has term i."""
        words = max(1, -(-len(self.index) // 64))
        matrix = np.zeros((len(rows), words), dtype=np.uint64)
        row_of, column_of = self._cells(rows)
        np.bitwise_or.at(
            matrix,
            (row_of, column_of // 64),
            np.left_shift(np.uint64(1), (column_of % 64).astype(np.uint64)),
        )
        return matrix

    def codes(self, values: Sequence[str | None]) -> np.ndarray:
        typed = self.typed
        return np.array(
            [(typed[v] if v in typed else self.index[_key(v)]) if v else -1 for v in values],
            dtype=np.int64,
        )


@dataclass(frozen=True)
class EncodedSide:
    people: Sequence[Person]
    languages: np.ndarray
    availability: np.ndarray
    interests: np.ndarray
    needs: np.ndarray
    home_language: np.ndarray
    gender: np.ndarray
    gender_preference: np.ndarray
    has_vog: np.ndarray
    is_minor: np.ndarray
    year_group: np.ndarray
    attributes: dict[str, np.ndarray]
    postcodes: list[str | None]
    # Index of each person's postcode area in `area_names` (shared by both sides), so
    # distances are computed once per pair of areas instead of once per pair of people.
    area: np.ndarray
    area_names: tuple[str | None, ...]
    # The same sets as bitsets, for counting shared terms per pair.
    language_bits: np.ndarray
    slot_bits: np.ndarray
    interest_bits: np.ndarray
    need_bits: np.ndarray


def encode(
    *, mentors: Sequence[Person], mentees: Sequence[Person], rules: Rules
) -> tuple[EncodedSide, EncodedSide]:
    """Encode both sides over shared vocabularies; returns (mentors, mentees)."""
    everyone = [*mentors, *mentees]
    languages = Vocabulary(
        t for p in everyone for t in (*p.languages, *([p.home_language] if p.home_language else []))
    )
    availability = Vocabulary(t for p in everyone for t in p.availability)
    interests = Vocabulary(t for p in everyone for t in p.interests)
    needs = Vocabulary(t for p in everyone for t in p.needs)
    genders = Vocabulary(t for p in everyone for t in (p.gender, p.gender_preference) if t)
    attribute_names = {*rules.hard.same_attributes, *rules.soft.attributes}
    attribute_vocab = {
        name: Vocabulary(p.attributes[name] for p in everyone if p.attributes.get(name))
        for name in attribute_names
    }
    area_index: dict[str | None, int] = {}
    for p in everyone:
        area_index.setdefault(p.postcode, len(area_index))
    area_names = tuple(area_index)

    def side(people: Sequence[Person]) -> EncodedSide:
        return EncodedSide(
            people=people,
            languages=languages.one_hot([p.languages for p in people]),
            availability=availability.one_hot([p.availability for p in people]),
            interests=interests.one_hot([p.interests for p in people]),
            needs=needs.one_hot([p.needs for p in people]),
            home_language=languages.codes([p.home_language for p in people]),
            gender=genders.codes([p.gender for p in people]),
            gender_preference=genders.codes([p.gender_preference for p in people]),
            has_vog=np.array([p.has_vog for p in people], dtype=bool),
            is_minor=np.array([p.is_minor for p in people], dtype=bool),
            year_group=np.array(
                [np.nan if p.year_group is None else p.year_group for p in people], dtype=np.float64
            ),
            attributes={
                name: vocab.codes([p.attributes.get(name) for p in people])
                for name, vocab in attribute_vocab.items()
            },
            postcodes=[p.postcode for p in people],
            area=np.array([area_index[p.postcode] for p in people], dtype=np.int64),
            area_names=area_names,
            language_bits=languages.bits([p.languages for p in people]),
            slot_bits=availability.bits([p.availability for p in people]),
            interest_bits=interests.bits([p.interests for p in people]),
            need_bits=needs.bits([p.needs for p in people]),
        )

    return side(mentors), side(mentees)


@dataclass(frozen=True)
class BlockEvaluation:
    """Rules and scores for mentees[rows] × all mentors; `hard` is ordered as reasons are
    reported."""

    hard: list[tuple[str, np.ndarray]]
    score: np.ndarray  # int32, thousandths
    area_pair: np.ndarray  # index into area_km per pair
    area_km: np.ndarray  # km per pair of distinct postcode areas, NaN when unknown

    @property
    def feasible(self) -> np.ndarray:
        mask = np.ones(self.score.shape, dtype=bool)
        for _name, rule in self.hard:
            mask &= rule
        return mask

    @property
    def km(self) -> np.ndarray:
        return self.area_km.take(self.area_pair)


def _shared_counts(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """How many terms each row of `mine` shares with each row of `theirs` (bitsets of 64-term
    words): an AND and a popcount per pair, no float matrix product."""
    counts = np.bitwise_count(mine[:, None, 0] & theirs[None, :, 0])
    if mine.shape[1] > 1:
        counts = counts.astype(np.uint16)
    for word in range(1, mine.shape[1]):
        counts += np.bitwise_count(mine[:, None, word] & theirs[None, :, word])
    return counts


def _points(weight: float, values: np.ndarray | float = 1.0) -> np.ndarray:
    """Whole thousandths per possible value: scores are sums of whole thousandths, so the
    flow solver is exact and every way of computing a pair's score agrees."""
    return np.rint(weight * np.asarray(values, dtype=np.float64) * SCORE_SCALE).astype(np.int32)


def evaluate_block(
    *,
    mentors: EncodedSide,
    mentees: EncodedSide,
    rows: np.ndarray,
    rules: Rules,
    distance: DistanceModel,
) -> BlockEvaluation:
    """Evaluate mentees[rows] against every mentor.

    Vectorised on small integers: shared terms are popcounts of bitsets, each soft criterion
    adds its points from a table indexed by the count, and distances are computed once per
    pair of postcode areas and looked up per pair of people.
    """
    hard_rules, soft = rules.hard, rules.soft
    shared_languages = _shared_counts(mentees.language_bits[rows], mentors.language_bits)
    shared_slots = _shared_counts(mentees.slot_bits[rows], mentors.slot_bits)
    from_areas, from_index = np.unique(mentees.area[rows], return_inverse=True)
    to_areas, to_index = np.unique(mentors.area, return_inverse=True)
    area_km = np.asarray(
        distance.matrix(
            origins=[mentees.area_names[i] for i in from_areas.tolist()],
            destinations=[mentors.area_names[j] for j in to_areas.tolist()],
        ),
        dtype=np.float64,
    ).reshape(-1)
    area_pair = (
        from_index.reshape(-1).astype(np.int32)[:, None] * np.int32(len(to_areas))
        + to_index.reshape(-1).astype(np.int32)[None, :]
    )
    preference = mentees.gender_preference[rows][:, None]
    # Unknown values are -2 on the mentor side and -1 on the mentee side, so equality alone
    # means both are known and the same.
    preference_met = preference == np.where(mentors.gender >= 0, mentors.gender, -2)[None, :]

    hard: list[tuple[str, np.ndarray]] = [
        ("languages", shared_languages >= hard_rules.min_shared_languages),
        ("availability", shared_slots >= hard_rules.min_shared_availability),
    ]
    if hard_rules.max_distance_km is not None:
        with np.errstate(invalid="ignore"):
            near = area_km <= hard_rules.max_distance_km
        if getattr(distance, "unknown_passes", False):
            near |= np.isnan(area_km)  # a distance nobody knows cannot exclude anybody
        hard.append(("distance", near.take(area_pair)))
    if hard_rules.require_vog_for_minors:
        hard.append(("vog", ~mentees.is_minor[rows][:, None] | mentors.has_vog[None, :]))
    if hard_rules.gender_preference_is_hard:
        hard.append(("gender", (preference < 0) | preference_met))
    if hard_rules.min_year_group_gap > 0:
        with np.errstate(invalid="ignore"):
            gap = mentors.year_group[None, :] - mentees.year_group[rows][:, None]
            hard.append(("year_group", gap >= hard_rules.min_year_group_gap))
    for name in hard_rules.same_attributes:
        mine, theirs = mentees.attributes[name][rows][:, None], mentors.attributes[name][None, :]
        hard.append((f"attribute:{name}", (mine >= 0) & (mine == theirs)))

    with np.errstate(invalid="ignore"):
        closeness = np.nan_to_num(
            np.clip(1.0 - area_km / soft.distance_scale_km, 0.0, 1.0), nan=0.0
        )
    score = _points(soft.distance, closeness).take(area_pair)
    counts = np.arange(mentees.interest_bits.shape[1] * 64 + 1)
    saturated = np.minimum(counts, soft.interests_saturation) / soft.interests_saturation
    score += _points(soft.shared_interests, saturated).take(
        _shared_counts(mentees.interest_bits[rows], mentors.interest_bits)
    )
    counts = np.arange(mentees.slot_bits.shape[1] * 64 + 1)
    extra = np.clip(counts - hard_rules.min_shared_availability, 0, 2) / 2
    score += _points(soft.extra_availability, extra).take(shared_slots)
    home = mentees.home_language[rows][:, None]
    mentor_home = np.where(mentors.home_language >= 0, mentors.home_language, -2)[None, :]
    score += _points(soft.home_language) * (home == mentor_home)
    score += _points(soft.gender_preference) * preference_met
    if soft.shared_needs > 0 and mentors.need_bits.any():
        shared_needs = _shared_counts(mentees.need_bits[rows], mentors.need_bits)
        score += _points(soft.shared_needs) * (shared_needs > 0)
    for name, weight in soft.attributes.items():
        mine, theirs = mentees.attributes[name][rows][:, None], mentors.attributes[name][None, :]
        score += _points(weight) * ((mine >= 0) & (mine == theirs))
    return BlockEvaluation(hard=hard, score=score, area_pair=area_pair, area_km=area_km)


@dataclass(frozen=True)
class Candidates:
    """Sparse feasible pairs: parallel arrays of mentee index, mentor index and integer score."""

    mentee: np.ndarray
    mentor: np.ndarray
    score: np.ndarray
    # Per mentee (all mentees, by index): how many feasible pairs it has, and the best score
    # among its feasible pairs that were left out (-1 when none was; see `keep`).
    per_mentee: np.ndarray | None = None
    pruned_best: np.ndarray | None = None

    @property
    def pruned(self) -> bool:
        return self.pruned_best is not None and bool((self.pruned_best >= 0).any())

    def __len__(self) -> int:
        return len(self.score)


def iter_blocks(n: int, size: int = BLOCK_ROWS) -> Iterator[np.ndarray]:
    for start in range(0, n, size):
        yield np.arange(start, min(start + size, n))


def subset(side: EncodedSide, cols: np.ndarray) -> EncodedSide:
    """The same side restricted to `cols` (a copy of the rows of every matrix)."""
    return EncodedSide(
        people=[side.people[i] for i in cols.tolist()],
        languages=side.languages[cols],
        availability=side.availability[cols],
        interests=side.interests[cols],
        needs=side.needs[cols],
        home_language=side.home_language[cols],
        gender=side.gender[cols],
        gender_preference=side.gender_preference[cols],
        has_vog=side.has_vog[cols],
        is_minor=side.is_minor[cols],
        year_group=side.year_group[cols],
        attributes={name: codes[cols] for name, codes in side.attributes.items()},
        postcodes=[side.postcodes[i] for i in cols.tolist()],
        area=side.area[cols],
        area_names=side.area_names,
        language_bits=side.language_bits[cols],
        slot_bits=side.slot_bits[cols],
        interest_bits=side.interest_bits[cols],
        need_bits=side.need_bits[cols],
    )


def _blocks(
    *, mentors: EncodedSide, mentees: EncodedSide, rows: np.ndarray, rules: Rules, distance
) -> Iterator[tuple[np.ndarray, np.ndarray | None]]:
    """Groups of mentee rows with the only mentors that can pass the hard rules for them.

    Blocking keys: the distance band (when a maximum distance is set and the distance model
    can band postcodes), the set of languages, and the union of the group's slots. Every
    pair left out fails a hard rule, so the candidates are exactly the same as comparing
    all pairs; the cost grows with the pairs that share a band and a language.
    `None` as mentor set means all mentors.
    """
    hard = rules.hard
    n_mentors = len(mentors.people)
    all_mentors = np.arange(n_mentors)
    mentor_bands: Callable[[Any], Sequence[int]] | None = None
    mentee_band: list = [None] * len(mentees.people)
    banding = getattr(distance, "bands", None)
    if hard.max_distance_km is not None and banding is not None:
        bands = banding(
            mentee_postcodes=[mentees.postcodes[i] for i in rows.tolist()],
            mentor_postcodes=mentors.postcodes,
            max_km=hard.max_distance_km,
        )
        if bands is not None:
            own, mentor_bands = bands
            for i, band in zip(rows.tolist(), own, strict=True):
                mentee_band[i] = band
    use_languages = hard.min_shared_languages >= 1
    use_slots = hard.min_shared_availability >= 1
    groups: dict[tuple, list[int]] = {}
    for i in rows.tolist():
        langs = tuple(np.flatnonzero(mentees.languages[i]).tolist()) if use_languages else ()
        groups.setdefault((mentee_band[i], langs), []).append(i)
    for (band, langs), members in groups.items():
        member_rows = np.array(members, dtype=np.int64)
        if mentor_bands is not None and band is not None:
            cols = np.asarray(mentor_bands(band), dtype=np.int64)
        else:
            cols = all_mentors
        if use_languages and len(cols):
            cols = (
                cols[mentors.languages[cols][:, list(langs)].sum(axis=1) > 0] if langs else cols[:0]
            )
        if use_slots and len(cols):
            slots = np.flatnonzero(mentees.availability[member_rows].max(axis=0))
            cols = (
                cols[mentors.availability[cols][:, slots].sum(axis=1) > 0]
                if len(slots)
                else cols[:0]
            )
        if len(cols) == n_mentors:
            yield member_rows, None
        elif len(cols):
            yield member_rows, cols


def _forbidden_mask(
    *,
    forbidden: Mapping[int, Sequence[int]],
    block_rows: np.ndarray,
    cols: np.ndarray | None,
    shape: tuple[int, int],
) -> np.ndarray | None:
    """True where (mentee, mentor) in this block is forbidden; None when nothing is."""
    hits = [(local, forbidden[m]) for local, m in enumerate(block_rows.tolist()) if m in forbidden]
    if not hits:
        return None
    mask = np.zeros(shape, dtype=bool)
    for local, mentors in hits:
        wanted = np.asarray(mentors, dtype=np.int64)
        if cols is None:
            mask[local, wanted] = True
        else:
            at = np.searchsorted(cols, wanted)
            found = at < len(cols)
            found[found] = cols[at[found]] == wanted[found]
            mask[local, at[found]] = True
    return mask


def candidate_pairs(
    *,
    mentors: EncodedSide,
    mentees: EncodedSide,
    rules: Rules,
    distance: DistanceModel,
    forbidden: Set[tuple[int, int]] = frozenset(),
    rows: np.ndarray | None = None,
    blocking: bool = True,
    keep: int | None = None,
) -> Candidates:
    """All (mentee, mentor) pairs that pass every hard rule and are not forbidden.

    With `blocking` (the default) mentees are grouped on the hard rules first (see `_blocks`)
    so mentors that cannot fit are never compared; without it every pair is evaluated, block
    by block (kept as the reference in tests and the benchmark).
    `rows` limits the mentees considered (e.g. to those not locked);
    `forbidden` holds (mentee, mentor) indices.
    With `keep`, only each mentee's `keep` best-scoring pairs are returned, with the best
    score left out per mentee (`pruned_best`), so the solver can prove that the pairs left out
    cannot improve its optimum or ask for them (see `optimal.solve_optimal`). Memory then
    grows with mentees × keep instead of with all feasible pairs.
    """
    n_mentees, n_mentors = len(mentees.people), len(mentors.people)
    all_rows = np.arange(n_mentees) if rows is None else np.asarray(rows, dtype=np.int64)
    banned: dict[int, list[int]] = {}
    for banned_mentee, banned_mentor in forbidden:
        banned.setdefault(banned_mentee, []).append(banned_mentor)
    for mentor_list in banned.values():
        mentor_list.sort()
    per_mentee = np.zeros(n_mentees, dtype=np.int64)
    pruned_best = np.full(n_mentees, -1, dtype=np.int64)
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    groups: list[tuple[np.ndarray, np.ndarray | None]] = [(all_rows, None)]
    if blocking:
        blocked = list(
            _blocks(mentors=mentors, mentees=mentees, rows=all_rows, rules=rules, distance=distance)
        )
        work = sum(len(r) * (n_mentors if c is None else len(c)) for r, c in blocked)
        # When blocking leaves most pairs anyway (one city, everybody speaks Dutch), comparing
        # all pairs in row order is cheaper than copying mentor subsets per group.
        if work < BLOCKING_WORTH_IT * len(all_rows) * max(n_mentors, 1):
            groups = blocked
    for group_rows, cols in groups:
        side = mentors if cols is None else subset(mentors, cols)
        for block in iter_blocks(len(group_rows)):
            block_rows = group_rows[block]
            evaluation = evaluate_block(
                mentors=side, mentees=mentees, rows=block_rows, rules=rules, distance=distance
            )
            feasible = evaluation.feasible
            if banned:
                mask = _forbidden_mask(
                    forbidden=banned, block_rows=block_rows, cols=cols, shape=feasible.shape
                )
                if mask is not None:
                    feasible &= ~mask
            per_mentee[block_rows] = feasible.sum(axis=1)
            if keep is not None and feasible.shape[1] > keep:
                # Scores are never negative, so -1 marks an infeasible pair.
                masked = np.where(feasible, evaluation.score, -1)
                order = np.argpartition(-masked, keep, axis=1)
                top = np.sort(order[:, :keep], axis=1)
                pruned_best[block_rows] = np.take_along_axis(masked, order[:, keep : keep + 1], 1)[
                    :, 0
                ]
                picked = np.take_along_axis(masked, top, axis=1)
                local, slot = np.nonzero(picked >= 0)
                mentor, score = top[local, slot], picked[local, slot].astype(np.int32)
            else:
                local, mentor = np.nonzero(feasible)
                score = evaluation.score[local, mentor].astype(np.int32)
            if cols is not None:
                mentor = cols[mentor]
            parts.append((block_rows[local].astype(np.int32), mentor.astype(np.int32), score))
    if parts:
        mentee_idx = np.concatenate([p[0] for p in parts])
        mentor_idx = np.concatenate([p[1] for p in parts])
        scores = np.concatenate([p[2] for p in parts])
        if len(groups) > 1:
            # Same order as comparing all pairs (by mentee, then mentor), so ties between
            # equally good pairs are broken the same way. A mentee is in exactly one group,
            # where its mentors come in ascending order, so a stable sort on the mentee
            # (a radix sort for int32) is enough.
            order = np.argsort(mentee_idx, kind="stable")
            mentee_idx, mentor_idx, scores = mentee_idx[order], mentor_idx[order], scores[order]
    else:
        mentee_idx = mentor_idx = scores = np.zeros(0, np.int32)
    return Candidates(
        mentee=mentee_idx,
        mentor=mentor_idx,
        score=scores,
        per_mentee=per_mentee,
        pruned_best=pruned_best,
    )


def reachability(
    *, mentors: EncodedSide, mentees: EncodedSide, rules: Rules, distance: DistanceModel
) -> tuple[list[str], np.ndarray | None]:
    """reachable[k, m]: some mentee passes the first k+1 hard rules with mentor m.

    The first two rules (languages, slots) are checked for every pair with small matrix
    products; later rules only for the pairs `_blocks` leaves, which are exactly the pairs
    that can pass languages, slots and the distance band. Equal to evaluating every pair
    (tested), without the all-pairs cost for large cohorts. None when there are no mentees.
    """
    if not len(mentees.people):
        return [], None
    hard = rules.hard
    empty = evaluate_block(
        mentors=mentors, mentees=mentees, rows=np.zeros(0, np.int64), rules=rules, distance=distance
    )
    names = [name for name, _mask in empty.hard]
    reachable = np.zeros((len(names), len(mentors.people)), dtype=bool)
    for block in iter_blocks(len(mentees.people), size=1024):
        languages = mentees.languages[block] @ mentors.languages.T >= hard.min_shared_languages
        slots = mentees.availability[block] @ mentors.availability.T >= hard.min_shared_availability
        reachable[0] |= languages.any(axis=0)
        reachable[1] |= (languages & slots).any(axis=0)
        if reachable[:2].all():
            break
    rows = np.arange(len(mentees.people))
    all_mentors = np.arange(len(mentors.people))
    for group_rows, cols in _blocks(
        mentors=mentors, mentees=mentees, rows=rows, rules=rules, distance=distance
    ):
        group_cols = all_mentors if cols is None else cols
        for block in iter_blocks(len(group_rows)):
            # A mentor reachable under every rule needs no further mentees: in a city most
            # are after the first block, so later blocks compare only the few left.
            live = group_cols[~reachable[2:, group_cols].all(axis=0)]
            if not len(live):
                break
            evaluation = evaluate_block(
                mentors=mentors if len(live) == len(all_mentors) else subset(mentors, live),
                mentees=mentees,
                rows=group_rows[block],
                rules=rules,
                distance=distance,
            )
            cumulative = np.logical_and.accumulate(
                np.stack([mask for _name, mask in evaluation.hard]), axis=0
            )
            reachable[2:, live] |= np.asarray(cumulative.any(axis=1))[2:]
    return names, reachable
