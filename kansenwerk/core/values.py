"""Model values as JSON: one conversion for the audit log and the privacy export."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any


def jsonable(value: Any) -> Any:
    """Dates as ISO text, decimals and UUIDs as text, files as their name, the rest as-is or text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return str(value)
