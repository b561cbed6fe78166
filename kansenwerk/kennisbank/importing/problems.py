"""The one error type the importer raises for bad input, with a Dutch message for the user."""

from dataclasses import dataclass


@dataclass
class ImportProblem(Exception):
    """Bad input: `code` is stable for programs, `message_nl` is shown to people."""

    code: str
    message_nl: str

    def __str__(self) -> str:
        return self.message_nl


def translate(message: str) -> str:
    """Django gettext when settings are configured; the Dutch source text otherwise."""
    try:
        from django.utils.translation import gettext

        return gettext(message)
    except Exception:  # ImproperlyConfigured outside Django: Dutch is the source language
        return message
