"""Read .txt, .md, .pdf and .docx files into a RawDocument of lines with style hints."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kansenwerk.kennisbank.importing.limits import Budget, Limits, check_pdf, check_zip
from kansenwerk.kennisbank.importing.model import RawDocument, RawLine
from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.problems import translate as _

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# pdfminer.six's layout analysis for PDFs; False reads pypdf's text only (the bench's baseline).
PDF_LAYOUT = True
SUPPORTED_EXTENSIONS = (".txt", ".md", ".pdf", ".docx")
TEXT_ENCODINGS = ("utf-8-sig", "utf-8", "cp1252")

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_MD_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read a file into lines; every kind of bad input raises ImportProblem naming the file."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        raise ImportProblem(
            "unsupported_extension",
            _(
                "%(name)s: het bestandstype '%(ext)s' wordt niet ondersteund; "
                "gebruik .txt, .md, .pdf of .docx."
            )
            % {"name": name, "ext": suffix or "(geen)"},
        )
    try:
        size = path.stat().st_size
    except OSError:
        raise ImportProblem(
            "unreadable", _("%(name)s: het bestand kan niet worden gelezen.") % {"name": name}
        ) from None
    if size == 0:
        raise ImportProblem("empty", _("%(name)s: het bestand is leeg.") % {"name": name})
    if size > max_bytes:
        raise ImportProblem(
            "too_large",
            _("%(name)s: het bestand is %(size)s bytes; de grens is %(max)s bytes.")
            % {"name": name, "size": size, "max": max_bytes},
        )
    data = path.read_bytes()
    if suffix == ".pdf":
        return read_pdf(data, name=name)
    if suffix == ".docx":
        return read_docx(data, name=name)
    return read_text(decode_text(data, name=name), name=name)


def decode_text(data: bytes, *, name: str) -> str:
    """Decode text bytes, refusing binary content (NUL bytes) instead of guessing."""
    if b"\x00" in data[:65536]:
        raise ImportProblem(
            "binary",
            _("%(name)s: dit is geen leesbare tekst (het bestand bevat binaire gegevens).")
            % {"name": name},
        )
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # cp1252 decodes almost anything; many control characters mean it is not text.
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        if controls > max(3, len(text) // 100):
            break
        if not text.strip():
            raise ImportProblem(
                "empty", _("%(name)s: het bestand bevat alleen witruimte.") % {"name": name}
            )
        return text
    raise ImportProblem(
        "unreadable_text",
        _("%(name)s: de tekst kan niet worden gelezen (onbekende tekenset of binaire inhoud).")
        % {"name": name},
    )


def read_text(text: str, *, name: str) -> RawDocument:
    """Plain text or markdown: headings and lists become style hints; form feeds split pages."""
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    paged = len(pages) > 1
    lines: list[RawLine] = []
    number = 0
    for page_index, page_text in enumerate(pages, start=1):
        for raw in page_text.split("\n"):
            number += 1
            lines.append(_markdown_line(raw, page=page_index if paged else None, number=number))
    return RawDocument(name=name, lines=lines, paged=paged)


def _markdown_line(raw: str, *, page: int | None, number: int) -> RawLine:
    heading = _MD_HEADING.match(raw)
    if heading:
        return RawLine(heading.group(2), page, number, heading_level=len(heading.group(1)))
    bullet = _MD_BULLET.match(raw)
    if bullet and not raw.strip().startswith("**"):
        return RawLine(bullet.group(1), page, number, bullet=True)
    numbered = _MD_NUMBERED.match(raw)
    if numbered:
        return RawLine(numbered.group(2), page, number, numbering=numbered.group(1) + ".")
    return RawLine(raw, page, number)


def read_pdf(data: bytes, *, name: str, limits: Limits | None = None) -> RawDocument:
    """PDF text layer per page (pypdf); no OCR, so image-only PDFs are refused."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    limits = limits or Limits.from_settings()
    budget = Budget(name=name, seconds=limits.seconds)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ImportProblem(
                "encrypted_pdf",
                _(
                    "%(name)s: de PDF is versleuteld of met een wachtwoord beveiligd "
                    "en kan niet worden gelezen."
                )
                % {"name": name},
            )
        check_pdf(reader, name=name, limits=limits)
        laid_out = _pdf_layout_lines(data, budget) if PDF_LAYOUT else None
        if laid_out is not None:
            return RawDocument(name=name, lines=laid_out, paged=True)
        page_texts = []
        for page in reader.pages:
            budget.check()
            page_texts.append(_page_text(page))
    except ImportProblem:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError, IndexError):
        raise ImportProblem(
            "corrupt_pdf", _("%(name)s: de PDF is beschadigd of onleesbaar.") % {"name": name}
        ) from None
    if not any(text.strip() for text in page_texts):
        raise ImportProblem(
            "no_text_layer",
            _("%(name)s: de PDF bevat geen tekstlaag; OCR wordt niet uitgevoerd.") % {"name": name},
        )
    lines: list[RawLine] = []
    number = 0
    for page_index, text in enumerate(page_texts, start=1):
        for raw in text.split("\n"):
            number += 1
            lines.append(RawLine(raw, page_index, number))
    return RawDocument(name=name, lines=lines, paged=True)


_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


def _pdf_layout_lines(data: bytes, budget: Budget) -> list[RawLine] | None:
    """Lines in reading order from pdfminer.six's layout analysis, with heading levels.

    pdfminer groups characters into text boxes and orders the boxes by position, so two columns
    and panels side by side are read one after the other (pypdf's text follows the content
    stream, which interleaves them). Font sizes larger than the body text give heading levels;
    bold lines are marked as in markdown. Returns None when the layout cannot be read, and the
    caller falls back to pypdf's text.
    """
    import io
    from collections import Counter

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    pages: list[list[list[list[Any]]]] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            budget.check()
            boxes: list[list[list[Any]]] = []
            for element in page:
                if not isinstance(element, LTTextBox):
                    continue
                box: list[list[Any]] = []
                for line in element:
                    if not isinstance(line, LTTextLine):
                        continue
                    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                    text = line.get_text().rstrip("\n")
                    if not chars or not text.strip():
                        continue
                    size = round(max(c.size for c in chars) * 2) / 2
                    bold = all(_BOLD_FONT.search(c.fontname or "") for c in chars)
                    box.append(
                        [text, size, bold, line.x0, line.y0, line.y1, line.x1, _first_word(line)]
                    )
                if box:
                    boxes.append(box)
            boxes = _attach_markers(boxes)
            header, middle, footer = _page_margins(boxes)
            ordered, columns = _xy_cut(middle)
            # One column: pdfminer's own order is kept; XY-cut only orders columns and panels,
            # with the running header and footer at the page's edges, where cleaning finds them.
            pages.append(header + ordered + footer if columns else boxes)
    except ImportProblem:
        raise
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError):
        return None
    weight: Counter[float] = Counter()
    for boxes in pages:
        for box in boxes:
            for text, size, *_rest in box:
                weight[size] += len(text)
    if not weight:
        return None
    body = weight.most_common(1)[0][0]
    heading_sizes = sorted({s for s in weight if s > body * 1.1}, reverse=True)
    levels = {size: min(rank, 6) for rank, size in enumerate(heading_sizes, start=1)}
    lines: list[RawLine] = []
    number = 0
    for page_index, boxes in enumerate(pages, start=1):
        measure = _measures(boxes)
        above: list | None = None
        for box in boxes:
            if not _continues_below(above, box[0]):
                number += 1
                lines.append(RawLine("", page_index, number))  # a new paragraph
            above = box[-1]
            previous_level = 0
            for index, (text, size, bold, *_position) in enumerate(box):
                number += 1
                level = levels.get(size, 0) if len(text.split()) <= 16 else 0
                if level and level == previous_level:
                    lines[-1].text = f"{lines[-1].text.rstrip()} {text.strip()}"  # wrapped heading
                    continue
                previous_level = level
                if bold and not level:
                    text = f"**{text.strip()}**"
                wraps = index > 0 and not level and _soft_wrap(box[index - 1], box[index], measure)
                lines.append(RawLine(text, page_index, number, heading_level=level, wraps=wraps))
    return lines


def _first_word(line: Any) -> float:
    """The width of a text line's first word, in points (0 when it has none)."""
    from pdfminer.layout import LTChar

    start = end = None
    for item in line:
        text = item.get_text()
        if not text.strip():
            if start is not None:
                break
            continue
        if isinstance(item, LTChar):
            start = item.x0 if start is None else start
            end = item.x1
    return 0.0 if start is None or end is None else end - start


MIN_MEASURE_LINES = 3  # lines that must share a left edge before their right edge is trusted


def _measures(boxes: list[list[list]]) -> dict[int, tuple[float, int]]:
    """The right edge of the text measure for each left edge on a page: lines that start at the
    same x belong to one column, panel or list, and the widest of them shows where it ends
    (per page, because panels side by side differ in width from page to page). Also counts the
    lines, to know how far to trust it."""
    measure: dict[int, tuple[float, int]] = {}
    for box in boxes:
        for line in box:
            key = round(line[3])
            right, count = measure.get(key, (0.0, 0))
            measure[key] = (max(right, line[6]), count + 1)
    return measure


def _soft_wrap(above: list, line: list, measure: dict[int, tuple[float, int]]) -> bool:
    """A line the typesetter broke because the column was full: its first word would not have
    fitted behind the line above (same box, size and weight). Such a line continues the one
    above whatever it looks like, e.g. the last words of a title in a narrow panel. Ragged text
    hides the true right edge, so it is estimated from at least MIN_MEASURE_LINES lines."""
    if above[1] != line[1] or above[2] != line[2] or not line[7]:
        return False
    left = round(above[3])
    near = [measure[key] for key in (left - 1, left, left + 1) if key in measure]
    if sum(count for _right, count in near) < MIN_MEASURE_LINES:
        return False
    edge = max(right for right, _count in near)
    space = 0.2 * line[1]
    return above[6] + space + line[7] > edge + 0.5


def _continues_below(above: list | None, line: list) -> bool:
    """A line right below the last line of the previous box, in the same column and size,
    continues its paragraph (a hanging indent or a list item's second line makes a new box);
    a gap of more than half a line starts a new paragraph."""
    if above is None or above[1] != line[1]:
        return False
    _t, size, _b, x0, y0, _y1, x1, _w = above
    gap = y0 - line[5]
    overlaps = line[3] < x1 and line[6] > x0
    return overlaps and -1 <= gap <= 0.5 * size


MIN_GUTTER = 6.0  # points of white space between two columns or panels
MAX_MARGIN_LINES = 2  # running header or footer boxes taken off one edge of a page


def _page_margins(boxes: list[list[list]]) -> tuple[list, list, list]:
    """Running headers and footers: one-line boxes above (below) all other text of the page,
    apart by at least half a line. XY-cut would otherwise file a narrow centred header with
    whichever column it happens to stand over, in the middle of the page's reading order."""
    body = list(boxes)
    edges: dict[str, list] = {"top": [], "bottom": []}
    for edge in ("top", "bottom"):
        for _taken in range(MAX_MARGIN_LINES):
            if len(body) < 3:
                break
            if edge == "top":
                box = max(body, key=lambda b: max(line[5] for line in b))
                others = max(line[5] for b in body if b is not box for line in b)
                gap = min(line[4] for line in box) - others
            else:
                box = min(body, key=lambda b: min(line[4] for line in b))
                others = min(line[4] for b in body if b is not box for line in b)
                gap = others - max(line[5] for line in box)
            if len(box) != 1 or gap < 0.5 * box[0][1]:
                break
            body.remove(box)
            edges[edge].append(box)
    return edges["top"], body, edges["bottom"][::-1]


def _xy_cut(boxes: list[list[list]]) -> tuple[list[list[list]], bool]:
    """Order a page's text boxes by recursive XY-cut: split at the widest band of white space
    that no box crosses (across the page: top before bottom; down the page: left before right),
    then order each part the same way. Running headers and full-width headings are cut off
    first, because they cross the gutter between two columns. Also says whether any cut ran
    down the page (columns or panels side by side).
    """
    if len(boxes) <= 1:
        return boxes, False
    bounds = [
        (
            min(line[3] for line in box),
            min(line[4] for line in box),
            max(line[6] for line in box),
            max(line[5] for line in box),
        )
        for box in boxes
    ]
    cuts: list[tuple[float, str, float]] = []
    for axis, low, high in (("y", 1, 3), ("x", 0, 2)):
        spans = sorted((b[low], b[high]) for b in bounds)
        reach = spans[0][1]
        for start, end in spans[1:]:
            if start > reach:
                cuts.append((start - reach, axis, (start + reach) / 2))
            reach = max(reach, end)
    for _gap, axis, cut in sorted(cuts, reverse=True):
        if axis == "y":  # PDF y grows upwards: the part above the cut comes first
            first = [box for box, b in zip(boxes, bounds, strict=True) if b[1] > cut]
            second = [box for box, b in zip(boxes, bounds, strict=True) if b[1] <= cut]
            break
        first = [box for box, b in zip(boxes, bounds, strict=True) if b[2] < cut]
        second = [box for box, b in zip(boxes, bounds, strict=True) if b[2] >= cut]
        # A column holds several lines on each side; a lone number or marker is no column.
        if _gap >= MIN_GUTTER and min(sum(map(len, first)), sum(map(len, second))) >= 3:
            break
    else:
        return sorted(boxes, key=lambda box: (-max(line[5] for line in box), box[0][3])), False
    first_order, first_columns = _xy_cut(first)
    second_order, second_columns = _xy_cut(second)
    return first_order + second_order, axis == "x" or first_columns or second_columns


_MARKER_ONLY = re.compile(r"^\s*(?:[•◦▪●○■–—-]|\d{1,2}[.)])\s*$")


def _attach_markers(boxes: list[list[list]]) -> list[list[list]]:
    """List markers laid out apart from their text ("•" in its own box) go back onto the line
    beside them: the nearest line to the right that shares the marker's height."""
    lines = [line for box in boxes for line in box]
    for marker in lines:
        if not _MARKER_ONLY.match(marker[0]):
            continue
        middle = (marker[4] + marker[5]) / 2
        beside = [
            line
            for line in lines
            if line is not marker
            and not _MARKER_ONLY.match(line[0])
            and line[3] > marker[3]
            and line[4] - 1 <= middle <= line[5] + 1
        ]
        if beside:
            target = min(beside, key=lambda line: line[3])
            target[0] = f"{marker[0].strip()} {target[0].lstrip()}"
            marker[0] = ""
    kept = [[line for line in box if line[0].strip()] for box in boxes]
    return [box for box in kept if box]


def _page_text(page) -> str:
    """Layout mode keeps list markers on their line and blank lines between paragraphs."""
    try:
        return page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is newer and stricter; plain mode still gives the words
        return page.extract_text() or ""


def read_docx(data: bytes, *, name: str, limits: Limits | None = None) -> RawDocument:
    """Word files: heading styles give levels, list styles give bullets or numbering."""
    import io
    import zipfile

    import docx

    limits = limits or Limits.from_settings()
    budget = Budget(name=name, seconds=limits.seconds)
    check_zip(data, name=name, limits=limits, budget=budget)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportProblem(
            "corrupt_docx",
            _("%(name)s: het Word-bestand is beschadigd of onleesbaar.") % {"name": name},
        ) from error
    except Exception as error:  # python-docx raises its own types for non-package files
        raise ImportProblem(
            "corrupt_docx",
            _("%(name)s: het Word-bestand is beschadigd of onleesbaar.") % {"name": name},
        ) from error
    lines: list[RawLine] = []
    counters: dict[str, int] = {}
    style_name = _docx_style_names(document)
    size_level = _docx_size_levels(document)
    for number, (paragraph, cell) in enumerate(_docx_paragraphs(document), start=1):
        if number % 200 == 0:
            budget.check()
        style = style_name(paragraph)
        text = paragraph.text
        if cell and text.strip():
            # A table of several columns is a card of panels: each cell's lines stay together.
            lines.append(RawLine(text, None, number, cell=True, cell_start=cell == "start"))
            continue
        runs = [run for run in paragraph.runs if run.text.strip()]
        if runs and all(run.bold for run in runs) and text.strip():
            # Bold paragraphs carry meaning (names, titles), as in markdown.
            text = f"**{text.strip()}**"
        level = _docx_heading_level(style) or size_level(paragraph)
        lower = style.lower()
        if level:
            counters.clear()
            lines.append(RawLine(text, None, number, heading_level=level))
        elif "list number" in lower:
            counters[style] = counters.get(style, 0) + 1
            lines.append(RawLine(text, None, number, numbering=f"{counters[style]}."))
        elif "list" in lower or _has_numbering(paragraph):
            lines.append(RawLine(text, None, number, bullet=True))
        else:
            if text.strip():
                counters.clear()
            lines.append(RawLine(text, None, number))
    if not any(line.text.strip() for line in lines):
        raise ImportProblem(
            "empty", _("%(name)s: het Word-bestand bevat geen tekst.") % {"name": name}
        )
    return RawDocument(name=name, lines=lines, paged=False, whole_paragraphs=True)


def _docx_paragraphs(document):
    """Body paragraphs and table-cell paragraphs in document order, with their place in a cell.

    A paragraph of a multi-column table is "start" (first with text in its cell) or "cell";
    one-column tables are frames around ordinary text and give "" like body paragraphs.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(block, document), ""
        elif tag == "tbl":
            table = Table(block, document)
            panels = len(table.columns) > 1
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per column
                        continue
                    seen.add(id(cell._tc))
                    first = True
                    for paragraph in cell.paragraphs:
                        place = ""
                        if panels and paragraph.text.strip():
                            place = "start" if first else "cell"
                            first = False
                        yield paragraph, place


def _paragraph_size(paragraph) -> float | None:
    """The largest font size set directly on a paragraph's runs (points), if any."""
    sizes = [run.font.size.pt for run in paragraph.runs if run.text.strip() and run.font.size]
    return max(sizes) if sizes else None


def _docx_size_levels(document):
    """Headings made by hand: a short bold paragraph in a size larger than the body text.

    The body size is the size of most characters; each larger size used for such paragraphs is a
    heading level, the largest being level 1.
    """
    from collections import Counter

    weight: Counter[float | None] = Counter()
    candidates: set[float] = set()
    for paragraph, _cell in _docx_paragraphs(document):
        size = _paragraph_size(paragraph)
        weight[size] += len(paragraph.text)
        runs = [run for run in paragraph.runs if run.text.strip()]
        if size and runs and all(run.bold for run in runs) and len(paragraph.text.split()) <= 16:
            candidates.add(size)
    if not candidates:
        return lambda paragraph: 0
    body = weight.most_common(1)[0][0] or 0.0
    levels = {
        size: rank
        for rank, size in enumerate(
            sorted((s for s in candidates if s > body * 1.05), reverse=True), start=1
        )
    }

    def level_of(paragraph) -> int:
        size = _paragraph_size(paragraph)
        if size not in levels or len(paragraph.text.split()) > 16:
            return 0
        runs = [run for run in paragraph.runs if run.text.strip()]
        return min(levels[size], 6) if runs and all(run.bold for run in runs) else 0

    return level_of


def _docx_style_names(document):
    """A paragraph's style name, looked up in a table built once.

    python-docx's `paragraph.style` searches every style for the default on each call
    (2,000 paragraphs: 26 of 28 seconds); a dict keeps reading linear in the paragraphs.
    """
    from docx.enum.style import WD_STYLE_TYPE

    names: dict[str, str] = {}
    default = ""
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        names[style.style_id] = style.name or ""
        if style.element.default:
            default = style.name or ""

    def name_of(paragraph) -> str:
        style_id = paragraph._p.style
        return names.get(style_id, default) if style_id else default

    return name_of


def _docx_heading_level(style: str) -> int:
    match = re.match(r"^(heading|kop)\s*(\d)$", style.strip(), re.IGNORECASE)
    if match:
        return int(match.group(2))
    return 1 if style.strip().lower() == "title" else 0


def _has_numbering(paragraph) -> bool:
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None
