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

from .matching import are_twins

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
        for _pk, title, theme_id, given in members:
            if not given:
                continue
            twins.update(
                other
                for other, other_title, other_theme, other_given in members
                if other_theme != theme_id and not other_given and are_twins(title, other_title)
            )
    return twins
