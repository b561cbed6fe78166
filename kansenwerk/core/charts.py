"""Bar charts rendered on the server (SVG, no JavaScript), each with its data table.

Hand-written because a chart library would add JavaScript the data must not depend
on; the bars are SVG attributes (no inline styles, so the CSP stays strict).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

BAR_HEIGHT = 22
GAP = 8


def bar_chart(*, chart_id: str, title: Any, rows: Iterable[dict[str, Any]], column: Any) -> dict:
    """A chart for `core/includes/bar_chart.html`: rows need `label` and `count`."""
    rows = [dict(r) for r in rows]
    top = max((r["count"] for r in rows), default=0) or 1
    for i, row in enumerate(rows):
        row["pct"] = round(100 * row["count"] / top, 1)
        row["y"] = i * (BAR_HEIGHT + GAP)
        row["text_y"] = row["y"] + BAR_HEIGHT - 6
        row["count_x"] = 130 + round(140 * row["count"] / top) + 4
    return {
        "id": chart_id,
        "title": title,
        "column": column,
        "rows": rows,
        "height": max(len(rows) * (BAR_HEIGHT + GAP), BAR_HEIGHT),
        "bar_height": BAR_HEIGHT,
        "total": sum(r["count"] for r in rows),
    }
