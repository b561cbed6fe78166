"""Document identity: which stored document a file belongs to, its region, rights and files.

Same content key under a new file name: another extraction of a known document (a duplicate,
which may repair it). Same file name, kind, title and place: a new version of that file. The
same title alone never merges two documents: a different place, or a structure that shares
little with the stored one, is another document. A file that looks like another rendering of
a known document (same kind, title and place under a new name) but whose structure differs is
imported separately, with a warning naming both.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kansenwerk.core.models import Municipality, Region
from kansenwerk.core.permissions import Capability, can_write
from kansenwerk.core.services import region_create
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.fingerprint import compact, skeleton
from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise
from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.report import DocumentResult
from kansenwerk.kennisbank.importing.sync import fit

# Below this share of shared structural titles a same-named file is another document.
SAME_VERSION_OVERLAP = 0.5


@dataclass
class Match:
    """The stored document a file belongs to; `duplicate` when it is another extraction."""

    document: m.SourceDocument | None = None
    duplicate: bool = False
    # Same kind, title and place but a different structure: shown as a warning, not merged.
    contradicts: m.SourceDocument | None = None


def existing_file(path: Path) -> Path:
    if not path.is_file():
        raise ImportProblem(
            "not_found", _("%(name)s: het bestand bestaat niet.") % {"name": path.name}
        )
    return path


def file_digest(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
    return digest.hexdigest(), path.stat().st_size


def _stored_skeleton(document: m.SourceDocument) -> set[str]:
    """The structural titles of a stored document, reduced the way `skeleton` reduces them."""
    titles = {
        compact(t)
        for t in m.Theme.objects.filter(source_document=document).values_list("title", flat=True)
    }
    titles |= {
        compact(t)
        for t in m.SolutionDirection.objects.filter(source_document=document).values_list(
            "title", flat=True
        )
    }
    titles |= {
        compact(t)
        for t in m.Intervention.objects.filter(source_document=document).values_list(
            "title", flat=True
        )
    }
    titles |= {
        compact(t)
        for t in m.Lesson.objects.filter(source_document=document).values_list("title", flat=True)
    }
    return titles


def _parsed_titles(parsed: ParsedDocument) -> set[str]:
    return {part.split(":", 1)[1] for part in skeleton(parsed)}


def _same_structure(document: m.SourceDocument, parsed: ParsedDocument) -> bool:
    stored, incoming = _stored_skeleton(document), _parsed_titles(parsed)
    if not stored or not incoming:
        return not stored and not incoming
    return len(stored & incoming) / len(stored | incoming) >= SAME_VERSION_OVERLAP


def _same_place(document: m.SourceDocument, parsed: ParsedDocument) -> bool:
    return normalise(document.place) == normalise(parsed.place)


def find_document(parsed: ParsedDocument, path: Path) -> Match:
    name = path.name
    document = m.SourceDocument.objects.filter(content_key=parsed.content_key).first()
    if document is not None:
        names = {Path(p).name for p in document.files.values_list("path", flat=True)}
        return Match(document=document, duplicate=name not in names)
    title = normalise(parsed.title)
    same_title = [
        d
        for d in m.SourceDocument.objects.filter(kind=parsed.kind).prefetch_related("files")
        if normalise(d.title) == title and _same_place(d, parsed)
    ]
    for candidate in same_title:
        names = {Path(f.path).name for f in candidate.files.all()}
        if name in names and _same_structure(candidate, parsed):
            return Match(document=candidate)
    if same_title:
        return Match(contradicts=same_title[0])
    return Match()


def contradiction_warning(path: Path, other: m.SourceDocument) -> str:
    first = other.files.order_by("pk").first()
    return _(
        "%(name)s lijkt een andere weergave van '%(title)s' (%(first)s), maar de structuur "
        "verschilt; het is als apart document geïmporteerd. Controleer welke van de twee klopt."
    ) % {
        "name": path.name,
        "title": other.title,
        "first": Path(first.path).name if first else other.title,
    }


def ensure_rights(user: Any, region: Region | None, path: Path) -> None:
    if user is None:
        return
    region_id = region.pk if region else None
    if not can_write(user, capability=Capability.KENNISBANK, region_id=region_id):
        where = region.name if region else _("landelijk")
        raise ImportProblem(
            "forbidden",
            _("%(name)s: u hebt geen rechten om de kennisbank te wijzigen voor %(where)s.")
            % {"name": path.name, "where": where},
        )


def resolve_region(
    parsed: ParsedDocument, *, user: Any, path: Path, result: DocumentResult
) -> Region | None:
    """The document's region by name or municipality; a new one through `core.services`."""
    name = (parsed.region or parsed.place).strip()
    if not name:
        return None
    region = Region.objects.filter(name__iexact=name).first()
    if region is not None:
        return region
    municipality = Municipality.objects.filter(name__iexact=name).select_related("region").first()
    if municipality is not None and municipality.region_id:
        return municipality.region
    if user is not None and not getattr(user, "is_beheerder", False):
        raise ImportProblem(
            "forbidden",
            _(
                "%(name)s: de regio '%(region)s' bestaat nog niet; "
                "alleen een beheerder kan die aanmaken."
            )
            % {"name": path.name, "region": name},
        )
    region = region_create(name=fit(Region, "name", name))
    result.warnings.append(
        _("De regio '%(region)s' bestond nog niet en is aangemaakt.") % {"region": region.name}
    )
    return region


def save_document(
    parsed: ParsedDocument,
    document: m.SourceDocument | None,
    *,
    region: Region | None,
    text: str,
    result: DocumentResult,
) -> m.SourceDocument:
    values = {
        "title": fit(m.SourceDocument, "title", parsed.title),
        "kind": parsed.kind,
        "region_id": region.pk if region else None,
        "place": fit(m.SourceDocument, "place", parsed.place),
        "introduction": parsed.introduction,
        "content_key": parsed.content_key,
        "text": text,
        "warnings": list(parsed.warnings),
    }
    if document is None:
        document = m.SourceDocument(**values)
        document.save()
        result.created += 1
        return document
    changed = [name for name, value in values.items() if getattr(document, name) != value]
    if changed:
        for name in changed:
            setattr(document, name, values[name])
        document.save()
        result.updated += 1
    else:
        result.unchanged += 1
    return document


def save_file(document: m.SourceDocument, *, path: Path, sha256: str, size: int) -> m.SourceFile:
    """Record this file; a new version of a known file name replaces that file's row."""
    same_name = [f for f in document.files.all() if Path(f.path).name == path.name]
    source_file = same_name[0] if same_name else m.SourceFile(document=document)
    source_file.path = fit(m.SourceFile, "path", str(path))
    source_file.sha256 = sha256
    source_file.size = size
    source_file.format = path.suffix.lower().lstrip(".")[:10]
    source_file.save()
    return source_file


def add_file(document: m.SourceDocument, *, path: Path, sha256: str, size: int) -> m.SourceFile:
    return m.SourceFile.objects.create(
        document=document,
        path=fit(m.SourceFile, "path", str(path)),
        sha256=sha256,
        size=size,
        format=path.suffix.lower().lstrip(".")[:10],
    )
