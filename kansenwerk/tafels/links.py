"""Table hosts' personal links: one per table of the meetup, made when first asked for.

`table_links_for_plan` is called wherever a link is shown (the cards PDF, the plan page,
`kansenwerk table-links`); it creates the missing links and leaves existing ones alone,
so a card printed yesterday and one printed today carry the same code. The link is keyed
on the meetup's table (round, theme, number), not on the planner run, so planning again
keeps the codes of tables that still exist. Links stop working `LINK_DAYS_AFTER` days
after the meetup: long enough to fill in what was left on paper, short enough that a
photographed card is not an open door for months.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from kansenwerk.core.http import site_url
from kansenwerk.meetups.models import Meetup

from .models import TableLink, TablePlan

LINK_DAYS_AFTER = 3


class TableLinkExpired(Exception):
    """The link existed but its time is over: answered with 410 Gone."""


@dataclass(frozen=True)
class TableLinkRow:
    round: int
    table: int
    theme: str
    theme_id: int
    token: str
    url: str
    short_url: str

    def as_json(self) -> dict[str, Any]:
        return {"round": self.round, "table": self.table, "theme": self.theme, "url": self.url}


def link_url(token: str) -> str:
    return site_url(reverse("afspraken:table_link", kwargs={"token": token}))


def short_link_text(url: str) -> str:
    """The URL as printed under the QR code: without the scheme, which nobody types."""
    return url.split("://", 1)[-1]


def link_expiry(meetup: Meetup) -> datetime.datetime:
    return (meetup.ends_at or meetup.starts_at) + datetime.timedelta(days=LINK_DAYS_AFTER)


def current_plan(*, meetup: Meetup) -> TablePlan | None:
    """The plan the evening runs on: the newest final plan, else the newest finished one."""
    plans = meetup.table_plans.filter(
        run_state=TablePlan.RunState.DONE, seats__isnull=False
    ).distinct()
    return (
        plans.filter(status=TablePlan.Status.FINAL).order_by("-created_at", "-id").first()
        or plans.order_by("-created_at", "-id").first()
    )


def table_links_for_plan(*, plan: TablePlan) -> list[TableLinkRow]:
    """A link for every table of the plan (created when missing), in round and table order."""
    meetup = plan.meetup
    tables = sorted(
        set(plan.seats.values_list("round", "meetup_theme_id", "table_number").order_by()),
        key=lambda t: (t[0], t[2], t[1]),
    )
    expires_at = link_expiry(meetup)
    existing = {
        (link.round, link.meetup_theme_id, link.table_number): link
        for link in TableLink.objects.filter(meetup=meetup)
    }
    missing = [key for key in tables if key not in existing]
    if missing:
        try:
            with transaction.atomic():
                for round_number, theme_id, number in missing:
                    existing[(round_number, theme_id, number)] = TableLink.objects.create(
                        meetup=meetup,
                        round=round_number,
                        meetup_theme_id=theme_id,
                        table_number=number,
                        expires_at=expires_at,
                    )
        except IntegrityError:
            # Two printers at once: the other request made them; read what it made.
            existing = {
                (link.round, link.meetup_theme_id, link.table_number): link
                for link in TableLink.objects.filter(meetup=meetup)
            }
    # A meetup moved to a later date takes its links along.
    TableLink.objects.filter(meetup=meetup, expires_at__lt=expires_at).update(expires_at=expires_at)
    titles = dict(meetup.themes.values_list("pk", "title"))
    rows = []
    for key in tables:
        link = existing[key]
        url = link_url(link.token)
        rows.append(
            TableLinkRow(
                round=key[0],
                table=key[2],
                theme=titles.get(key[1], ""),
                theme_id=key[1],
                token=link.token,
                url=url,
                short_url=short_link_text(url),
            )
        )
    return rows


def table_link_by_token(*, token: str, now: datetime.datetime | None = None) -> TableLink:
    """The link a token opens, or TableLink.DoesNotExist / TableLinkExpired."""
    link = (
        TableLink.objects.select_related("meetup", "meetup__region", "meetup_theme")
        .filter(token=token)
        .first()
        if token and len(token) <= 40
        else None
    )
    if link is None:
        raise TableLink.DoesNotExist
    if link.expires_at <= (now or timezone.now()):
        raise TableLinkExpired
    return link


def links_for_meetup(*, meetup: Meetup) -> QuerySet[TableLink]:
    return TableLink.objects.filter(meetup=meetup).select_related("meetup_theme")
