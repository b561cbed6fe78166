"""The one gettext helper for code that also runs without Django settings.

Engines (table planning, matching) are used by benches and plain-Python tests before settings
exist; there the Dutch msgid itself is the text. Inside Django this is ``gettext``.
"""

from __future__ import annotations

__all__ = ["_"]


def _(message: str) -> str:
    """Translate ``message`` when settings are configured, else return the Dutch msgid."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)
