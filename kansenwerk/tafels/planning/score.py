"""Objective terms of a table plan and the even-spread upper bound on mixed pairs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from .model import PlanRequest, Score, Table

__all__ = ["compute_score", "min_same_pairs", "mixed_pairs_upper_bound", "table_sizes"]


def table_sizes(*, participants: int, maximum: int, tables: int | None = None) -> list[int]:
    """Balanced sizes (largest first) for ``participants`` over ceil(n / maximum) tables
    (or ``tables``, when more are wanted)."""
    if participants <= 0:
        return []
    tables = max(tables or 0, -(-participants // maximum))
    base, extra = divmod(participants, tables)
    return [base + 1] * extra + [base] * (tables - extra)


def min_same_pairs(*, counts: Iterable[int], tables: int) -> int:
    """Fewest same-category pairs when each category is spread as evenly as possible."""
    total = 0
    for count in counts:
        base, extra = divmod(count, tables)
        total += extra * (base + 1) * base // 2 + (tables - extra) * base * (base - 1) // 2
    return total


def mixed_pairs_upper_bound(*, categories: Sequence[str], sizes: Sequence[int]) -> int:
    """Upper bound on pairs of different category at tables of the given sizes.

    Relaxes the table sizes: each category alone is spread evenly over the tables, which
    gives the fewest same-category pairs any seating can have.
    """
    all_pairs = sum(s * (s - 1) // 2 for s in sizes)
    if not sizes:
        return 0
    return all_pairs - min_same_pairs(counts=Counter(categories).values(), tables=len(sizes))


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def compute_score(*, request: PlanRequest, tables: Sequence[Table]) -> Score:
    """Count every objective term of a plan; the same function scores search and manual plans."""
    people = request.by_id()
    weights = request.weights
    apart = {_pair_key(a, b) for a, b in request.keep_apart}
    together = {_pair_key(a, b) for a, b in request.keep_together}
    size = request.table_size
    counts: Counter[str] = Counter()
    met: set[tuple[str, str]] = set()
    by_round: dict[int, list[Table]] = defaultdict(list)
    for table in tables:
        by_round[table.round].append(table)
    for round_number in sorted(by_round):
        round_tables = by_round[round_number]
        seen_pairs: set[tuple[str, str]] = set()
        by_theme: dict[str, list[Table]] = defaultdict(list)
        for table in round_tables:
            by_theme[table.theme].append(table)
            members = [people[m] for m in table.members if m in people]
            counts["oversize"] += len(members) > size.maximum
            counts["undersize"] += 0 < len(members) < size.minimum
            for member in members:
                # Counted against the person's own choices, whatever the round intended.
                rank = request.choice_rank(member, table.theme)
                if member.themes and rank == 0:
                    counts["first"] += 1
                elif member.themes and rank == 1:
                    counts["second"] += 1
                elif member.themes:
                    counts["other"] += 1
            facilitators = sum(m.facilitator for m in members)
            if request.facilitator_per_table and members:
                counts["no_facilitator"] += facilitators == 0
                counts["extra_facilitators"] += max(0, facilitators - 1)
            for a, b in combinations(members, 2):
                key = _pair_key(a.id, b.id)
                seen_pairs.add(key)
                counts["mixed_profession"] += a.profession != b.profession
                counts["mixed_kind"] += bool(
                    a.organisation_kind
                    and b.organisation_kind
                    and a.organisation_kind != b.organisation_kind
                )
                counts["same_org"] += a.organisation == b.organisation
                counts["apart"] += key in apart
                counts["repeat"] += key in met
        for key in together:
            if all(_placed(k, round_tables) for k in key) and key not in seen_pairs:
                counts["together"] += 1
        met |= seen_pairs
        for theme_tables in by_theme.values():
            sizes = [len(t.members) for t in theme_tables]
            counts["spread"] += max(0, max(sizes) - min(sizes) - 1)
            members = [people[m] for t in theme_tables for m in t.members if m in people]
            counts["upper_bound"] += mixed_pairs_upper_bound(
                categories=[m.profession for m in members], sizes=sizes
            )
            counts["unavoidable_org"] += min_same_pairs(
                counts=Counter(m.organisation for m in members).values(),
                tables=len(theme_tables),
            )
    objective = (
        weights.mixed_profession * counts["mixed_profession"]
        + weights.mixed_kind * counts["mixed_kind"]
        - weights.same_organisation * counts["same_org"]
        - weights.repeat * counts["repeat"]
        - weights.theme_second * counts["second"]
        - weights.theme_other * counts["other"]
        - weights.facilitator * (counts["no_facilitator"] + counts["extra_facilitators"])
        - weights.keep_rule * (counts["apart"] + counts["together"])
        - weights.size_spread * (counts["spread"] + counts["oversize"] + counts["undersize"])
    )
    bound = counts["upper_bound"]
    return Score(
        mixed_profession_pairs=counts["mixed_profession"],
        mixed_kind_pairs=counts["mixed_kind"],
        same_organisation_pairs=counts["same_org"],
        unavoidable_same_organisation_pairs=counts["unavoidable_org"],
        theme_first_choice=counts["first"],
        theme_second_choice=counts["second"],
        theme_other=counts["other"],
        tables_without_facilitator=counts["no_facilitator"],
        extra_facilitators=counts["extra_facilitators"],
        keep_apart_violations=counts["apart"],
        keep_together_violations=counts["together"],
        repeat_pairs=counts["repeat"],
        size_spread=counts["spread"],
        oversize_tables=counts["oversize"],
        undersize_tables=counts["undersize"],
        upper_bound_mixed_profession=bound,
        quality_pct=round(100.0 * counts["mixed_profession"] / bound, 2) if bound else 100.0,
        objective=float(objective),
    )


def _placed(participant_id: str, tables: Sequence[Table]) -> bool:
    return any(participant_id in t.members for t in tables)
