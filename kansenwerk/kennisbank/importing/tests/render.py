"""Render the markdown test inputs as .docx (python-docx styles) and paged .pdf (WeasyPrint)."""

from __future__ import annotations

import html
import re
from pathlib import Path

PAGE_CSS = """
@page {
  size: A5; margin: 2cm 1.5cm;
  @top-center { content: "Kennisbank testdocument"; font-size: 8pt; }
  @bottom-center { content: "Pagina " counter(page) " van " counter(pages); font-size: 8pt; }
}
body { font-family: sans-serif; font-size: 10pt; }
h1 { break-before: page; }
h1:first-of-type { break-before: auto; }
"""


def _blocks(markdown: str) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:]))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:]))
        elif re.match(r"^\d+\.\s", line) and not re.match(r"^\d+\.\d", line):
            blocks.append(("number", line.split(" ", 1)[1]))
        elif line.startswith("**") and line.endswith("**"):
            blocks.append(("bold", line[2:-2]))
        else:
            blocks.append(("p", line))
    return blocks


def to_docx(markdown: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, text in _blocks(markdown):
        if kind in ("h1", "h2"):
            document.add_heading(text, level=1 if kind == "h1" else 2)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "number":
            document.add_paragraph(text, style="List Number")
        elif kind == "bold":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def to_pdf(markdown: str, path: Path) -> Path:
    from weasyprint import HTML

    parts: list[str] = []
    open_list = ""
    for kind, text in _blocks(markdown):
        wanted = {"bullet": "ul", "number": "ol"}.get(kind, "")
        if open_list and wanted != open_list:
            parts.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            parts.append(f"<{wanted}>")
            open_list = wanted
        escaped = html.escape(text)
        if kind in ("h1", "h2"):
            parts.append(f"<{kind}>{escaped}</{kind}>")
        elif wanted:
            parts.append(f"<li>{escaped}</li>")
        elif kind == "bold":
            parts.append(f"<p><strong>{escaped}</strong></p>")
        else:
            parts.append(f"<p>{escaped}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    head = f"<head><style>{PAGE_CSS}</style></head>"
    page = f"<html lang='nl'>{head}<body>{''.join(parts)}</body></html>"
    HTML(string=page).write_pdf(path)
    return path
