"""What every page does with a service's refusal: its Dutch messages beside the fields."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.Form, exc: ValidationError, *, rename: Mapping[str, str | None] | None = None
) -> None:
    """Put a service's ValidationError on the form: per field where the form has that field
    (after `rename`, e.g. the service's "theme_choices" is the form's "theme_choice_1"),
    the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    rename = rename or {}
    for field, messages in exc.message_dict.items():
        target = rename.get(field, field)
        form.add_error(target if target in form.fields else None, messages)
