"""Run a matching for a cohort: hard rules, locked and forbidden pairs, optimal or stable,
with Dutch explanations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from kansenwerk.core.i18n import _

from . import explain
from .distance import DistanceModel, PostcodeNumberProxy
from .optimal import solve_greedy, solve_optimal
from .people import MatchResult, Pair, Person, Unmatched
from .rules import Rules, load_rules
from .scoring import (
    SCORE_SCALE,
    Candidates,
    candidate_pairs,
    encode,
    evaluate_block,
    iter_blocks,
    reachability,
    subset,
)
from .stable import stable_match

METHODS = ("optimal", "stable", "greedy")
# Pairs kept per mentee before solving. Measured on bench/matching.py: at 5,000 per side in
# one city 24 leaves a handful of mentees to expand; fewer makes more mentees expand.
PRUNE_TO = 24


class MatchInputError(ValueError):
    """Inconsistent input (duplicate ids, impossible locks); the message is Dutch."""


def _index(people: Sequence[Person], side: str) -> dict[str, int]:
    duplicates = [ident for ident, count in Counter(p.id for p in people).items() if count > 1]
    if duplicates:
        raise MatchInputError(
            _("dubbele id bij %(side)s: %(ids)s") % {"side": side, "ids": ", ".join(duplicates)}
        )
    return {p.id: i for i, p in enumerate(people)}


def _pair_indices(
    pairs: Iterable[tuple[str, str]],
    mentor_index: Mapping[str, int],
    mentee_index: Mapping[str, int],
    what: str,
) -> list[tuple[int, int]]:
    result = []
    for mentor, mentee in pairs:
        if mentor not in mentor_index or mentee not in mentee_index:
            raise MatchInputError(
                _("%(what)s koppeling %(mentor)s–%(mentee)s: onbekende mentor of mentee")
                % {"what": what, "mentor": mentor, "mentee": mentee}
            )
        result.append((mentor_index[mentor], mentee_index[mentee]))
    return result


def _stable_assignment(
    *,
    candidates: Candidates,
    capacities: np.ndarray,
    preferences: tuple[Mapping[str, Sequence[str]], Mapping[str, Sequence[str]]] | None,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    complete_by_fit: bool = False,
) -> np.ndarray:
    """Stable matching on feasible pairs; without explicit rankings both sides rank by fit.

    With `complete_by_fit`, explicit rankings come first and everybody they leave out follows
    in order of fit, so a partial ranking from the intake still lets everybody be matched.
    """
    row_of = {
        (int(e), int(r)): row
        for row, (e, r) in enumerate(zip(candidates.mentee, candidates.mentor, strict=True))
    }
    fit_mentee_prefs: dict[str, list[str]] = {}
    fit_mentor_prefs: dict[str, list[str]] = {}
    if preferences is None or complete_by_fit:
        order = np.lexsort((candidates.mentor, -candidates.score))
        for row in order.tolist():
            fit_mentee_prefs.setdefault(mentees[candidates.mentee[row]].id, []).append(
                mentors[candidates.mentor[row]].id
            )
            fit_mentor_prefs.setdefault(mentors[candidates.mentor[row]].id, []).append(
                mentees[candidates.mentee[row]].id
            )
    if preferences is None:
        mentee_prefs, mentor_prefs = fit_mentee_prefs, fit_mentor_prefs
    else:
        mentee_prefs = {k: list(v) for k, v in preferences[0].items()}
        mentor_prefs = {k: list(v) for k, v in preferences[1].items()}
        if complete_by_fit:
            for own, fit in ((mentee_prefs, fit_mentee_prefs), (mentor_prefs, fit_mentor_prefs)):
                for ident, ranked in fit.items():
                    explicit = own.get(ident, [])
                    own[ident] = [*explicit, *(x for x in ranked if x not in set(explicit))]
    mentor_index = {p.id: i for i, p in enumerate(mentors)}
    mentee_index = {p.id: i for i, p in enumerate(mentees)}

    def feasible(mentee: str, mentor: str) -> bool:
        return (mentee_index.get(mentee, -1), mentor_index.get(mentor, -1)) in row_of

    # Hard rules always win over rankings: infeasible entries are dropped before matching.
    mentee_prefs = {e: [r for r in prefs if feasible(e, r)] for e, prefs in mentee_prefs.items()}
    mentor_prefs = {r: [e for e in prefs if feasible(e, r)] for r, prefs in mentor_prefs.items()}
    matching = stable_match(
        mentee_prefs=mentee_prefs,
        mentor_prefs=mentor_prefs,
        capacities={p.id: int(capacities[i]) for i, p in enumerate(mentors)},
    )
    return np.array(
        sorted(row_of[(mentee_index[e], mentor_index[r])] for e, r in matching.items()),
        dtype=np.int64,
    )


def match_cohort(
    *,
    mentors: Sequence[Person],
    mentees: Sequence[Person],
    rules: Rules | None = None,
    distance: DistanceModel | None = None,
    locked: Iterable[tuple[str, str]] = (),
    forbidden: Iterable[tuple[str, str]] = (),
    method: str = "optimal",
    preferences: tuple[Mapping[str, Sequence[str]], Mapping[str, Sequence[str]]] | None = None,
    complete_preferences_by_fit: bool = False,
    prune_to: int | None = PRUNE_TO,
) -> MatchResult:
    """Match mentees to mentors.

    `locked` and `forbidden` are (mentor_id, mentee_id) pairs: locked pairs are kept as the
    coordinator fixed them (using capacity), forbidden ones are never proposed; the rest is
    re-run. `method` is "optimal" (maximum total fit), "stable" (deferred acceptance on
    `preferences` = (mentee -> ranked mentor ids, mentor -> ranked mentee ids), or on fit when
    None) or "greedy" (first come, first served; for comparison only). With
    `complete_preferences_by_fit`, partial rankings are completed in order of fit.
    `prune_to` (optimal only) keeps each mentee's best pairs in memory and lets the solver
    fetch the rest when needed: the same optimum, with memory that grows with the number of
    mentees instead of the number of feasible pairs; None considers every pair at once.
    """
    if method not in METHODS:
        raise MatchInputError(
            _("onbekende methode %(method)s; kies uit %(choices)s")
            % {"method": method, "choices": ", ".join(METHODS)}
        )
    rules = rules or load_rules()
    distance_model: DistanceModel = distance or PostcodeNumberProxy()
    distance = distance_model
    mentor_index, mentee_index = _index(mentors, "mentoren"), _index(mentees, "mentees")
    locked_idx = _pair_indices(locked, mentor_index, mentee_index, _("vastgezette"))
    forbidden_idx = _pair_indices(forbidden, mentor_index, mentee_index, _("uitgesloten"))
    capacities = np.array([max(p.capacity, 0) for p in mentors], dtype=np.int64)
    locked_mentees = Counter(mentee for _mentor, mentee in locked_idx)
    if any(count > 1 for count in locked_mentees.values()):
        raise MatchInputError(_("een mentee is aan meer dan één mentor vastgezet"))
    for mentor, count in Counter(mentor for mentor, _mentee in locked_idx).items():
        if count > capacities[mentor]:
            raise MatchInputError(
                _("mentor %(id)s heeft meer vastgezette mentees dan plaatsen")
                % {"id": mentors[mentor].id}
            )
        capacities[mentor] -= count

    enc_mentors, enc_mentees = encode(mentors=mentors, mentees=mentees, rules=rules)
    free_rows = np.array(
        [i for i in range(len(mentees)) if i not in locked_mentees], dtype=np.int64
    )
    banned = {(mentee, mentor) for mentor, mentee in forbidden_idx}

    def pairs_of(rows: np.ndarray | None, keep: int | None) -> Candidates:
        return candidate_pairs(
            mentors=enc_mentors,
            mentees=enc_mentees,
            rules=rules,
            distance=distance,
            forbidden=banned,
            rows=free_rows if rows is None else rows,
            keep=keep,
        )

    if method == "optimal":
        # Each mentee's best `prune_to` pairs; the solver asks for the rest of a mentee's
        # pairs only when they could still improve the optimum (see `solve_optimal`).
        candidates = pairs_of(None, prune_to)
        assignment = solve_optimal(
            candidates=candidates,
            capacities=capacities,
            n_mentees=len(mentees),
            maximize_matches=rules.maximize_matches,
            expand=lambda rows: pairs_of(rows, None),
        )
        chosen, pool = assignment.chosen, assignment.pool or candidates
    elif method == "greedy":
        candidates = pool = pairs_of(None, None)
        chosen = solve_greedy(
            candidates=candidates, capacities=capacities, n_mentees=len(mentees)
        ).chosen
    else:
        candidates = pool = pairs_of(None, None)
        chosen = _stable_assignment(
            candidates=candidates,
            capacities=capacities,
            preferences=preferences,
            mentors=mentors,
            mentees=mentees,
            complete_by_fit=complete_preferences_by_fit,
        )

    proposed = list(zip(pool.mentor[chosen].tolist(), pool.mentee[chosen].tolist(), strict=True))
    pairs = _explained_pairs(
        proposed=proposed,
        locked=locked_idx,
        mentors=mentors,
        mentees=mentees,
        enc=(enc_mentors, enc_mentees),
        rules=rules,
        distance=distance,
    )
    unmatched = _unmatched(
        matched_mentees={mentee for _m, mentee in [*proposed, *locked_idx]},
        matched_mentors={mentor for mentor, _e in [*proposed, *locked_idx]},
        candidates=candidates,
        capacities=capacities,
        banned=banned,
        mentors=mentors,
        mentees=mentees,
        enc=(enc_mentors, enc_mentees),
        rules=rules,
        distance=distance,
    )
    return MatchResult(pairs=tuple(pairs), unmatched=tuple(unmatched), method=method)


def _explained_pairs(*, proposed, locked, mentors, mentees, enc, rules, distance) -> list[Pair]:
    enc_mentors, enc_mentees = enc
    by_mentee: dict[int, list[tuple[int, bool]]] = {}
    for mentor, mentee in locked:
        by_mentee.setdefault(mentee, []).append((mentor, True))
    for mentor, mentee in proposed:
        by_mentee.setdefault(mentee, []).append((mentor, False))
    rows = np.array(sorted(by_mentee), dtype=np.int64)
    pairs: list[Pair] = []
    for block in iter_blocks(len(rows)):
        block_rows = rows[block]
        # Only the mentors these mentees are paired with: linear in the number of pairs.
        cols = sorted(
            {mentor for mentee in block_rows.tolist() for mentor, _l in by_mentee[mentee]}
        )
        col_of = {mentor: j for j, mentor in enumerate(cols)}
        evaluation = evaluate_block(
            mentors=subset(enc_mentors, np.array(cols, dtype=np.int64)),
            mentees=enc_mentees,
            rows=block_rows,
            rules=rules,
            distance=distance,
        )
        block_km = evaluation.km
        for local, mentee in enumerate(block_rows.tolist()):
            for mentor, is_locked in by_mentee[mentee]:
                j = col_of[mentor]
                km = float(block_km[local, j])
                estimate = getattr(distance, "estimated", None)
                km_is_estimate = (
                    estimate(origin=mentees[mentee].postcode, destination=mentors[mentor].postcode)
                    if estimate
                    else distance.is_estimate
                )
                reasons = explain.pair_reasons(
                    mentor=mentors[mentor],
                    mentee=mentees[mentee],
                    km=km,
                    km_is_estimate=km_is_estimate,
                    rules=rules,
                )
                if is_locked:
                    broken = [name for name, mask in evaluation.hard if not mask[local, j]]
                    note = _("vastgezet door de coördinator")
                    if broken:
                        note += _(" (voldoet niet aan: %(rules)s)") % {
                            "rules": ", ".join(explain.rule_label(name) for name in broken)
                        }
                    reasons.insert(0, note)
                pairs.append(
                    Pair(
                        mentor=mentors[mentor].id,
                        mentee=mentees[mentee].id,
                        score=round(int(evaluation.score[local, j]) / SCORE_SCALE, 3),
                        reasons=tuple(reasons),
                        locked=is_locked,
                        points=tuple(
                            explain.pair_points(
                                mentor=mentors[mentor], mentee=mentees[mentee], km=km, rules=rules
                            )
                        ),
                        best=explain.best_possible_score(mentee=mentees[mentee], rules=rules),
                    )
                )
    return sorted(pairs, key=lambda pair: (pair.mentor, pair.mentee))


def _unmatched(
    *,
    matched_mentees,
    matched_mentors,
    candidates,
    capacities,
    banned,
    mentors,
    mentees,
    enc,
    rules,
    distance,
) -> list[Unmatched]:
    enc_mentors, enc_mentees = enc
    result: list[Unmatched] = []
    open_mentors = capacities > 0
    per_mentee = candidates.per_mentee
    if per_mentee is None:
        per_mentee = np.bincount(candidates.mentee, minlength=len(mentees))
    rows = np.array([i for i in range(len(mentees)) if i not in matched_mentees], dtype=np.int64)
    for block in iter_blocks(len(rows)):
        block_rows = rows[block]
        evaluation = evaluate_block(
            mentors=enc_mentors,
            mentees=enc_mentees,
            rows=block_rows,
            rules=rules,
            distance=distance,
        )
        for local, mentee in enumerate(block_rows.tolist()):
            result.append(
                Unmatched(
                    id=mentees[mentee].id,
                    side="mentee",
                    reason=_mentee_reason(
                        mentee=mentee,
                        local=local,
                        evaluation=evaluation,
                        open_mentors=open_mentors,
                        n_candidates=int(per_mentee[mentee]),
                        banned=banned,
                        mentors=mentors,
                        mentees=mentees,
                        rules=rules,
                    ),
                )
            )
    idle = [i for i in range(len(mentors)) if i not in matched_mentors and capacities[i] > 0]
    if idle:
        # reachable[k, j]: some mentee passes the first k+1 hard rules with idle mentor j.
        # Only idle mentors are evaluated, so this stays cheap for large cohorts.
        idle_side = subset(enc_mentors, np.array(idle, dtype=np.int64))
        names, reachable = reachability(
            mentors=idle_side, mentees=enc_mentees, rules=rules, distance=distance
        )
        for j, mentor in enumerate(idle):
            failing = (
                [] if reachable is None else [k for k in range(len(names)) if not reachable[k, j]]
            )
            if reachable is not None and not failing:
                reason = _(explain.MENTOR_TAKEN_REASON)
            else:
                rule = names[failing[0]] if failing else "languages"
                reason = explain.mentor_rule_reason(rule=rule, mentor=mentors[mentor])
            result.append(Unmatched(id=mentors[mentor].id, side="mentor", reason=reason))
    return result


def _mentee_reason(
    *, mentee, local, evaluation, open_mentors, n_candidates, banned, mentors, mentees, rules
) -> str:
    if not len(mentors):
        return _(explain.NO_MENTORS_REASON)
    survivors = np.ones(len(mentors), dtype=bool)
    for name, mask in evaluation.hard:
        before = survivors
        survivors = survivors & mask[local]
        if not survivors.any():
            return explain.mentee_rule_reason(
                rule=name,
                mentee=mentees[mentee],
                mentors=mentors,
                survivors=[mentors[i] for i in np.flatnonzero(before)],
                rules=rules,
            )
    allowed = [i for i in np.flatnonzero(survivors) if (mentee, int(i)) not in banned]
    if not allowed:
        return _(explain.FORBIDDEN_REASON)
    if n_candidates and not rules.maximize_matches:
        return _(
            "niet gekoppeld omdat dat de totale passendheid verlaagt; zet maximize_matches "
            "aan om iedereen te koppelen"
        )
    return explain.capacity_reason(count=len(allowed))
