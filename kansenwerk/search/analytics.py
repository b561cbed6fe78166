"""Search analytics and a beheerder's tuning: the query log, pinned results, synonyms.

Services (writes) and selectors (reads) of one small topic, kept apart from the index
services. The query log holds no personal data: per day and folded query text only the
number of searches, the number of results and the number of clicks (no user, no IP).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.search.analysis import fold
from kansenwerk.search.analysis.synonyms import parse_synonym_line
from kansenwerk.search.models import SearchEntry, SearchPromotion, SearchQueryDay, SearchSynonym

QUERY_LOG_DAYS = 90  # older days are removed when a new day starts
REPORT_DAYS = 28
FEW_RESULTS = 3
TUNING_CACHE_KEY = "search:tuning"  # beheerder synonyms and pins: one cache read a search
# Queries that look like an e-mail address, a phone number or a BSN are not logged: someone
# searching for a person must not leave that person's data in the log.
_LOOKS_PERSONAL = re.compile(r"@|\d{6,}|\d{2,}[ -]\d{6,}")


def log_key(text: str) -> str:
    """How a query is stored and matched: folded, single spaces, at most 200 characters."""
    return " ".join(fold(text).split())[:200]


# -- writes -------------------------------------------------------------------------------
def query_record(*, text: str, results: int, source: str = SearchQueryDay.Source.PAGE) -> None:
    """Count one search of `text` today from `source` (page or API; not the CLI, the
    evaluation or the type-ahead suggestions)."""
    key = log_key(text)
    if not key or _LOOKS_PERSONAL.search(key):
        return
    source = SearchQueryDay.Source(source)
    today = timezone.localdate()
    row = SearchQueryDay.objects.filter(day=today, query=key, source=source)
    with transaction.atomic():
        updated = row.update(searches=F("searches") + 1, results=results)
        if not updated:
            try:
                with transaction.atomic():
                    SearchQueryDay.objects.create(
                        day=today, query=key, source=source, searches=1, results=results
                    )
            except IntegrityError:  # another request created today's row first
                row.update(searches=F("searches") + 1, results=results)
            SearchQueryDay.objects.filter(
                day__lt=today - datetime.timedelta(days=QUERY_LOG_DAYS)
            ).delete()


def click_record(*, text: str) -> None:
    """Count a click on a result of `text` today (clicks come from the search page)."""
    key = log_key(text)
    if key:
        SearchQueryDay.objects.filter(
            day=timezone.localdate(), query=key, source=SearchQueryDay.Source.PAGE
        ).update(clicks=F("clicks") + 1)


def promotion_create(*, query: str, entry_id: int) -> SearchPromotion:
    """Pin the record of index entry `entry_id` to the top of the results for `query`."""
    key = log_key(query)
    if not key:
        raise ValidationError(_("Vul de zoekvraag in waarvoor het resultaat bovenaan moet staan."))
    entry = SearchEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise ValidationError(_("Dit resultaat staat niet (meer) in de zoekindex."))
    promotion, _created = SearchPromotion.objects.get_or_create(
        query=key, model_label=entry.model_label, object_id=entry.object_id
    )
    _forget_tuning()
    return promotion


def promotion_delete(*, promotion_id: int) -> None:
    for promotion in SearchPromotion.objects.filter(pk=promotion_id):
        promotion.delete()  # one by one, so the audit log sees it
    _forget_tuning()


def synonym_create(*, line: str, reason: str = "") -> SearchSynonym:
    """Add a synonym line ("a, b" or "a => b"); applies to the next query, no reindex."""
    line = " ".join(line.replace("#", " ").split())
    if not parse_synonym_line(line):
        raise ValidationError(
            _(
                "Schrijf minstens twee woorden gescheiden door een komma (‘bieb, bibliotheek’) "
                "of een woord, ‘=>’ en het woord dat het moet vinden (‘bieb => bibliotheek’)."
            )
        )
    synonym = SearchSynonym.objects.create(line=line[:500], reason=reason.strip()[:300])
    _forget_tuning()
    return synonym


def synonym_delete(*, synonym_id: int) -> None:
    for synonym in SearchSynonym.objects.filter(pk=synonym_id):
        synonym.delete()
    _forget_tuning()


def _forget_tuning() -> None:
    # Now (later reads in this transaction) and after the commit (other processes that
    # read the old state in between).
    cache.delete(TUNING_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(TUNING_CACHE_KEY))


# -- reads --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tuning:
    """What beheerders changed about search: their synonym lines and pinned records."""

    synonym_lines: tuple[str, ...] = ()
    pins: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # query -> (model, id)

    def pinned_entry_ids(self, text: str) -> list[int]:
        """Index entries pinned for `text`, oldest pin first."""
        pins = self.pins.get(log_key(text))
        if not pins:
            return []
        found = {
            (label, oid): pk
            for pk, label, oid in SearchEntry.objects.filter(
                model_label__in={label for label, _ in pins},
                object_id__in={oid for _, oid in pins},
            ).values_list("pk", "model_label", "object_id")
        }
        return [found[pin] for pin in pins if pin in found]


def tuning() -> Tuning:
    """The beheerders' synonyms and pins: one cache read a search, cleared on every change."""
    cached = cache.get(TUNING_CACHE_KEY)
    if cached is None:
        pins: dict[str, list[tuple[str, int]]] = {}
        for query, label, oid in SearchPromotion.objects.order_by("created_at", "pk").values_list(
            "query", "model_label", "object_id"
        ):
            pins.setdefault(query, []).append((label, oid))
        cached = Tuning(tuple(SearchSynonym.objects.values_list("line", flat=True)), pins)
        cache.set(TUNING_CACHE_KEY, cached, 300)
    return cached


@dataclass(frozen=True)
class QueryReportRow:
    query: str
    searches: int
    results: int
    clicks: int

    @property
    def click_rate(self) -> float:
        return self.clicks / self.searches if self.searches else 0.0


def query_report(*, days: int = REPORT_DAYS, limit: int = 50) -> dict[str, list[QueryReportRow]]:
    """What fails over the last `days`: queries without results, and queries with results
    that few people click (or that find few records), most searched first."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    rows = (
        SearchQueryDay.objects.filter(day__gte=since)
        .values("query")
        .annotate(searches=Sum("searches"), clicks=Sum("clicks"))
        .order_by("-searches", "query")
    )
    latest = dict(
        SearchQueryDay.objects.filter(day__gte=since)
        .order_by("query", "day")
        .values_list("query", "results")
    )
    report: list[QueryReportRow] = [
        QueryReportRow(r["query"], r["searches"], latest.get(r["query"], 0), r["clicks"])
        for r in rows
    ]
    zero = [r for r in report if r.results == 0]
    weak = [r for r in report if r.results and (r.results <= FEW_RESULTS or r.click_rate < 0.2)]
    return {"zero": zero[:limit], "weak": weak[:limit]}


def promotions() -> list[SearchPromotion]:
    return list(SearchPromotion.objects.order_by("query", "created_at"))


def synonyms() -> list[SearchSynonym]:
    return list(SearchSynonym.objects.all())
