"""Keep the summary figures (`Tally`) current, and rebuild them from scratch.

Agreements, signals and registrations change their tallies by deltas: before a save or
delete the row's old contributions are read from the database, afterwards the new ones
are computed, and only the difference is written (a few `UPDATE … SET n = n + d`). The
receivers in `kansenwerk.regio.receivers` call this for every save and delete, whichever
service (or the admin) makes it, so the lower apps need not know about regio.

Rarer changes that move many rows at once — a meetup moved to another date or region, a
meetup theme renamed or removed, a kennisbank theme or solution direction removed — rebuild
the affected regions after the commit. `rebuild()` is also `kansenwerk insight-rebuild`.
Updates through `QuerySet.update()` or `bulk_create` bypass the receivers: run the command
after such bulk changes (`bench/insight.py` does).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Model
from django.db.models.functions import TruncMonth
from django.utils import timezone

from kansenwerk.afspraken.models import OPEN_STATUSES, Agreement, AgreementStatus, Signal
from kansenwerk.meetups.models import Meetup, MeetupTheme, Registration
from kansenwerk.regio.models import Tally, TallyKind

Key = tuple[int, str, str, str]  # region id, kind, key, sub
KEY_LENGTH = Tally._meta.get_field("key").max_length or 320


def month_key(starts_at: datetime.datetime) -> str:
    return timezone.localtime(starts_at).strftime("%Y-%m")


def start_key(starts_at: datetime.datetime) -> str:
    """To the second, local time: sortable as text, so "held before now" is a key range."""
    return timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M:%S")


def theme_key(theme_id: int | None, title: str | None) -> str:
    """A kennisbank theme by id (its title may change), else the meetup's own title;
    "" for agreements and signals without a theme."""
    if theme_id:
        return f"t{theme_id}"
    if title:
        return f"o{title}"[:KEY_LENGTH]
    return ""


def _meetup_info(ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    rows = Meetup.objects.filter(pk__in=set(ids)).values_list("pk", "region_id", "starts_at")
    return {pk: (region_id, month_key(starts)) for pk, region_id, starts in rows}


def _theme_info(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = MeetupTheme.objects.filter(pk__in=wanted).values_list("pk", "theme_id", "title")
    return {pk: theme_key(theme_id, title) for pk, theme_id, title in rows}


# ---- what one row contributes -------------------------------------------------------


def _agreement_keys(
    region: int, month: str, theme: str, direction: int | None, status: str
) -> list[Key]:
    keys: list[Key] = [
        (region, TallyKind.AGREEMENT_MONTH, month, status),
        (region, TallyKind.AGREEMENT_THEME, theme, status),
    ]
    if direction:
        keys.append((region, TallyKind.AGREEMENT_DIRECTION, str(direction), status))
    return keys


def _due_key(region: int, due: datetime.date) -> Key:
    return (region, TallyKind.AGREEMENT_OPEN_DUE, due.isoformat(), "")


def _signal_keys(
    region: int, month: str, theme: str, direction: int | None, level: str, group: int | None
) -> list[Key]:
    keys: list[Key] = [(region, TallyKind.SIGNAL_MONTH_THEME, f"{month}|{theme}", level)]
    if group:
        keys.append((region, TallyKind.SIGNAL_GROUP, str(group), level))
    if direction:
        keys.append((region, TallyKind.SIGNAL_DIRECTION, str(direction), ""))
    return keys


AGREEMENT_FIELDS = (
    "meetup_id",
    "meetup_theme_id",
    "solution_direction_id",
    "status",
    "due_date",
    "completed_at",
)
SIGNAL_FIELDS = ("meetup_id", "meetup_theme_id", "solution_direction_id", "level", "group_id")
REGISTRATION_FIELDS = ("meetup_id", "status", "profession")
MEETUP_FIELDS = ("region_id", "starts_at", "status")


def _completed_key(region: int, completed_at: datetime.datetime) -> Key:
    return (region, TallyKind.AGREEMENT_COMPLETED, month_key(completed_at), "")


def _meetup_keys(region: int, starts_at: datetime.datetime) -> list[Key]:
    return [
        (region, TallyKind.MEETUP_MONTH, month_key(starts_at), ""),
        (region, TallyKind.MEETUP_START, start_key(starts_at), ""),
    ]


def contributions(model: type, row: dict[str, Any] | None) -> Counter[Key]:
    """The tally keys one agreement, signal, registration or meetup (as a dict of its
    fields) adds."""
    out: Counter[Key] = Counter()
    if model is Meetup:
        if row is not None and row["status"] != Meetup.Status.CANCELLED and row["region_id"]:
            out.update(_meetup_keys(row["region_id"], row["starts_at"]))
        return out
    if row is None or not row.get("meetup_id"):
        return out
    if model is Registration and row["status"] != Registration.Status.ATTENDED:
        # Only people who came count; a new registration (the hot path, under the meetup's
        # lock) costs no query here.
        return out
    meetup = _meetup_info([row["meetup_id"]]).get(row["meetup_id"])
    if meetup is None:
        return out
    region, month = meetup
    if model is Registration:
        out[(region, TallyKind.ATTENDED, row["profession"], "")] += 1
        return out
    theme = _theme_info([row["meetup_theme_id"]]).get(row["meetup_theme_id"], "")
    if model is Agreement:
        keys = _agreement_keys(region, month, theme, row["solution_direction_id"], row["status"])
        if row["status"] in OPEN_STATUSES and row["due_date"]:
            keys.append(_due_key(region, row["due_date"]))
        if row["status"] == AgreementStatus.GEREED and row["completed_at"]:
            keys.append(_completed_key(region, row["completed_at"]))
    else:
        keys = _signal_keys(
            region, month, theme, row["solution_direction_id"], row["level"], row["group_id"]
        )
    out.update(keys)
    return out


FIELDS: dict[type[Model], tuple[str, ...]] = {
    Agreement: AGREEMENT_FIELDS,
    Signal: SIGNAL_FIELDS,
    Registration: REGISTRATION_FIELDS,
    Meetup: MEETUP_FIELDS,
}


def stored_row(model: type[Model], pk: Any) -> dict[str, Any] | None:
    if pk is None:
        return None
    return model._default_manager.filter(pk=pk).values(*FIELDS[model]).first()


def instance_row(model: type[Model], instance: Any) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in FIELDS[model]}


# ---- writing ------------------------------------------------------------------------


def apply(delta: Counter[Key] | dict[Key, int]) -> None:
    """Add each count to its tally row (created when missing)."""
    for (region, kind, key, sub), d in delta.items():
        if not d:
            continue
        rows = Tally.objects.filter(region_id=region, kind=kind, key=key, sub=sub)
        if rows.update(n=F("n") + d):
            continue
        try:
            with transaction.atomic():
                Tally.objects.create(region_id=region, kind=kind, key=key, sub=sub, n=d)
        except IntegrityError:  # created meanwhile by a concurrent transaction
            rows.update(n=F("n") + d)


def change(model: type, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
    delta = contributions(model, new)
    delta.subtract(contributions(model, old))
    apply(delta)


# ---- rebuilding ---------------------------------------------------------------------


def compute(*, region_ids: Iterable[int] | None = None) -> Counter[Key]:
    """Every tally counted from the source rows (grouped in the database)."""
    meetups = Meetup.objects.all()
    if region_ids is not None:
        meetups = meetups.filter(region_id__in=list(region_ids))
    info = {
        pk: (region_id, month_key(starts))
        for pk, region_id, starts in meetups.values_list("pk", "region_id", "starts_at")
    }
    themes = {
        pk: theme_key(theme_id, title)
        for pk, theme_id, title in MeetupTheme.objects.filter(meetup__in=meetups).values_list(
            "pk", "theme_id", "title"
        )
    }
    out: Counter[Key] = Counter()
    for start in meetups.exclude(status=Meetup.Status.CANCELLED).values_list(
        "region_id", "starts_at"
    ):
        out.update(_meetup_keys(*start))
    agreements = Agreement.objects.filter(meetup__in=meetups).order_by()
    for row in agreements.values(
        "meetup_id", "meetup_theme_id", "solution_direction_id", "status"
    ).annotate(n=Count("id")):
        region, month = info[row["meetup_id"]]
        theme = themes.get(row["meetup_theme_id"], "")
        for key in _agreement_keys(
            region, month, theme, row["solution_direction_id"], row["status"]
        ):
            out[key] += row["n"]
    for due in (
        agreements.filter(status__in=OPEN_STATUSES)
        .values("meetup__region_id", "due_date")
        .annotate(n=Count("id"))
    ):
        out[_due_key(due["meetup__region_id"], due["due_date"])] += due["n"]
    done = agreements.filter(status=AgreementStatus.GEREED, completed_at__isnull=False)
    for done_row in (
        done.annotate(month=TruncMonth("completed_at"))
        .values("meetup__region_id", "month")
        .annotate(n=Count("id"))
    ):
        month = done_row["month"]
        out[_completed_key(done_row["meetup__region_id"], month)] += done_row["n"]
    signals = Signal.objects.filter(meetup__in=meetups).order_by()
    for sig in signals.values(
        "meetup_id", "meetup_theme_id", "solution_direction_id", "level", "group_id"
    ).annotate(n=Count("id")):
        region, month = info[sig["meetup_id"]]
        theme = themes.get(sig["meetup_theme_id"], "")
        for key in _signal_keys(
            region, month, theme, sig["solution_direction_id"], sig["level"], sig["group_id"]
        ):
            out[key] += sig["n"]
    attended = Registration.objects.filter(
        meetup__in=meetups, status=Registration.Status.ATTENDED
    ).order_by()
    for reg in attended.values("meetup__region_id", "profession").annotate(n=Count("id")):
        out[(reg["meetup__region_id"], TallyKind.ATTENDED, reg["profession"], "")] += reg["n"]
    return out


def stored(*, region_ids: Iterable[int] | None = None) -> Counter[Key]:
    """The tallies as stored (rows with a count of zero left out)."""
    rows = Tally.objects.exclude(n=0)
    if region_ids is not None:
        rows = rows.filter(region_id__in=list(region_ids))
    return Counter(
        {
            (region, kind, key, sub): n
            for region, kind, key, sub, n in rows.values_list(
                "region_id", "kind", "key", "sub", "n"
            )
        }
    )


@transaction.atomic
def rebuild(*, region_ids: Iterable[int] | None = None) -> int:
    """Recompute the tallies (of some regions, or all) from scratch; returns the row count."""
    ids = None if region_ids is None else list(region_ids)
    counted = compute(region_ids=ids)
    old = Tally.objects.all() if ids is None else Tally.objects.filter(region_id__in=ids)
    old.delete()
    Tally.objects.bulk_create(
        [
            Tally(region_id=region, kind=kind, key=key, sub=sub, n=n)
            for (region, kind, key, sub), n in counted.items()
            if n
        ],
        batch_size=2000,
    )
    return len(counted)


def group_counts() -> Counter[Key]:
    """The signal-group tallies alone (one grouped query over signals)."""
    rows = (
        Signal.objects.filter(group__isnull=False)
        .order_by()
        .values("meetup__region_id", "group_id", "level")
        .annotate(n=Count("id"))
    )
    return Counter(
        {
            (r["meetup__region_id"], TallyKind.SIGNAL_GROUP, str(r["group_id"]), r["level"]): r["n"]
            for r in rows
        }
    )


@transaction.atomic
def rebuild_groups() -> None:
    """After groups were rebuilt with `QuerySet.update()` (signals_regroup) or removed."""
    Tally.objects.filter(kind=TallyKind.SIGNAL_GROUP).delete()
    Tally.objects.bulk_create(
        Tally(region_id=region, kind=kind, key=key, sub=sub, n=n)
        for (region, kind, key, sub), n in group_counts().items()
    )


def rebuild_groups_on_commit() -> None:
    transaction.on_commit(rebuild_groups)


def rebuild_on_commit(region_ids: Iterable[int | None] | None) -> None:
    ids = None if region_ids is None else {i for i in region_ids if i}
    if ids == set():
        return
    transaction.on_commit(lambda: rebuild(region_ids=ids))
