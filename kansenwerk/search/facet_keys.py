"""A per-process cache of the facet keys: id -> (type key, region id, theme ids).

Facet counts are counted per key by the database (backends.collect) and expanded into
type, region and theme counts in Python from this cache (selectors._facets): expanding
thousands of matched keys by a join in SQL was ~40 % of a broad query at 100,000 records.

A `SearchFacetKey` row is written once and never changed (its signature is unique), so a
cached key never goes stale and the cache only grows. Ids it does not hold are loaded
lazily, in one query. A key enters the cache only once the transaction that could see it
has committed (`transaction.on_commit`): a key created in a transaction that is rolled
back does not exist, and SQLite may give its id to another key later. `clear()` empties
the cache (after `flush` and `migrate`, see apps.py, and before every test).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from django.db import transaction

from kansenwerk.search.models import SearchFacetKey

# Above this many unknown ids one query reads every key instead of a long IN list (a
# kennisbank has hundreds of keys, the 100,000-record bench ~10,000).
LOAD_ALL_ABOVE = 500


class FacetKey(NamedTuple):
    type_key: str
    region_id: int | None
    theme_ids: tuple[int, ...]


_keys: dict[int, FacetKey] = {}
_lock = threading.Lock()


def cached(key_id: int) -> FacetKey | None:
    """The cached key `key_id`, without loading it (None: not in the cache)."""
    return _keys.get(key_id)


def size() -> int:
    return len(_keys)


def clear() -> None:
    with _lock:
        _keys.clear()


def add(keys: dict[int, FacetKey]) -> None:
    """Put `keys` into the cache (of committed keys only: see `register`)."""
    with _lock:
        _keys.update(keys)


def register(
    key_id: int, *, type_key: str, region_id: int | None, theme_ids: Iterable[int]
) -> None:
    """Cache a key created in the current transaction once that transaction commits."""
    key = FacetKey(type_key, region_id, tuple(sorted(set(theme_ids))))
    transaction.on_commit(lambda: add({key_id: key}))


def lookup(key_ids: Collection[int]) -> Mapping[int, FacetKey]:
    """A mapping holding the keys `key_ids` (ids without a key row are left out), after
    loading the unknown ones. Read it with `get` only: it may be the cache itself.

    Loaded keys are used at once, but enter the cache only when the current transaction
    commits (immediately outside one): a search inside a transaction that created keys
    must not cache them before they exist for good.
    """
    keys = _keys
    missing = [key_id for key_id in key_ids if key_id not in keys]
    if not missing:
        return keys
    loaded = _load(missing)
    if loaded:
        transaction.on_commit(lambda: add(loaded))
    return {**keys, **loaded}


def _load(key_ids: list[int]) -> dict[int, FacetKey]:
    """The keys `key_ids` from the database: every key when the cache is empty or many
    are unknown (the first search of a process), else the unknown ones.

    The theme ids come from the signature ("type|region|theme,theme", written with the
    key's theme rows and never changed): one narrow query without a join, ~10 ms for the
    ~10,000 keys of the 100,000-record bench.
    """
    rows = SearchFacetKey.objects.order_by()
    if _keys and len(key_ids) <= LOAD_ALL_ABOVE:
        rows = rows.filter(pk__in=key_ids)
    return {
        key_id: FacetKey(type_key, region_id, _theme_ids(signature))
        for key_id, type_key, region_id, signature in rows.values_list(
            "pk", "type_key", "region_id", "signature"
        )
    }


def _theme_ids(signature: str) -> tuple[int, ...]:
    themes = signature.rsplit("|", 1)[-1]
    return tuple(sorted({int(t) for t in themes.split(",")})) if themes else ()
