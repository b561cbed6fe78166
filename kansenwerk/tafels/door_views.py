"""At the door: the door list (phone page and A4 PDF) and the table hosts' links of a plan.

Organisers of the meetup's region only (`selectors.plan_for_user`): the list holds names.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .door import door_list_pdf, door_rows
from .links import table_links_for_plan


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def door_list(request, plan_id: int):
    """Phone-sized: who sits where, by name; `?naam=` narrows the list down to a name."""
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    query = request.GET.get("naam", "").strip()[:100]
    rows = door_rows(plan=plan, query=query)
    groups = [(letter, list(items)) for letter, items in groupby(rows, key=lambda r: r.letter)]
    return _private(
        render(
            request,
            "tafels/door.html",
            {
                "plan": plan,
                "meetup": plan.meetup,
                "groups": groups,
                "count": len(rows),
                "query": query,
                "multiple_rounds": plan.rounds > 1,
            },
        )
    )


@login_required
@require_GET
def door_list_file(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    pdf = door_list_pdf(plan=plan, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="deurlijst-{plan.meetup.slug}.pdf"'
    return _private(response)


@login_required
@require_GET
def host_links(request, plan_id: int):
    """The table hosts' links, to send to a host whose card got lost."""
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    return _private(
        render(
            request,
            "tafels/host_links.html",
            {"plan": plan, "meetup": plan.meetup, "links": table_links_for_plan(plan=plan)},
        )
    )
