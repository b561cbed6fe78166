"""Translation hook for the planner: Django's gettext once settings exist, else the Dutch source."""

from __future__ import annotations

__all__ = ["_"]


def _(message: str) -> str:
    """Translate ``message``; the planner also runs outside Django (bench, tests, CLI)."""
    from django.conf import settings

    if not settings.configured:
        return message
    from django.utils.translation import gettext

    return gettext(message)
