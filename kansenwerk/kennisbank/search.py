"""Registration of every kennisbank kind with the search registry (called from apps.py).

Also names the theme facet's values, so the search pages need no import of the kennisbank.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.registry import KINDS
from kansenwerk.search import registry

SEP = " › "
# Whole documents, their sections and literature entries rank below the records that
# answer a question (measured on the persona set, eval/RESULTS.md); a query that names
# one by its title still finds it first.
REFERENCE_WEIGHT = 0.6


def _join(*parts) -> str:
    return SEP.join(str(p) for p in parts if p)


def _doc(obj) -> str:
    return str(obj.source_document) if obj.source_document_id else ""


def _roles(obj) -> str:
    # Only the roles of the people involved: their names are personal data (see
    # kennisbank/privacy.py) and are not indexed.
    return "\n".join(str(p.get("role", "")) for p in obj.people or [] if isinstance(p, dict))


def _theme_titles(ids) -> dict[int, str]:
    return dict(m.Theme.objects.filter(pk__in=set(ids)).values_list("pk", "title"))


def register_types() -> None:
    registry.register_facet_labels("theme", _theme_titles)
    order = {kind.model: n for n, kind in enumerate(KINDS)}
    label = {kind.model: kind.label for kind in KINDS}
    key = {kind.model: kind.key for kind in KINDS}

    def reg(model, **kwargs):
        registry.register(
            model, key=key[model], type_label=label[model], order=order[model], **kwargs
        )

    reg(
        m.Theme,
        title="title",
        fields={"guiding_question": "guiding_question", "body": ["introduction"]},
        location=lambda o: _join(_doc(o), _("thema")),
        theme_ids=lambda o: [o.pk],
        queryset=lambda: m.Theme.objects.select_related("source_document"),
        dependents=lambda o: list(o.solution_directions.all()),
    )
    reg(
        m.SolutionDirection,
        title="title",
        fields={"body": ["text", "questions"]},
        location=lambda o: _join(_doc(o), o.theme.title),
        theme_ids=lambda o: [o.theme_id],
        queryset=lambda: m.SolutionDirection.objects.select_related("theme", "source_document"),
    )
    reg(
        m.ReadingItem,
        title="title",
        fields={"body": ["author", lambda o: o.get_medium_display()]},
        location=lambda o: _join(_doc(o), o.theme.title if o.theme_id else ""),
        theme_ids=lambda o: [o.theme_id] if o.theme_id else [],
        queryset=lambda: m.ReadingItem.objects.select_related("theme", "source_document"),
    )
    reg(
        m.Initiative,
        title="title",
        fields={"body": ["description", "place"]},
        location=lambda o: _join(_doc(o), o.theme.title if o.theme_id else "", o.place),
        theme_ids=lambda o: [o.theme_id] if o.theme_id else [],
        queryset=lambda: m.Initiative.objects.select_related("theme", "source_document"),
    )
    reg(
        m.Intervention,
        title="title",
        fields={
            "guiding_question": "goal",
            "body": [
                "quote",
                "context",
                "approach",
                "results",
                "theory",
                "evidence",
                "place",
                _roles,
            ],
        },
        location=lambda o: _join(_("Interventie"), o.place or o.municipality or ""),
        theme_ids=lambda o: [t.pk for t in o.themes.all()],
        queryset=lambda: m.Intervention.objects.select_related(
            "municipality", "source_document"
        ).prefetch_related("themes"),
        m2m=("themes",),
        dependents=lambda o: list(o.practice_examples.all()),
    )
    reg(
        m.PracticeExample,
        title="title",
        fields={"body": ["text", "place"]},
        location=lambda o: _join(o.intervention.title if o.intervention_id else "", o.place),
        theme_ids=lambda o: (
            [t.pk for t in o.intervention.themes.all()] if o.intervention_id else []
        ),
        queryset=lambda: m.PracticeExample.objects.select_related("intervention").prefetch_related(
            "intervention__themes"
        ),
    )
    reg(
        m.Lesson,
        title="title",
        fields={"body": ["text"]},
        location=lambda o: _join(_doc(o), _("geleerde lessen")),
        queryset=lambda: m.Lesson.objects.select_related("source_document"),
    )
    reg(
        m.Source,
        title="title",
        rank_weight=REFERENCE_WEIGHT,
        location=lambda o: _join(o.intervention.title if o.intervention_id else _doc(o), _("bron")),
        theme_ids=lambda o: (
            [t.pk for t in o.intervention.themes.all()] if o.intervention_id else []
        ),
        queryset=lambda: m.Source.objects.select_related(
            "intervention", "source_document"
        ).prefetch_related("intervention__themes"),
    )
    reg(
        m.Section,
        title="heading",
        rank_weight=REFERENCE_WEIGHT,
        fields={"body": ["text"]},
        location=lambda o: _doc(o),
        queryset=lambda: m.Section.objects.select_related("source_document"),
    )
    reg(
        m.SourceDocument,
        title="title",
        rank_weight=REFERENCE_WEIGHT,
        fields={"guiding_question": "introduction", "body": ["place"]},
        location=lambda o: _join(o.get_kind_display(), o.place),
    )
