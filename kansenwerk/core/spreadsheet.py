"""Spreadsheet-safe exports (CSV and XLSX) for every app.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets ("CSV injection", OWASP). Every
export that a person may open in a spreadsheet program writes its values through
`safe_cell` (CSV) or `write_xlsx` (XLSX, every cell stored as text), so a registrant who
calls themselves ``=HYPERLINK(...)`` cannot run anything on the organiser's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet shows it literally: risky text gets a leading apostrophe.

    Numbers, dates and None pass unchanged (a negative number is a number, not a formula).
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_text(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, delimiter: str = ";", bom: bool = True
) -> str:
    """Rows as CSV text (semicolons, as Dutch spreadsheet programs expect), every cell safe."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")  # so Excel opens the UTF-8 file with accents intact
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def write_xlsx(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    """An XLSX workbook with a bold, frozen header; every cell is stored as text.

    openpyxl writes a string starting with "=" as a formula; setting the cell's data type
    to string afterwards keeps it literal, whatever it starts with.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(title)[:31]
    for row_index, row in enumerate([list(header), *rows], start=1):
        for col_index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=col_index)
            cell.value = "" if value is None else str(value)
            cell.data_type = "s"
            if row_index == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
