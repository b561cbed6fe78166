"""Writes to the kennisbank through the site: one function per action, rights checked here.

The audit log is written by `core.audit` for every save and delete, so these
services only validate, check rights and save inside one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from kansenwerk.core.permissions import Action, Capability, ensure_can_write, region_id_of
from kansenwerk.core.services import apply_fields
from kansenwerk.core.types import AnyUser


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
