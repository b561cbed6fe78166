"""The audit log, written once for every path into the database.

Every model that inherits `AuditedModel` is logged on create, update and delete
through Django's model signals, so the site, the admin, management commands,
the importer and the API are all covered without per-view code. Who did it and
through which channel comes from a context variable that the web middleware,
`manage.main` and the importer set (`audit_context`). Queryset `.update()` and
`bulk_create` bypass signals; services that use them call `record_change`
themselves.

Personal data stays out of the readable fields: a model with fields declared in the
privacy register (core/privacy.py) is named neutrally ("Aanmelding #12") and its
declared fields' values are replaced by a marker in `changes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save

from .actor import AuditActor, audit_context, current_actor, set_default_source
from .privacy import redact_changes, safe_repr
from .values import jsonable

__all__ = [
    "AuditActor",
    "AuditedModel",
    "audit_context",
    "created_entry",
    "current_actor",
    "record_change",
    "record_created",
    "set_default_source",
]


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete field values of an instance, JSON-safe, keyed by attname."""
    values = {}
    skip = set(getattr(instance, "audit_exclude", ())) | instance.get_deferred_fields()
    for field in instance._meta.concrete_fields:
        if field.attname in skip:
            continue
        values[field.attname] = jsonable(field.value_from_object(instance))
    return values


class AuditedModel(models.Model):
    """Base for models whose every change lands in the audit log."""

    audit_exclude: tuple[str, ...] = ()
    # The field values as loaded, to compare with on save (set by `from_db`).
    _audit_loaded: dict[str, Any]

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):  # type: ignore[override]
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = snapshot(instance)
        return instance

    def audit_history(self):
        from django.contrib.contenttypes.models import ContentType

        AuditLogEntry = apps.get_model("core", "AuditLogEntry")

        return AuditLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)),
            object_id=str(self.pk),
        ).select_related("actor")


def _entry(*, instance: models.Model, action: str, changes: dict[str, Any], actor: AuditActor):
    from django.contrib.contenttypes.models import ContentType

    AuditLogEntry = apps.get_model("core", "AuditLogEntry")

    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    return AuditLogEntry(
        actor=user,
        actor_label=(user.get_username() if user else "")[:150],
        source=actor.source,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=safe_repr(instance)[:255],
        changes=redact_changes(type(instance), changes),
    )


def record_change(
    *,
    instance: models.Model,
    action: str,
    changes: dict[str, Any],
) -> None:
    _entry(instance=instance, action=action, changes=changes, actor=current_actor()).save()


def _created_changes(values: dict[str, Any]) -> dict[str, Any]:
    return {k: [None, v] for k, v in values.items() if v not in (None, "", [], {})}


def created_entry(
    instance: models.Model,
    *,
    extra: dict[str, Any] | None = None,
    actor: AuditActor | None = None,
):
    """The unsaved entry the save signal writes for a new row, for writes that skip the
    signal (`bulk_create`, `core.statements`); plus `extra` (e.g. the import's source).

    The instance's current values become the ones later saves are compared with."""
    values = snapshot(instance)
    if isinstance(instance, AuditedModel):
        instance._audit_loaded = values
    return _entry(
        instance=instance,
        action="create",
        changes={**_created_changes(values), **(extra or {})},
        actor=actor or current_actor(),
    )


def record_created(
    instances: Iterable[models.Model], *, extra: dict[str, Any] | None = None
) -> None:
    """Create entries for rows written with `bulk_create` (which skips the signals)."""
    AuditLogEntry = apps.get_model("core", "AuditLogEntry")

    actor = current_actor()
    entries = [created_entry(instance, extra=extra, actor=actor) for instance in instances]
    AuditLogEntry.objects.bulk_create(entries, batch_size=2000)


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, AuditedModel):
        return
    if created:
        created_entry(instance).save()
        return
    new = snapshot(instance)
    old = getattr(instance, "_audit_loaded", None)
    if old is None:
        changes = {k: [None, v] for k, v in new.items()}
    else:
        # Fields deferred at load time are not in `old`; only report them if they are known.
        changes = {k: [old.get(k), v] for k, v in new.items() if k in old and old.get(k) != v}
    if changes:
        record_change(instance=instance, action="update", changes=changes)
    instance._audit_loaded = new


def _on_delete(sender, instance, **kwargs):
    if not isinstance(instance, AuditedModel):
        return
    old = getattr(instance, "_audit_loaded", None) or snapshot(instance)
    changes = {k: [v, None] for k, v in old.items() if v not in (None, "", [], {})}
    record_change(instance=instance, action="delete", changes=changes)


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="kansenwerk_audit_save")
    post_delete.connect(_on_delete, dispatch_uid="kansenwerk_audit_delete")
