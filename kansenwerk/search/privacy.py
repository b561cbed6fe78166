"""The search index after an erasure: no entry may still hold the person's name or address.

Declared personal fields are not indexed (see the registrations in afspraken/search.py and
kennisbank/search.py), but free text such as an agreement's "wat" may still have named
the person: every entry that does is rebuilt from its (already erased) record.
"""

from __future__ import annotations

from django.apps import apps

from kansenwerk.core import privacy
from kansenwerk.core.privacy import Item, Subject


def _reindex_traces(subject: Subject, items: list[Item]) -> dict[str, int]:
    from . import registry
    from .models import SearchEntry
    from .services import index_object, remove_object

    pks = privacy.rows_containing(
        SearchEntry.objects.all(), ["title", "text", "location"], subject.texts()
    )
    entries = SearchEntry.objects.filter(pk__in=sorted(pks)).only("model_label", "object_id")
    wanted = {(e.model_label, e.object_id) for e in entries}
    for item in items:
        model = type(item.instance)
        if registry.get(model) is not None and item.instance.pk is not None:
            wanted.add((model._meta.label_lower, item.instance.pk))
    done = 0
    for label, object_id in sorted(wanted):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        obj = (
            registry.get(model).all_objects().filter(pk=object_id).first()
            if registry.get(model)
            else None
        )
        if obj is None:
            remove_object(model=model, object_id=object_id)
        else:
            index_object(obj=obj)
        done += 1
    if pks:
        forget_deleted_terms()
    return {"search_entry": done} if done else {}


def forget_deleted_terms() -> None:
    """SQLite: merge the FTS5 segments, so terms of rewritten entries leave the index files
    too (FTS5 otherwise keeps them, marked deleted, until a later merge)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in ("search_fts", "search_trgm"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")


privacy.after_erase("search", _reindex_traces)
