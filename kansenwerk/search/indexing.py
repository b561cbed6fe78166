"""Deferred indexing: collect the index work of a block and do it once, in bulk, at its end.

    from kansenwerk.search import indexing

    with transaction.atomic(), indexing.deferred():
        ...  # many saves, deletes and M2M changes of registered models

Inside the block the signal receivers (signals.py) only note which records changed;
when the block ends without an error, each touched record is indexed once (a few bulk
statements per model instead of an update_or_create per save) or its row removed. The
flush runs inside the block's own savepoint, before the caller's transaction commits,
so the index still holds exactly the committed records: if the block (or the flush)
fails, the records and their index rows roll back together. A block whose transaction
is marked for rollback (dry runs: ``transaction.set_rollback(True)``) skips the flush.

Written by hand because the work to defer is our own signal handling; nesting is
allowed (the outermost block flushes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import models, transaction

from kansenwerk.search import registry, services


@dataclass
class Pending:
    """Records touched in a deferred block: model -> primary keys."""

    saved: dict[type[models.Model], set[int]] = field(default_factory=dict)
    deleted: dict[type[models.Model], set[int]] = field(default_factory=dict)

    def save(self, model: type[models.Model], pk: int | None) -> None:
        if pk is None:
            return
        self.saved.setdefault(model, set()).add(pk)
        self.deleted.get(model, set()).discard(pk)

    def delete(self, model: type[models.Model], pk: int | None) -> None:
        if pk is None:
            return
        self.deleted.setdefault(model, set()).add(pk)
        self.saved.get(model, set()).discard(pk)


_pending: ContextVar[Pending | None] = ContextVar("search_deferred", default=None)


def current() -> Pending | None:
    """The pending work of the innermost deferred block, or None outside one."""
    return _pending.get()


@contextmanager
def deferred() -> Iterator[Pending]:
    """Index the records saved or deleted in the block once, when it ends (see module)."""
    outer = _pending.get()
    if outer is not None:  # nested: the outermost block flushes
        yield outer
        return
    pending = Pending()
    token = _pending.set(pending)
    reset = False
    try:
        with transaction.atomic():
            yield pending
            _pending.reset(token)
            reset = True
            if not transaction.get_connection().needs_rollback:
                flush(pending)
    finally:
        if not reset:
            _pending.reset(token)


def flush(pending: Pending) -> None:
    """Write the index rows for `pending` (deletes first, then one rebuild per model)."""
    for model, pks in pending.deleted.items():
        if pks:
            services.remove_objects(model=model, pks=pks)
    for model, pks in pending.saved.items():
        if pks and registry.get(model) is not None:
            services.index_objects(model=model, pks=pks)
    pending.saved.clear()
    pending.deleted.clear()
