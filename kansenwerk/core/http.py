"""Who is asking: the client address behind our own reverse proxies.

`KANSENWERK_PROXY_COUNT` says how many proxies we run in front of the application
(README: one nginx in production). Each appends the address it received the request
from to X-Forwarded-For, so the client is the entry that many places from the end;
anything further left was written by the client and cannot be trusted. With 0 (the
default) X-Forwarded-For is ignored. django-ninja's throttles read the same number
(NINJA_NUM_PROXIES, set from it in settings), so both rate limits see the same client.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.translation import gettext as _


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = int(getattr(settings, "KANSENWERK_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    return hops[-min(proxies, len(hops))]


def site_url(path: str) -> str:
    """The absolute address of ``path`` for links sent outside the site (e-mail, PDF, ICS).

    The one place that reads ``KANSENWERK_SITE_URL`` (settings give it a default).
    """
    base = str(settings.KANSENWERK_SITE_URL).rstrip("/")
    return f"{base}{path}"


def posted_id(request: HttpRequest, name: str = "id") -> int:
    """The record id a form posted in ``name``, or a 400 with a Dutch message.

    For the small forms whose button posts an id (remove this item, add that direction):
    a missing, non-numeric or out-of-range value is the visitor's mistake, not a 500.
    """
    raw = request.POST.get(name, "")
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) <= 2**63 - 1:
        raise BadRequest(_("Ongeldige keuze: het gekozen item bestaat niet (meer)."))
    return int(raw)
