"""Translation hook that works both inside Django and in plain scripts/tests without settings."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext


def _(message: str) -> str:
    """Translate through Django when settings are configured; otherwise return the Dutch
    source text."""
    if not settings.configured:
        return message
    return gettext(message)
