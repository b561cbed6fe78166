"""At the door: who sits where, alphabetically, for the organiser who welcomes people.

Names are personal data: these rows are only built for pages and files that
`selectors.plan_for_user` has already allowed (organisers of the meetup's region).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kansenwerk.core.pdf import render_pdf

from .models import TablePlan


@dataclass
class DoorPlace:
    round: int
    table: int
    theme: str
    is_facilitator: bool


@dataclass
class DoorRow:
    registration_id: int
    name: str
    letter: str
    places: list[DoorPlace | None] = field(default_factory=list)  # one per round


def sort_key(name: str) -> str:
    """Alphabetical as a person reads it: case and accents do not count (Özil by O)."""
    decomposed = unicodedata.normalize("NFKD", name.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def door_rows(*, plan: TablePlan, query: str = "") -> list[DoorRow]:
    """Everyone seated in the plan, by name, with their table in every round (one query)."""
    seats = plan.seats.select_related("registration", "meetup_theme").order_by(
        "round", "table_number"
    )
    rows: dict[int, DoorRow] = {}
    for seat in seats:
        registration = seat.registration
        row = rows.get(registration.pk)
        if row is None:
            key = sort_key(registration.name)
            letter = key[:1].upper() if key[:1].isalpha() else "#"
            row = rows[registration.pk] = DoorRow(
                registration.pk, registration.name, letter, [None] * plan.rounds
            )
        if 1 <= seat.round <= plan.rounds:
            row.places[seat.round - 1] = DoorPlace(
                seat.round, seat.table_number, seat.meetup_theme.title, seat.is_facilitator
            )
    found = sorted(rows.values(), key=lambda r: (sort_key(r.name), r.registration_id))
    needle = sort_key(query)
    if needle:
        found = [r for r in found if needle in sort_key(r.name)]
    return found


def door_list_pdf(*, plan: TablePlan, base_url: str = "http://localhost/") -> bytes:
    with translation.override("nl"):
        html = render_to_string(
            "tafels/door_pdf.html",
            {
                "plan": plan,
                "meetup": plan.meetup,
                "rows": door_rows(plan=plan),
                "rounds": range(1, plan.rounds + 1),
                "generated_at": timezone.now(),
            },
        )
    return render_pdf(html, base_url=base_url, pdf_tags=True)
