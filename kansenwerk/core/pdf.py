"""HTML to PDF with WeasyPrint, cached per version of the content.

Rendering a briefing or report takes 0.5-0.8 s; the HTML it comes from takes milliseconds.
So the HTML itself is the version: the PDF is stored under a hash of the HTML, the base URL,
the options and the WeasyPrint version, and served again while none of them changes. A
change to any record the PDF shows changes its HTML, so nothing needs invalidating by hand.
The files live in DATA_DIR/cache/pdf (KANSENWERK_DATA_DIR) (not the database cache: PDFs are large);
the oldest are removed beyond PDF_CACHE_FILES.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings

PDF_CACHE_FILES = 500


def cache_dir() -> Path:
    return Path(settings.DATA_DIR) / "cache" / "pdf"


def render_pdf(html: str, *, base_url: str, **options: Any) -> bytes:
    """The PDF of `html` (WeasyPrint `write_pdf(**options)`), from the cache when it has it."""
    import weasyprint

    key = hashlib.sha256(
        json.dumps(
            [html, base_url, sorted(options.items()), weasyprint.__version__], default=str
        ).encode()
    ).hexdigest()
    folder = cache_dir()
    path = folder / f"{key}.pdf"
    try:
        return path.read_bytes()
    except OSError:
        pass
    pdf = weasyprint.HTML(string=html, base_url=base_url).write_pdf(**options)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # write then rename, so a parallel reader never sees half a file
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
        _trim(folder)
    except OSError:
        pass  # a read-only or full disk costs speed, not the PDF
    return pdf


def _trim(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    for old in files[:-PDF_CACHE_FILES]:
        old.unlink(missing_ok=True)
