"""Printable table cards (A6, two sides per table) and an A4 overview, rendered by WeasyPrint.

A card's front says where you are (table number, theme, the guiding question, who sits
there) and carries the table host's QR code; its back holds the solution directions with
their questions for the table. Printing the cards creates the tables' host links when
they do not exist yet (see `links.py`); printing again gives the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kansenwerk.core.pdf import render_pdf
from kansenwerk.meetups.models import MeetupTheme
from kansenwerk.meetups.selectors import meetup_themes_with_content

from .links import TableLinkRow, table_links_for_plan
from .models import TablePlan
from .qr import qr_svg_data_uri
from .selectors import TableCard, plan_layout


@dataclass
class PrintCard:
    table: TableCard
    theme: MeetupTheme | None
    link: TableLinkRow | None
    qr: str


def _write(template: str, context: dict[str, Any], base_url: str) -> bytes:
    with translation.override("nl"):
        html = render_to_string(template, {**context, "generated_at": timezone.now()})
    return render_pdf(html, base_url=base_url, pdf_tags=True)


def print_cards(*, plan: TablePlan) -> list[PrintCard]:
    """Every table of the plan with its theme's content and its host link."""
    layout = plan_layout(plan=plan, with_explanations=False)
    themes = {t.pk: t for t in meetup_themes_with_content(meetup=plan.meetup)}
    links = {(r.round, r.theme_id, r.table): r for r in table_links_for_plan(plan=plan)}
    cards = []
    for table in layout.tables:
        link = links.get((table.round, table.theme_id, table.number))
        cards.append(
            PrintCard(
                table=table,
                theme=themes.get(table.theme_id),
                link=link,
                qr=qr_svg_data_uri(link.url) if link else "",
            )
        )
    return cards


def plan_cards_pdf(*, plan: TablePlan, base_url: str = "http://localhost/") -> bytes:
    return _write(
        "tafels/cards_pdf.html",
        {"plan": plan, "meetup": plan.meetup, "cards": print_cards(plan=plan)},
        base_url,
    )


def plan_overview_pdf(*, plan: TablePlan, base_url: str = "http://localhost/") -> bytes:
    return _write(
        "tafels/overview_pdf.html",
        {
            "plan": plan,
            "meetup": plan.meetup,
            "layout": plan_layout(plan=plan, with_explanations=False),
        },
        base_url,
    )
