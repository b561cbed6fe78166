"""Spreadsheet-safe CSV cells that an import turns back into exactly what was exported.

The datapackage is opened in spreadsheet programs, so text that starts like a formula
gets the leading apostrophe of `core.spreadsheet.safe_cell`. To undo that without
guessing, text that already starts with apostrophes followed by such a character gets
one apostrophe more: `unescape(escape(x)) == x` for every string x.
"""

from __future__ import annotations

from typing import Any

from kansenwerk.core.spreadsheet import FORMULA_PREFIXES, safe_cell


def _looks_escaped(text: str) -> bool:
    return text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES)


def escape(value: Any) -> Any:
    """The cell as the CSV stores it (numbers, booleans and None pass unchanged)."""
    if isinstance(value, str) and _looks_escaped(value):
        return "'" + value
    return safe_cell(value)


def unescape(text: str) -> str:
    """The exact text that `escape` was given."""
    return text[1:] if _looks_escaped(text) else text
