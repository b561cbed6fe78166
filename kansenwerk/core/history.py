"""A readable history ("Geschiedenis") of one audited object, for whoever may manage it.

One page for every kind a beheerder or coordinator works with: the audit entries in Dutch,
each with who (or "eigenaar via persoonlijke link"), when, what, and the changed fields by
their Dutch labels. Values of personal fields are never shown, only that they changed.
Who may see an object's history is decided by that app's own `*_for_user` selector, so the
history is never more open than the page it belongs to.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import autodiscover_modules
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditLogEntry
from .types import AnyUser

PAGE_SIZE = 50
# Field names that hold data about a person even where a model forgot to say so.
PERSONAL_NAME = re.compile(
    r"(e_?mail|phone|telefoon|people|person|needs|contact|token|owner_name|display_name)",
    re.IGNORECASE,
)
# Bookkeeping that every save changes; it says nothing a reader needs.
SKIPPED_FIELDS = frozenset({"updated_at"})
# Technical identifiers (primary keys, import and sync ids) are not shown either.
SKIPPED_TYPES = (models.AutoField, models.BigAutoField, models.UUIDField)
OWNER_LINK = gettext_lazy("eigenaar via persoonlijke link")


@dataclass(frozen=True)
class Subject:
    """The object whose history is shown, and the page to go back to."""

    obj: models.Model
    back_url: str


# -- who may see which kind: each app's own selector decides ---------------------------------
#
# Apps register their kinds in their own ``history.py`` (found by ``autodiscover()`` from
# ``CoreConfig.ready()``, as Django's admin does), so core never imports a higher app.

Access = Callable[[AnyUser, str], Subject]
ACCESS: dict[str, Access] = {}


def register(label: str) -> Callable[[Access], Access]:
    """Decorator: ``label`` ("app.model") has a history page; the function checks access."""

    def decorator(access: Access) -> Access:
        ACCESS[label.lower()] = access
        return access

    return decorator


def autodiscover() -> None:
    autodiscover_modules("history")


def history_url(obj: models.Model) -> str:
    return reverse("core:history", kwargs={"label": obj._meta.label_lower, "pk": str(obj.pk)})


# -- turning stored entries into Dutch lines --------------------------------------------------


@dataclass
class Change:
    label: str
    value: str = ""  # "old → new" for an update; the one value for a create or delete
    hidden: bool = False  # personal: only that it changed is shown


@dataclass
class Line:
    entry: AuditLogEntry
    who: str
    via: str  # the channel (website, beheeromgeving, …), when it adds something
    what: str
    changes: list[Change] = field(default_factory=list)


def is_personal(model: type[models.Model], name: str) -> bool:
    declared = set(getattr(model, "audit_exclude", ()))
    return name in declared or bool(PERSONAL_NAME.search(name))


def _fields_by_key(model: type[models.Model]) -> dict[str, models.Field]:
    by_key: dict[str, models.Field] = {}
    for model_field in model._meta.concrete_fields:
        by_key[model_field.name] = model_field
        by_key[model_field.attname] = model_field
    return by_key


def _who(entry: AuditLogEntry) -> tuple[str, str]:
    """Who did it, and through which channel (empty when "who" already says so)."""
    if entry.source == AuditLogEntry.Source.LINK:
        return str(OWNER_LINK), ""
    if entry.actor_label:
        return entry.actor_label, entry.get_source_display()
    return capfirst(entry.get_source_display()), ""


def _text(value: Any, model_field: models.Field | None, related: dict) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if model_field is not None:
        if model_field.is_relation and model_field.related_model is not None:
            label = related.get(model_field.related_model, {}).get(str(value))
            return label if label is not None else _("nr. %(id)s") % {"id": value}
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.BooleanField):
            return _("ja") if value else _("nee")
        if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            moment = parse_datetime(value)
            if moment is not None:
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                return formats.date_format(moment, "j F Y H:i")
        if isinstance(model_field, models.DateField) and isinstance(value, str):
            day = parse_date(value)
            if day is not None:
                return formats.date_format(day, "j F Y")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in value.items())
    return Truncator(str(value)).chars(120)


def _related_labels(model: type[models.Model], entries: list[AuditLogEntry]) -> dict:
    """Names of the objects that foreign keys point to: one query per related model."""
    by_key = _fields_by_key(model)
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        for key, values in (entry.changes or {}).items():
            model_field = by_key.get(key)
            if (
                model_field is None
                or not model_field.is_relation
                or model_field.related_model is None
                or is_personal(model, model_field.name)
            ):
                continue
            for value in values if isinstance(values, list) else []:
                if value not in (None, ""):
                    wanted[model_field.related_model].add(str(value))
    labels: dict[type[models.Model], dict[str, str]] = {}
    for related_model, ids in wanted.items():
        labels[related_model] = {
            str(obj.pk): str(obj) for obj in related_model._default_manager.filter(pk__in=ids)
        }
    return labels


def history_lines(model: type[models.Model], entries: list[AuditLogEntry]) -> list[Line]:
    by_key = _fields_by_key(model)
    related = _related_labels(model, entries)
    lines = []
    for entry in entries:
        who, via = _who(entry)
        line = Line(entry=entry, who=who, via=via, what=capfirst(entry.get_action_display()))
        for key, values in (entry.changes or {}).items():
            model_field = by_key.get(key)
            name = model_field.name if model_field is not None else key
            if name in SKIPPED_FIELDS or isinstance(model_field, SKIPPED_TYPES):
                continue
            label = (
                capfirst(str(model_field.verbose_name))
                if model_field is not None
                else capfirst(key.replace("_", " "))
            )
            if is_personal(model, name):
                line.changes.append(Change(label=label, hidden=True))
                continue
            old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
            if entry.action == AuditLogEntry.Action.CREATE:
                value = _text(new, model_field, related)
            elif entry.action == AuditLogEntry.Action.DELETE:
                value = _text(old, model_field, related)
            else:
                value = f"{_text(old, model_field, related)} → {_text(new, model_field, related)}"
            line.changes.append(Change(label=label, value=value))
        lines.append(line)
    return lines


@login_required
def history(request, label: str, pk: str):
    access = ACCESS.get(label.lower())
    if access is None or not pk:
        raise Http404(_("Van deze soort gegevens is geen geschiedenis te zien."))
    try:
        subject = access(request.user, pk)
    except (ValueError, TypeError):
        raise Http404 from None
    model = type(subject.obj)
    from django.contrib.contenttypes.models import ContentType

    entries = AuditLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(subject.obj.pk)
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    lines = history_lines(model, list(page.object_list))
    return render(
        request,
        "core/history.html",
        {
            "object": subject.obj,
            "kind": capfirst(model._meta.verbose_name),
            "back_url": subject.back_url,
            "page": page,
            "lines": lines,
        },
    )
