"""The public forms' rate limit: one statement per attempt, exact under parallel attempts,
a fixed window, and no client address stored (both databases)."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kansenwerk.core import ratelimit
from kansenwerk.core.models import RateLimitWindow


@pytest.fixture(autouse=True)
def _limits_on(settings):
    settings.KANSENWERK_RATE_LIMITS = "on"
    settings.KANSENWERK_PROXY_COUNT = 0


def _request(address="192.0.2.10"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_limit_per_address_and_scope_in_one_query_each():
    request = _request()
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(ratelimit, "CLEANUP_EVERY", 10**9),
    ):
        allowed = [ratelimit.hit(request, scope="test", limit=3, window=60) for _ in range(5)]
    assert allowed == [True, True, True, False, False]
    assert len(queries.captured_queries) == 5
    # Another address and another scope count on their own.
    assert ratelimit.hit(_request("192.0.2.11"), scope="test", limit=3, window=60)
    assert ratelimit.hit(request, scope="other", limit=3, window=60)


@pytest.mark.django_db
def test_window_is_fixed_and_starts_again_after_it_ends():
    request = _request()
    with mock.patch("kansenwerk.core.ratelimit.time.time", return_value=1_000_000.0):
        assert [ratelimit.hit(request, scope="w", limit=2, window=60) for _ in range(3)] == [
            True,
            True,
            False,
        ]
    # Refused attempts do not move the end of the window.
    with mock.patch("kansenwerk.core.ratelimit.time.time", return_value=1_000_059.0):
        assert not ratelimit.hit(request, scope="w", limit=2, window=60)
    with mock.patch("kansenwerk.core.ratelimit.time.time", return_value=1_000_060.0):
        assert ratelimit.hit(request, scope="w", limit=2, window=60)
        assert ratelimit.hit(request, scope="w", limit=2, window=60)
        assert not ratelimit.hit(request, scope="w", limit=2, window=60)


@pytest.mark.django_db
def test_no_client_address_is_stored():
    ratelimit.hit(_request("198.51.100.23"), scope="register")
    (window,) = RateLimitWindow.objects.all()
    assert "198.51.100.23" not in window.bucket
    assert "register" not in window.bucket
    assert window.hits == 1


@pytest.mark.django_db
def test_ended_windows_are_cleaned_up():
    with mock.patch("kansenwerk.core.ratelimit.time.time", return_value=1_000_000.0):
        ratelimit.hit(_request("192.0.2.1"), scope="c", window=60)
    with (
        mock.patch("kansenwerk.core.ratelimit.time.time", return_value=1_000_100.0),
        mock.patch.object(ratelimit, "CLEANUP_EVERY", 1),
    ):
        ratelimit.hit(_request("192.0.2.2"), scope="c", window=60)
    assert RateLimitWindow.objects.count() == 1


@pytest.mark.django_db
def test_switched_off_counts_nothing(settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    assert all(ratelimit.hit(_request(), scope="off", limit=1) for _ in range(3))
    assert not RateLimitWindow.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_are_all_counted():
    """40 attempts at once from one address with a limit of 10: exactly 10 get through."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is not shared between threads")
    start = threading.Barrier(40)
    results: list[bool] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            start.wait()
            results.append(ratelimit.hit(_request(), scope="burst", limit=10, window=60))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results.count(True) == 10
    assert RateLimitWindow.objects.get().hits == 40


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_own_count_skips_the_fsync_without_touching_other_commits():
    """On its own, the count is one statement that commits asynchronously for itself only;
    inside a caller's transaction (a registration) it leaves that commit durable."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit is a PostgreSQL setting")
    request = _request()
    with CaptureQueriesContext(connection) as queries:
        assert ratelimit.hit(request, scope="async", limit=2, window=60)
    (statement,) = [q["sql"] for q in queries.captured_queries]
    assert "set_config('synchronous_commit', 'off', true)" in statement
    # SET LOCAL semantics: the session's later transactions still wait for the disk.
    assert _synchronous_commit() == "on"
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            assert ratelimit.hit(request, scope="async", limit=2, window=60)
        assert "set_config" not in queries.captured_queries[0]["sql"]
        assert _synchronous_commit() == "on"
    assert not ratelimit.hit(request, scope="async", limit=2, window=60)
    assert RateLimitWindow.objects.get().hits == 3
