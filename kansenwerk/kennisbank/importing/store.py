"""Write parsed documents into the kennisbank: the entry points and one document's run.

The work is split by topic: `identity` finds the stored document a file belongs to (and its
region, rights and files), `sync` writes the records, `repair` improves a document from
another extraction of it, `damage` flags what still looks broken, and `reporting` fills the
report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Region
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.evidence.services import extract_for_document
from kansenwerk.kennisbank.importing import damage, identity, repair
from kansenwerk.kennisbank.importing.api import parse_clean
from kansenwerk.kennisbank.importing.cleaning import clean
from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_EXTENSIONS,
    read_path,
)
from kansenwerk.kennisbank.importing.report import DocumentResult, ImportReport
from kansenwerk.kennisbank.importing.reporting import fail, record_total, report_known
from kansenwerk.kennisbank.importing.sync import FIELDS, RecordSync
from kansenwerk.kennisbank.national.services import suggest_for_import
from kansenwerk.search import indexing as search_indexing

__all__ = [
    "FIELDS",
    "expand_paths",
    "import_documents",
    "import_one",
    "record_total",
]

logger = logging.getLogger(__name__)


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
        result.sha256, size = identity.file_digest(identity.existing_file(path))
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
                parsed=parsed, path=path, size=size, text=text, result=result, user=user
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
            else:
                # Every way in (command, upload job) gets the suggestions: the themes this file
                # stored or touched get the national theme they resemble, for a beheerder to
                # confirm or merge; in the document's transaction, so both stand or neither.
                result.national_themes = suggest_for_import(result, user=user)
    except ImportProblem as problem:
        fail(result, problem.message_nl)
    except Exception as exc:  # never a traceback for the user: log it, report in Dutch
        logger.exception("Import of %s failed", path)
        fail(
            result,
            _(
                "%(name)s: de import is mislukt door een onverwachte fout (%(error)s); "
                "er is niets van dit document opgeslagen."
            )
            % {"name": path.name, "error": type(exc).__name__},
        )
    return result


@dataclass
class _DocumentImport:
    """One document's run; inside the caller's transaction."""

    parsed: ParsedDocument
    path: Path
    size: int
    text: str
    result: DocumentResult
    user: Any = None
    document: m.SourceDocument | None = None
    source_file: m.SourceFile | None = None
    region: Region | None = None

    def run(self) -> None:
        known_file = (
            m.SourceFile.objects.filter(sha256=self.result.sha256)
            .select_related("document__region")
            .first()
        )
        if known_file is not None:
            report_known(
                self.result,
                self.parsed,
                known_file.document,
                path=self.path,
                this_path=known_file.path,
            )
            return
        match = identity.find_document(self.parsed, self.path)
        document = match.document
        if document is not None:
            identity.ensure_rights(self.user, document.region, self.path)
        if match.duplicate and document is not None:
            source_file = identity.add_file(
                document, path=self.path, sha256=self.result.sha256, size=self.size
            )
            # Another extraction of a known document: keep the better text, record by record.
            repair.repair_document(
                document, self.parsed, source_file=source_file, result=self.result
            )
            damage.flag_document(document, result=self.result)
            report_known(
                self.result, self.parsed, document, path=self.path, this_path=str(self.path)
            )
            return
        self.region = region = identity.resolve_region(
            self.parsed, user=self.user, path=self.path, result=self.result
        )
        identity.ensure_rights(self.user, region, self.path)
        self.document = identity.save_document(
            self.parsed, document, region=region, text=self.text, result=self.result
        )
        self.source_file = identity.save_file(
            self.document, path=self.path, sha256=self.result.sha256, size=self.size
        )
        self._sync_records()
        if match.contradicts is not None:
            self.result.warnings.append(
                identity.contradiction_warning(self.path, match.contradicts)
            )
            damage.flag_contradiction(self.document, match.contradicts, result=self.result)
        damage.flag_document(self.document, result=self.result)
        self.result.region = region.name if region else None
        self.result.url = self.document.get_absolute_url()

    def _sync_records(self) -> None:
        assert self.document is not None
        RecordSync(
            parsed=self.parsed,
            document=self.document,
            result=self.result,
            region=self.region,
            source_file=self.source_file,
        ).run()
