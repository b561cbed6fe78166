"""History pages for agreements (see kansenwerk.core.history)."""

from __future__ import annotations

from kansenwerk.core.history import Subject, register
from kansenwerk.core.types import AnyUser

from .selectors import agreement_for_user


@register("afspraken.agreement")
def agreement_subject(user: AnyUser, pk: str) -> Subject:
    agreement = agreement_for_user(user=user, pk=int(pk))
    return Subject(agreement, agreement.get_absolute_url())
