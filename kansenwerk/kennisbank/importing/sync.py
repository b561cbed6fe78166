"""Record sync: write one parsed document's records, update them in place, report conflicts.

A record's identity is (source_document, import_key); `import_hash` is the hash of the values
the import last wrote. At re-import, comparing three hashes tells the cases apart:
current == new → nothing to do; current == import_hash → nobody touched the record since the
last import, so it is updated in place (same pk, so links and history survive); otherwise a
person edited it and the import reports a conflict instead of overwriting.

Records that are no longer in the document are deleted only if nobody edited them since the
import (they are the document's own copy); hand-edited ones are kept and reported, so a
person decides.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models

from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.damage import heal
from kansenwerk.kennisbank.importing.model import Location, ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise, slug
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.report import DocumentResult
from kansenwerk.kennisbank.importing.reporting import label

PROVENANCE = ("region_id", "source_page", "source_line_start", "source_line_end")
# Where a record came from, kept current by every import but outside the hash: a record that
# only moved to another file (or gained a heading path) was not edited by anyone.
PLACE = ("source_file_id", "source_path")
PATH_SEPARATOR = " › "

# The fields an import owns per model; the hash covers exactly these (plus M2M "themes").
FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    m.Theme: ("number", "title", "guiding_question", "introduction", *PROVENANCE),
    m.SolutionDirection: (
        "theme_id",
        "number",
        "position",
        "title",
        "text",
        "questions",
        *PROVENANCE,
    ),
    m.ReadingItem: ("theme_id", "position", "title", "author", "medium", "url", *PROVENANCE),
    m.Initiative: (
        "theme_id",
        "position",
        "title",
        "description",
        "scope",
        "place",
        "municipality_id",
        "url",
        *PROVENANCE,
    ),
    m.Intervention: (
        "title",
        "place",
        "municipality_id",
        "quote",
        "people",
        "context",
        "approach",
        "results",
        "goal",
        "theory",
        "evidence",
        "themes",
        *PROVENANCE,
    ),
    m.PracticeExample: ("intervention_id", "position", "title", "text", "place", *PROVENANCE),
    m.Lesson: ("number", "title", "text", *PROVENANCE),
    m.Source: ("intervention_id", "position", "title", "url", *PROVENANCE),
    m.Section: ("position", "heading", "text", *PROVENANCE),
}
M2M_FIELDS = {"themes"}
# Children before parents, so a parent is only deleted once its children are gone.
DELETE_ORDER = (
    m.Section,
    m.Lesson,
    m.Source,
    m.PracticeExample,
    m.Intervention,
    m.Initiative,
    m.ReadingItem,
    m.SolutionDirection,
    m.Theme,
)
CHILDREN = {
    m.Theme: ("solution_directions", "reading_items"),
    m.Intervention: ("practice_examples", "sources"),
}

_http_url = URLValidator(schemes=["http", "https"])


def value_hash(values: dict[str, Any]) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def current_values(obj: Any) -> dict[str, Any]:
    """The import-owned values a record holds now (what `import_hash` is compared with)."""
    values = {}
    for name in FIELDS[type(obj)]:
        if name in M2M_FIELDS:
            values[name] = sorted(t.pk for t in getattr(obj, name).all())
        else:
            values[name] = getattr(obj, name)
    return values


def edited_by_hand(obj: Any) -> bool:
    return value_hash(current_values(obj)) != obj.import_hash


def fit(model: type[models.Model], name: str, value: str) -> str:
    max_length = getattr(model._meta.get_field(name), "max_length", None)
    return value[:max_length] if max_length and value else value


def heading_path(*parts: str | None) -> str:
    return fit(m.Theme, "source_path", PATH_SEPARATOR.join(p.strip() for p in parts if p))


@dataclass
class RecordSync:
    """Writes the records of one parsed document; runs inside the caller's transaction."""

    parsed: ParsedDocument
    document: m.SourceDocument
    result: DocumentResult
    region: Region | None = None
    source_file: m.SourceFile | None = None
    existing: dict[type[models.Model], dict[str, Any]] = field(default_factory=dict)
    seen_keys: set[tuple[type[models.Model], str]] = field(default_factory=set)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    # Every record this run wrote or kept, for damage checks and the report.
    touched: list[Any] = field(default_factory=list)

    def run(self) -> None:
        for model in FIELDS:
            qs: Any = model._default_manager.filter(source_document=self.document)
            qs = qs.exclude(import_key="")
            if model is m.Intervention:
                qs = qs.prefetch_related("themes")
            self.existing[model] = {obj.import_key: obj for obj in qs}
        self.municipalities = {mu.name.lower(): mu for mu in Municipality.objects.all()}
        parsed = self.parsed
        themes_by_title: dict[str, int] = {}
        theme_links, intervention_links = [], []
        for theme in parsed.themes:
            theme_obj = self._sync(
                m.Theme,
                theme.key,
                theme.location,
                heading_path(theme.title),
                number=theme.number,
                title=fit(m.Theme, "title", theme.title),
                guiding_question=theme.guiding_question,
                introduction=heal(theme.introduction),
            )
            themes_by_title[normalise(theme.title)] = theme_obj.pk
            theme_links.append(theme_obj)
            for position, d in enumerate(theme.solution_directions, 1):
                self._sync(
                    m.SolutionDirection,
                    d.key,
                    d.location,
                    heading_path(theme.title, d.number or d.title),
                    theme_id=theme_obj.pk,
                    number=d.number,
                    position=position,
                    title=fit(m.SolutionDirection, "title", d.title),
                    text=heal(d.text),
                    questions=list(d.questions),
                )
            for position, r in enumerate(theme.reading_items, 1):
                self._sync(
                    m.ReadingItem,
                    r.key,
                    r.location,
                    heading_path(theme.title, r.title),
                    theme_id=theme_obj.pk,
                    position=position,
                    title=fit(m.ReadingItem, "title", r.title),
                    author=fit(m.ReadingItem, "author", r.author),
                    medium=r.medium if r.medium in m.ReadingItem.Medium.values else "overig",
                    url=self._url(r.url),
                )
            for position, i in enumerate(theme.initiatives, 1):
                municipality = self.municipalities.get(i.place.lower()) if i.place else None
                self._sync(
                    m.Initiative,
                    i.key,
                    i.location,
                    heading_path(theme.title, i.title),
                    theme_id=theme_obj.pk,
                    position=position,
                    title=fit(m.Initiative, "title", i.title),
                    description=i.description,
                    scope=i.scope if i.scope in m.Initiative.Scope.values else "lokaal",
                    place=fit(m.Initiative, "place", i.place),
                    municipality_id=municipality.pk if municipality else None,
                    url=self._url(i.url),
                )
        for intervention in parsed.interventions:
            municipality = self.municipalities.get(
                (intervention.municipality or intervention.place).lower()
            )
            region_id = municipality.region_id if municipality and municipality.region_id else None
            theme_ids = sorted(
                {
                    themes_by_title[normalise(title)]
                    for title in intervention.themes
                    if normalise(title) in themes_by_title
                }
            )
            unknown = [t for t in intervention.themes if normalise(t) not in themes_by_title]
            if unknown:
                self.result.warnings.append(
                    _("Interventie '%(title)s' noemt onbekende thema's: %(themes)s.")
                    % {"title": intervention.title, "themes": ", ".join(unknown)}
                )
            intervention_obj = self._sync(
                m.Intervention,
                intervention.key,
                intervention.location,
                heading_path(intervention.title),
                region_id=region_id,
                title=fit(m.Intervention, "title", intervention.title),
                place=fit(m.Intervention, "place", intervention.place),
                municipality_id=municipality.pk if municipality else None,
                quote=intervention.quote,
                people=[{"name": name, "role": role} for name, role in intervention.people],
                context=heal(intervention.context),
                approach=heal(intervention.approach),
                results=heal(intervention.results),
                goal=heal(intervention.goal),
                theory=heal(intervention.theory),
                evidence=heal(intervention.evidence),
                themes=theme_ids,
            )
            intervention_links.append(intervention_obj)
            for position, e in enumerate(intervention.practice_examples, 1):
                self._sync(
                    m.PracticeExample,
                    e.key,
                    e.location,
                    heading_path(intervention.title, e.title),
                    region_id=region_id,
                    intervention_id=intervention_obj.pk,
                    position=position,
                    title=fit(m.PracticeExample, "title", e.title),
                    text=heal(e.text),
                    place=fit(m.PracticeExample, "place", e.place),
                )
            for position, s in enumerate(intervention.sources, 1):
                self._sync_source(s, position, intervention_obj.pk, intervention.title)
        for position, s in enumerate(parsed.sources, 1):
            self._sync_source(s, position, None, None)
        for lesson in parsed.lessons:
            self._sync(
                m.Lesson,
                lesson.key,
                lesson.location,
                heading_path(lesson.title),
                number=lesson.number,
                title=fit(m.Lesson, "title", lesson.title),
                text=heal(lesson.text),
            )
        position = 0
        for name, items in parsed.lists.items():
            if not items:
                continue
            position += 1
            heading = name[:1].upper() + name[1:]
            self._sync(
                m.Section,
                f"list:{slug(name)}",
                None,
                heading_path(heading),
                position=position,
                heading=fit(m.Section, "heading", heading),
                text="\n".join(items),
            )
        for section in parsed.sections:
            position += 1
            self._sync(
                m.Section,
                section.key,
                section.location,
                heading_path(section.heading),
                position=position,
                heading=fit(m.Section, "heading", section.heading),
                text=section.text,
            )
        self._handle_missing()
        for entry, obj in zip(self.result.themes, theme_links, strict=True):
            entry["url"] = obj.get_absolute_url()
        for entry, obj in zip(self.result.interventions, intervention_links, strict=True):
            entry["url"] = obj.get_absolute_url()
        self.result.records = [
            {"label": str(obj), "url": obj.get_absolute_url()}
            for obj in [*theme_links, *intervention_links]
        ]

    def _sync_source(
        self, source, position: int, intervention_id: int | None, parent: str | None
    ) -> None:
        self._sync(
            m.Source,
            source.key,
            source.location,
            heading_path(parent, _("Bronnen")),
            intervention_id=intervention_id,
            position=position,
            title=source.title,
            url=self._url(source.url),
        )

    def _url(self, url: str | None) -> str:
        """Only http(s) links are kept: imported text must never become a script link."""
        if not url:
            return ""
        url = url.strip()
        try:
            if len(url) > 1000:
                raise ValidationError("too long")
            _http_url(url)
        except ValidationError:
            self.result.warnings.append(
                _("De link '%(url)s' is geen geldig http(s)-adres en is niet overgenomen.")
                % {"url": url[:120]}
            )
            return ""
        return url

    def _values(
        self, model: type[models.Model], location: Location | None, given: dict[str, Any]
    ) -> dict[str, Any]:
        values = {
            "region_id": self.region.pk if self.region else None,
            "source_page": location.page if location else None,
            "source_line_start": (location.line_start or None) if location else None,
            "source_line_end": (location.line_end or None) if location else None,
        }
        values.update(given)
        if values["region_id"] is None and self.region is not None:
            values["region_id"] = self.region.pk
        for name in FIELDS[model]:
            values.setdefault(name, None)
        return values

    def _key(self, model: type[models.Model], key: str) -> str:
        """Keys are unique per document; a repeated title gets a numbered key."""
        key = key[:240]
        candidate, n = key, 2
        while (model, candidate) in self.seen_keys:
            candidate, n = f"{key}#{n}", n + 1
        self.seen_keys.add((model, candidate))
        return candidate

    def _sync(
        self,
        model: type[models.Model],
        key: str,
        location: Location | None,
        path: str,
        **given: Any,
    ) -> Any:
        obj = self._write(model, self._key(model, key), location, path, given)
        self.touched.append(obj)
        return obj

    def _write(
        self,
        model: type[models.Model],
        key: str,
        location: Location | None,
        path: str,
        given: dict[str, Any],
    ) -> Any:
        values = self._values(model, location, given)
        new_hash = value_hash(values)
        plain = {k: v for k, v in values.items() if k not in M2M_FIELDS}
        place = {"source_file_id": self.source_file.pk if self.source_file else None}
        place["source_path"] = path
        obj = self.existing[model].pop(key, None)
        if obj is None:
            obj = model(
                source_document=self.document,
                import_key=key,
                import_hash=new_hash,
                **plain,
                **place,
            )
            obj.save()
            for name in M2M_FIELDS & values.keys():
                getattr(obj, name).set(values[name])
            self.result.created += 1
            return obj
        current = current_values(obj)
        current_hash = value_hash(current)
        if current_hash == new_hash:
            if obj.import_hash != new_hash:  # edited by hand to exactly the new values
                obj.import_hash = new_hash
                obj.save(update_fields=["import_hash"])
            self.result.unchanged += 1
            self._move(obj, place)
        elif current_hash == obj.import_hash:
            for name, value in {**plain, **place}.items():
                setattr(obj, name, value)
            obj.import_hash = new_hash
            obj.save()
            for name in M2M_FIELDS & values.keys():
                getattr(obj, name).set(values[name])
            self.result.updated += 1
        elif new_hash == obj.import_hash:
            self.result.unchanged += 1  # the document did not change here; keep the hand edit
        else:
            fields = [name for name in values if current[name] != values[name]]
            self._conflict(obj, fields)
        return obj

    @staticmethod
    def _move(obj: Any, place: dict[str, Any]) -> None:
        """Provenance only (file, heading path): not an edit, so not counted as an update."""
        changed = [name for name, value in place.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, place[name])
            obj.save(update_fields=changed)

    def _conflict(self, obj: Any, fields: list[str]) -> None:
        names = [
            str(getattr(obj._meta.get_field(name.removesuffix("_id")), "verbose_name", name))
            for name in fields
        ]
        self.result.conflicts.append(
            {"model": obj._meta.model_name, "pk": obj.pk, "label": str(obj), "fields": fields}
        )
        self.result.unchanged += 1
        self.result.warnings.append(
            _(
                "Conflict: %(record)s is na de vorige import met de hand gewijzigd; de nieuwe "
                "waarden uit het document voor %(fields)s zijn niet overgenomen."
            )
            % {"record": label(obj), "fields": ", ".join(names)}
        )

    def _handle_missing(self) -> None:
        for model in DELETE_ORDER:
            for obj in self.existing[model].values():
                edited = edited_by_hand(obj)
                has_children = any(getattr(obj, rel).exists() for rel in CHILDREN.get(model, ()))
                entry = {"model": obj._meta.model_name, "pk": obj.pk, "label": str(obj)}
                if edited or has_children:
                    entry["kept"] = True
                    self.result.missing.append(entry)
                    self.result.warnings.append(
                        _(
                            "%(record)s staat niet meer in het document, maar is met de hand "
                            "gewijzigd en daarom bewaard; verwijder het zelf als het weg moet."
                        )
                        % {"record": label(obj)}
                    )
                else:
                    entry["kept"] = False
                    self.result.missing.append(entry)
                    obj.delete()
                    self.result.deleted += 1
                    self.result.warnings.append(
                        _("%(record)s staat niet meer in het document en is verwijderd.")
                        % {"record": label(obj)}
                    )
