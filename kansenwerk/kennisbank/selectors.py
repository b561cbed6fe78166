"""Reads of the kennisbank, including the one place that checks edit rights."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kansenwerk.core.models import Region
from kansenwerk.core.permissions import Action, Capability, ensure_can_write, region_id_of
from kansenwerk.core.types import AnyUser, signed_in

from . import models as m
from .evidence import selectors as evidence_selectors
from .registry import BY_KEY, RecordKind


def kind_by_key(key: str) -> RecordKind:
    try:
        return BY_KEY[key]
    except KeyError:
        raise Http404 from None


def record_list(*, kind: RecordKind, filters: dict[str, str] | None = None) -> QuerySet:
    """The records of one kind, filtered by theme (slug), type (choice value) and region (slug)."""
    filters = filters or {}
    qs = kind.model.objects.select_related(*kind.select_related)
    theme = filters.get("thema")
    if theme and kind.theme_path:
        lookup = "slug" if kind.theme_path == "pk" else f"{kind.theme_path}__slug"
        qs = qs.filter(**{lookup: theme})
    kind_type = filters.get("soort")
    if kind_type and kind.type_field:
        qs = qs.filter(**{kind.type_field: kind_type})
    region = filters.get("regio")
    if region == "landelijk":
        qs = qs.filter(region__isnull=True)
    elif region:
        qs = qs.filter(region__slug=region)
    document = filters.get("document")
    if document and kind.model is not m.SourceDocument:
        qs = qs.filter(source_document__slug=document)
    if kind.theme_path and "__" in kind.theme_path:
        qs = qs.distinct()
    if kind.model is m.Intervention:
        qs = evidence_selectors.filter_interventions(
            qs.select_related("evidence_profile"), evidence_selectors.clean_filters(filters)
        )
    return qs


def record_get(*, kind: RecordKind, lookup: str) -> Any:
    qs = kind.model.objects.select_related(*kind.select_related)
    if any(f.name == "source_file" for f in kind.model._meta.concrete_fields):
        qs = qs.select_related("source_document", "source_file")  # provenance on the page
    try:
        if kind.lookup == "slug":
            return qs.get(slug=lookup)
        return qs.get(pk=int(lookup))
    except (kind.model.DoesNotExist, ValueError):
        raise Http404 from None


def kennisbank_item_for_user(
    *, user: AnyUser | None, kind: RecordKind, lookup: str, action: Action
) -> Any:
    """The record, if `user` may perform `action` on it; PermissionDenied otherwise."""
    obj = record_get(kind=kind, lookup=lookup)
    ensure_can_write(
        user, capability=Capability.KENNISBANK, region_id=region_id_of(obj), action=action
    )
    return obj


def theme_choices() -> QuerySet:
    return m.Theme.objects.only("title", "slug").order_by("title")


def region_choices() -> QuerySet:
    return Region.objects.only("name", "slug").order_by("name")


def kennisbank_counts() -> list[tuple[RecordKind, int]]:
    from .registry import KINDS

    return [(kind, kind.model.objects.count()) for kind in KINDS]


def theme_detail_context(theme: m.Theme) -> dict[str, Any]:
    return {
        "directions": theme.solution_directions.select_related("theme").annotate(
            intervention_count=Count("interventions")
        ),
        "reading_items": theme.reading_items.all(),
        "initiatives": theme.initiatives.select_related("municipality"),
        "interventions": theme.interventions.select_related("municipality"),
    }


def record_related(obj: Any) -> dict[str, Any]:
    """The related records shown on a detail page, both directions of each link."""
    if isinstance(obj, m.Theme):
        return theme_detail_context(obj)
    if isinstance(obj, m.SolutionDirection):
        return {
            "interventions": obj.interventions.select_related("municipality"),
            "siblings": obj.theme.solution_directions.exclude(pk=obj.pk),
        }
    if isinstance(obj, m.Intervention):
        return {
            "themes": obj.themes.all(),
            "directions": obj.solution_directions.select_related("theme"),
            "practice_examples": obj.practice_examples.all(),
            "sources": obj.sources.all(),
            "evidence": evidence_selectors.profile_view(obj),
        }
    if isinstance(obj, m.SourceDocument):
        return {
            "files": obj.files.all(),
            "themes": m.Theme.objects.filter(source_document=obj).order_by("number", "id"),
            "interventions": m.Intervention.objects.filter(source_document=obj),
            "lessons": m.Lesson.objects.filter(source_document=obj),
            "sections": m.Section.objects.filter(source_document=obj),
            "doc_sources": m.Source.objects.filter(source_document=obj, intervention=None),
            "doc_examples": m.PracticeExample.objects.filter(
                source_document=obj, intervention=None
            ),
            "doc_initiatives": m.Initiative.objects.filter(source_document=obj, theme=None),
        }
    return {}


def ensure_reviewer(user: AnyUser | None) -> None:
    account = signed_in(user)
    if not (account is not None and account.is_active and account.is_beheerder):
        raise PermissionDenied(_("Alleen een beheerder controleert geïmporteerde records."))


def review_flags_for_user(*, user: AnyUser | None) -> list[m.ReviewFlag]:
    """The open "controleren" flags, by document, with their records (beheerders only)."""
    ensure_reviewer(user)
    return list(
        m.ReviewFlag.objects.filter(cleared_at__isnull=True)
        .select_related("document", "content_type")
        .prefetch_related("record")
        .order_by("document__title", "document_id", "content_type_id", "object_id", "id")
    )


def review_flag_for_user(*, user: AnyUser | None, flag_id: int) -> m.ReviewFlag:
    ensure_reviewer(user)
    try:
        return m.ReviewFlag.objects.get(pk=flag_id)
    except m.ReviewFlag.DoesNotExist:
        raise Http404 from None


def open_flags_for_records(records: Iterable[tuple[type, int | None]]) -> list[m.ReviewFlag]:
    """The open flags on any of `records` ((model, pk) pairs of any kind), in two queries."""
    wanted: dict[int, set[int]] = {}
    for model, pk in records:
        if pk is None:
            continue
        content_type = ContentType.objects.get_for_model(model)
        wanted.setdefault(content_type.pk, set()).add(pk)
    if not wanted:
        return []
    condition = Q()
    for content_type_id, ids in wanted.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=ids)
    return list(
        m.ReviewFlag.objects.filter(condition, cleared_at__isnull=True)
        .prefetch_related("record")
        .order_by("content_type_id", "object_id", "id")
    )
