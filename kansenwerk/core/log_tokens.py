"""Keep the secrets of personal links out of access and request logs.

A personal link (an agreement owner's page, a registration's manage page, a table's API)
carries its secret in the path. Whoever reads the logs must not be able to open those
pages, so every path that a URL pattern with a ``token`` argument matches is logged as
``…/[token]/``. The patterns are read from the URL configuration, so a new personal link
is covered as soon as its URL takes a ``token``; `FALLBACK_PREFIXES` covers the known
ones when the URL configuration cannot be loaded (gunicorn's master process).
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

# Paths whose next segment is a token, for when Django's URL configuration is not loaded.
FALLBACK_PREFIXES = ("/afspraken/a/", "/meetups/aanmelding/", "/api/tables/")
PLACEHOLDER = "[token]"

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route_regex(route: str) -> str:
    """A route such as ``afspraken/a/<str:token>/`` as a regex that captures the token."""
    parts, last = [], 0
    for match in _PARAM.finditer(route):
        parts.append(re.escape(route[last : match.start()]))
        if match.group("name") == "token":
            parts.append(r"(?P<token>[^/?#\s\"]+)")
        else:
            parts.append(r"[^/?#\s\"]+")
        last = match.end()
    parts.append(re.escape(route[last:]))
    return "".join(parts)


def _token_routes(patterns: Any, prefix: str = "") -> list[str]:
    from django.urls import URLPattern, URLResolver
    from django.urls.resolvers import RegexPattern

    found: list[str] = []
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RegexPattern):
            # Regex routes (rare here): keep their own expression, minus the anchors.
            route = pattern._regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
            piece = route
        else:
            piece = _route_regex(str(pattern))
        if isinstance(entry, URLResolver):
            found.extend(_token_routes(entry.url_patterns, prefix + piece))
        elif isinstance(entry, URLPattern) and "(?P<token>" in prefix + piece:
            found.append(prefix + piece)
    return found


@functools.lru_cache(maxsize=1)
def _from_urlconf() -> re.Pattern[str]:
    from django.urls import get_resolver

    routes = _token_routes(get_resolver().url_patterns)
    if not routes:
        raise LookupError("no URL pattern takes a token")
    # Only the part up to and including the token matters; the rest of the path stays.
    heads = sorted({route.split("(?P<token>")[0] for route in routes})
    return re.compile("(?P<head>/(?:" + "|".join(heads) + r"))(?P<token>[^/?#\s\"]+)")


@functools.lru_cache(maxsize=1)
def _fallback() -> re.Pattern[str]:
    heads = "|".join(re.escape(p) for p in FALLBACK_PREFIXES)
    return re.compile(r"(?P<head>(?:" + heads + r"))(?P<token>[^/?#\s\"]+)")


def _patterns() -> list[re.Pattern[str]]:
    try:
        from django.apps import apps

        if apps.ready:
            return [_from_urlconf(), _fallback()]
    except Exception:  # noqa: S110 - a log line must never fail because of the URLconf
        pass
    return [_fallback()]


def redact(text: str) -> str:
    """Any token path in `text` (a path, a request line, a referrer URL) with the token hidden."""
    if not text or not isinstance(text, str):
        return text
    for pattern in _patterns():
        text = pattern.sub(lambda m: m.group("head") + PLACEHOLDER, text)
    return text


class RedactTokensFilter(logging.Filter):
    """For Django's ``django.server`` and ``django.request`` loggers: the message with the
    tokens hidden (``"GET /afspraken/a/[token]/ HTTP/1.1" 200``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def redact_atoms(atoms: dict[str, Any]) -> dict[str, Any]:
    """gunicorn's access-log fields with every token hidden (request line, path, referrer,
    and the raw headers and environ values that repeat them)."""
    return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is a production dependency; tests may run without it
    _GunicornLogger = object  # type: ignore[assignment,misc]


class GunicornAccessLogger(_GunicornLogger):  # type: ignore[misc,valid-type]
    """gunicorn's logger, whose access log never shows a personal link's token
    (``logger_class`` in kansenwerk/gunicorn_conf.py)."""

    def atoms(self, resp, req, environ, request_time):
        return redact_atoms(super().atoms(resp, req, environ, request_time))
