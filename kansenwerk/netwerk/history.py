"""History pages for organisations (see kansenwerk.core.history)."""

from __future__ import annotations

from kansenwerk.core.history import Subject, register
from kansenwerk.core.types import AnyUser

from .selectors import organization_for_user


@register("netwerk.organization")
def organization_subject(user: AnyUser, pk: str) -> Subject:
    organization = organization_for_user(user=user, pk=int(pk))
    return Subject(organization, organization.get_absolute_url())
