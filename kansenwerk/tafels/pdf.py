"""Printable table cards (one A6 card per table) and an A4 overview, rendered by WeasyPrint."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import TablePlan
from .selectors import plan_layout


def _render(template: str, plan: TablePlan, base_url: str) -> bytes:
    from weasyprint import HTML

    with translation.override("nl"):
        html = render_to_string(
            template,
            {
                "plan": plan,
                "meetup": plan.meetup,
                "layout": plan_layout(plan=plan, with_explanations=False),
                "generated_at": timezone.now(),
            },
        )
    return HTML(string=html, base_url=base_url).write_pdf(pdf_tags=True)


def plan_cards_pdf(*, plan: TablePlan, base_url: str = "http://localhost/") -> bytes:
    return _render("tafels/cards_pdf.html", plan, base_url)


def plan_overview_pdf(*, plan: TablePlan, base_url: str = "http://localhost/") -> bytes:
    return _render("tafels/overview_pdf.html", plan, base_url)
