"""Writes to the search index: index one object, remove one, rebuild everything.

Every function runs in the caller's transaction (signals call them from inside the
save), so the index can never hold a record that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import models, transaction

from kansenwerk.search import registry
from kansenwerk.search.analysis import analyze, fold
from kansenwerk.search.models import SearchEntry, SearchEntryTheme, SearchFacet

SNIPPET_SOURCE_CHARS = 6000  # enough text for a good snippet; the tokens hold all of it


def entry_values(*, search_type: registry.SearchType, obj: models.Model) -> dict:
    """The column values of the index row for `obj` (no database writes)."""
    title = search_type.title_of(obj)
    question = search_type.question_of(obj)
    body = search_type.body_of(obj)
    title_tokens = analyze(title)
    question_tokens = analyze(question)
    body_tokens = analyze(body)
    text = "\n".join(t for t in (question, body) if t.strip())
    return {
        "type_key": search_type.key,
        "title": title[:500],
        "location": search_type.location_of(obj)[:500],
        "url": search_type.url_of(obj)[:500],
        "text": text[:SNIPPET_SOURCE_CHARS],
        "region_id": search_type.region_id_of(obj),
        "title_folded": fold(title)[:500],
        "title_tokens": " ".join(title_tokens),
        "question_tokens": " ".join(question_tokens),
        "body_tokens": " ".join(body_tokens),
        "length": len(title_tokens) + len(question_tokens) + len(body_tokens),
    }


STATS_CACHE_KEY = "search:collection-stats"  # selectors.collection_stats


def index_object(*, obj: models.Model) -> SearchEntry | None:
    """Create or update the index row of `obj`; None when its model is not registered."""
    search_type = registry.get(type(obj))
    if search_type is None or obj.pk is None:
        return None
    cache.delete(STATS_CACHE_KEY)
    values = entry_values(search_type=search_type, obj=obj)
    with transaction.atomic():
        entry, _ = SearchEntry.objects.update_or_create(
            model_label=obj._meta.label_lower, object_id=obj.pk, defaults=values
        )
        SearchFacet.objects.update_or_create(
            entry=entry, defaults={"type_key": entry.type_key, "region_id": entry.region_id}
        )
        theme_ids = search_type.theme_ids_of(obj)
        current = set(entry.themes.values_list("theme_id", flat=True))
        if current != set(theme_ids):
            entry.themes.all().delete()
            SearchEntryTheme.objects.bulk_create(
                SearchEntryTheme(entry=entry, theme_id=t) for t in theme_ids
            )
    return entry


def remove_object(*, model: type[models.Model], object_id: int) -> None:
    """Delete the index row of one record (its themes go with it by cascade)."""
    cache.delete(STATS_CACHE_KEY)
    SearchEntry.objects.filter(model_label=model._meta.label_lower, object_id=object_id).delete()


def reindex(
    *,
    types: Iterable[registry.SearchType] | None = None,
    batch_size: int = 500,
    progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Rebuild the index rows of `types` (default: all) in batches; return the row count.

    Rows are deleted and bulk-inserted per type inside one transaction, which is far
    faster than one update_or_create per record; the FTS structures follow through
    triggers (SQLite) and the generated column (PostgreSQL).
    """
    total = 0
    cache.delete(STATS_CACHE_KEY)
    for search_type in types or registry.types():
        label = search_type.model._meta.label_lower
        queryset = search_type.all_objects().order_by("pk")
        count = queryset.count()
        done = 0
        with transaction.atomic():
            SearchEntry.objects.filter(model_label=label).delete()
            batch: list[tuple[SearchEntry, list[int]]] = []
            for obj in queryset.iterator(chunk_size=batch_size):
                values = entry_values(search_type=search_type, obj=obj)
                entry = SearchEntry(model_label=label, object_id=obj.pk, **values)
                batch.append((entry, search_type.theme_ids_of(obj)))
                if len(batch) >= batch_size:
                    done += _write_batch(batch)
                    batch = []
                    if progress:
                        progress(str(search_type.key), done, count)
            if batch:
                done += _write_batch(batch)
        if progress:
            progress(str(search_type.key), done, count)
        total += done
    return total


def index_objects(*, model: type[models.Model], pks: Iterable[int]) -> int:
    """Rebuild the index rows of the records `pks` of `model` in bulk; return the row count.

    One delete and a few bulk inserts instead of an update_or_create per record (used by
    indexing.deferred). Records that no longer exist lose their rows.
    """
    search_type = registry.get(model)
    pks = sorted(set(pks))
    if search_type is None or not pks:
        return 0
    cache.delete(STATS_CACHE_KEY)
    label = model._meta.label_lower
    batch = []
    with transaction.atomic():
        SearchEntry.objects.filter(model_label=label, object_id__in=pks).delete()
        for obj in search_type.all_objects().filter(pk__in=pks).order_by("pk"):
            values = entry_values(search_type=search_type, obj=obj)
            entry = SearchEntry(model_label=label, object_id=obj.pk, **values)
            batch.append((entry, search_type.theme_ids_of(obj)))
        return _write_batch(batch) if batch else 0


def remove_objects(*, model: type[models.Model], pks: Iterable[int]) -> None:
    """Delete the index rows of several records of `model`."""
    cache.delete(STATS_CACHE_KEY)
    SearchEntry.objects.filter(
        model_label=model._meta.label_lower, object_id__in=sorted(set(pks))
    ).delete()


def _write_batch(batch: list[tuple[SearchEntry, list[int]]]) -> int:
    entries = SearchEntry.objects.bulk_create([entry for entry, _ in batch])
    SearchFacet.objects.bulk_create(
        SearchFacet(entry=entry, type_key=entry.type_key, region_id=entry.region_id)
        for entry in entries
    )
    SearchEntryTheme.objects.bulk_create(
        SearchEntryTheme(entry=entry, theme_id=theme_id)
        for entry, (_, theme_ids) in zip(entries, batch, strict=True)
        for theme_id in theme_ids
    )
    return len(entries)
