"""A small fixed-window rate limit per client IP, for every public form.

Meetup registrations, Koppelen sign-ups, netwerk self-registration and anonymous PDFs each
count in their own `scope`. Switched off with KANSENWERK_RATE_LIMITS=off.

Hand-written, in one statement on our own database: an upsert that starts or counts the
window and returns the count (PostgreSQL and SQLite ≥ 3.35 both have ON CONFLICT … DO UPDATE
… RETURNING). The well-known package (django-ratelimit) counts with `cache.add` + `cache.incr`,
which on the database cache production uses cost eleven queries and two commits per attempt
(a culling COUNT(*) on every write) and could lose counts under parallel attempts (incr is a
read and a write there); that was our own limiter until issue 15 measured the registration
path. The client address is stored only as a keyed hash (`RateLimitWindow.bucket`).

On PostgreSQL the count is committed asynchronously when it is its own transaction (the
usual case: it runs before the registration's transaction): the same statement sets
`synchronous_commit` off for itself (`set_config(…, true)` is `SET LOCAL`), so the attempt
does not wait for an fsync. A crash can lose the last fraction of a second of counts, which
a limiter can afford; a registration cannot, so inside a caller's transaction the statement
leaves the setting alone and the count is as durable as that transaction.

`attempt` gives the count as a lookup, so a view can send it in the same message as its
other reads (`core.prepared.fetch_together`; the registration API sends it with the meetup
and its themes); `hit` counts on its own.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connections, router
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.http import client_ip
from kansenwerk.core.models import RateLimitWindow
from kansenwerk.core.prepared import Known, fetch_together
from kansenwerk.core.statements import Statement

REGISTRATION_LIMIT = getattr(settings, "KANSENWERK_REGISTRATION_RATE", 10)
REGISTRATION_WINDOW = 10 * 60  # seconds
# One message for the page and the API when a client registers too often.
REGISTRATION_REFUSED = gettext_lazy(
    "Er zijn vanaf uw adres te veel aanmeldingen gedaan. Probeer het over tien minuten opnieuw."
)
# Anonymous PDF downloads per client: generous for people, a brake on scripted load
# (a PDF that is not cached yet costs the server half a second or more).
PDF_LIMIT = getattr(settings, "KANSENWERK_PDF_RATE", 30)
PDF_WINDOW = 60
# About one attempt in this many also removes the windows that have ended.
CLEANUP_EVERY = 500


def _bucket(scope: str, address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{scope}\x00{address}".encode(), hashlib.sha256).hexdigest()


class _Attempt(NamedTuple):
    """One counted attempt, as a lookup (`core.prepared.fetch_together`): reads as True
    while the client is within the limit."""

    using: str
    sql: str
    params: list[Any]
    limit: int
    now: int

    def statements(self) -> list[Statement]:
        return [(self.sql, self.params)]

    def read_results(self, results: list[list[tuple]]) -> bool:
        if random.randrange(CLEANUP_EVERY) == 0:
            RateLimitWindow.objects.using(self.using).filter(ends_at__lt=self.now).delete()
        return int(results[0][0][0]) <= self.limit


def _count_statement(bucket: str, window: int, now: int) -> tuple[str, str, list[Any]]:
    """(database, SQL, parameters) that count one attempt in the bucket's window (a new
    window when the last one ended) and return the count."""
    using = router.db_for_write(RateLimitWindow)
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(RateLimitWindow._meta.db_table)
    bucket_col, ends_col, hits_col = (
        quote(RateLimitWindow._meta.get_field(f).column) for f in ("bucket", "ends_at", "hits")
    )
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # Not inside a transaction of the caller: committed without waiting for the disk
        # (with the statements sent in the same message, which share its transaction).
        source = "SELECT %s, %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS c"
    else:
        source = "VALUES (%s, %s, 1)"
    sql = (
        f"INSERT INTO {table} ({bucket_col}, {ends_col}, {hits_col}) {source} "
        f"ON CONFLICT ({bucket_col}) DO UPDATE SET "
        f"{hits_col} = CASE WHEN {table}.{ends_col} <= %s THEN 1 "
        f"ELSE {table}.{hits_col} + 1 END, "
        f"{ends_col} = CASE WHEN {table}.{ends_col} <= %s THEN excluded.{ends_col} "
        f"ELSE {table}.{ends_col} END "
        f"RETURNING {hits_col}"
    )
    return using, sql, [bucket, now + window, now, now]


def attempt(
    request, *, scope: str, limit: int = REGISTRATION_LIMIT, window: int = REGISTRATION_WINDOW
) -> _Attempt | Known:
    """One attempt to count, as a lookup to send with the request's other reads
    (`core.prepared.fetch_together`): True while the client is within the limit."""
    if str(getattr(settings, "KANSENWERK_RATE_LIMITS", "on")).lower() in ("off", "0", "false"):
        return Known(True)
    now = int(time.time())
    using, sql, params = _count_statement(_bucket(scope, client_ip(request)), window, now)
    return _Attempt(using, sql, params, limit, now)


def hit(
    request, *, scope: str, limit: int = REGISTRATION_LIMIT, window: int = REGISTRATION_WINDOW
) -> bool:
    """Count one attempt; False when the client is over the limit."""
    (allowed,) = fetch_together(attempt(request, scope=scope, limit=limit, window=window))
    return bool(allowed)


def anonymous_pdf_refused(request):
    """A Dutch 429 when an anonymous client asks for too many PDFs, else None."""
    if request.user.is_authenticated or hit(
        request, scope="pdf", limit=PDF_LIMIT, window=PDF_WINDOW
    ):
        return None
    return HttpResponse(
        _("U heeft te veel PDF's in korte tijd opgevraagd. Probeer het over een minuut opnieuw."),
        status=429,
        content_type="text/plain; charset=utf-8",
        headers={"Retry-After": str(PDF_WINDOW)},
    )
