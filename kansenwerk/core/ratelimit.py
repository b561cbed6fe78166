"""A small fixed-window rate limit per client IP in Django's cache, for every public form.

Meetup registrations, Koppelen sign-ups, netwerk self-registration and anonymous PDFs each
count in their own `scope`. Hand-written because the only need is "at most N attempts per IP
per window" and the well-known packages (django-ratelimit) add a dependency for ten lines.
Switched off with KANSENWERK_RATE_LIMITS=off (load tests).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansenwerk.core.http import client_ip

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


def hit(
    request, *, scope: str, limit: int = REGISTRATION_LIMIT, window: int = REGISTRATION_WINDOW
) -> bool:
    """Count one attempt; False when the client is over the limit."""
    if str(getattr(settings, "KANSENWERK_RATE_LIMITS", "on")).lower() in ("off", "0", "false"):
        return True
    key = f"kw-rate:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


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
