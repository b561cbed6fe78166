"""Reporting: the parts of the import report that describe records (labels, failures, links)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import models

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.report import DocumentResult


def label(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} '{str(obj)[:80]}'"


def record_name(obj: Any) -> str:
    """How a warning names a record: "Taal centraal 1.2" for a direction, else its title."""
    if isinstance(obj, m.SolutionDirection):
        return f"{obj.theme.title} {obj.number}".strip() if obj.number else str(obj)
    return str(obj)[:80]


def record_total(parsed: ParsedDocument) -> int:
    """How many records (the document included) an import of `parsed` owns."""
    return (
        1
        + sum(parsed.counts().values())
        + len(parsed.sections)
        + len([items for items in parsed.lists.values() if items])
    )


def fail(result: DocumentResult, message: str) -> None:
    result.errors.append(message)
    result.created = result.updated = result.unchanged = result.deleted = 0
    result.conflicts.clear()
    result.missing.clear()
    result.repaired.clear()
    result.flags.clear()
    result.url = None
    result.records.clear()


def report_known(
    result: DocumentResult,
    parsed: ParsedDocument,
    document: m.SourceDocument,
    *,
    path: Path,
    this_path: str,
) -> None:
    """A file whose document is already imported: say which file it repeats, link its records."""
    first = document.files.order_by("pk").first()
    if first is not None and first.path != this_path:
        result.duplicate_of = first.path
        result.warnings.append(
            _("%(name)s heeft dezelfde inhoud als %(first)s; er zijn geen records bijgemaakt.")
            % {"name": path.name, "first": Path(first.path).name}
        )
    result.region = document.region.name if document.region else None
    result.unchanged = record_total(parsed) - result.updated
    result.url = document.get_absolute_url()
    link_records(result, parsed, document)


def link_records(
    result: DocumentResult, parsed: ParsedDocument, document: m.SourceDocument
) -> None:
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
    for entry, parsed_theme in zip(result.themes, parsed.themes, strict=True):
        theme = themes.get(parsed_theme.key)
        if theme is not None:
            entry["url"] = theme.get_absolute_url()
            linked.append(theme)
    for entry, parsed_one in zip(result.interventions, parsed.interventions, strict=True):
        intervention = interventions.get(parsed_one.key)
        if intervention is not None:
            entry["url"] = intervention.get_absolute_url()
            linked.append(intervention)
    result.records = [{"label": str(o), "url": o.get_absolute_url()} for o in linked]
