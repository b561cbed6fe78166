"""Render a text document in the layouts people produce: Word (python-docx), WeasyPrint PDF, and
PDF printed by LibreOffice headless from a Word file.

Renderings are made at test time from the cleaned lines of the text version (so no seed text is
ever committed): each line becomes a block (heading, paragraph, bold line, bullet, numbered item,
panel cell) and each layout writes those blocks with its own conventions.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kansenwerk.kennisbank.importing.cleaning import clean
from kansenwerk.kennisbank.importing.parsers.inspiratiekaart import split_title_and_text
from kansenwerk.kennisbank.importing.readers import read_path, read_text

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

_THEME_LABEL = re.compile(r"^thema\s+(\d{1,2})$", re.IGNORECASE)
_DIRECTION = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s")


@dataclass
class Block:
    kind: str  # h1 h2 h3 p bold bullet number panel
    text: str = ""
    cells: list[list[Block]] = field(default_factory=list)  # panel: one block list per cell


def blocks_from_markdown(markdown: str) -> list[Block]:
    return blocks_from_lines(clean(read_text(markdown, name="document.md")).lines)


def blocks_from_path(path: Path) -> list[Block]:
    return blocks_from_lines(clean(read_path(path)).lines)


def blocks_from_lines(lines) -> list[Block]:
    """Cleaned lines to blocks; a run of table cells becomes one panel row."""
    blocks: list[Block] = []
    for line in lines:
        if line.cell:
            if not blocks or blocks[-1].kind != "panel":
                blocks.append(Block("panel"))
            panel = blocks[-1]
            if line.heading_level or not panel.cells:
                panel.cells.append([Block("h3", line.text)])
            else:
                panel.cells[-1].append(Block("p", line.text))
            continue
        if line.heading_level:
            kind = f"h{min(line.heading_level, 3)}"
        elif line.bullet:
            kind = "bullet"
        elif line.numbering:
            kind = "number"
        elif line.bold:
            kind = "bold"
        else:
            kind = "p"
        blocks.append(Block(kind, line.text))
    return blocks


@dataclass(frozen=True)
class Conventions:
    """How one author writes structure."""

    theme_inline: bool = False  # "Thema 1 – Titel" instead of "THEMA 1" above the title
    direction_level: int = 0  # directions ("1.2 …") as Heading 2/3; 0 keeps them as paragraphs
    styles: bool = True  # Word heading and list styles; otherwise bold lines and typed markers
    stacked_panels: bool = False  # a card's panels one below the other, examples as "•" items


def apply_conventions(blocks: list[Block], conv: Conventions) -> list[Block]:
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        label = _THEME_LABEL.match(block.text) if block.kind != "panel" else None
        title = blocks[index + 1] if index + 1 < len(blocks) else None
        if label and conv.theme_inline and title is not None and _is_title(title):
            out.append(Block("h1", f"Thema {label.group(1)} – {title.text}"))
            index += 2
            continue
        if (
            conv.direction_level
            and block.kind == "p"
            and _DIRECTION.match(block.text)
            and len(block.text.split()) <= 16
        ):
            out.append(Block(f"h{conv.direction_level}", block.text))
            index += 1
            continue
        out.append(block)
        index += 1
    return out


def _is_title(block: Block) -> bool:
    return (
        block.kind in ("p", "bold", "h1", "h2", "h3")
        and len(block.text.split()) <= 8
        and not block.text.endswith((".", "?", ":"))
    )


def _panel_items(cell: list[Block]) -> list[Block]:
    """A stacked panel: the title, its goal, then each example as "• name" above its text."""
    items = [Block("bold", cell[0].text)]
    for block in cell[1:]:
        if block.text.lower().startswith("doel"):
            items.append(Block("p", block.text))
            continue
        name, text = split_title_and_text(block.text)
        items.append(Block("bullet", name))
        if text:
            items.append(Block("p", text))
    return items


# --- Word ------------------------------------------------------------------------------------


def to_docx(markdown: str, path: Path, conv: Conventions | None = None) -> Path:
    return write_docx(blocks_from_markdown(markdown), path, conv or Conventions())


def write_docx(blocks: list[Block], path: Path, conv: Conventions) -> Path:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    numbers = 0

    def add(block: Block) -> None:
        nonlocal numbers
        if block.kind != "number":
            numbers = 0
        if block.kind in ("h1", "h2", "h3"):
            level = int(block.kind[1])
            if conv.styles:
                document.add_heading(block.text, level=level)
            else:
                # A heading made by hand: bold and a size larger than the body text.
                run = document.add_paragraph().add_run(block.text)
                run.bold = True
                run.font.size = Pt({1: 16, 2: 13.5, 3: 12}[level])
        elif block.kind == "bullet":
            if conv.styles:
                document.add_paragraph(block.text, style="List Bullet")
            else:
                document.add_paragraph(f"•\t{block.text}")
        elif block.kind == "number":
            numbers += 1
            if conv.styles:
                document.add_paragraph(block.text, style="List Number")
            else:
                document.add_paragraph(f"{numbers}.\t{block.text}")
        elif block.kind == "bold":
            document.add_paragraph().add_run(block.text).bold = True
        else:
            document.add_paragraph(block.text)

    for block in apply_conventions(blocks, conv):
        if block.kind != "panel":
            add(block)
            continue
        if conv.stacked_panels:
            for cell in block.cells:
                for item in _panel_items(cell):
                    add(item)
            continue
        table = document.add_table(rows=1, cols=len(block.cells))
        for cell_blocks, cell in zip(block.cells, table.rows[0].cells, strict=True):
            first = True
            for item in cell_blocks:
                paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                run = paragraph.add_run(item.text)
                run.bold = item.kind == "h3"
                first = False
    document.save(str(path))
    return path


# --- PDF (WeasyPrint) -----------------------------------------------------------------------


def to_pdf(markdown: str, path: Path, *, columns: int = 1) -> Path:
    return write_pdf(blocks_from_markdown(markdown), path, Conventions(), columns=columns)


def _html_blocks(blocks: list[Block], conv: Conventions) -> str:
    parts: list[str] = []
    open_list = ""
    for block in blocks:
        wanted = {"bullet": "ul", "number": "ol"}.get(block.kind, "")
        if open_list and wanted != open_list:
            parts.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            parts.append(f"<{wanted}>")
            open_list = wanted
        escaped = html.escape(block.text)
        if block.kind in ("h1", "h2", "h3"):
            parts.append(f"<{block.kind}>{escaped}</{block.kind}>")
        elif wanted:
            parts.append(f"<li>{escaped}</li>")
        elif block.kind == "bold":
            parts.append(f"<p><strong>{escaped}</strong></p>")
        elif block.kind == "panel":
            cells = [
                "<div class='panel'>" + _html_blocks(_panel_items(cell), conv) + "</div>"
                for cell in block.cells
            ]
            css = "stacked" if conv.stacked_panels else "row"
            parts.append(f"<div class='panels {css}'>{''.join(cells)}</div>")
        else:
            parts.append(f"<p>{escaped}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return "".join(parts)


def write_pdf(blocks: list[Block], path: Path, conv: Conventions, *, columns: int = 1) -> Path:
    from weasyprint import HTML

    css = PAGE_CSS + (
        "p, li { text-align: justify; hyphens: auto; }"
        ".panel { border: 1pt solid #888; padding: 4pt; margin: 4pt 0; }"
        ".panels.row { display: flex; gap: 4pt; } .panels.row .panel { flex: 1; font-size: 7pt; }"
    )
    if columns > 1:
        css += f"body {{ column-count: {columns}; column-gap: 1cm; }} @page {{ size: A4; }}"
    body = _html_blocks(apply_conventions(blocks, conv), conv)
    page = f"<html lang='nl'><head><style>{css}</style></head><body>{body}</body></html>"
    HTML(string=page).write_pdf(path)
    return path


# --- PDF printed by a word processor ---------------------------------------------------------


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """LibreOffice headless prints the Word file to PDF, as a word processor's "save as PDF"."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; run `make system-deps`.")
    profile = out_dir / "lo-profile"
    subprocess.run(  # noqa: S603 - a fixed command line, the binary found by shutil.which
        [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / (docx_path.stem + ".pdf")


# --- The layouts of the corpus -----------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    name: str
    suffix: str
    write: Callable[[list[Block], Path], Path]
    needs_soffice: bool = False


WORD_STYLES = Conventions(theme_inline=False, direction_level=2, styles=True)
WORD_PLAIN = Conventions(theme_inline=True, direction_level=3, styles=False, stacked_panels=True)


def _soffice_pdf(blocks: list[Block], path: Path) -> Path:
    docx_path = write_docx(blocks, path.with_suffix(".docx"), WORD_PLAIN)
    return docx_to_pdf(docx_path, path.parent)


LAYOUTS = [
    Layout("word-styles", ".docx", lambda b, p: write_docx(b, p, WORD_STYLES)),
    Layout("word-plain", ".docx", lambda b, p: write_docx(b, p, WORD_PLAIN)),
    Layout(
        "pdf-one-column",
        ".pdf",
        lambda b, p: write_pdf(b, p, Conventions(stacked_panels=True, direction_level=3)),
    ),
    Layout(
        "pdf-two-columns",
        ".pdf",
        lambda b, p: write_pdf(b, p, Conventions(theme_inline=True), columns=2),
    ),
    Layout("pdf-word-processor", ".pdf", _soffice_pdf, needs_soffice=True),
]
