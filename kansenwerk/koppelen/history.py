"""History pages for programmes (see kansenwerk.core.history)."""

from __future__ import annotations

from kansenwerk.core.history import Subject, register
from kansenwerk.core.types import AnyUser

from .selectors import programme_for_user


@register("koppelen.programme")
def programme_subject(user: AnyUser, pk: str) -> Subject:
    programme = programme_for_user(user=user, programme_id=int(pk))
    return Subject(programme, programme.get_absolute_url())
