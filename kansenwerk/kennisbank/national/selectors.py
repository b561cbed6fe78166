"""Reads of national themes: the beheerder's lists, and twins of solution directions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext as _

from kansenwerk.kennisbank import models as m

from .matching import TWIN_MIN_OVERLAP, shape_overlap, title_shape

Status = m.NationalThemeStatus


def national_theme_list() -> QuerySet[m.NationalTheme]:
    return m.NationalTheme.objects.annotate(theme_count=Count("themes")).order_by("title", "id")


def national_theme_get(*, pk: int) -> m.NationalTheme:
    national = m.NationalTheme.objects.filter(pk=pk).first()
    if national is None:
        raise Http404(_("Dit landelijke thema bestaat niet (meer)."))
    return national


def theme_get(*, pk: int) -> m.Theme:
    theme = m.Theme.objects.select_related("national_theme").filter(pk=pk).first()
    if theme is None:
        raise Http404(_("Dit thema bestaat niet (meer)."))
    return theme


def theme_review_list() -> QuerySet[m.Theme]:
    """Every theme with its national theme: suggestions and undecided ones first."""
    return (
        m.Theme.objects.select_related("national_theme", "source_document", "region")
        .annotate(
            decided=Case(
                When(national_theme_status=Status.CONFIRMED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("decided", "title", "id")
    )


def twin_directions(*, direction_ids: Iterable[int] | QuerySet) -> set[int]:
    """Directions that are twins of the given ones: in another theme under the same
    national theme, with a title about the same thing ("Zet in op voorlezen" and
    "Voorlezen thuis"). The given directions themselves are not included.

    `direction_ids` may be a queryset of pks: then it is a subquery, and this is one query.
    """
    if not isinstance(direction_ids, QuerySet):
        direction_ids = list(direction_ids)
        if not direction_ids:
            return set()
    rows = (
        m.SolutionDirection.objects.filter(theme__national_theme__isnull=False)
        .annotate(given=ExpressionWrapper(Q(pk__in=direction_ids), output_field=BooleanField()))
        .values_list("pk", "title", "theme_id", "theme__national_theme_id", "given")
    )
    by_national: dict[int, list[tuple[int, str, int, bool]]] = defaultdict(list)
    for pk, title, theme_id, national_id, given in rows:
        by_national[national_id].append((pk, title, theme_id, bool(given)))
    twins: set[int] = set()
    for members in by_national.values():
        twins |= _twins_in_group(members)
    return twins


def _twins_in_group(members: list[tuple[int, str, int, bool]]) -> set[int]:
    """The not-given members with a given twin. Only pairs sharing a stem are compared (an
    index from stem to given directions), and each member stops at its first twin."""
    given = [
        (theme_id, title_shape(title)) for _pk, title, theme_id, is_given in members if is_given
    ]
    if not given:
        return set()
    by_stem: dict[str, set[int]] = defaultdict(set)
    for index, (_theme, shape) in enumerate(given):
        for stem in shape.stems | {t for concept in shape.concepts for t in concept}:
            by_stem[stem].add(index)
    found = set()
    for pk, title, theme_id, is_given in members:
        if is_given:
            continue
        shape = title_shape(title)
        keys = shape.stems | {t for concept in shape.concepts for t in concept}
        candidates = set().union(*(by_stem.get(k, set()) for k in keys))
        for index in candidates:
            other_theme, other = given[index]
            if other_theme != theme_id and shape_overlap(other, shape) >= TWIN_MIN_OVERLAP:
                found.add(pk)
                break
    return found
