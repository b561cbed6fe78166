"""Tafels' entry in the privacy register: table plans name the people who were moved.

Seats point to registrations (no names of their own); `last_moves` refers to the people of
the last rebalance by registration id (names are looked up when the page shows them), and
older plans may still hold names there, so erasure replaces any that are left.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansenwerk.core import privacy
from kansenwerk.core.privacy import NAME_REPLACEMENT, Basis, Item, PersonalData, Role, Subject

privacy.declare(
    "tafels.TablePlan",
    title=_("Tafelindelingen van meetups"),
    purpose=_("Deelnemers aan gemengde tafels zetten en bij de deur herindelen."),
    basis=Basis.CONSENT,
    retention=_("Zolang de meetup zijn aanmeldingen bewaart (de bewaartermijn van de meetup)."),
    access=_("organisatoren en regiocoördinatoren van de regio van de meetup, beheerders"),
    fields={
        "last_moves": PersonalData(
            _("namen van wie bij de laatste herindeling van tafel wisselde"), role=Role.TEXT
        ),
    },
)


def _scrub_plan(item: Item, subject: Subject) -> None:
    plan = item.instance
    ids = subject.ids("registration")
    moves = [
        {**m, "name": NAME_REPLACEMENT} if m.get("registration_id") in ids else m
        for m in plan.last_moves or []
    ]
    moves = privacy.scrub_value(moves, subject=subject)
    error = privacy.scrub_value(plan.error, subject=subject)
    if (moves, error) != (plan.last_moves, plan.error):
        plan.last_moves, plan.error = moves, error
        plan.save(update_fields=["last_moves", "error"])


def _related(subject: Subject) -> list[Item]:
    from .models import TablePlan

    ids = subject.ids("registration")
    if not ids:
        return []
    plans = (
        TablePlan.objects.filter(
            Q(seats__registration_id__in=ids)
            | Q(facilitators__in=ids)
            | Q(meetup__registrations__in=ids)
        )
        .distinct()
        .select_related("meetup")
        .prefetch_related("seats__meetup_theme", "facilitators")
    )
    items = []
    for plan in plans:
        moves = [m for m in plan.last_moves or [] if m.get("registration_id") in ids]
        seats = [
            {
                "registration_id": s.registration_id,
                "round": s.round,
                "theme": s.meetup_theme.title,
                "table": s.table_number,
                "facilitator": s.is_facilitator,
            }
            for s in plan.seats.all()
            if s.registration_id in ids
        ]
        facilitator = any(f.pk in ids for f in plan.facilitators.all())
        if not (moves or seats or facilitator):
            continue
        items.append(
            Item(
                app="tafels",
                kind="table_plan",
                instance=plan,
                relation=privacy.Relation.MENTIONED,
                fields={
                    "meetup": plan.meetup.title,
                    "seats": seats,
                    "facilitator": facilitator,
                    "last_moves": moves,
                },
                erase=_scrub_plan,
            )
        )
    return items


privacy.provider("tafels", related=_related, order=20)
