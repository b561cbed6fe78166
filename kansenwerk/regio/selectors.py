"""Regio-inzicht and the national view.

The figures come from the summaries in `kansenwerk.regio.models.Tally` (kept current by
`kansenwerk.regio.tallies`): each is one GROUP BY over at most regions × months × themes
rows, so the pages do not slow down as agreements pile up. Only the meetups held, the
oldest overdue agreements (a LIMIT on an index) and the signal groups read their tables.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
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
from kansenwerk.kennisbank.models import SolutionDirection, Theme
from kansenwerk.meetups.models import Meetup, Profession
from kansenwerk.regio import tallies
from kansenwerk.regio.models import IndicatorFile, IndicatorValue, Tally, TallyKind

OVERDUE_LIMIT = 50
EXAMPLES_PER_GROUP = 5


def region_get(*, slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None:
        raise Http404(_("Deze regio bestaat niet."))
    return region


def _held(qs: QuerySet[Meetup], now: datetime.datetime) -> QuerySet[Meetup]:
    return qs.filter(starts_at__lt=now).exclude(status=Meetup.Status.CANCELLED)


def meetups_held(*, now: datetime.datetime, region: Region | None = None) -> dict[int, int]:
    """Meetups held (started before `now`, not cancelled) per region id, from the tallies:
    the months before this one, plus this month's meetups by start time (two range reads
    that do not grow with history)."""
    this_month = tallies.month_key(now)
    per: dict[int, int] = defaultdict(int)
    months = _tallies(TallyKind.MEETUP_MONTH, region).filter(key__lt=this_month)
    starts = _tallies(TallyKind.MEETUP_START, region).filter(
        key__gte=this_month, key__lt=tallies.start_key(now)
    )
    for rows in (months, starts):
        for row in _summed(rows, "region"):
            per[row["region"]] += row["total"]
    return dict(per)


def _quarter_label(value: datetime.date | None) -> str:
    if value is None:
        return _("Onbekend")
    return f"{value.year} K{(value.month - 1) // 3 + 1}"


def _tallies(kind: str, region: Region | None = None) -> QuerySet[Tally]:
    rows = Tally.objects.filter(kind=kind).exclude(n=0).order_by()
    return rows if region is None else rows.filter(region=region)


def _summed(rows: QuerySet[Tally], *fields: str) -> list[dict[str, Any]]:
    """The tally rows summed over everything but `fields` (one GROUP BY)."""
    return list(rows.values(*fields).annotate(total=Sum("n")).order_by(*fields))


def _per_status(rows: list[dict[str, Any]], label_of) -> list[dict[str, Any]]:
    """[{key, sub (status), total}] into [{key, label, counts per status, total}]."""
    table: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in rows:
        label = label_of(row["key"])
        table[label][row["sub"]] = table[label].get(row["sub"], 0) + row["total"]
    result = []
    for label, counts in table.items():
        per_status = [counts.get(s, 0) for s in AgreementStatus.values]
        result.append(
            {"key": label, "label": label, "counts": per_status, "total": sum(per_status)}
        )
    return result


def _quarter_of(month: str) -> datetime.date:
    year, m = (int(part) for part in month.split("-"))
    return datetime.date(year, 3 * ((m - 1) // 3) + 1, 1)


def agreements_by_quarter(*, region: Region | None = None) -> list[dict[str, Any]]:
    """Agreements per quarter (of the meetup where they were made) and status."""
    rows = _summed(_tallies(TallyKind.AGREEMENT_MONTH, region), "key", "sub")
    result = _per_status(rows, _quarter_of)
    for row in result:
        row["label"] = _quarter_label(row["key"])
    return sorted(result, key=lambda r: r["key"])


def theme_titles(keys: set[str]) -> dict[str, str]:
    """Titles for theme keys: kennisbank themes by their national theme (so regional framings
    of one subject count together) or their own title, the meetup's own title, or none."""
    ids = [int(k[1:]) for k in keys if k.startswith("t") and k[1:].isdigit()]
    titles = {
        pk: national or title
        for pk, title, national in Theme.objects.filter(pk__in=ids).values_list(
            "pk", "title", "national_theme__title"
        )
    }
    out = {}
    for key in keys:
        if key.startswith("t") and key[1:].isdigit():
            out[key] = titles.get(int(key[1:]), _("Onbekend thema"))
        elif key.startswith("o"):
            out[key] = key[1:]
        else:
            out[key] = _("Zonder thema")
    return out


def agreements_by_theme(*, region: Region | None = None) -> list[dict[str, Any]]:
    """Agreements per theme (the kennisbank theme, else the meetup's own title) and status."""
    rows = _summed(_tallies(TallyKind.AGREEMENT_THEME, region), "key", "sub")
    titles = theme_titles({r["key"] for r in rows})
    result = _per_status(rows, titles.__getitem__)
    return sorted(result, key=lambda r: (-r["total"], r["label"]))


def status_totals(*, region: Region | None = None) -> list[dict[str, Any]]:
    counted = {
        r["sub"]: r["total"] for r in _summed(_tallies(TallyKind.AGREEMENT_MONTH, region), "sub")
    }
    return [
        {"key": v, "label": label, "count": counted.get(v, 0)}
        for v, label in AgreementStatus.choices
    ]


def participants_by_profession(*, region: Region | None = None) -> list[dict[str, Any]]:
    labels = dict(Profession.choices)
    rows = _summed(_tallies(TallyKind.ATTENDED, region), "key")
    rows.sort(key=lambda r: (-r["total"], r["key"]))
    return [
        {"key": r["key"], "label": labels.get(r["key"], r["key"]), "count": r["total"]}
        for r in rows
    ]


def overdue(qs: QuerySet[Agreement], *, today: datetime.date) -> QuerySet[Agreement]:
    return qs.filter(status__in=OPEN_STATUSES, due_date__lt=today)


def overdue_count(*, today: datetime.date, region: Region | None = None) -> int:
    rows = _tallies(TallyKind.AGREEMENT_OPEN_DUE, region).filter(key__lt=today.isoformat())
    return rows.aggregate(total=Sum("n"))["total"] or 0


def _direction_counts(region: Region | None = None) -> dict[int, dict[str, int]]:
    """Per solution direction: total, open, done and the number of regions."""
    out: dict[int, dict[str, Any]] = {}
    rows = _summed(_tallies(TallyKind.AGREEMENT_DIRECTION, region), "key", "sub", "region")
    for row in rows:
        counts = out.setdefault(int(row["key"]), {"total": 0, "open": 0, "done": 0, "r": set()})
        counts["total"] += row["total"]
        counts["open"] += row["total"] if row["sub"] in OPEN_STATUSES else 0
        counts["done"] += row["total"] if row["sub"] == AgreementStatus.GEREED else 0
        counts["r"].add(row["region"])
    for counts in out.values():
        counts["regions"] = len(counts.pop("r"))
    return out


def oldest_overdue(*, region: Region, today: datetime.date) -> list[Agreement]:
    """The OVERDUE_LIMIT open agreements longest past their date. The due-date tallies give
    the range of dates they fall in, so the read covers those dates only (not every open
    agreement of the region ever made)."""
    dates = list(
        _tallies(TallyKind.AGREEMENT_OPEN_DUE, region)
        .filter(key__lt=today.isoformat())
        .order_by("key")
        .values_list("key", "n")[:OVERDUE_LIMIT]
    )
    if not dates:
        return []
    last, total = dates[0][0], 0
    for key, n in dates:
        last, total = key, total + n
        if total >= OVERDUE_LIMIT:
            break
    late = overdue(Agreement.objects.filter(meetup__region=region), today=today).filter(
        due_date__gte=datetime.date.fromisoformat(dates[0][0]),
        due_date__lte=datetime.date.fromisoformat(last),
    )
    return list(
        late.select_related("meetup", "meetup_theme").order_by("due_date", "id")[:OVERDUE_LIMIT]
    )


def completed_by_quarter(*, region: Region | None = None) -> dict[datetime.date, int]:
    """Agreements done, per quarter of their completion (from the tallies)."""
    per: dict[datetime.date, int] = defaultdict(int)
    for row in _summed(_tallies(TallyKind.AGREEMENT_COMPLETED, region), "key"):
        per[_quarter_of(row["key"])] += row["total"]
    return dict(per)


def agreements_trend(
    *, by_quarter: list[dict], overdue: list[dict], completed: dict[datetime.date, int]
) -> list[dict]:
    """Per quarter: agreements made (quarter of the meetup, `agreements_by_quarter`),
    completed (quarter of the completion, `completed_by_quarter`) and still open past their
    date (quarter of that date, `overdue_by_quarter`)."""
    made = {row["key"]: row["total"] for row in by_quarter}
    late = {row["key"]: row["count"] for row in overdue}
    return [
        {
            "label": _quarter_label(q),
            "made": made.get(q, 0),
            "completed": completed.get(q, 0),
            "overdue": late.get(q, 0),
        }
        for q in sorted(set(made) | set(completed) | set(late))
    ]


def overdue_by_quarter(*, today: datetime.date, region: Region | None = None) -> list[dict]:
    """Open agreements past their date, per quarter of that date (from the due tallies)."""
    rows = _summed(
        _tallies(TallyKind.AGREEMENT_OPEN_DUE, region).filter(key__lt=today.isoformat()), "key"
    )
    per: dict[datetime.date, int] = defaultdict(int)
    for row in rows:
        per[_quarter_of(row["key"][:7])] += row["total"]
    return [{"key": q, "label": _quarter_label(q), "count": n} for q, n in sorted(per.items())]


def signals_by_theme_over_time(*, region: Region | None = None) -> dict[str, Any]:
    """Signals per quarter (of the meetup) and theme: {themes: [titles], rows: [{label,
    counts per theme, total}]}; meetups' own themes count together as one column."""
    rows = _summed(_tallies(TallyKind.SIGNAL_MONTH_THEME, region), "key")
    own = _("Eigen thema van de meetup")
    titles = theme_titles({r["key"].split("|", 1)[1] for r in rows})
    table: dict[datetime.date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        month, theme = row["key"].split("|", 1)
        title = own if theme.startswith("o") else titles[theme]
        table[_quarter_of(month)][title] += row["total"]
    themes = sorted({t for counts in table.values() for t in counts})
    return {
        "themes": themes,
        "rows": [
            {
                "label": _quarter_label(q),
                "counts": [table[q].get(t, 0) for t in themes],
                "total": sum(table[q].values()),
            }
            for q in sorted(table)
        ],
    }


def region_insight(*, region: Region, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything on /regio-inzicht/<region>/: figures from the summaries (`Tally`), the
    meetups and the oldest overdue agreements from their (indexed) tables."""
    from kansenwerk.netwerk.selectors import direction_gaps, region_freshness

    now = now or timezone.now()
    today = timezone.localdate(now)
    meetups = _held(Meetup.objects.filter(region=region), now)
    counts_by_direction = _direction_counts(region)
    active = list(
        SolutionDirection.objects.filter(pk__in=list(counts_by_direction))
        .select_related("theme__national_theme")
        .order_by("theme__title", "position", "id")
    )
    for direction in active:
        direction.counts = counts_by_direction[direction.pk]  # type: ignore[attr-defined]
    gaps = direction_gaps(region=region).exclude(pk__in=list(counts_by_direction))
    by_profession = participants_by_profession(region=region)
    by_quarter = agreements_by_quarter(region=region)
    late_by_quarter = overdue_by_quarter(today=today, region=region)
    return {
        "region": region,
        "today": today,
        "meetups_held": meetups_held(now=now, region=region).get(region.pk, 0),
        "recent_meetups": list(meetups.order_by("-starts_at")[:5]),
        "participants": sum(r["count"] for r in by_profession),
        "by_profession": by_profession,
        "status_totals": status_totals(region=region),
        "by_quarter": by_quarter,
        "by_theme": agreements_by_theme(region=region),
        "overdue_count": overdue_count(today=today, region=region),
        "overdue_by_quarter": late_by_quarter,
        "signals_over_time": signals_by_theme_over_time(region=region),
        "overdue": oldest_overdue(region=region, today=today),
        "trend": agreements_trend(
            by_quarter=by_quarter,
            overdue=late_by_quarter,
            completed=completed_by_quarter(region=region),
        ),
        "active_directions": active,
        "gaps": list(gaps),
        # How current the region's sociale kaart is (verified listings; one query).
        "freshness": region_freshness(region=region, now=now),
    }


def regions_overview(*, now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """Per region: meetups held, agreements, open, overdue, signals (four grouped queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    held = meetups_held(now=now)
    by_region: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in _summed(_tallies(TallyKind.AGREEMENT_MONTH), "region", "sub"):
        counts = by_region[row["region"]]
        counts["total"] += row["total"]
        counts["open"] += row["total"] if row["sub"] in OPEN_STATUSES else 0
        counts["done"] += row["total"] if row["sub"] == AgreementStatus.GEREED else 0
    late = {
        r["region"]: r["total"]
        for r in _summed(
            _tallies(TallyKind.AGREEMENT_OPEN_DUE).filter(key__lt=today.isoformat()), "region"
        )
    }
    signals = {
        r["region"]: r["total"] for r in _summed(_tallies(TallyKind.SIGNAL_MONTH_THEME), "region")
    }
    from kansenwerk.netwerk.selectors import freshness_by_region

    freshness = freshness_by_region(now=now)
    result = []
    for region in Region.objects.order_by("name"):
        row = by_region.get(region.pk, {})
        result.append(
            {
                "region": region,
                "meetups_held": held.get(region.pk, 0),
                "agreements": row.get("total", 0),
                "open": row.get("open", 0),
                "overdue": late.get(region.pk, 0),
                "done": row.get("done", 0),
                "signals": signals.get(region.pk, 0),
                "freshness": freshness.get(region.pk),
            }
        )
    return result


def directions_overview() -> list[dict[str, Any]]:
    """Per solution direction: agreements, open, done, regions, signals (two queries + names)."""
    by_direction = _direction_counts()
    signals = {
        int(r["key"]): r["total"] for r in _summed(_tallies(TallyKind.SIGNAL_DIRECTION), "key")
    }
    ids = set(by_direction) | set(signals)
    result = []
    for direction in (
        SolutionDirection.objects.filter(pk__in=ids)
        .select_related("theme__national_theme")
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
    """Groups of signals, the ones asked for by most regions first, with a few examples.

    The counts come from the group tallies (one row per group, region and level); only the
    shown groups and their examples are read from the signal tables."""
    counts = {
        int(row["key"]): row
        for row in _tallies(TallyKind.SIGNAL_GROUP)
        .values("key")
        .annotate(
            signal_count=Sum("n"),
            region_count=Count("region", distinct=True),
            national_count=Sum("n", filter=Q(sub=SignalLevel.LANDELIJK)),
        )
    }
    ranked = sorted(
        SignalGroup.objects.filter(pk__in=list(counts)).values_list("pk", "label"),
        key=lambda g: (-counts[g[0]]["region_count"], -counts[g[0]]["signal_count"], g[1], g[0]),
    )[:limit]
    order = {pk: i for i, (pk, _label) in enumerate(ranked)}
    groups = list(
        SignalGroup.objects.filter(pk__in=list(order))
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
    )
    for group in groups:
        row = counts[group.pk]
        group.signal_count = row["signal_count"]  # type: ignore[attr-defined]
        group.region_count = row["region_count"]  # type: ignore[attr-defined]
        group.national_count = row["national_count"] or 0  # type: ignore[attr-defined]
    return sorted(groups, key=lambda g: order[g.pk])


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
    regions = regions_overview(now=now)
    return {
        "today": today,
        "regions": regions,
        "meetups_held": sum(r["meetups_held"] for r in regions),
        "participants": _tallies(TallyKind.ATTENDED).aggregate(total=Sum("n"))["total"] or 0,
        "status_totals": status_totals(),
        "by_quarter": agreements_by_quarter(),
        "by_theme": agreements_by_theme(),
        "directions": directions_overview(),
        "signal_groups": signal_groups_overview(),
        "indicators": indicators_by_region(),
    }


INDICATOR_FILES_SHOWN = 5


def region_indicators(*, region: Region) -> list[dict[str, Any]]:
    """The region's latest indicator files, each a table municipality × indicator (two
    queries). Every figure travels with its file's source and reference date."""
    files = list(
        IndicatorFile.objects.filter(region=region).order_by("-reference_date", "-id")[
            :INDICATOR_FILES_SHOWN
        ]
    )
    cells: dict[int, dict[str, dict[str, Any]]] = defaultdict(lambda: defaultdict(dict))
    for value in (
        IndicatorValue.objects.filter(file__in=files)
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        cells[value.file_id][value.municipality.name][value.indicator] = value.value
    result = []
    for file in files:
        rows = [
            {"municipality": name, "values": [values.get(i) for i in file.indicators]}
            for name, values in cells[file.pk].items()
        ]
        result.append({"file": file, "indicators": file.indicators, "rows": rows})
    return result


def indicators_by_region() -> list[dict[str, Any]]:
    """Per indicator (name, source and date of the file): each region's municipalities and
    their unweighted average, to compare regions (one grouped query)."""
    rows = (
        IndicatorValue.objects.values(
            "indicator",
            "file__source",
            "file__reference_date",
            "file__is_demo",
            "file__region__name",
        )
        .annotate(average=Avg("value"), municipalities=Count("municipality", distinct=True))
        .order_by("indicator", "file__source", "-file__reference_date", "file__region__name")
    )
    grouped: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        key = (row["indicator"], row["file__source"], row["file__reference_date"])
        entry = grouped.setdefault(
            key,
            {
                "indicator": row["indicator"],
                "source": row["file__source"],
                "reference_date": row["file__reference_date"],
                "is_demo": row["file__is_demo"],
                "regions": [],
            },
        )
        entry["is_demo"] = entry["is_demo"] or row["file__is_demo"]
        entry["regions"].append(
            {
                "region": row["file__region__name"],
                "average": row["average"],
                "municipalities": row["municipalities"],
            }
        )
    return list(grouped.values())
