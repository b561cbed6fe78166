"""Reads for table plans; `*_for_user` selectors check the organiser's rights.

Names of participants appear only through these selectors, and they only answer
organisers of the meetup (Capability.MEETUPS in its region).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.permissions import Capability, can_write
from kansenwerk.core.types import AnyUser
from kansenwerk.meetups.models import Meetup, OrganisationKind, Registration
from kansenwerk.meetups.selectors import meetup_for_user, meetups_for_user
from kansenwerk.tafels.planning.model import Violation
from kansenwerk.tafels.planning.review import check, explain
from kansenwerk.tafels.planning.rules import hard_violations

from .bridge import build_request, plan_of_seats
from .models import KeepRule, TablePlan, TableSeat

__all__ = [
    "keep_rules_for_meetup",
    "meetup_for_user",
    "meetups_with_plans_for_user",
    "plan_for_user",
    "plan_layout",
    "plans_for_meetup",
]

_COVERED_BY_HARD_RULES = {"dubbel", "niet_ingedeeld", "meer_gespreksleiders"}

# Score terms shown to organisers, in the order a person reads them.
SCORE_LABELS = (
    ("mixed_profession_pairs", gettext_lazy("Paren met verschillende beroepen")),
    ("upper_bound_mixed_profession", gettext_lazy("Hoogst haalbare aantal zulke paren")),
    ("quality_pct", gettext_lazy("Menging van beroepen (% van het haalbare)")),
    ("mixed_kind_pairs", gettext_lazy("Paren uit verschillende soorten organisaties")),
    ("same_organisation_pairs", gettext_lazy("Collega's aan één tafel (paren)")),
    ("unavoidable_same_organisation_pairs", gettext_lazy("Waarvan niet te vermijden")),
    ("repeat_pairs", gettext_lazy("Paren die elkaar in een eerdere ronde al spraken")),
    ("theme_first_choice", gettext_lazy("Plaatsen bij het thema van de 1e keus")),
    ("theme_second_choice", gettext_lazy("Plaatsen bij het thema van de 2e keus")),
    ("theme_other", gettext_lazy("Plaatsen bij een niet gekozen thema")),
    ("tables_without_facilitator", gettext_lazy("Tafels zonder gespreksleider")),
    ("keep_apart_violations", gettext_lazy("Geschonden regels 'uit elkaar'")),
    ("keep_together_violations", gettext_lazy("Geschonden regels 'bij elkaar'")),
    ("oversize_tables", gettext_lazy("Te volle tafels")),
    ("undersize_tables", gettext_lazy("Te kleine tafels")),
)


def plan_for_user(*, user: AnyUser | None, plan_id: int) -> TablePlan:
    """A plan of a meetup the user organises, or Http404 / PermissionDenied."""
    plan = (
        TablePlan.objects.select_related("meetup", "meetup__region")
        .prefetch_related("facilitators")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404(_("Deze tafelindeling bestaat niet."))
    if not can_write(user, capability=Capability.MEETUPS, region_id=plan.meetup.region_id):
        raise PermissionDenied(_("U hebt geen rechten om deze tafelindeling te zien."))
    return plan


def keep_rule_for_user(*, user: AnyUser | None, rule_id: int) -> KeepRule:
    rule = KeepRule.objects.select_related("meetup").filter(pk=rule_id).first()
    if rule is None:
        raise Http404(_("Deze regel bestaat niet."))
    if not can_write(user, capability=Capability.MEETUPS, region_id=rule.meetup.region_id):
        raise PermissionDenied(_("U hebt geen rechten om deze regel te wijzigen."))
    return rule


def meetups_with_plans_for_user(*, user: AnyUser | None) -> QuerySet[Meetup]:
    return meetups_for_user(user=user).annotate(plan_count=Count("table_plans", distinct=True))


def plans_for_meetup(*, meetup: Meetup) -> QuerySet[TablePlan]:
    return meetup.table_plans.annotate(seat_count=Count("seats")).order_by("-created_at", "-id")


def keep_rules_for_meetup(*, meetup: Meetup) -> QuerySet[KeepRule]:
    return meetup.keep_rules.select_related("first", "second").order_by("id")


def registrations_for_rules(*, meetup: Meetup) -> QuerySet[Registration]:
    return Registration.objects.filter(
        meetup=meetup,
        status__in=Registration.HOLDING,
        pseudonymised_at__isnull=True,
    ).order_by("name", "id")


@dataclass
class SeatRow:
    seat: TableSeat
    registration: Registration
    explanation: str
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    current: str = ""
    options_html: str = ""  # the <option>s with the current table selected


@dataclass
class TableCard:
    round: int
    theme_id: int
    theme: str
    number: int
    rows: list[SeatRow]
    professions: list[tuple[str, int]]
    kinds: list[tuple[Any, int]]  # (label, count); labels may be lazy translations
    violations: list[Violation]

    @property
    def size(self) -> int:
        return len(self.rows)


@dataclass
class ThemeBlock:
    theme_id: int
    title: str
    tables: list[TableCard]


@dataclass
class RoundBlock:
    number: int
    themes: list[ThemeBlock]


@dataclass
class PlanLayout:
    rounds: list[RoundBlock]
    violations: list[Violation]
    score_rows: list[tuple[Any, Any]]
    errors: int
    warnings: int

    @property
    def tables(self) -> list[TableCard]:
        return [t for r in self.rounds for th in r.themes for t in th.tables]


def plan_layout(*, plan: TablePlan, with_explanations: bool = True) -> PlanLayout:
    """Rounds → themes → tables with members, composition, warnings and explanations."""
    seats = list(
        plan.seats.select_related("registration", "meetup_theme").order_by(
            "round", "meetup_theme__position", "meetup_theme_id", "table_number", "id"
        )
    )
    themes = list(plan.meetup.themes.order_by("position", "id"))
    registrations = sorted(
        {s.registration_id: s.registration for s in seats}.values(), key=lambda r: r.pk
    )
    request, names = build_request(
        plan=plan,
        registrations=registrations,
        themes=themes,
        keep_rules=plan.meetup.keep_rules.all(),
        facilitator_ids={f.pk for f in plan.facilitators.all()},
    )
    engine_plan = plan_of_seats(request=request, names=names, seats=seats)
    # The hard rules first; the review's own once-per-round and facilitator checks say
    # the same in other words, so they are left out.
    violations = hard_violations(engine_plan) + [
        v for v in check(engine_plan) if v.code not in _COVERED_BY_HARD_RULES
    ]
    explanations = (
        {str(r.pk): explain(engine_plan, str(r.pk)) for r in registrations}
        if with_explanations
        else {}
    )
    by_table: dict[tuple[int, int, int], list[TableSeat]] = defaultdict(list)
    for seat in seats:
        by_table[(seat.round, seat.meetup_theme_id, seat.table_number)].append(seat)
    theme_pos = {t.pk: i for i, t in enumerate(themes)}
    kind_labels = dict(OrganisationKind.choices)
    violations_at: dict[tuple[int, str, int], list[Violation]] = defaultdict(list)
    for v in violations:
        if v.table is not None:
            violations_at[(v.round, v.theme, v.table)].append(v)
    rounds: dict[int, dict[int, list[TableCard]]] = defaultdict(lambda: defaultdict(list))
    for key in sorted(by_table, key=lambda k: (k[0], theme_pos.get(k[1], 0), k[2])):
        round_number, theme_id, number = key
        table_seats = sorted(
            by_table[key], key=lambda s: (not s.is_facilitator, s.registration.name)
        )
        professions = Counter(s.registration.get_profession_display() for s in table_seats)
        kinds = Counter(kind_labels.get(s.registration.organisation_kind, "") for s in table_seats)
        kinds.pop("", None)
        rows = []
        for seat in table_seats:
            lines = explanations.get(str(seat.registration_id), [])
            rows.append(
                SeatRow(
                    seat=seat,
                    registration=seat.registration,
                    explanation=lines[round_number - 1] if len(lines) >= round_number else "",
                )
            )
        rounds[round_number][theme_id].append(
            TableCard(
                round=round_number,
                theme_id=theme_id,
                theme=names.by_id[theme_id],
                number=number,
                rows=rows,
                professions=professions.most_common(),
                kinds=kinds.most_common(),
                violations=violations_at.get((round_number, names.by_id[theme_id], number), []),
            )
        )
    blocks = []
    for round_number in sorted(rounds):
        theme_blocks = [
            ThemeBlock(theme_id, names.by_id[theme_id], tables)
            for theme_id, tables in sorted(
                rounds[round_number].items(), key=lambda item: theme_pos.get(item[0], 0)
            )
        ]
        # Every table of the round, plus a new table per theme, as targets for a hand move.
        options = [
            (
                f"{tb.theme_id}:{t.number}",
                _("%(theme)s, tafel %(n)d") % {"theme": tb.title, "n": t.number},
            )
            for tb in theme_blocks
            for t in tb.tables
        ] + [
            (f"{t.pk}:new", _("%(theme)s, nieuwe tafel") % {"theme": names.by_id[t.pk]})
            for t in themes
        ]
        # The option list is rendered once per round and only the selected table marked per
        # row: at 400 people the template loop over rows x tables took seconds.
        options_html = format_html_join(
            "", '<option value="{}">{}</option>', ((value, label) for value, label in options)
        )
        for tb in theme_blocks:
            for table in tb.tables:
                for row in table.rows:
                    row.options = options
                    row.current = f"{tb.theme_id}:{table.number}"
                    row.options_html = mark_safe(  # noqa: S308 - built by format_html_join
                        options_html.replace(
                            f'value="{row.current}">', f'value="{row.current}" selected>', 1
                        )
                    )
        blocks.append(RoundBlock(round_number, theme_blocks))
    score = engine_plan.score.as_dict() if seats else plan.score
    score_rows = [(label, score[key]) for key, label in SCORE_LABELS if key in score]
    return PlanLayout(
        rounds=blocks,
        violations=violations,
        score_rows=score_rows,
        errors=sum(v.severity == "fout" for v in violations),
        warnings=sum(v.severity != "fout" for v in violations),
    )


def last_moves_for_display(*, plan: TablePlan) -> list[dict[str, Any]]:
    """The last re-plan's moves with names looked up now (the plan stores only ids)."""
    ids = {m.get("registration_id") for m in plan.last_moves}
    names = dict(
        Registration.objects.filter(pk__in=ids, meetup_id=plan.meetup_id).values_list("pk", "name")
    )
    return [
        m | {"name": names.get(m.get("registration_id"), _("(verwijderd)"))}
        for m in plan.last_moves
    ]


@dataclass(frozen=True)
class SeatInfo:
    """Where one person sits in one round of the final plan (no other people's data)."""

    round: int
    table: int
    theme: str


def final_seats_by_registration(*, meetup: Meetup) -> dict[int, list[SeatInfo]]:
    """Registration id -> seats per round in the meetup's final plan ({} without one).

    For the check-in page (organisers) and each participant's own page: two queries.
    """
    plan = (
        TablePlan.objects.filter(
            meetup=meetup, status=TablePlan.Status.FINAL, run_state=TablePlan.RunState.DONE
        )
        .order_by("-updated_at", "-id")
        .first()
    )
    if plan is None:
        return {}
    out: dict[int, list[SeatInfo]] = defaultdict(list)
    rows = plan.seats.order_by("round").values_list(
        "registration_id", "round", "table_number", "meetup_theme__title"
    )
    for registration_id, round_number, number, theme in rows:
        out[registration_id].append(SeatInfo(round_number, number, theme))
    return dict(out)


def final_seats_for_registration(*, registration: Registration) -> list[SeatInfo]:
    """One participant's own seats in the final plan, for their personal page."""
    plan = (
        TablePlan.objects.filter(
            meetup_id=registration.meetup_id,
            status=TablePlan.Status.FINAL,
            run_state=TablePlan.RunState.DONE,
        )
        .order_by("-updated_at", "-id")
        .first()
    )
    if plan is None:
        return []
    rows = plan.seats.filter(registration=registration).order_by("round")
    return [
        SeatInfo(s.round, s.table_number, s.meetup_theme.title)
        for s in rows.select_related("meetup_theme")
    ]


def plan_as_dict(*, plan: TablePlan) -> dict[str, Any]:
    """A stored plan in the JSON shape of `plan-tables CSV --json`, members as registration
    ids (no names: the output may end up in logs), plus the plan's id and rule check."""
    seats = list(plan.seats.select_related("meetup_theme").order_by("round", "table_number", "id"))
    tables: dict[tuple[int, int], dict[str, Any]] = {}
    for seat in seats:
        table = tables.setdefault(
            (seat.round, seat.table_number),
            {
                "round": seat.round,
                "theme": seat.meetup_theme.title,
                "table": seat.table_number,
                "members": [],
            },
        )
        table["members"].append(seat.registration_id)
    from .services import plan_violations

    return {
        "plan_id": plan.pk,
        "meetup": plan.meetup.slug,
        "tables": list(tables.values()),
        "score": plan.score,
        "seconds": plan.solve_seconds,
        "violations": [v.message for v in plan_violations(plan=plan)],
    }
