"""The hard rules of an evening's table plan, checked in one place.

Every plan the engine makes and every hand move or re-plan at the door is checked here;
a hand move that breaks a rule is refused with these messages. `review.check` adds the
softer warnings (colleagues, table sizes) shown beside the plan.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from kansenwerk.core.i18n import _

from .model import Plan, Table, Violation
from .score import min_same_pairs

__all__ = [
    "NEW_PAIR_SHARE",
    "hard_violations",
    "new_violations",
    "repeat_pairs_lower_bound",
    "repeats_may_be_forced",
]

# Share of a later round's table pairs that must be people who have not met yet.
NEW_PAIR_SHARE = 0.9


def hard_violations(plan: Plan) -> list[Violation]:
    """Every hard rule the plan breaks, each with a Dutch message (empty: all kept)."""
    found: list[Violation] = []
    found += _once_per_round(plan)
    found += _promise_kept(plan)
    found += _later_round_themes(plan)
    found += _facilitators_spread(plan)
    found += _unique_labels(plan)
    found += _new_pairs(plan)
    return found


def new_violations(before: Plan, after: Plan) -> list[Violation]:
    """Violations of ``after`` that ``before`` did not have (what a hand move broke)."""

    def key(v: Violation) -> tuple:
        return (v.code, v.round, v.theme, v.table, v.participant_ids)

    known = {key(v) for v in hard_violations(before)}
    return [v for v in hard_violations(after) if key(v) not in known]


def _fout(code: str, round_number: int, theme: str, table: int | None, ids, message: str):
    return Violation(code, "fout", round_number, theme, table, tuple(ids), message)


def _name(plan: Plan, pid: str) -> str:
    person = plan.request.by_id().get(pid)
    return person.name if person else pid


def _once_per_round(plan: Plan) -> list[Violation]:
    out = []
    for round_number in range(1, plan.request.rounds + 1):
        placed = Counter(m for t in plan.tables_in_round(round_number) for m in t.members)
        for person in plan.request.participants:
            count = placed.get(person.id, 0)
            if count == 1:
                continue
            message = (
                _("%(name)s heeft in ronde %(r)d geen tafel.")
                if count == 0
                else _("%(name)s zit in ronde %(r)d aan meer dan één tafel.")
            )
            out.append(
                _fout(
                    "eens_per_ronde",
                    round_number,
                    "",
                    None,
                    (person.id,),
                    message % {"name": person.name, "r": round_number},
                )
            )
    return out


def _themes_in_round(plan: Plan, round_number: int) -> dict[str, str]:
    return {m: t.theme for t in plan.tables_in_round(round_number) for m in t.members}


def _promise_kept(plan: Plan) -> list[Violation]:
    known = {t.name for t in plan.request.themes}
    seated = _themes_in_round(plan, 1)
    out = []
    for person in plan.request.participants:
        theme = seated.get(person.id)
        if person.promised in known and theme is not None and theme != person.promised:
            out.append(
                _fout(
                    "belofte",
                    1,
                    theme,
                    None,
                    (person.id,),
                    _(
                        "%(name)s is bevestigd voor het thema %(promised)s en zit in ronde 1 "
                        "daarom aan een tafel van dat thema, niet bij %(theme)s."
                    )
                    % {"name": person.name, "promised": person.promised, "theme": theme},
                )
            )
    return out


def _later_round_themes(plan: Plan) -> list[Violation]:
    """Keep themes: every round at the round-1 theme. Second choice: alternate rounds at
    the other choice. Only a full theme (its capacity reached) excuses another theme."""
    request = plan.request
    capacity = {t.name: t.capacity for t in request.themes}
    out = []
    for round_number in range(2, request.rounds + 1):
        seated = _themes_in_round(plan, round_number)
        heads = Counter(seated.values())
        for person in request.participants:
            theme = seated.get(person.id)
            wanted = request.preferences(person, round_number - 1)
            if theme is None or not wanted or theme == wanted[0]:
                continue
            cap = capacity.get(wanted[0])
            if cap is not None and heads[wanted[0]] >= cap:
                continue
            message = (
                _("%(name)s hoort in ronde %(r)d bij het thema van de 2e keus, %(wanted)s.")
                if request.rotate_themes
                else _(
                    "%(name)s hoort in ronde %(r)d bij hetzelfde thema als in ronde 1, %(wanted)s."
                )
            )
            out.append(
                _fout(
                    "thema_ronde",
                    round_number,
                    theme,
                    None,
                    (person.id,),
                    message % {"name": person.name, "r": round_number, "wanted": wanted[0]},
                )
            )
    return out


def _facilitators_spread(plan: Plan) -> list[Violation]:
    """At most one facilitator per table when the theme has enough tables; otherwise as
    evenly spread as possible."""
    request = plan.request
    people = request.by_id()
    out = []
    groups: dict[tuple[int, str], list[Table]] = defaultdict(list)
    for table in plan.tables:
        groups[(table.round, table.theme)].append(table)
    for (round_number, theme), tables in sorted(groups.items()):
        counts = [sum(people[m].facilitator for m in t.members if m in people) for t in tables]
        total = sum(counts)
        if total < 2:
            continue
        allowed = -(-total // len(tables))
        for table, count in zip(tables, counts, strict=True):
            if count > allowed:
                ids = tuple(m for m in table.members if m in people and people[m].facilitator)
                out.append(
                    _fout(
                        "gespreksleiders",
                        round_number,
                        theme,
                        table.number,
                        ids,
                        _(
                            "Tafel %(t)d (%(theme)s) heeft %(n)d gespreksleiders, terwijl een "
                            "andere tafel van dit thema er minder heeft."
                        )
                        % {"t": table.number, "theme": theme, "n": count},
                    )
                )
    return out


def _unique_labels(plan: Plan) -> list[Violation]:
    out = []
    themes_of_number: dict[int, set[str]] = defaultdict(set)
    per_round = Counter((t.round, t.number) for t in plan.tables)
    for (round_number, number), count in sorted(per_round.items()):
        if count > 1:
            out.append(
                _fout(
                    "tafelnummer",
                    round_number,
                    "",
                    number,
                    (),
                    _("In ronde %(r)d zijn er %(n)d tafels met nummer %(t)d.")
                    % {"r": round_number, "n": count, "t": number},
                )
            )
    for table in plan.tables:
        themes_of_number[table.number].add(table.theme)
    for number, themes in sorted(themes_of_number.items()):
        if len(themes) > 1:
            out.append(
                _fout(
                    "tafelnummer",
                    0,
                    "",
                    number,
                    (),
                    _("Tafel %(t)d hoort deze avond bij meer dan één thema: %(themes)s.")
                    % {"t": number, "themes": ", ".join(sorted(themes))},
                )
            )
    return out


def repeat_pairs_lower_bound(plan: Plan, round_number: int) -> int:
    """Fewest repeated pairs round ``round_number`` could have with its themes and table
    counts: each table of the round before spread evenly over the theme's tables."""
    before = {m: t.key for t in plan.tables_in_round(round_number - 1) for m in t.members}
    groups: dict[str, list[Table]] = defaultdict(list)
    for table in plan.tables_in_round(round_number):
        groups[table.theme].append(table)
    total = 0
    for tables in groups.values():
        origin = Counter(before[m] for t in tables for m in t.members if m in before)
        total += min_same_pairs(counts=origin.values(), tables=len(tables))
    return total


def repeats_may_be_forced(plan: Plan, round_number: int) -> bool:
    """Whether facilitators or keep rules may force repeats in this round: a theme with two
    or more facilitators, or a keep rule inside one theme. The bound above ignores them,
    so the rule is only checked where it is known to be possible."""
    request = plan.request
    people = request.by_id()
    theme_of = {m: t.theme for t in plan.tables_in_round(round_number) for m in t.members}
    facilitators = Counter(theme_of[m] for m in theme_of if m in people and people[m].facilitator)
    if any(count >= 2 for count in facilitators.values()):
        return True
    rules = (*request.keep_apart, *request.keep_together)
    return any(a in theme_of and theme_of.get(a) == theme_of.get(b) for a, b in rules)


def _new_pairs(plan: Plan) -> list[Violation]:
    out = []
    met: set[frozenset[str]] = set()
    for round_number in range(1, plan.request.rounds + 1):
        pairs = {
            frozenset(p)
            for t in plan.tables_in_round(round_number)
            for p in combinations(t.members, 2)
        }
        if round_number > 1 and pairs:
            repeats = len(pairs & met)
            allowed = (1 - NEW_PAIR_SHARE) * len(pairs)
            if (
                repeats > allowed
                and repeat_pairs_lower_bound(plan, round_number) <= allowed
                and not repeats_may_be_forced(plan, round_number)
            ):
                out.append(
                    _fout(
                        "nieuwe_paren",
                        round_number,
                        "",
                        None,
                        (),
                        _(
                            "In ronde %(r)d zijn maar %(pct)d%% van de tafelparen nieuw; "
                            "minstens %(min)d%% is mogelijk."
                        )
                        % {
                            "r": round_number,
                            "pct": int(100 * (len(pairs) - repeats) / len(pairs)),
                            "min": int(100 * NEW_PAIR_SHARE),
                        },
                    )
                )
        met |= pairs
    return out
