"""Writes to the kennisbank through the site: one function per action, rights checked here.

The audit log is written by `core.audit` for every save and delete, so these
services only validate, check rights and save inside one transaction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.permissions import Action, Capability, ensure_can_write, region_id_of
from kansenwerk.core.services import apply_fields
from kansenwerk.core.types import AnyUser, signed_in

from .models import ReviewFlag


@transaction.atomic
def kennisbank_item_create(
    *, user: AnyUser | None, model: type[models.Model], data: dict[str, Any]
):
    instance = model()
    m2m = apply_fields(instance, data)
    ensure_can_write(
        user,
        capability=Capability.KENNISBANK,
        region_id=region_id_of(instance),
        action=Action.CREATE,
    )
    instance.full_clean()
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    return instance


@transaction.atomic
def kennisbank_item_update(*, user: AnyUser | None, instance: models.Model, data: dict[str, Any]):
    ensure_can_write(
        user,
        capability=Capability.KENNISBANK,
        region_id=region_id_of(instance),
        action=Action.UPDATE,
    )
    m2m = apply_fields(instance, data)
    # Moving a record to another region needs rights there too.
    ensure_can_write(
        user,
        capability=Capability.KENNISBANK,
        region_id=region_id_of(instance),
        action=Action.UPDATE,
    )
    instance.full_clean()
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    return instance


@transaction.atomic
def kennisbank_item_delete(*, user: AnyUser | None, instance: models.Model) -> None:
    ensure_can_write(
        user,
        capability=Capability.KENNISBANK,
        region_id=region_id_of(instance),
        action=Action.DELETE,
    )
    instance.delete()


def _ensure_reviewer(user: AnyUser | None) -> None:
    account = signed_in(user)
    if not (account is not None and account.is_active and account.is_beheerder):
        raise PermissionDenied(_("Alleen een beheerder controleert geïmporteerde records."))


@transaction.atomic
def review_flag_clear(*, user: AnyUser | None, flag: ReviewFlag) -> ReviewFlag:
    """A beheerder checked the record: the flag is closed (an audited update, never a delete)."""
    _ensure_reviewer(user)
    flag = ReviewFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.cleared_at is not None:
        raise ValidationError(_("Deze melding is al gecontroleerd."))
    flag.cleared_at = timezone.now()
    flag.cleared_by = signed_in(user)
    flag.save()
    return flag
