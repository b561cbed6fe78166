"""Writes to the search index: index one object, remove one, rebuild everything.

Every function runs in the caller's transaction (signals call them from inside the
save), so the index can never hold a record that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, models, transaction

from kansenwerk.search import facet_keys, registry, vocabulary
from kansenwerk.search.analysis import analyze, fold
from kansenwerk.search.models import SearchEntry, SearchFacet, SearchFacetKey

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


def facet_key_id(
    *,
    type_key: str,
    region_id: int | None,
    theme_ids: Iterable[int],
    known: dict[str, int] | None = None,
) -> int:
    """The id of the facet key for this type, region and themes, created when new.

    `known` caches signatures within one batch; it must not outlive the transaction
    (a key created in a rolled-back transaction does not exist).
    """
    theme_ids = sorted(set(theme_ids))
    signature = SearchFacetKey.signature_of(type_key, region_id, theme_ids)
    if known is not None and signature in known:
        return known[signature]
    key, created = SearchFacetKey.objects.get_or_create(
        signature=signature, defaults={"type_key": type_key, "region_id": region_id}
    )
    if created:
        key.themes.bulk_create(key.themes.model(key=key, theme_id=t) for t in theme_ids)
        # Into the per-process key cache once the key exists for good (facet_keys.py).
        facet_keys.register(key.pk, type_key=type_key, region_id=region_id, theme_ids=theme_ids)
    if known is not None:
        known[signature] = key.pk
    return key.pk


def index_object(*, obj: models.Model) -> SearchEntry | None:
    """Create or update the index row of `obj`; None when its model is not registered."""
    search_type = registry.get(type(obj))
    if search_type is None or obj.pk is None:
        return None
    cache.delete(STATS_CACHE_KEY)
    values = entry_values(search_type=search_type, obj=obj)
    theme_ids = search_type.theme_ids_of(obj)
    with transaction.atomic():
        values["facet_key"] = facet_key_id(
            type_key=values["type_key"], region_id=values["region_id"], theme_ids=theme_ids
        )
        entry, _ = SearchEntry.objects.update_or_create(
            model_label=obj._meta.label_lower, object_id=obj.pk, defaults=values
        )
        SearchFacet.objects.update_or_create(entry=entry, defaults={"facet_key": entry.facet_key})
    vocabulary.schedule_rebuild()
    return entry


def remove_object(*, model: type[models.Model], object_id: int) -> None:
    """Delete the index row of one record (its facet row goes with it by cascade)."""
    cache.delete(STATS_CACHE_KEY)
    SearchEntry.objects.filter(model_label=model._meta.label_lower, object_id=object_id).delete()
    vocabulary.schedule_rebuild()


def reindex(
    *,
    types: Iterable[registry.SearchType] | None = None,
    batch_size: int = 500,
    progress: Callable[[str, int, int], None] | None = None,
    build_vocabulary: bool = True,
) -> int:
    """Rebuild the index rows of `types` (default: all) in batches; return the row count.

    Then the spelling vocabulary is built from the new index (`build_vocabulary=False`:
    only for migrations older than its table).

    Rows are deleted and bulk-inserted per type, which is far faster than one
    update_or_create per record; the FTS structures follow through triggers (SQLite) and
    the generated column (PostgreSQL). A rebuild of every type is one transaction in
    which PostgreSQL writes the postings once at the end (`bulk_rebuild`).
    """
    if types is None:
        with bulk_rebuild():
            total = _reindex(types=registry.types(), batch_size=batch_size, progress=progress)
        settle()
    else:
        total = _reindex(types=types, batch_size=batch_size, progress=progress)
    # The spelling vocabulary follows the new index here, not in the first search after it.
    if build_vocabulary:
        vocabulary.vocabulary_build()
    return total


def settle() -> None:
    """PostgreSQL, outside a transaction: VACUUM (ANALYZE) the postings after a rebuild.

    Index-only scans skip the table only for pages marked all-visible, which autovacuum
    does some time after a bulk write; until then every posting read also visits the
    table (measured: query p95 36 -> 66 ms at 100,000 records). Does nothing inside a
    transaction (tests) or on SQLite.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) search_searchposting")


@contextmanager
def bulk_rebuild() -> Iterator[None]:
    """A transaction that rewrites the whole index; PostgreSQL rebuilds the postings at its end.

    Inside it the posting triggers stand still (a transaction-local setting they check);
    at the end all postings are written by one INSERT with the primary key dropped and
    built again afterwards, 2-3x faster than keeping the index up to date row set by row
    set. The rebuild locks the postings table, so searches on PostgreSQL wait until the
    transaction commits.
    """
    if connection.vendor != "postgresql":
        with transaction.atomic():
            yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('kansenwerk.defer_postings', 'on', true)")
        yield
        rebuild_postings()
        cursor.execute("SELECT set_config('kansenwerk.defer_postings', 'off', true)")


def rebuild_postings() -> None:
    """PostgreSQL: write every posting afresh from the entries' tsvectors."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_searchposting")
        cursor.execute("ALTER TABLE search_searchposting DROP CONSTRAINT search_searchposting_pkey")
        cursor.execute(
            "INSERT INTO search_searchposting (term, entry_id, impact, facet_key)"
            " SELECT u.lexeme, e.id, search_posting_impact(u.weights, e.length), e.facet_key"
            " FROM search_searchentry e, unnest(e.document) u"
        )
        # The key is built by sorting every row; more memory keeps that sort off disk.
        cursor.execute("SELECT set_config('maintenance_work_mem', '256MB', true)")
        cursor.execute(
            "ALTER TABLE search_searchposting ADD CONSTRAINT search_searchposting_pkey"
            " PRIMARY KEY (term, entry_id) INCLUDE (impact, facet_key)"
        )


def _reindex(
    *,
    types: Iterable[registry.SearchType],
    batch_size: int,
    progress: Callable[[str, int, int], None] | None,
) -> int:
    total = 0
    cache.delete(STATS_CACHE_KEY)
    for search_type in types:
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
        vocabulary.schedule_rebuild()
        return _write_batch(batch) if batch else 0


def remove_objects(*, model: type[models.Model], pks: Iterable[int]) -> None:
    """Delete the index rows of several records of `model`."""
    cache.delete(STATS_CACHE_KEY)
    SearchEntry.objects.filter(
        model_label=model._meta.label_lower, object_id__in=sorted(set(pks))
    ).delete()
    vocabulary.schedule_rebuild()


def _write_batch(batch: list[tuple[SearchEntry, list[int]]]) -> int:
    known: dict[str, int] = {}
    for entry, theme_ids in batch:
        entry.facet_key = facet_key_id(
            type_key=entry.type_key, region_id=entry.region_id, theme_ids=theme_ids, known=known
        )
    entries = SearchEntry.objects.bulk_create([entry for entry, _ in batch])
    SearchFacet.objects.bulk_create(
        SearchFacet(entry=entry, facet_key=entry.facet_key) for entry in entries
    )
    return len(entries)
