"""Working with a finished plan: Dutch explanations, rule checks, manual moves, rebalancing."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import combinations

from kansenwerk.core.i18n import _

from .model import Move, Participant, Plan, PlanningError, Table, Violation
from .score import compute_score, min_same_pairs

__all__ = ["check", "explain", "move_participant", "rebalance"]

_RANK_LABELS = {0: "1e keus", 1: "2e keus"}


def explain(plan: Plan, participant_id: str) -> list[str]:
    """One Dutch sentence per round on why this participant sits at that table."""
    people = plan.request.by_id()
    if participant_id not in people:
        raise PlanningError(_("Onbekende deelnemer: %(id)s.") % {"id": participant_id})
    person = people[participant_id]
    lines = []
    earlier: set[str] = set()
    for round_number in range(1, plan.request.rounds + 1):
        table = plan.table_of(participant_id, round_number)
        if table is None:
            lines.append(_("Ronde %(r)d: niet ingedeeld.") % {"r": round_number})
            continue
        others = [people[m] for m in table.members if m != participant_id and m in people]
        reasons = [_theme_reason(plan, person, table)]
        professions = {person.profession} | {o.profession for o in others}
        reasons.append(_("%(n)d verschillende beroepen") % {"n": len(professions)})
        kinds = {o.organisation_kind for o in others if o.organisation_kind}
        if person.organisation_kind:
            kinds.add(person.organisation_kind)
        if len(kinds) > 1:
            reasons.append(_("%(n)d soorten organisaties") % {"n": len(kinds)})
        colleagues = [o.name for o in others if o.organisation == person.organisation]
        if colleagues:
            reasons.append(
                _("ook %(names)s van uw organisatie (niet anders in te delen)")
                % {"names": ", ".join(colleagues)}
            )
        else:
            reasons.append(_("niemand van uw organisatie"))
        if round_number > 1:
            new = sum(o.id not in earlier for o in others)
            reasons.append(
                _("%(new)d van %(all)d tafelgenoten nieuw voor u")
                % {"new": new, "all": len(others)}
            )
        if person.facilitator:
            reasons.append(_("u bent de gespreksleider"))
        earlier |= {o.id for o in others}
        lines.append(
            _("Ronde %(r)d, tafel %(t)d (%(theme)s): aan deze tafel omdat: %(reasons)s")
            % {
                "r": round_number,
                "theme": table.theme,
                "t": table.number,
                "reasons": ", ".join(reasons),
            }
        )
    return lines


def _theme_reason(plan: Plan, person: Participant, table: Table) -> str:
    """Why this theme, from the person's own choices and the final plan only."""
    rank = plan.request.choice_rank(person, table.theme)
    if rank is not None:
        label = _RANK_LABELS.get(rank, _("%(n)de keus") % {"n": rank + 1})
        return _("thema %(theme)s centraal (%(label)s)") % {"theme": table.theme, "label": label}
    if person.promised == table.theme:
        return _("thema %(theme)s centraal (hiervoor bent u bevestigd)") % {"theme": table.theme}
    if person.themes and _choices_full(plan, person, table.round):
        return _("thema %(theme)s centraal (uw keuzes waren vol)") % {"theme": table.theme}
    if person.themes:
        return _("thema %(theme)s centraal (door de organisator ingedeeld)") % {
            "theme": table.theme
        }
    return _("thema %(theme)s centraal") % {"theme": table.theme}


def _choices_full(plan: Plan, person: Participant, round_number: int) -> bool:
    """True only when every theme the person chose has reached its capacity this round."""
    capacity = {t.name: t.capacity for t in plan.request.themes}
    heads = Counter(t.theme for t in plan.tables_in_round(round_number) for _m in t.members)
    chosen = [t for t in person.themes if t in capacity]
    return bool(chosen) and all(
        capacity[t] is not None and heads[t] >= capacity[t]  # type: ignore[operator]
        for t in chosen
    )


def check(plan: Plan) -> list[Violation]:
    """Every rule the plan breaks, with a Dutch message; used as live warnings on manual moves."""
    request = plan.request
    people = request.by_id()
    found: list[Violation] = []
    met: set[frozenset[str]] = set()
    for round_number in range(1, request.rounds + 1):
        tables = plan.tables_in_round(round_number)
        placed = Counter(m for t in tables for m in t.members)
        for pid, count in placed.items():
            if count > 1:
                found.append(
                    _v(
                        "dubbel",
                        "fout",
                        round_number,
                        "",
                        None,
                        (pid,),
                        _("%(name)s zit in ronde %(r)d aan meer dan één tafel.")
                        % {"name": _name(people, pid), "r": round_number},
                    )
                )
        for pid in people:
            if pid not in placed:
                found.append(
                    _v(
                        "niet_ingedeeld",
                        "fout",
                        round_number,
                        "",
                        None,
                        (pid,),
                        _("%(name)s heeft in ronde %(r)d geen tafel.")
                        % {"name": people[pid].name, "r": round_number},
                    )
                )
        by_theme: dict[str, list[Table]] = defaultdict(list)
        for table in tables:
            by_theme[table.theme].append(table)
        for theme_tables in by_theme.values():
            org_counts = Counter(
                people[m].organisation for t in theme_tables for m in t.members if m in people
            )
            for table in theme_tables:
                found.extend(_table_violations(plan, table, met, org_counts, len(theme_tables)))
        for theme, theme_tables in by_theme.items():
            sizes = [len(t.members) for t in theme_tables]
            if max(sizes) - min(sizes) > 1:
                found.append(
                    _v(
                        "ongelijk",
                        "waarschuwing",
                        round_number,
                        theme,
                        None,
                        (),
                        _("Tafels bij %(theme)s verschillen %(d)d plaatsen in grootte.")
                        % {"theme": theme, "d": max(sizes) - min(sizes)},
                    )
                )
        for table in tables:
            met |= {frozenset(p) for p in combinations(table.members, 2)}
    return found


def _table_violations(
    plan: Plan, table: Table, met: set[frozenset[str]], org_counts: Counter[str], table_count: int
) -> list[Violation]:
    request = plan.request
    people = request.by_id()
    size = request.table_size
    members = [people[m] for m in table.members if m in people]
    where = (table.round, table.theme, table.number)
    label = _("tafel %(t)d (%(theme)s)") % {"theme": table.theme, "t": table.number}
    out: list[Violation] = []
    if len(members) > size.maximum:
        out.append(
            _v(
                "te_vol",
                "fout",
                *where,
                table.members,
                _("%(label)s heeft %(n)d deelnemers; maximaal %(max)d.")
                % {"label": label, "n": len(members), "max": size.maximum},
            )
        )
    if 0 < len(members) < size.minimum:
        out.append(
            _v(
                "te_klein",
                "waarschuwing",
                *where,
                table.members,
                _("%(label)s heeft maar %(n)d deelnemers; minimaal %(min)d.")
                % {"label": label, "n": len(members), "min": size.minimum},
            )
        )
    by_org: dict[str, list[Participant]] = defaultdict(list)
    for m in members:
        by_org[m.organisation].append(m)
    for org, colleagues in by_org.items():
        if len(colleagues) < 2:
            continue
        names = {"names": ", ".join(c.name for c in colleagues), "label": label, "org": org}
        # Colleagues are unavoidable once an organisation has more people than the theme
        # has tables, but only up to an even spread.
        if len(colleagues) <= -(-org_counts[org] // table_count) and org_counts[org] > table_count:
            message = (
                _(
                    "%(names)s zitten aan %(label)s en komen allemaal van %(org)s "
                    "(niet te vermijden: meer collega's dan tafels)."
                )
                % names
            )
            out.append(
                _v(
                    "zelfde_organisatie",
                    "waarschuwing",
                    *where,
                    tuple(c.id for c in colleagues),
                    message,
                )
            )
        else:
            message = _("%(names)s zitten aan %(label)s, maar komen allemaal van %(org)s.") % names
            out.append(
                _v("zelfde_organisatie", "fout", *where, tuple(c.id for c in colleagues), message)
            )
    for m in members:
        prefs = request.preferences(m, table.round - 1)
        if prefs and table.theme not in prefs:
            out.append(
                _v(
                    "thema_niet_gekozen",
                    "waarschuwing",
                    *where,
                    (m.id,),
                    _("%(name)s heeft %(theme)s niet gekozen.")
                    % {"name": m.name, "theme": table.theme},
                )
            )
    if request.facilitator_per_table:
        facilitators = [m for m in members if m.facilitator]
        if not facilitators:
            # Only a rule broken when the theme has a facilitator for every table.
            theme_tables = [t for t in plan.tables_in_round(table.round) if t.theme == table.theme]
            available = sum(
                people[m].facilitator for t in theme_tables for m in t.members if m in people
            )
            out.append(
                _v(
                    "geen_gespreksleider",
                    "fout" if available >= len(theme_tables) else "waarschuwing",
                    *where,
                    (),
                    _("%(label)s heeft geen gespreksleider.") % {"label": label},
                )
            )
        elif len(facilitators) > 1:
            out.append(
                _v(
                    "meer_gespreksleiders",
                    "waarschuwing",
                    *where,
                    tuple(f.id for f in facilitators),
                    _("%(label)s heeft %(n)d gespreksleiders.")
                    % {"label": label, "n": len(facilitators)},
                )
            )
    ids = set(table.members)
    for a, b in request.keep_apart:
        if a in ids and b in ids:
            out.append(
                _v(
                    "uit_elkaar",
                    "fout",
                    *where,
                    (a, b),
                    _("%(a)s en %(b)s moeten uit elkaar, maar zitten samen aan %(label)s.")
                    % {"a": _name(people, a), "b": _name(people, b), "label": label},
                )
            )
    for a, b in request.keep_together:
        if (a in ids) != (b in ids):
            inside, outside = (a, b) if a in ids else (b, a)
            out.append(
                _v(
                    "bij_elkaar",
                    "waarschuwing",
                    *where,
                    (inside, outside),
                    _("%(a)s zit aan %(label)s zonder %(b)s, terwijl zij bij elkaar horen.")
                    % {"a": _name(people, inside), "b": _name(people, outside), "label": label},
                )
            )
    repeats = [frozenset(p) for p in combinations(table.members, 2) if frozenset(p) in met]
    if repeats:
        out.append(
            _v(
                "herhaling",
                "waarschuwing",
                *where,
                tuple(sorted({m for p in repeats for m in p})),
                _("Aan %(label)s zitten %(n)d paren die elkaar al eerder spraken.")
                % {"label": label, "n": len(repeats)},
            )
        )
    return out


def _v(
    code: str,
    severity: str,
    round_number: int,
    theme: str,
    table: int | None,
    ids: tuple[str, ...],
    message: str,
) -> Violation:
    return Violation(code, severity, round_number, theme, table, tuple(ids), message)


def _name(people: dict[str, Participant], pid: str) -> str:
    return people[pid].name if pid in people else pid


def move_participant(
    plan: Plan, *, participant_id: str, round_number: int, theme: str, table_number: int
) -> Plan:
    """Move one participant by hand; call ``check`` on the result for live warnings."""
    tables = list(plan.tables)
    source = plan.table_of(participant_id, round_number)
    target_index = next(
        (i for i, t in enumerate(tables) if t.key == (round_number, theme, table_number)), None
    )
    if target_index is None:
        raise PlanningError(
            _("Tafel %(t)d van %(theme)s bestaat niet in ronde %(r)d.")
            % {"t": table_number, "theme": theme, "r": round_number}
        )
    if source is not None:
        i = tables.index(source)
        tables[i] = replace(source, members=tuple(m for m in source.members if m != participant_id))
    target = tables[target_index]
    tables[target_index] = replace(target, members=(*target.members, participant_id))
    move = Move(round_number, participant_id, source.key if source else None, target.key)
    return _rescored(plan, tables, (*plan.moves, move))


def _rescored(plan: Plan, tables: Sequence[Table], moves: tuple[Move, ...], request=None) -> Plan:
    request = request or plan.request
    kept = tuple(t for t in tables if t.members)
    return Plan(request, kept, compute_score(request=request, tables=kept), plan.seconds, moves)


def rebalance(
    plan: Plan,
    present_ids: Iterable[str],
    late_arrivals: Sequence[Participant] = (),
    *,
    locked: Iterable[tuple[int, str]] = (),
) -> Plan:
    """Drop no-shows, seat late arrivals and restore table sizes with the fewest moves.

    Everyone not moved keeps their seat. Repairs, per theme: dissolve a table that fell
    below the minimum when the others can take its people, else move one person from the
    largest to the smallest table until sizes differ by at most one. ``locked`` holds
    (round, participant id) seats placed by hand: those people are never moved. Whom to
    move and where weighs colleagues, mixed professions and people met in earlier rounds.
    """
    locked_seats = set(locked)
    started = time.perf_counter()
    present = set(present_ids) | {p.id for p in late_arrivals}
    request = replace(
        plan.request,
        participants=tuple(
            p
            for p in plan.request.participants
            if p.id in present and p.id not in {a.id for a in late_arrivals}
        )
        + tuple(late_arrivals),
    )
    people = request.by_id()
    moves: list[Move] = []
    tables: list[Table] = []
    met: set[frozenset[str]] = set()
    for round_number in range(1, request.rounds + 1):
        seats = {
            t.key: [m for m in t.members if m in present]
            for t in plan.tables_in_round(round_number)
        }
        if not seats and late_arrivals:
            raise PlanningError(
                _("Ronde %(r)d heeft geen tafels om nieuwe deelnemers aan te zetten.")
                % {"r": round_number}
            )
        for t in plan.tables_in_round(round_number):
            moves.extend(Move(round_number, m, t.key, None) for m in t.members if m not in present)
        for arrival in late_arrivals:
            key = _table_for_arrival(request, arrival, round_number, seats, people, met)
            if key not in seats:  # a new table, numbered for the whole evening
                key = (round_number, key[1], _new_table_number(plan, seats, key[1]))
                seats[key] = []
            seats[key].append(arrival.id)
            moves.append(Move(round_number, arrival.id, None, key))
        fixed = {pid for r, pid in locked_seats if r == round_number}
        for theme in sorted({k[1] for k in seats}):
            moves.extend(
                _repair_theme(request, people, seats, round_number, theme, fixed=fixed, met=met)
            )
        tables.extend(Table(k[0], k[1], k[2], tuple(v)) for k, v in sorted(seats.items()) if v)
        for members in seats.values():
            met |= {frozenset(p) for p in combinations(members, 2)}
    result = _rescored(plan, tables, plan.moves + tuple(moves), request)
    return replace(result, seconds=round(time.perf_counter() - started, 3))


def _fit(
    people: dict[str, Participant],
    person: Participant,
    members: Sequence[str],
    met: set[frozenset[str]] = frozenset(),  # type: ignore[assignment]
) -> float:
    """How well ``person`` fits at a table: colleagues weigh far more than mixing, and
    meeting someone from an earlier round again costs as in the planner's weights."""
    others = [people[m] for m in members if m in people and m != person.id]
    colleagues = sum(o.organisation == person.organisation for o in others)
    mixed = sum(o.profession != person.profession for o in others)
    repeats = sum(frozenset((person.id, o.id)) in met for o in others) if met else 0
    return mixed - 3.0 * repeats - 1000.0 * colleagues


def _table_for_arrival(
    request, arrival: Participant, round_number: int, seats: dict, people, met=frozenset()
) -> tuple[int, str, int]:
    """Where a late arrival sits: the intended theme (round 1: the promised one) at an open
    table; else another chosen theme with room when the intended one is full (capacity);
    else a new table of the intended theme (number 0: the caller numbers it)."""
    maximum = request.table_size.maximum
    prefs = request.preferences(arrival, round_number - 1)
    capacity = {t.name: t.capacity for t in request.themes}
    heads = Counter(k[1] for k, members in seats.items() for _m in members)
    themes = list(prefs) or sorted({k[1] for k in seats})
    if round_number == 1 and arrival.promised in capacity:
        themes = [arrival.promised]
    for theme in themes:
        cap = capacity.get(theme)
        if cap is not None and heads[theme] >= cap and theme != themes[0]:
            continue
        open_tables = [k for k in seats if k[1] == theme and len(seats[k]) < maximum]
        if open_tables:
            return max(
                open_tables,
                key=lambda k: (-len(seats[k]), _fit(people, arrival, seats[k], met), -k[2]),
            )
    if not themes:
        raise PlanningError(
            _("Er is geen tafel om %(name)s aan te zetten.") % {"name": arrival.name}
        )
    return (round_number, themes[0], 0)


def _new_table_number(plan: Plan, seats: dict, theme: str) -> int:
    """A number free in this round: one this theme uses in another round, else a new one."""
    used_now = {k[2] for k in seats}
    same_theme = sorted({t.number for t in plan.tables if t.theme == theme} - used_now)
    if same_theme:
        return same_theme[0]
    return max([t.number for t in plan.tables] + list(used_now) + [0]) + 1


def _repair_theme(
    request,
    people,
    seats: dict,
    round_number: int,
    theme: str,
    *,
    fixed: set[str] = frozenset(),  # type: ignore[assignment]
    met: set[frozenset[str]] = frozenset(),  # type: ignore[assignment]
) -> list[Move]:
    size = request.table_size
    moves: list[Move] = []
    for _step in range(10 * len(people) + 10):
        keys = [k for k in seats if k[1] == theme and seats[k]]
        if len(keys) < 2:
            break
        total = sum(len(seats[k]) for k in keys)
        smallest = min(keys, key=lambda k: (len(seats[k]), -k[2]))
        largest = max(keys, key=lambda k: (len(seats[k]), -k[2]))
        if (
            len(seats[smallest]) < size.minimum
            and total <= (len(keys) - 1) * size.maximum
            and not fixed & set(seats[smallest])
        ):
            for pid in list(seats[smallest]):
                others = [k for k in keys if k != smallest]
                target = min(
                    others,
                    key=lambda k: (len(seats[k]), -_fit(people, people[pid], seats[k], met), k),
                )
                seats[smallest].remove(pid)
                seats[target].append(pid)
                moves.append(Move(round_number, pid, smallest, target))
            continue
        if len(seats[largest]) - len(seats[smallest]) <= 1:
            break
        movable = [p for p in seats[largest] if p not in fixed]
        if not movable:
            break
        gain = {
            pid: _fit(people, people[pid], seats[smallest], met)
            - _fit(people, people[pid], seats[largest], met)
            for pid in movable
        }
        pid = max(movable, key=lambda p: (gain[p], p))
        seats[largest].remove(pid)
        seats[smallest].append(pid)
        moves.append(Move(round_number, pid, largest, smallest))
    return moves


def unavoidable_colleague_pairs(*, members: Sequence[Participant], tables: int) -> int:
    """Fewest same-organisation pairs any seating of these members over ``tables`` has."""
    return min_same_pairs(counts=Counter(m.organisation for m in members).values(), tables=tables)
