"""The search registry: how any app makes its records findable.

An app registers each searchable model once, from its ``AppConfig.ready()``::

    from kansenwerk.search import registry

    registry.register(
        Organisation,
        key="organisaties",                      # type filter value (?type=organisaties)
        type_label=_("organisatie"),             # shown beside each result
        title="name",                            # attribute name or callable(obj) -> str
        fields={
            "guiding_question": "tagline",       # optional; attr name or callable -> str
            "body": ["description", lambda o: " ".join(o.keywords)],
        },
        location=lambda o: f"{o.municipality} › {o.region}",   # breadcrumb, optional
        theme_ids=lambda o: [t.pk for t in o.themes.all()],     # optional, kennisbank Theme ids
        region_id=lambda o: o.region_id,                        # optional, None = landelijk
        url=lambda o: o.get_absolute_url(),                     # default: get_absolute_url()
        queryset=lambda: Organisation.objects.prefetch_related("themes"),  # for reindex
        m2m=("themes",),                         # M2M fields whose changes touch the index
        dependents=lambda o: [],                 # other records whose entry shows this one
        audience=None,                           # or callable(user) -> region ids (see below)
        rank_weight=1.0,                         # < 1: ranks below answers (documents, sources)
    )

From then on every save and delete of that model updates the search index inside the
same transaction (the post_save / post_delete / m2m_changed receivers in
``kansenwerk.search.signals`` look each sender up here), and
``kansenwerk reindex`` rebuilds the model's entries from ``queryset()``.

Records that not everyone may see (agreements, signals) pass `audience`: the search then
shows them only to users whose role and region allow it, by the same rule as the pages.
Personal data (kansenwerk.core.privacy) is never indexed: a test checks that no declared
field is a text source of any type.

Weights: the title counts most, then ``guiding_question``, then the ``body`` fields (see
``kansenwerk.search.ranking``). Fields may return "" or None; they are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

TextSource = str | Callable[[Any], str | None]


@dataclass(frozen=True)
class SearchType:
    """One registered model and how to turn its records into index entries."""

    model: type[models.Model]
    key: str
    type_label: Any  # str or lazy translation
    title: TextSource
    guiding_question: TextSource | None = None
    body: tuple[TextSource, ...] = ()
    location: Callable[[Any], str] | None = None
    theme_ids: Callable[[Any], Iterable[int]] | None = None
    region_id: Callable[[Any], int | None] | None = None
    url: Callable[[Any], str] | None = None
    queryset: Callable[[], models.QuerySet] | None = None
    m2m: tuple[str, ...] = ()
    dependents: Callable[[Any], Iterable[models.Model]] | None = None
    order: int = 100  # position of the type in the facet list
    # Multiplies the score: below 1 for whole documents and reference entries, which
    # should rank under the records that answer a question (unless the query names them).
    rank_weight: float = 1.0
    # Who may find these records: None = everyone (public); else callable(user) returning
    # the region ids the user may see (None: all regions), the same rule as the pages.
    audience: Callable[[Any], frozenset[int] | None] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def is_public(self) -> bool:
        return self.audience is None

    # -- reading a record -------------------------------------------------
    def text(self, source: TextSource | None, obj: Any) -> str:
        if source is None:
            return ""
        value = getattr(obj, source, "") if isinstance(source, str) else source(obj)
        if value is None:
            return ""
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value if v)
        return str(value)

    def title_of(self, obj: Any) -> str:
        return self.text(self.title, obj).strip() or str(obj)

    def question_of(self, obj: Any) -> str:
        return self.text(self.guiding_question, obj)

    def body_of(self, obj: Any) -> str:
        return "\n".join(t for t in (self.text(s, obj) for s in self.body) if t.strip())

    def location_of(self, obj: Any) -> str:
        return (self.location(obj) if self.location else "") or ""

    def theme_ids_of(self, obj: Any) -> list[int]:
        if not self.theme_ids:
            return []
        return sorted({int(i) for i in self.theme_ids(obj) if i is not None})

    def region_id_of(self, obj: Any) -> int | None:
        if self.region_id:
            return self.region_id(obj)
        return getattr(obj, "region_id", None)

    def url_of(self, obj: Any) -> str:
        if self.url:
            return self.url(obj)
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""

    def all_objects(self) -> models.QuerySet:
        if self.queryset:
            return self.queryset()
        return self.model._default_manager.all()


_TYPES: dict[type[models.Model], SearchType] = {}
# M2M through models whose changes touch the index -> the registered model they belong to.
_THROUGH: dict[type[models.Model], type[models.Model]] = {}
# Facet value labels that other apps provide (e.g. theme id -> theme title), by facet name.
_FACET_LABELS: dict[str, Callable[[Iterable[int]], dict[int, str]]] = {}


def register(
    model: type[models.Model],
    *,
    type_label: Any,
    title: TextSource,
    fields: dict[str, TextSource | Sequence[TextSource] | None] | None = None,
    key: str | None = None,
    location: Callable[[Any], str] | None = None,
    theme_ids: Callable[[Any], Iterable[int]] | None = None,
    region_id: Callable[[Any], int | None] | None = None,
    url: Callable[[Any], str] | None = None,
    queryset: Callable[[], models.QuerySet] | None = None,
    m2m: Sequence[str] = (),
    dependents: Callable[[Any], Iterable[models.Model]] | None = None,
    order: int = 100,
    audience: Callable[[Any], frozenset[int] | None] | None = None,
    rank_weight: float = 1.0,
) -> SearchType:
    """Make `model` searchable; see the module docstring. Registering twice replaces."""
    fields = dict(fields or {})
    unknown = set(fields) - {"guiding_question", "body"}
    if unknown:
        raise ValueError(f"Unknown search fields {sorted(unknown)}; use guiding_question, body")
    body = fields.get("body") or ()
    if isinstance(body, str) or callable(body):
        body = (body,)
    search_type = SearchType(
        model=model,
        key=key or str(model._meta.model_name),
        type_label=type_label,
        title=title,
        guiding_question=fields.get("guiding_question"),  # type: ignore[arg-type]
        body=tuple(body),  # type: ignore[arg-type]
        location=location,
        theme_ids=theme_ids,
        region_id=region_id,
        url=url,
        queryset=queryset,
        m2m=tuple(m2m),
        dependents=dependents,
        order=order,
        audience=audience,
        rank_weight=rank_weight,
    )
    _TYPES[model] = search_type
    for name in search_type.m2m:
        relation: Any = model._meta.get_field(name).remote_field
        _THROUGH[relation.through] = model
    return search_type


def unregister(model: type[models.Model]) -> None:
    """Stop indexing `model` (tests; existing entries stay until reindex)."""
    _TYPES.pop(model, None)
    for through, owner in list(_THROUGH.items()):
        if owner is model:
            del _THROUGH[through]


def get(model: type[models.Model]) -> SearchType | None:
    return _TYPES.get(model)


def by_key(key: str) -> SearchType | None:
    for search_type in _TYPES.values():
        if search_type.key == key:
            return search_type
    return None


def types() -> list[SearchType]:
    """All registered types, in facet order."""
    return sorted(_TYPES.values(), key=lambda t: (t.order, t.key))


def is_tracked_through(through: type[models.Model]) -> bool:
    """Whether changes of this M2M through model touch the index."""
    return through in _THROUGH


def register_facet_labels(facet: str, labels: Callable[[Iterable[int]], dict[int, str]]) -> None:
    """Let an app name the values of a facet: `labels(ids)` returns {id: label}.

    The kennisbank names themes this way, so search needs no import of it.
    """
    _FACET_LABELS[facet] = labels


def facet_labels(facet: str, ids: Iterable[int]) -> dict[int, str]:
    """{id: label} for the values of `facet` that some app can name (others are left out)."""
    labels = _FACET_LABELS.get(facet)
    return labels(ids) if labels else {}
