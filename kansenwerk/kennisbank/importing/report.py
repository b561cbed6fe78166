"""What an import run found and did, per document, in the JSON shape the `import` command prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kansenwerk.kennisbank.importing.model import ParsedDocument

COUNT_KEYS = (
    "themes",
    "solution_directions",
    "reading_items",
    "initiatives",
    "interventions",
    "practice_examples",
    "sources",
    "lessons",
)


@dataclass
class DocumentResult:
    """The outcome for one file. `errors` non-empty means nothing of it was written."""

    path: str
    sha256: str = ""
    kind: str = ""
    title: str = ""
    region: str | None = None
    duplicate_of: str | None = None
    themes: list[dict[str, Any]] = field(default_factory=list)
    interventions: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    deleted: int = 0
    url: str | None = None
    records: list[dict[str, str]] = field(default_factory=list)
    # Records improved from another extraction, and signs of damage flagged for review.
    repaired: list[dict[str, Any]] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    # The national theme suggested for each of the document's themes, for a beheerder to confirm.
    national_themes: list[dict[str, Any]] = field(default_factory=list)

    def describe(self, parsed: ParsedDocument) -> None:
        """Fill kind, title and structure from the parse (also for duplicates and dry runs)."""
        self.kind = parsed.kind
        self.title = parsed.title
        self.counts = parsed.counts()
        self.themes = [
            {
                "title": t.title,
                "solution_directions": len(t.solution_directions),
                "reading_items": len(t.reading_items),
                "initiatives": len(t.initiatives),
            }
            for t in parsed.themes
        ]
        self.interventions = [
            {
                "title": i.title,
                "place": i.place,
                "practice_examples": len(i.practice_examples),
            }
            for i in parsed.interventions
        ]
        self.warnings.extend(parsed.warnings)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "kind": self.kind,
            "title": self.title,
            "region": self.region,
            "duplicate_of": self.duplicate_of,
            "themes": self.themes,
            "interventions": self.interventions,
            "counts": self.counts,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "warnings": self.warnings,
            "errors": self.errors,
            # Extra fields (the issue allows additions): details behind the warnings.
            "conflicts": self.conflicts,
            "missing": self.missing,
            "deleted": self.deleted,
            "url": self.url,
            "records": self.records,
            "repaired": self.repaired,
            "flags": self.flags,
            "national_themes": self.national_themes,
        }


@dataclass
class ImportReport:
    documents: list[DocumentResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def created(self) -> int:
        return sum(d.created for d in self.documents)

    @property
    def updated(self) -> int:
        return sum(d.updated for d in self.documents)

    @property
    def unchanged(self) -> int:
        return sum(d.unchanged for d in self.documents)

    @property
    def errors(self) -> int:
        return sum(len(d.errors) for d in self.documents)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_json(self) -> dict[str, Any]:
        return {
            "documents": [d.as_json() for d in self.documents],
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
            "dry_run": self.dry_run,
        }
