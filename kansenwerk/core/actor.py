"""Who is acting right now, and through which channel: read by the audit log.

Kept free of models so the console script can set it before Django starts.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AuditActor:
    user: Any = None  # a User or None
    source: str = "system"


_current: contextvars.ContextVar[AuditActor] = contextvars.ContextVar(
    "kansenwerk_audit_actor",
    default=AuditActor(),  # noqa: B039 - frozen dataclass
)


def current_actor() -> AuditActor:
    return _current.get()


def set_default_source(source: str) -> None:
    """Used by the console script so everything run from the shell is logged as 'command'."""
    _current.set(AuditActor(user=None, source=source))


@contextlib.contextmanager
def audit_context(*, user: Any = None, source: str) -> Iterator[AuditActor]:
    token = _current.set(AuditActor(user=user, source=source))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
