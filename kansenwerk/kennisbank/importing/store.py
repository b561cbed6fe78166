"""Write parsed documents into the kennisbank: create, update in place, and report conflicts.

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
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction

from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Municipality, Region
from kansenwerk.core.permissions import Capability, can_write
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.evidence.services import extract_for_document
from kansenwerk.kennisbank.importing.api import parse_clean
from kansenwerk.kennisbank.importing.cleaning import clean
from kansenwerk.kennisbank.importing.model import Location, ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise, slug
from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_EXTENSIONS,
    read_path,
)
from kansenwerk.kennisbank.importing.report import DocumentResult, ImportReport
from kansenwerk.search import indexing as search_indexing

logger = logging.getLogger(__name__)

PROVENANCE = ("region_id", "source_page", "source_line_start", "source_line_end")

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


def expand_paths(paths: Iterable[Path | str]) -> list[Path]:
    """Files as given, folders recursively (supported extensions only), in a stable order."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
                )
            )
        else:
            found.append(path)
    return found


def record_total(parsed: ParsedDocument) -> int:
    """How many records (the document included) an import of `parsed` owns."""
    return (
        1
        + sum(parsed.counts().values())
        + len(parsed.sections)
        + len([items for items in parsed.lists.values() if items])
    )


def import_documents(
    *,
    paths: Iterable[Path | str],
    user: Any = None,
    dry_run: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_document: Callable[[DocumentResult], None] | None = None,
) -> ImportReport:
    """Import files (folders recurse) into the kennisbank, each document in its own transaction.

    `user` None means the command line (trusted); a user must be allowed to write the
    kennisbank in the document's region. `dry_run` does all the work and rolls it back.
    """
    report = ImportReport(dry_run=dry_run)
    with audit_context(user=user, source="import"):
        for path in expand_paths(paths):
            result = import_one(path=path, user=user, dry_run=dry_run, max_bytes=max_bytes)
            report.documents.append(result)
            if on_document is not None:
                on_document(result)
    return report


def import_one(
    *, path: Path, user: Any = None, dry_run: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> DocumentResult:
    result = DocumentResult(path=str(path))
    try:
        result.sha256, size = _file_digest(_existing(path))
        raw = read_path(path, max_bytes=max_bytes)
        cleaned = clean(raw)
        if not cleaned.lines:
            raise ImportProblem(
                "empty", _("%(name)s: het bestand bevat geen tekst.") % {"name": path.name}
            )
        parsed = parse_clean(cleaned)
        result.describe(parsed)
        text = "\n".join(line.text for line in cleaned.lines)
        # Index each touched record once, in bulk, at the end of the document's transaction.
        with transaction.atomic(), search_indexing.deferred():
            writer = _DocumentImport(
                parsed=parsed,
                path=path,
                size=size,
                text=text,
                result=result,
                user=user,
            )
            writer.run()
            if writer.document is not None:  # sentences about effect, as proposals
                extract_for_document(
                    writer.document,
                    (
                        (x.text, x.page, x.start, bool(x.numbering or x.bullet))
                        for x in cleaned.lines
                    ),
                )
            if dry_run:
                transaction.set_rollback(True)
    except ImportProblem as problem:
        _fail(result, problem.message_nl)
    except Exception as exc:  # never a traceback for the user: log it, report in Dutch
        logger.exception("Import of %s failed", path)
        _fail(
            result,
            _(
                "%(name)s: de import is mislukt door een onverwachte fout (%(error)s); "
                "er is niets van dit document opgeslagen."
            )
            % {"name": path.name, "error": type(exc).__name__},
        )
    return result


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise ImportProblem(
            "not_found", _("%(name)s: het bestand bestaat niet.") % {"name": path.name}
        )
    return path


def _file_digest(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return digest.hexdigest(), path.stat().st_size


def _fail(result: DocumentResult, message: str) -> None:
    result.errors.append(message)
    result.created = result.updated = result.unchanged = result.deleted = 0
    result.conflicts.clear()
    result.missing.clear()
    result.url = None
    result.records.clear()


def _hash(values: dict[str, Any]) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _fit(model: type[models.Model], name: str, value: str) -> str:
    max_length = getattr(model._meta.get_field(name), "max_length", None)
    return value[:max_length] if max_length and value else value


def _label(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} '{str(obj)[:80]}'"


@dataclass
class _DocumentImport:
    """One document's writes; runs inside the caller's transaction."""

    parsed: ParsedDocument
    path: Path
    size: int
    text: str
    result: DocumentResult
    user: Any = None
    document: m.SourceDocument | None = None
    region: Region | None = None
    existing: dict[type[models.Model], dict[str, Any]] = field(default_factory=dict)
    seen_keys: set[tuple[type[models.Model], str]] = field(default_factory=set)
    municipalities: dict[str, Municipality] = field(default_factory=dict)

    # -- the document ------------------------------------------------------------------

    def run(self) -> None:
        known = m.SourceFile.objects.filter(sha256=self.result.sha256).select_related(
            "document__region"
        )
        known_file = known.first()
        if known_file is not None:
            self._report_known(known_file.document, this_path=known_file.path)
            return
        document, duplicate = self._find_document()
        if document is not None:
            self._ensure_rights(document.region)
        if duplicate and document is not None:
            self._add_file(document)
            self._report_known(document, this_path=str(self.path))
            return
        self.region = self._resolve_region()
        self._ensure_rights(self.region)
        self.document = self._save_document(document)
        self._save_file()
        self._sync_records()
        self.result.region = self.region.name if self.region else None
        self.result.url = self.document.get_absolute_url()

    def _report_known(self, document: m.SourceDocument, *, this_path: str) -> None:
        first = document.files.order_by("pk").first()
        if first is not None and first.path != this_path:
            self.result.duplicate_of = first.path
            self.result.warnings.append(
                _("%(name)s heeft dezelfde inhoud als %(first)s; er zijn geen records bijgemaakt.")
                % {"name": self.path.name, "first": Path(first.path).name}
            )
        self.result.region = document.region.name if document.region else None
        self.result.unchanged = record_total(self.parsed)
        self.result.url = document.get_absolute_url()
        self._link_records(document)

    def _find_document(self) -> tuple[m.SourceDocument | None, bool]:
        """The document this file belongs to, and whether it is a second copy of it.

        Same content key with a new file name: another extraction (duplicate). Same content
        key or same kind and title under a known file name: a new version of that file.
        """
        name = self.path.name
        document = m.SourceDocument.objects.filter(content_key=self.parsed.content_key).first()
        if document is not None:
            names = {Path(p).name for p in document.files.values_list("path", flat=True)}
            return document, name not in names
        title = normalise(self.parsed.title)
        for source_file in m.SourceFile.objects.filter(path__endswith=name).select_related(
            "document"
        ):
            candidate = source_file.document
            if (
                Path(source_file.path).name == name
                and candidate.kind == self.parsed.kind
                and normalise(candidate.title) == title
            ):
                return candidate, False
        return None, False

    def _resolve_region(self) -> Region | None:
        name = (self.parsed.region or self.parsed.place).strip()
        if not name:
            return None
        region = Region.objects.filter(name__iexact=name).first()
        if region is not None:
            return region
        municipality = (
            Municipality.objects.filter(name__iexact=name).select_related("region").first()
        )
        if municipality is not None and municipality.region_id:
            return municipality.region
        if self.user is not None and not getattr(self.user, "is_beheerder", False):
            raise ImportProblem(
                "forbidden",
                _(
                    "%(name)s: de regio '%(region)s' bestaat nog niet; "
                    "alleen een beheerder kan die aanmaken."
                )
                % {"name": self.path.name, "region": name},
            )
        region = Region(name=_fit(Region, "name", name))
        region.save()
        self.result.warnings.append(
            _("De regio '%(region)s' bestond nog niet en is aangemaakt.") % {"region": region.name}
        )
        return region

    def _ensure_rights(self, region: Region | None) -> None:
        if self.user is None:
            return
        region_id = region.pk if region else None
        if not can_write(self.user, capability=Capability.KENNISBANK, region_id=region_id):
            where = region.name if region else _("landelijk")
            raise ImportProblem(
                "forbidden",
                _("%(name)s: u hebt geen rechten om de kennisbank te wijzigen voor %(where)s.")
                % {"name": self.path.name, "where": where},
            )

    def _save_document(self, document: m.SourceDocument | None) -> m.SourceDocument:
        parsed = self.parsed
        values = {
            "title": _fit(m.SourceDocument, "title", parsed.title),
            "kind": parsed.kind,
            "region_id": self.region.pk if self.region else None,
            "place": _fit(m.SourceDocument, "place", parsed.place),
            "introduction": parsed.introduction,
            "content_key": parsed.content_key,
            "text": self.text,
            "warnings": list(parsed.warnings),
        }
        if document is None:
            document = m.SourceDocument(**values)
            document.save()
            self.result.created += 1
            return document
        changed = [name for name, value in values.items() if getattr(document, name) != value]
        if changed:
            for name in changed:
                setattr(document, name, values[name])
            document.save()
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        return document

    def _save_file(self) -> None:
        """Record this file; a new version of a known file name replaces that file's row."""
        assert self.document is not None
        name = self.path.name
        same_name = [f for f in self.document.files.all() if Path(f.path).name == name]
        source_file = same_name[0] if same_name else m.SourceFile(document=self.document)
        source_file.path = _fit(m.SourceFile, "path", str(self.path))
        source_file.sha256 = self.result.sha256
        source_file.size = self.size
        source_file.format = self.path.suffix.lower().lstrip(".")[:10]
        source_file.save()

    def _add_file(self, document: m.SourceDocument) -> None:
        m.SourceFile.objects.create(
            document=document,
            path=_fit(m.SourceFile, "path", str(self.path)),
            sha256=self.result.sha256,
            size=self.size,
            format=self.path.suffix.lower().lstrip(".")[:10],
        )

    # -- the records -------------------------------------------------------------------

    def _sync_records(self) -> None:
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
                number=theme.number,
                title=_fit(m.Theme, "title", theme.title),
                guiding_question=theme.guiding_question,
                introduction=theme.introduction,
            )
            themes_by_title[normalise(theme.title)] = theme_obj.pk
            theme_links.append(theme_obj)
            for position, d in enumerate(theme.solution_directions, 1):
                self._sync(
                    m.SolutionDirection,
                    d.key,
                    d.location,
                    theme_id=theme_obj.pk,
                    number=d.number,
                    position=position,
                    title=_fit(m.SolutionDirection, "title", d.title),
                    text=d.text,
                    questions=list(d.questions),
                )
            for position, r in enumerate(theme.reading_items, 1):
                self._sync(
                    m.ReadingItem,
                    r.key,
                    r.location,
                    theme_id=theme_obj.pk,
                    position=position,
                    title=_fit(m.ReadingItem, "title", r.title),
                    author=_fit(m.ReadingItem, "author", r.author),
                    medium=r.medium if r.medium in m.ReadingItem.Medium.values else "overig",
                    url=self._url(r.url),
                )
            for position, i in enumerate(theme.initiatives, 1):
                municipality = self.municipalities.get(i.place.lower()) if i.place else None
                self._sync(
                    m.Initiative,
                    i.key,
                    i.location,
                    theme_id=theme_obj.pk,
                    position=position,
                    title=_fit(m.Initiative, "title", i.title),
                    description=i.description,
                    scope=i.scope if i.scope in m.Initiative.Scope.values else "lokaal",
                    place=_fit(m.Initiative, "place", i.place),
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
                region_id=region_id,
                title=_fit(m.Intervention, "title", intervention.title),
                place=_fit(m.Intervention, "place", intervention.place),
                municipality_id=municipality.pk if municipality else None,
                quote=intervention.quote,
                people=[{"name": name, "role": role} for name, role in intervention.people],
                context=intervention.context,
                approach=intervention.approach,
                results=intervention.results,
                goal=intervention.goal,
                theory=intervention.theory,
                evidence=intervention.evidence,
                themes=theme_ids,
            )
            intervention_links.append(intervention_obj)
            for position, e in enumerate(intervention.practice_examples, 1):
                self._sync(
                    m.PracticeExample,
                    e.key,
                    e.location,
                    region_id=region_id,
                    intervention_id=intervention_obj.pk,
                    position=position,
                    title=_fit(m.PracticeExample, "title", e.title),
                    text=e.text,
                    place=_fit(m.PracticeExample, "place", e.place),
                )
            for position, s in enumerate(intervention.sources, 1):
                self._sync_source(s, position, intervention_id=intervention_obj.pk)
        for position, s in enumerate(parsed.sources, 1):
            self._sync_source(s, position, intervention_id=None)
        for lesson in parsed.lessons:
            self._sync(
                m.Lesson,
                lesson.key,
                lesson.location,
                number=lesson.number,
                title=_fit(m.Lesson, "title", lesson.title),
                text=lesson.text,
            )
        position = 0
        for name, items in parsed.lists.items():
            if not items:
                continue
            position += 1
            self._sync(
                m.Section,
                f"list:{slug(name)}",
                None,
                position=position,
                heading=_fit(m.Section, "heading", name[:1].upper() + name[1:]),
                text="\n".join(items),
            )
        for section in parsed.sections:
            position += 1
            self._sync(
                m.Section,
                section.key,
                section.location,
                position=position,
                heading=_fit(m.Section, "heading", section.heading),
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

    def _sync_source(self, source, position: int, *, intervention_id: int | None) -> None:
        self._sync(
            m.Source,
            source.key,
            source.location,
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

    @staticmethod
    def _current(obj: Any) -> dict[str, Any]:
        values = {}
        for name in FIELDS[type(obj)]:
            if name in M2M_FIELDS:
                values[name] = sorted(t.pk for t in getattr(obj, name).all())
            else:
                values[name] = getattr(obj, name)
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
        self, model: type[models.Model], key: str, location: Location | None, **given: Any
    ) -> Any:
        key = self._key(model, key)
        values = self._values(model, location, given)
        new_hash = _hash(values)
        plain = {k: v for k, v in values.items() if k not in M2M_FIELDS}
        obj = self.existing[model].pop(key, None)
        if obj is None:
            obj = model(
                source_document=self.document, import_key=key, import_hash=new_hash, **plain
            )
            obj.save()
            for name in M2M_FIELDS & values.keys():
                getattr(obj, name).set(values[name])
            self.result.created += 1
            return obj
        current = self._current(obj)
        current_hash = _hash(current)
        if current_hash == new_hash:
            if obj.import_hash != new_hash:  # edited by hand to exactly the new values
                obj.import_hash = new_hash
                obj.save(update_fields=["import_hash"])
            self.result.unchanged += 1
        elif current_hash == obj.import_hash:
            for name, value in plain.items():
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
            % {"record": _label(obj), "fields": ", ".join(names)}
        )

    def _handle_missing(self) -> None:
        for model in DELETE_ORDER:
            for obj in self.existing[model].values():
                edited = _hash(self._current(obj)) != obj.import_hash
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
                        % {"record": _label(obj)}
                    )
                else:
                    entry["kept"] = False
                    self.result.missing.append(entry)
                    obj.delete()
                    self.result.deleted += 1
                    self.result.warnings.append(
                        _("%(record)s staat niet meer in het document en is verwijderd.")
                        % {"record": _label(obj)}
                    )

    def _link_records(self, document: m.SourceDocument) -> None:
        themes = {
            t.import_key: t
            for t in m.Theme.objects.filter(source_document=document).only(
                "pk", "slug", "title", "import_key"
            )
        }
        interventions = {
            i.import_key: i
            for i in m.Intervention.objects.filter(source_document=document).only(
                "pk", "slug", "title", "import_key"
            )
        }
        linked: list[Any] = []
        for entry, parsed_theme in zip(self.result.themes, self.parsed.themes, strict=True):
            theme = themes.get(parsed_theme.key)
            if theme is not None:
                entry["url"] = theme.get_absolute_url()
                linked.append(theme)
        for entry, parsed_one in zip(
            self.result.interventions, self.parsed.interventions, strict=True
        ):
            intervention = interventions.get(parsed_one.key)
            if intervention is not None:
                entry["url"] = intervention.get_absolute_url()
                linked.append(intervention)
        self.result.records = [{"label": str(o), "url": o.get_absolute_url()} for o in linked]
