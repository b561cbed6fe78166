"""The kinds of kennisbank record, described once for lists, detail pages, forms and search.

Each `RecordKind` names its model, its URL segment, how it is looked up, which
filters its list offers and which fields its form edits, so the generic views in
`views.py` serve all of them without one view per model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from . import models as m


@dataclass(frozen=True)
class RecordKind:
    key: str  # URL segment, Dutch
    model: Any  # a kennisbank model class
    label: Any  # lazy translated string
    label_plural: Any
    lookup: str = "pk"  # "pk" or "slug"
    theme_path: str | None = None  # ORM path to a theme, for the theme filter
    type_field: str | None = None  # a choices field offered as the "soort" filter
    form_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    summary_field: str | None = None  # text shown under the title in lists
    search_fields: tuple[str, ...] = field(default=("title",))


KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        key="themas",
        model=m.Theme,
        label=_("thema"),
        label_plural=_("thema’s"),
        lookup="slug",
        theme_path="pk",
        form_fields=("title", "number", "guiding_question", "introduction", "region"),
        select_related=("region", "source_document", "national_theme"),
        summary_field="guiding_question",
    ),
    RecordKind(
        key="oplossingsrichtingen",
        model=m.SolutionDirection,
        label=_("oplossingsrichting"),
        label_plural=_("oplossingsrichtingen"),
        theme_path="theme",
        form_fields=("theme", "number", "title", "text", "questions", "region"),
        select_related=("theme", "region", "source_document"),
        summary_field="text",
    ),
    RecordKind(
        key="interventies",
        model=m.Intervention,
        label=_("interventie"),
        label_plural=_("interventies"),
        lookup="slug",
        theme_path="themes",
        form_fields=(
            "title",
            "place",
            "municipality",
            "quote",
            "people",
            "context",
            "approach",
            "results",
            "goal",
            "theory",
            "evidence",
            "themes",
            "solution_directions",
            "region",
        ),
        select_related=("region", "municipality", "source_document"),
        summary_field="goal",
    ),
    RecordKind(
        key="praktijkvoorbeelden",
        model=m.PracticeExample,
        label=_("praktijkvoorbeeld"),
        label_plural=_("praktijkvoorbeelden"),
        theme_path="intervention__themes",
        form_fields=("title", "intervention", "place", "text", "region"),
        select_related=("intervention", "region", "source_document"),
        summary_field="text",
    ),
    RecordKind(
        key="initiatieven",
        model=m.Initiative,
        label=_("initiatief"),
        label_plural=_("initiatieven"),
        theme_path="theme",
        type_field="scope",
        form_fields=(
            "title",
            "theme",
            "scope",
            "place",
            "municipality",
            "description",
            "url",
            "region",
        ),
        select_related=("theme", "region", "source_document"),
        summary_field="description",
    ),
    RecordKind(
        key="lezen",
        model=m.ReadingItem,
        label=_("leesitem"),
        label_plural=_("meer lezen, luisteren en zien"),
        theme_path="theme",
        type_field="medium",
        form_fields=("title", "theme", "author", "medium", "url", "region"),
        select_related=("theme", "region", "source_document"),
        summary_field="author",
    ),
    RecordKind(
        key="lessen",
        model=m.Lesson,
        label=_("geleerde les"),
        label_plural=_("geleerde lessen"),
        form_fields=("number", "title", "text", "region"),
        select_related=("region", "source_document"),
        summary_field="text",
    ),
    RecordKind(
        key="bronnen",
        model=m.Source,
        label=_("bron"),
        label_plural=_("bronnen"),
        theme_path="intervention__themes",
        form_fields=("title", "url", "intervention", "region"),
        select_related=("intervention", "region", "source_document"),
    ),
    RecordKind(
        key="secties",
        model=m.Section,
        label=_("sectie"),
        label_plural=_("secties"),
        form_fields=("heading", "text", "region"),
        select_related=("region", "source_document"),
        summary_field="text",
        search_fields=("heading",),
    ),
    RecordKind(
        key="documenten",
        model=m.SourceDocument,
        label=_("brondocument"),
        label_plural=_("brondocumenten"),
        lookup="slug",
        type_field="kind",
        form_fields=("title", "kind", "place", "introduction", "region"),
        select_related=("region",),
        summary_field="introduction",
    ),
)

BY_KEY: dict[str, RecordKind] = {k.key: k for k in KINDS}
BY_MODEL: dict[type[models.Model], RecordKind] = {k.model: k for k in KINDS}
m.URL_KINDS.update({k.model: (k.key, k.lookup) for k in KINDS})


def kind_for_model(model: type[models.Model]) -> RecordKind:
    return BY_MODEL[model]
