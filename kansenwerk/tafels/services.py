"""Writes for table plans: create and compute a plan, move seats, rebalance, keep rules.

Every function checks the organiser's right (Capability.MEETUPS in the meetup's region),
writes inside one transaction and lets `AuditedModel` log each row it changes.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django_tasks import task

from kansenwerk.core.actor import audit_context
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.meetups import selectors as meetup_selectors
from kansenwerk.meetups.models import Meetup, MeetupTheme, Registration
from kansenwerk.tafels.planning.engine import plan_tables
from kansenwerk.tafels.planning.model import Move, Plan, PlanningError
from kansenwerk.tafels.planning.review import rebalance
from kansenwerk.tafels.planning.rules import hard_violations, new_violations

from .bridge import ThemeNames, build_request, organisation_keys, participant_of, plan_of_seats
from .models import KeepRule, TablePlan, TableSeat

logger = logging.getLogger(__name__)

CONFIRMED = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def source_registrations(*, meetup: Meetup, source: str):
    if source == TablePlan.Source.PRESENT:
        return meetup_selectors.present_registrations(meetup=meetup)
    return Registration.objects.filter(
        meetup=meetup, status__in=CONFIRMED, pseudonymised_at__isnull=True
    ).order_by("id")


def _ensure(user: AnyUser | None, meetup: Meetup, action: Action = Action.UPDATE) -> None:
    """Organisers of the meetup's region; ``user=None`` only for management commands."""
    if user is None:
        return
    ensure_can_write(user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=action)


def final_plan(*, meetup: Meetup) -> TablePlan | None:
    """The plan the evening runs on: the latest one made definitive, if any."""
    return (
        TablePlan.objects.filter(
            meetup=meetup, status=TablePlan.Status.FINAL, run_state=TablePlan.RunState.DONE
        )
        .order_by("-updated_at", "-id")
        .first()
    )


def _seated_and_checked_in(*, meetup: Meetup) -> list[TableSeat]:
    """Seats in the final plan of people who are already checked in: they keep them."""
    plan = final_plan(meetup=meetup)
    if plan is None:
        return []
    here = meetup_selectors.present_registrations(meetup=meetup).values("pk")
    return list(plan.seats.filter(registration_id__in=here).order_by("round", "id"))


def plan_create(
    *,
    user: AnyUser | None,
    meetup: Meetup,
    source: str = TablePlan.Source.REGISTRATIONS,
    rounds: int = 1,
    table_size_min: int = 4,
    table_size_max: int = 8,
    seconds: int = 5,
    facilitator_per_table: bool = False,
    facilitators: list[Registration] | None = None,
    rotate_themes: bool = False,
    keep_seated: bool | None = None,
    run_now: bool = False,
) -> TablePlan:
    """Store the settings of a new plan and compute it: the one way to plan an evening.

    The organiser's page computes in the background (django-tasks); ``run_now`` computes
    before returning (the management command). ``keep_seated`` (re-planning at the door):
    everyone already checked in keeps their seat of the final plan and the others are
    seated around them; by default on as soon as someone checked in has such a seat.
    """
    _ensure(user, meetup, Action.CREATE)
    if table_size_max < table_size_min:
        raise ValidationError(
            {"table_size_max": _("Het maximum per tafel moet minstens het minimum zijn.")}
        )
    if table_size_max < 2:
        raise ValidationError({"table_size_max": _("Een tafel heeft minstens 2 plaatsen.")})
    if not meetup.themes.exists():
        raise ValidationError(_("Deze meetup heeft nog geen thema's. Voeg eerst thema's toe."))
    if not source_registrations(meetup=meetup, source=source).exists():
        raise ValidationError(
            _("Er is nog niemand binnengekomen.")
            if source == TablePlan.Source.PRESENT
            else _("Er zijn nog geen bevestigde aanmeldingen om in te delen.")
        )
    facilitators = list(facilitators or [])
    if any(f.meetup_id != meetup.pk for f in facilitators):
        raise ValidationError({"facilitators": _("Kies gespreksleiders van deze meetup.")})
    with transaction.atomic():
        plan = TablePlan.objects.create(
            meetup=meetup,
            source=source,
            rounds=rounds,
            table_size_min=table_size_min,
            table_size_max=table_size_max,
            seconds=seconds,
            facilitator_per_table=facilitator_per_table,
            rotate_themes=rotate_themes,
            created_by=signed_in(user),
        )
        plan.facilitators.set(facilitators)
        kept = _seated_and_checked_in(meetup=meetup) if keep_seated is not False else []
        kept = [s for s in kept if s.round <= rounds]
        TableSeat.objects.bulk_create(
            TableSeat(
                plan=plan,
                round=s.round,
                meetup_theme_id=s.meetup_theme_id,
                table_number=s.table_number,
                registration_id=s.registration_id,
                is_facilitator=s.registration_id in {f.pk for f in facilitators},
                locked=True,
            )
            for s in kept
        )
        if not run_now:
            transaction.on_commit(lambda: _enqueue(plan.pk))
    if run_now:
        plan = plan_compute(plan_id=plan.pk)
    return plan


def _enqueue(plan_id: int) -> None:
    compute_table_plan.enqueue(plan_id=plan_id)


@task()
def compute_table_plan(*, plan_id: int) -> str:
    """Background task (django-tasks; immediate in dev and tests): compute a stored plan.

    It lives beside the service it runs, so the service can enqueue it without a cycle.
    """
    with audit_context(source="task"):
        return plan_compute(plan_id=plan_id).run_state


def plan_compute(*, plan_id: int) -> TablePlan:
    """Run the planner for a stored plan and save its seats (called by the background task)."""
    with transaction.atomic():
        plan = TablePlan.objects.select_for_update().select_related("meetup").get(pk=plan_id)
        if plan.run_state == TablePlan.RunState.RUNNING:
            return plan
        plan.run_state = TablePlan.RunState.RUNNING
        plan.error = ""
        plan.save(update_fields=["run_state", "error", "updated_at"])
    meetup = plan.meetup
    registrations = list(source_registrations(meetup=meetup, source=plan.source))
    kept = list(plan.seats.filter(locked=True))
    kept_ids = {s.registration_id for s in kept}
    by_pk = {r.pk: r for r in registrations}
    # Someone kept from the final plan is seated even if the source would leave them out.
    registrations += [
        r for r in Registration.objects.filter(pk__in=kept_ids - set(by_pk)).order_by("id")
    ]
    themes = list(meetup.themes.order_by("position", "id"))
    facilitator_ids = set(plan.facilitators.values_list("pk", flat=True))
    request, names = build_request(
        plan=plan,
        registrations=registrations,
        themes=themes,
        keep_rules=meetup.keep_rules.all(),
        facilitator_ids=facilitator_ids,
    )
    try:
        if kept:
            result = _plan_around(request=request, names=names, kept=kept)
        else:
            result = plan_tables(request=request)
    except PlanningError as exc:
        return _fail(plan, str(exc))
    except Exception:
        # The page must never stay "bezig" for ever; the trace goes to the log.
        logger.exception("Table plan %s failed", plan.pk)
        return _fail(plan, _("Er ging iets mis bij het indelen. Probeer het opnieuw."))
    broken = hard_violations(result)
    if broken:
        logger.warning("Table plan %s breaks %d hard rules", plan.pk, len(broken))
    with transaction.atomic():
        plan.seats.all().delete()
        TableSeat.objects.bulk_create(
            TableSeat(
                plan=plan,
                round=table.round,
                meetup_theme_id=names.by_name[table.theme],
                table_number=table.number,
                registration_id=int(pid),
                is_facilitator=int(pid) in facilitator_ids,
                locked=(table.round, int(pid)) in {(s.round, s.registration_id) for s in kept},
            )
            for table in result.tables
            for pid in table.members
        )
        plan.score = result.score.as_dict()
        plan.solve_seconds = result.seconds
        plan.last_moves = []
        plan.run_state = TablePlan.RunState.DONE
        plan.save()
    return plan


def _plan_around(*, request, names: ThemeNames, kept: Sequence[TableSeat]) -> Plan:
    """Seat everyone not yet seated around the kept seats, moving none of those."""
    from dataclasses import replace

    seated = {str(s.registration_id) for s in kept}
    start_request = replace(
        request, participants=tuple(p for p in request.participants if p.id in seated)
    )
    current = plan_of_seats(request=start_request, names=names, seats=kept)
    arrivals = [p for p in request.participants if p.id not in seated]
    locked = {(s.round, str(s.registration_id)) for s in kept}
    for round_number in range(1, request.rounds + 1):
        if not current.tables_in_round(round_number):
            raise PlanningError(
                _(
                    "Ronde %(r)d heeft nog niemand aan tafel; maak een nieuwe indeling zonder vasthouden."
                )
                % {"r": round_number}
            )
    result = rebalance(current, sorted(seated), arrivals, locked=locked)
    return replace(result, request=request, moves=())


def _fail(plan: TablePlan, message: str) -> TablePlan:
    plan.run_state = TablePlan.RunState.FAILED
    plan.error = message
    plan.save(update_fields=["run_state", "error", "updated_at"])
    return plan


def _engine_state(plan: TablePlan, extra: Sequence[Registration] = ()):
    """The stored plan as the engine sees it (participants: everyone seated, plus ``extra``)."""
    seats = list(plan.seats.select_related("registration"))
    registrations = {s.registration_id: s.registration for s in seats}
    for reg in extra:
        registrations.setdefault(reg.pk, reg)
    request, names = build_request(
        plan=plan,
        registrations=sorted(registrations.values(), key=lambda r: r.pk),
        themes=list(plan.meetup.themes.order_by("position", "id")),
        keep_rules=plan.meetup.keep_rules.all(),
        facilitator_ids=set(plan.facilitators.values_list("pk", flat=True)),
    )
    return request, names, seats


def seat_move(
    *,
    user: AnyUser | None,
    plan: TablePlan,
    registration_id: int,
    round_number: int,
    theme_id: int,
    table_number: int | None,
) -> TableSeat:
    """Move one person by hand; ``table_number`` None opens a new table in that theme.

    The seat is locked so rebalancing leaves it where the organiser put it.
    """
    _ensure(user, plan.meetup)
    if plan.is_busy:
        raise ValidationError(_("De indeling wordt nog berekend; probeer het zo opnieuw."))
    with transaction.atomic():
        seat = (
            TableSeat.objects.select_for_update()
            .filter(plan=plan, round=round_number, registration_id=registration_id)
            .first()
        )
        if seat is None:
            raise ValidationError(_("Deze deelnemer heeft in deze ronde geen plaats."))
        if not MeetupTheme.objects.filter(pk=theme_id, meetup_id=plan.meetup_id).exists():
            raise ValidationError(_("Dit thema hoort niet bij deze meetup."))
        if table_number is None:
            table_number = _new_table_number(
                plan=plan, round_number=round_number, theme_id=theme_id
            )
        elif not TableSeat.objects.filter(
            plan=plan, round=round_number, meetup_theme_id=theme_id, table_number=table_number
        ).exists():
            raise ValidationError(_("Deze tafel bestaat niet in deze ronde."))
        before = _engine_state(plan)
        seat.meetup_theme_id = theme_id
        seat.table_number = table_number
        seat.locked = True
        seat.save()
        request, names, seats = _engine_state(plan)
        after = plan_of_seats(request=request, names=names, seats=seats)
        broken = new_violations(
            plan_of_seats(request=before[0], names=before[1], seats=before[2]), after
        )
        if broken:
            # Raising inside the atomic block undoes the move.
            raise ValidationError(
                _("Deze verplaatsing kan niet: %(reasons)s")
                % {"reasons": " ".join(v.message for v in broken)}
            )
        plan.score = after.score.as_dict()
        plan.save(update_fields=["score", "updated_at"])
    return seat


def _new_table_number(*, plan: TablePlan, round_number: int, theme_id: int) -> int:
    """A new table of a theme: a number that theme has in another round, else the next
    number of the evening, so no two tables ever share a number."""
    used_now = set(
        TableSeat.objects.filter(plan=plan, round=round_number).values_list(
            "table_number", flat=True
        )
    )
    of_theme = set(
        TableSeat.objects.filter(plan=plan, meetup_theme_id=theme_id).values_list(
            "table_number", flat=True
        )
    )
    free = sorted(of_theme - used_now)
    if free:
        return free[0]
    highest = TableSeat.objects.filter(plan=plan).aggregate(n=Max("table_number"))["n"]
    return (highest or 0) + 1


def plan_violations(*, plan: TablePlan) -> list:
    """The hard rules the stored plan breaks (empty when all are kept)."""
    request, names, seats = _engine_state(plan)
    return hard_violations(plan_of_seats(request=request, names=names, seats=seats))


def plan_rebalance(
    *, user: AnyUser | None, plan: TablePlan, keep_seated: bool = True
) -> list[dict[str, Any]]:
    """Re-seat for who is actually here: no-shows leave, late arrivals join, fewest moves.

    ``keep_seated`` (the default at the door): everyone checked in keeps their seat; only
    late arrivals are placed and only no-shows leave. Without it, tables are also evened
    out by moving a few people. Hand-placed seats never move. Returns the moves made (also
    stored on the plan as ``last_moves``, by registration id).
    """
    _ensure(user, plan.meetup)
    if plan.is_busy:
        raise ValidationError(_("De indeling wordt nog berekend; probeer het zo opnieuw."))
    present = list(meetup_selectors.present_registrations(meetup=plan.meetup))
    if not present:
        raise ValidationError(
            _("Er is nog niemand binnengekomen; herindelen kan pas als mensen zijn ingecheckt.")
        )
    with transaction.atomic():
        request, names, seats = _engine_state(plan, extra=present)
        seated = {s.registration_id for s in seats}
        current = plan_of_seats(request=request, names=names, seats=seats)
        orgs = organisation_keys([*(s.registration for s in seats), *present])
        facilitator_ids = set(plan.facilitators.values_list("pk", flat=True))
        arrivals = [
            participant_of(
                reg, names=names, organisation=orgs[reg.pk], facilitator=reg.pk in facilitator_ids
            )
            for reg in present
            if reg.pk not in seated
        ]
        here = {r.pk for r in present}
        locked = {
            (s.round, str(s.registration_id))
            for s in seats
            if s.locked or (keep_seated and s.registration_id in here)
        }
        try:
            result = rebalance(
                current, [str(r.pk) for r in present if r.pk in seated], arrivals, locked=locked
            )
        except PlanningError as exc:
            raise ValidationError(str(exc)) from exc
        broken = new_violations(current, result)
        if broken:
            raise ValidationError(
                _("Herindelen lukt zo niet: %(reasons)s")
                % {"reasons": " ".join(v.message for v in broken)}
            )
        _store_seats(plan, names, seats, result.tables, facilitator_ids)
        moves = [_move_dict(m) for m in result.moves[len(current.moves) :]]
        plan.score = result.score.as_dict()
        plan.last_moves = moves
        plan.save(update_fields=["score", "last_moves", "updated_at"])
    return moves


def _store_seats(plan, names: ThemeNames, seats, tables, facilitator_ids: set[int]) -> None:
    wanted = {
        (t.round, int(pid)): (names.by_name[t.theme], t.number) for t in tables for pid in t.members
    }
    for seat in seats:
        target = wanted.pop((seat.round, seat.registration_id), None)
        if target is None:
            seat.delete()
        elif target != (seat.meetup_theme_id, seat.table_number):
            seat.meetup_theme_id, seat.table_number = target
            seat.save()
    for (round_number, reg_id), (theme_id, number) in sorted(wanted.items()):
        TableSeat.objects.create(
            plan=plan,
            round=round_number,
            meetup_theme_id=theme_id,
            table_number=number,
            registration_id=reg_id,
            is_facilitator=reg_id in facilitator_ids,
        )


def _move_dict(move: Move) -> dict[str, Any]:
    """One move as stored: registration ids only, names are looked up when shown."""

    def where(key):
        return None if key is None else {"theme": key[1], "table": key[2]}

    return {
        "round": move.round,
        "registration_id": int(move.participant_id),
        "from": where(move.from_table),
        "to": where(move.to_table),
    }


def plan_set_status(*, user: AnyUser | None, plan: TablePlan, status: str) -> TablePlan:
    _ensure(user, plan.meetup)
    if status not in TablePlan.Status.values:
        raise ValidationError(_("Onbekende status."))
    if status == TablePlan.Status.FINAL and plan.run_state != TablePlan.RunState.DONE:
        raise ValidationError(_("Alleen een klaar berekende indeling kan definitief worden."))
    with transaction.atomic():
        if status == TablePlan.Status.FINAL:
            # One plan runs the evening: the check-in page and personal pages show it.
            for other in TablePlan.objects.filter(
                meetup_id=plan.meetup_id, status=TablePlan.Status.FINAL
            ).exclude(pk=plan.pk):
                other.status = TablePlan.Status.DRAFT
                other.save(update_fields=["status", "updated_at"])
        plan.status = status
        plan.save(update_fields=["status", "updated_at"])
    return plan


def plan_delete(*, user: AnyUser | None, plan: TablePlan) -> None:
    _ensure(user, plan.meetup, Action.DELETE)
    plan.delete()


def keep_rule_create(
    *, user: AnyUser | None, meetup: Meetup, first: Registration, second: Registration, kind: str
) -> KeepRule:
    _ensure(user, meetup, Action.CREATE)
    if first.pk == second.pk:
        raise ValidationError({"second": _("Kies twee verschillende deelnemers.")})
    if first.meetup_id != meetup.pk or second.meetup_id != meetup.pk:
        raise ValidationError(_("Kies deelnemers van deze meetup."))
    if kind not in KeepRule.Kind.values:
        raise ValidationError({"kind": _("Kies uit elkaar houden of bij elkaar zetten.")})
    first, second = sorted((first, second), key=lambda r: r.pk)
    with transaction.atomic():
        existing = KeepRule.objects.filter(meetup=meetup, first=first, second=second).first()
        if existing is not None:
            existing.kind = kind
            existing.save()
            return existing
        return KeepRule.objects.create(meetup=meetup, first=first, second=second, kind=kind)


def keep_rule_delete(*, user: AnyUser | None, rule: KeepRule) -> None:
    _ensure(user, rule.meetup, Action.DELETE)
    rule.delete()
