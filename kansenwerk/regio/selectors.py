"""Regio-inzicht and the national view: every figure is counted in the database.

Each figure is one GROUP BY query (`values().annotate(Count)`, `TruncQuarter`); Python
only arranges the few result rows into tables. Counts over several relations are
never annotated on one queryset together (the joins would multiply the rows); they
are separate grouped queries, merged by key.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncQuarter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.afspraken.models import (
    OPEN_STATUSES,
    Agreement,
    AgreementStatus,
    Signal,
    SignalGroup,
    SignalLevel,
)
from kansenwerk.core.models import Region
from kansenwerk.kennisbank.models import SolutionDirection
from kansenwerk.meetups.models import Meetup, MeetupTheme, Profession, Registration

OVERDUE_LIMIT = 50
EXAMPLES_PER_GROUP = 5


def region_get(*, slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404(_("Deze regio bestaat niet."))
    return region


def _held(qs: QuerySet[Meetup], now: datetime.datetime) -> QuerySet[Meetup]:
    return qs.filter(starts_at__lt=now).exclude(status=Meetup.Status.CANCELLED)


def _quarter_label(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return _("Onbekend")
    return f"{value.year} K{(value.month - 1) // 3 + 1}"


def _status_pivot(rows, key: str) -> list[dict[str, Any]]:
    """[(key, status, n)] rows into [{label, counts: [n per status], total}]."""
    table: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row[key]][row["status"]] = row["n"]
    result = []
    for label, counts in table.items():
        per_status = [counts.get(s, 0) for s in AgreementStatus.values]
        result.append({"key": label, "counts": per_status, "total": sum(per_status)})
    return result


def _direct_grouping() -> bool:
    """PostgreSQL groups 50,000 joined rows with a hash aggregate faster than it runs the
    correlated per-meetup counts; SQLite is the other way round (its TruncQuarter is a
    Python function per row, and it has no hash aggregate). Measured in bench/insight.py."""
    return connection.vendor == "postgresql"


def agreements_by_quarter(
    *, meetups: QuerySet[Meetup], agreements: QuerySet[Agreement]
) -> list[dict[str, Any]]:
    """Agreements per quarter (of the meetup where they were made) and status.

    Grouped from the meetup side: each meetup's agreements are counted per status by an
    indexed subquery and summed per quarter. On SQLite `TruncQuarter` is a Python
    function called once per row, so truncating 1,000 meetup dates instead of 50,000
    agreement rows keeps the page fast (measured in bench/insight.py).
    """
    if _direct_grouping():
        grouped = (
            agreements.annotate(quarter=TruncQuarter("meetup__starts_at"))
            .values("quarter", "status")
            .annotate(n=Count("id"))
            .order_by("quarter")
        )
        pivot = _status_pivot(grouped, "quarter")
        for row in pivot:
            row["label"] = _quarter_label(row["key"])
        return sorted(pivot, key=lambda r: (r["key"] is None, r["key"] or datetime.date.min))
    sums = _status_sums(meetup=OuterRef("pk"))
    rows = (
        meetups.filter(Exists(Agreement.objects.filter(meetup=OuterRef("pk"))))
        .order_by()
        .annotate(quarter=TruncQuarter("starts_at"))
        .values("quarter")
        .annotate(**sums)
        .order_by("quarter")
    )
    result = []
    for row in rows:  # type: ignore[assignment]  # values() rows, typed per query by the stubs
        counts = [row[s] or 0 for s in AgreementStatus.values]
        result.append(
            {
                "key": row["quarter"],
                "label": _quarter_label(row["quarter"]),
                "counts": counts,
                "total": sum(counts),
            }
        )
    return [r for r in result if r["total"]]


def _status_sums(**outer: Any) -> dict[str, Sum]:
    """Per status: the sum over grouped rows of a correlated, index-only agreement count."""
    sums = {}
    for status in AgreementStatus.values:
        counted = (
            Agreement.objects.filter(status=status, **outer)
            .order_by()
            .values("status")
            .annotate(c=Count("id"))
            .values("c")
        )
        sums[status] = Sum(Coalesce(Subquery(counted, output_field=IntegerField()), 0))
    return sums


def agreements_by_theme(
    *, meetups: QuerySet[Meetup], agreements: QuerySet[Agreement]
) -> list[dict[str, Any]]:
    """Agreements per theme (the kennisbank theme, else the meetup's own title) and status.

    Grouped from the meetup themes (a few per meetup) with an index-only count per
    status, instead of joining every agreement to its theme and grouping 50,000 rows.
    """
    if _direct_grouping():
        grouped = (
            agreements.annotate(
                theme_title=Coalesce(
                    "meetup_theme__theme__title",
                    "meetup_theme__title",
                    Value(_("Zonder thema")),
                    output_field=CharField(),
                )
            )
            .values("theme_title", "status")
            .annotate(n=Count("id"))
            .order_by()
        )
        pivot = _status_pivot(grouped, "theme_title")
        for row in pivot:
            row["label"] = row["key"]
        return sorted(pivot, key=lambda r: (-r["total"], r["label"]))
    rows = (
        MeetupTheme.objects.filter(meetup__in=meetups)
        .filter(Exists(Agreement.objects.filter(meetup_theme=OuterRef("pk"))))
        .annotate(theme_title=Coalesce("theme__title", "title", output_field=CharField()))
        .order_by()
        .values("theme_title")
        .annotate(**_status_sums(meetup_theme=OuterRef("pk")))
    )
    result = []
    for row in rows:  # type: ignore[assignment]  # values() rows, typed per query by the stubs
        counts = [row[s] or 0 for s in AgreementStatus.values]
        result.append({"key": row["theme_title"], "label": row["theme_title"], "counts": counts})
    loose = dict(
        agreements.filter(meetup_theme__isnull=True)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    )
    if loose:
        counts = [loose.get(s, 0) for s in AgreementStatus.values]
        result.append({"key": None, "label": _("Zonder thema"), "counts": counts})
    for row in result:
        row["total"] = sum(row["counts"])
    return sorted(result, key=lambda r: (-r["total"], r["label"]))


def status_totals(qs: QuerySet[Agreement]) -> list[dict[str, Any]]:
    counted = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return [
        {"key": v, "label": label, "count": counted.get(v, 0)}
        for v, label in AgreementStatus.choices
    ]


def participants_by_profession(qs: QuerySet[Registration]) -> list[dict[str, Any]]:
    labels = dict(Profession.choices)
    rows = (
        qs.order_by().values_list("profession").annotate(n=Count("id")).order_by("-n", "profession")
    )
    return [{"key": k, "label": labels.get(k, k), "count": n} for k, n in rows]


def overdue(qs: QuerySet[Agreement], *, today: datetime.date) -> QuerySet[Agreement]:
    return qs.filter(status__in=OPEN_STATUSES, due_date__lt=today)


def region_insight(*, region: Region, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything on /regio-inzicht/<region>/ (about a dozen queries, none per row)."""
    from kansenwerk.netwerk.selectors import local_services, region_freshness

    now = now or timezone.now()
    today = timezone.localdate(now)
    meetups = _held(Meetup.objects.filter(region=region), now)
    agreements = Agreement.objects.filter(meetup__region=region)
    present = Registration.objects.filter(
        meetup__region=region, status=Registration.Status.ATTENDED
    )
    late = overdue(agreements, today=today)
    direction_counts = (
        agreements.filter(solution_direction__isnull=False)
        .values("solution_direction")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            done=Count("id", filter=Q(status=AgreementStatus.GEREED)),
        )
    )
    counts_by_direction = {row["solution_direction"]: row for row in direction_counts}
    active = list(
        SolutionDirection.objects.filter(pk__in=list(counts_by_direction))
        .select_related("theme")
        .order_by("theme__title", "position", "id")
    )
    for direction in active:
        direction.counts = counts_by_direction[direction.pk]  # type: ignore[attr-defined]
    offered = local_services(region=region).filter(solution_directions=OuterRef("pk"))
    agreed = Agreement.objects.filter(meetup__region=region, solution_direction=OuterRef("pk"))
    gaps = (
        SolutionDirection.objects.filter(~Exists(offered), ~Exists(agreed))
        .select_related("theme")
        .order_by("theme__title", "position", "id")
    )
    return {
        "region": region,
        "today": today,
        "meetups_held": meetups.count(),
        "recent_meetups": list(meetups.order_by("-starts_at")[:5]),
        "participants": present.count(),
        "by_profession": participants_by_profession(present),
        "status_totals": status_totals(agreements),
        "by_quarter": agreements_by_quarter(
            meetups=Meetup.objects.filter(region=region), agreements=agreements
        ),
        "by_theme": agreements_by_theme(
            meetups=Meetup.objects.filter(region=region), agreements=agreements
        ),
        "overdue_count": late.count(),
        "overdue": list(
            late.select_related("meetup", "meetup_theme").order_by("due_date", "id")[:OVERDUE_LIMIT]
        ),
        "active_directions": active,
        "gaps": list(gaps),
        # How current the region's sociale kaart is (verified listings; one query).
        "freshness": region_freshness(region=region, now=now),
    }


def regions_overview(*, now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """Per region: meetups held, agreements, open, overdue, signals (five grouped queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    held = dict(
        _held(Meetup.objects.all(), now).order_by().values_list("region").annotate(n=Count("id"))
    )
    agreement_rows = (
        Agreement.objects.order_by()
        .values("meetup__region")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            late=Count("id", filter=Q(status__in=OPEN_STATUSES, due_date__lt=today)),
            done=Count("id", filter=Q(status=AgreementStatus.GEREED)),
        )
    )
    by_region = {row["meetup__region"]: row for row in agreement_rows}
    signals = dict(Signal.objects.order_by().values_list("meetup__region").annotate(n=Count("id")))
    from kansenwerk.netwerk.selectors import freshness_by_region

    freshness = freshness_by_region(now=now)
    result = []
    for region in Region.objects.order_by("name"):
        row: Any = by_region.get(region.pk, {})
        result.append(
            {
                "region": region,
                "meetups_held": held.get(region.pk, 0),
                "agreements": row.get("total", 0),
                "open": row.get("open", 0),
                "overdue": row.get("late", 0),
                "done": row.get("done", 0),
                "signals": signals.get(region.pk, 0),
                "freshness": freshness.get(region.pk),
            }
        )
    return result


def directions_overview() -> list[dict[str, Any]]:
    """Per solution direction: agreements, open, done, regions, signals (two queries + names)."""
    rows = (
        Agreement.objects.filter(solution_direction__isnull=False)
        .order_by()
        .values("solution_direction")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            done=Count("id", filter=Q(status=AgreementStatus.GEREED)),
            regions=Count("meetup__region", distinct=True),
        )
    )
    by_direction = {row["solution_direction"]: row for row in rows}
    signals = dict(
        Signal.objects.filter(solution_direction__isnull=False)
        .order_by()
        .values_list("solution_direction")
        .annotate(n=Count("id"))
    )
    ids = set(by_direction) | set(signals)
    result = []
    for direction in (
        SolutionDirection.objects.filter(pk__in=ids)
        .select_related("theme")
        .order_by("theme__title", "position", "id")
    ):
        row: Any = by_direction.get(direction.pk, {})
        result.append(
            {
                "direction": direction,
                "agreements": row.get("total", 0),
                "open": row.get("open", 0),
                "done": row.get("done", 0),
                "regions": row.get("regions", 0),
                "signals": signals.get(direction.pk, 0),
            }
        )
    return result


def signal_groups_overview(*, limit: int = 30) -> list[SignalGroup]:
    """Groups of signals, the ones asked for by most regions first, with their members."""
    return list(
        SignalGroup.objects.annotate(
            signal_count=Count("signals", distinct=True),
            region_count=Count("signals__meetup__region", distinct=True),
            national_count=Count(
                "signals", filter=Q(signals__level=SignalLevel.LANDELIJK), distinct=True
            ),
        )
        .filter(signal_count__gt=0)
        .select_related("theme")
        .prefetch_related(
            # A few examples per group (a sliced prefetch: one window-function query).
            Prefetch(
                "signals",
                queryset=Signal.objects.select_related("meetup__region")
                .only("id", "text", "group_id", "meetup__id", "meetup__region__name")
                .order_by("id")[:EXAMPLES_PER_GROUP],
                to_attr="examples",
            )
        )
        .order_by("-region_count", "-signal_count", "label", "id")[:limit]
    )


def signal_group_get(*, pk: int) -> SignalGroup:
    group = (
        SignalGroup.objects.select_related("theme")
        .prefetch_related(
            Prefetch(
                "signals",
                queryset=Signal.objects.select_related("meetup__region", "meetup_theme").order_by(
                    "id"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise Http404(_("Deze groep signalen bestaat niet."))
    return group


def national_insight(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    agreements = Agreement.objects.all()
    return {
        "today": today,
        "regions": regions_overview(now=now),
        "meetups_held": _held(Meetup.objects.all(), now).count(),
        "participants": Registration.objects.filter(status=Registration.Status.ATTENDED).count(),
        "status_totals": status_totals(agreements),
        "by_quarter": agreements_by_quarter(meetups=Meetup.objects.all(), agreements=agreements),
        "by_theme": agreements_by_theme(meetups=Meetup.objects.all(), agreements=agreements),
        "directions": directions_overview(),
        "signal_groups": signal_groups_overview(),
    }
