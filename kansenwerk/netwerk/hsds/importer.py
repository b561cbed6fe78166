"""Import Open Referral HSDS 3.0 (JSON document or tabular datapackage) into the netwerk.

Three steps in three modules: `reading` turns what `netwerk-export` (or another system)
wrote into one nested document, `checking` checks every object and refuses the whole
file on any error, and `writing` writes a checked plan in one transaction. The report
counts what was created, updated and left unchanged per object type, with a warning for
everything the file holds that kansenwerk does not keep.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from kansenwerk.core.models import Region

from .checking import TermLookup, check
from .reading import read_path
from .report import ImportRefused, ImportReport
from .writing import write

__all__ = ["ImportRefused", "ImportReport", "TermLookup", "import_path"]


def import_path(
    path: Path | str, *, default_region: Region | None = None, dry_run: bool = False
) -> ImportReport:
    """Read, check and write one HSDS export (any form `netwerk-export` writes); all or
    nothing. Raises `ImportRefused` (with `.report`) when the file has errors."""
    path = Path(path)
    report = ImportReport(path=str(path))
    try:
        document = read_path(path)
        report.format = document.format
        lookup = TermLookup.load()
        plan = check(document, lookup=lookup, default_region=default_region)
    except ImportRefused as exc:
        report.errors = list(exc.errors)
        exc.report = report
        raise
    report.warnings.extend(plan.warnings)
    with transaction.atomic():
        write(
            plan,
            lookup=lookup,
            default_region=default_region,
            source_label=path.name,
            report=report,
        )
        if dry_run:
            transaction.set_rollback(True)
            return report
        # bulk_create skips the search signals: rebuild the netwerk's entries in one go.
        from ..search_types import reindex_netwerk

        reindex_netwerk()
    return report
