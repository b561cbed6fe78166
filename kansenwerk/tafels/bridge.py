"""Translate between the database (registrations, seats, rules) and the planner engine.

The engine in `kansenwerk.tafels.planning` is pure Python and knows participants by a
string id and themes by name; this module is the one place that maps both ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kansenwerk.meetups.models import MeetupTheme, Registration
from kansenwerk.tafels.planning.model import (
    Participant,
    Plan,
    PlanRequest,
    Table,
    TableSize,
    Theme,
)
from kansenwerk.tafels.planning.score import compute_score

from .models import KeepRule, TablePlan, TableSeat


@dataclass(frozen=True)
class ThemeNames:
    """Unique engine names for a meetup's themes (titles, made unique when they clash)."""

    by_id: dict[int, str]
    by_name: dict[str, int]

    @classmethod
    def of(cls, themes: Iterable[MeetupTheme]) -> ThemeNames:
        by_id: dict[int, str] = {}
        by_name: dict[str, int] = {}
        for theme in themes:
            name = theme.title.strip() or theme.slug
            if name in by_name:
                name = f"{name} ({theme.slug})"
            by_id[theme.pk] = name
            by_name[name] = theme.pk
        return cls(by_id, by_name)


def organisation_keys(registrations: Iterable[Registration]) -> dict[int, str]:
    """Registration id -> organisation as the engine compares it.

    Spelling differences ("OBS de Regenboog" / "obs De Regenboog ") count as the same
    organisation; people without an organisation are never each other's colleagues.
    """
    first_spelling: dict[str, str] = {}
    keys: dict[int, str] = {}
    for reg in registrations:
        folded = " ".join(reg.organisation.split()).casefold()
        if not folded:
            keys[reg.pk] = f"(geen organisatie #{reg.pk})"
            continue
        keys[reg.pk] = first_spelling.setdefault(folded, " ".join(reg.organisation.split()))
    return keys


def participant_of(
    reg: Registration, *, names: ThemeNames, organisation: str, facilitator: bool
) -> Participant:
    choices = [reg.theme_choice_1_id, reg.theme_choice_2_id]
    if not any(choices):
        choices = [reg.theme_id]
    themes = tuple(dict.fromkeys(names.by_id[t] for t in choices if t in names.by_id))
    return Participant(
        id=str(reg.pk),
        name=reg.name,
        organisation=organisation,
        profession=reg.get_profession_display(),
        organisation_kind=reg.organisation_kind,
        themes=themes,
        facilitator=facilitator,
        promised=names.by_id.get(reg.theme_id, "") if reg.theme_id else "",
    )


def build_request(
    *,
    plan: TablePlan,
    registrations: Sequence[Registration],
    themes: Sequence[MeetupTheme],
    keep_rules: Iterable[KeepRule],
    facilitator_ids: set[int],
) -> tuple[PlanRequest, ThemeNames]:
    names = ThemeNames.of(themes)
    orgs = organisation_keys(registrations)
    participants = tuple(
        participant_of(
            reg, names=names, organisation=orgs[reg.pk], facilitator=reg.pk in facilitator_ids
        )
        for reg in registrations
    )
    known = {reg.pk for reg in registrations}
    apart: list[tuple[str, str]] = []
    together: list[tuple[str, str]] = []
    for rule in keep_rules:
        if rule.first_id in known and rule.second_id in known:
            pair = (str(rule.first_id), str(rule.second_id))
            (apart if rule.kind == KeepRule.Kind.APART else together).append(pair)
    request = PlanRequest(
        participants=participants,
        themes=tuple(Theme(names.by_id[t.pk], t.capacity) for t in themes),
        table_size=TableSize(minimum=plan.table_size_min, maximum=plan.table_size_max),
        rounds=plan.rounds,
        seconds=float(plan.seconds),
        keep_apart=tuple(apart),
        keep_together=tuple(together),
        facilitator_per_table=plan.facilitator_per_table,
        rotate_themes=plan.rotate_themes,
        seed=plan.pk or 0,
    )
    return request, names


def plan_of_seats(
    *, request: PlanRequest, names: ThemeNames, seats: Iterable[TableSeat], seconds: float = 0.0
) -> Plan:
    """The engine's view of the seats as stored (after hand moves and rebalancing)."""
    members: dict[tuple[int, str, int], list[str]] = {}
    for seat in seats:
        key = (seat.round, names.by_id[seat.meetup_theme_id], seat.table_number)
        members.setdefault(key, []).append(str(seat.registration_id))
    tables = tuple(Table(k[0], k[1], k[2], tuple(v)) for k, v in sorted(members.items()))
    return Plan(request, tables, compute_score(request=request, tables=tables), seconds)
