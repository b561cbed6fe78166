"""What an HSDS import found and did: counts per object type, warnings and errors, in
the JSON shape `netwerk-import --json` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The object types an import counts, in report order.
OBJECT_TYPES = (
    "organization",
    "service",
    "location",
    "contact",
    "region",
    "municipality",
    "target_group",
    "kept_term",
)


class ImportRefused(Exception):
    """The file has errors; nothing was written. `errors` lists them, one per line."""

    def __init__(self, errors: list[str], *, report: ImportReport | None = None):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.report = report


def _zero() -> dict[str, dict[str, int]]:
    return {kind: {"created": 0, "updated": 0, "unchanged": 0} for kind in OBJECT_TYPES}


@dataclass
class ImportReport:
    path: str = ""
    format: str = ""  # "json" or "csv"
    counts: dict[str, dict[str, int]] = field(default_factory=_zero)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts[kind][outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.errors

    # Shorthands for the most asked figures.
    @property
    def organizations_created(self) -> int:
        return self.counts["organization"]["created"]

    @property
    def services_created(self) -> int:
        return self.counts["service"]["created"]

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "counts": self.counts,
            "created": self.total("created"),
            "updated": self.total("updated"),
            "unchanged": self.total("unchanged"),
            "warnings": self.warnings,
            "errors": self.errors,
        }
