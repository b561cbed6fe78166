"""Pickers for solution directions, used by every form that lets someone choose them.

"1.1" exists in every theme, so a direction is always labelled with its theme ("Taal
centraal 1.2 – Zorg voor een gezamenlijk doel") and the choices are grouped: per national
theme (so the regional framings of one subject stand together), else per theme. Several
choices are checkboxes in one fieldset per group, so nobody needs ctrl or cmd.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.forms.models import ModelChoiceIterator

from .models import SolutionDirection


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group, the group's name as its legend."""

    template_name = "kennisbank/widgets/grouped_checkboxes.html"


class GroupedChoiceIterator(ModelChoiceIterator):
    """Choices as (group, [choices]) pairs, grouped by the field's `group_of(obj)`; the
    queryset must be ordered by group."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        group_of: Callable[[Any], str] = self.field.group_of
        for group, objs in groupby(self.queryset, key=group_of):
            yield (group, [self.choice(obj) for obj in objs])


def direction_group(direction: SolutionDirection) -> str:
    """The group a direction is listed under: its theme's national theme, else its theme."""
    theme = direction.theme
    return theme.national_theme.title if theme.national_theme_id else theme.title  # type: ignore[union-attr]


def direction_queryset(queryset: QuerySet | None = None) -> QuerySet:
    """Directions in picker order: by group (national theme or theme), theme, position."""
    queryset = SolutionDirection.objects.all() if queryset is None else queryset
    return queryset.select_related("theme__national_theme").order_by(
        F("theme__national_theme__title").asc(nulls_last=True),
        "theme__title",
        "theme_id",
        "position",
        "id",
    )


def use_direction_picker(field: forms.ModelChoiceField) -> forms.ModelChoiceField:
    """Make a form's direction field grouped and labelled with the theme; a multiple choice
    becomes grouped checkboxes, a single choice a select with one group per theme."""
    field.iterator = GroupedChoiceIterator
    field.group_of = direction_group  # type: ignore[attr-defined]
    field.label_from_instance = lambda d: d.label  # type: ignore[method-assign]
    if isinstance(field, forms.ModelMultipleChoiceField):
        field.widget = GroupedCheckboxSelectMultiple(attrs=field.widget.attrs)
    field.queryset = direction_queryset(field.queryset)  # also refreshes the widget's choices
    return field


class DirectionMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A picker of several solution directions (checkboxes grouped per (national) theme)."""

    def __init__(self, queryset: QuerySet | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(queryset=direction_queryset(queryset), **kwargs)
        use_direction_picker(self)
