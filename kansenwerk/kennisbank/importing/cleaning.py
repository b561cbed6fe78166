"""Clean extracted text: markup, hyphenation, broken lines, running headers, page numbers, bullets.

The joining rules are hand-written because no library handles Dutch two-column PDF extractions:
each rule is a small general heuristic over punctuation, capitalisation and line width.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from kansenwerk.kennisbank.importing.model import Line, RawDocument

TERMINAL = ".!?:;"
_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
_URL_LINE = re.compile(r"^(https?://\S.*|www\.\S+)$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:pagina\s*|p\.\s*|-\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?(?:\s*-)?$", re.IGNORECASE
)
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□‣∙·*–—-]|o(?=\s))\s+")
_NUMBERED = re.compile(r"^(?:\((\d{1,2})\)|(\d{1,2})[.)])\s+(?=\S)")
_TABLE_RULE = re.compile(r"^[\s|:+-]*-{2,}[\s|:+\t-]*$")
_HTML_P = re.compile(r"</?p>", re.IGNORECASE)
_SECTION_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}\.?\s")
_HEADINGISH_MAX_WORDS = 7
# Articles and prepositions: a line that ends in one continues on the next.
DANGLING_WORDS = {
    "de",
    "het",
    "een",
    "van",
    "voor",
    "met",
    "aan",
    "naar",
    "bij",
    "door",
    "te",
    "om",
}


@dataclass
class CleanDocument:
    """Cleaned logical lines plus what was removed, for provenance and debugging."""

    name: str
    lines: list[Line]
    links: list[str] = field(default_factory=list)
    running_headers: list[str] = field(default_factory=list)
    paged: bool = False


def clean(raw: RawDocument) -> CleanDocument:
    """Run all cleaning steps in order and return logical lines with original positions."""
    lines = _inline(raw)
    lines, links = _drop_url_lines(lines)
    lines = [line for line in lines if not _PAGE_NUMBER.match(line.text)]
    lines, headers = _drop_running_headers(lines) if raw.paged else (lines, [])
    if not raw.whole_paragraphs:
        lines = join_lines(lines)
    return CleanDocument(
        name=raw.name, lines=lines, links=links, running_headers=headers, paged=raw.paged
    )


def strip_markup(text: str) -> tuple[str, list[str]]:
    """Remove markdown/HTML inline markup; return text and the real URLs it linked to."""
    urls: list[str] = []

    def link(match: re.Match[str]) -> str:
        if match.group(2) and match.group(2) != "#":
            urls.append(match.group(2))
        return match.group(1)

    text = _LINK.sub(link, text)

    def angle(match: re.Match[str]) -> str:
        urls.append(match.group(1))
        return match.group(1)

    text = _ANGLE_URL.sub(angle, text)
    text = re.sub(r"\\([()\[\]*_#.!-])", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)", r"\1", text)
    text = re.sub(r"^\s*>\s?", "", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    return text, urls


def _inline(raw: RawDocument) -> list[Line]:
    out: list[Line] = []
    blank = False
    in_bold = False
    page = None
    for raw_line in raw.lines:
        if raw_line.page != page:
            page, blank = raw_line.page, True  # a new page never continues a paragraph by width
        # Typeset hyphens (U+2010, a soft hyphen at the end of a line) are ordinary hyphens.
        raw_text = raw_line.text.replace("\u2010", "-")
        if raw_text.rstrip().endswith("\u00ad"):
            raw_text = raw_text.rstrip()[:-1] + "-"
        text = raw_text.replace("\t", "    ") if "<p>" not in raw_text.lower() else raw_text
        if _TABLE_RULE.match(text) and "-" in text:
            continue
        if "<p>" in text.lower():
            out.extend(_table_cells(text, raw_line.page, raw_line.number))
            blank = False
            continue
        if raw_line.cell:
            plain, urls = strip_markup(text.strip())
            plain = re.sub(r"\s+", " ", plain).strip()
            cell = Line(
                text=plain,
                page=raw_line.page,
                start=raw_line.number,
                end=raw_line.number,
                blank_before=True,
                cell=True,
                heading_level=3 if raw_line.cell_start else 0,
                urls=urls,
                tail_len=len(plain),
            )
            out.append(cell)
            continue
        stripped = text.strip()
        hard_break = text.endswith("  ")
        starts_bold = stripped.startswith("**")
        bold = in_bold or starts_bold
        count = stripped.count("**")
        if count % 2 == 1:
            in_bold = not in_bold
        plain, urls = strip_markup(stripped)
        plain = re.sub(r"\s+", " ", plain).strip()
        if not plain:
            blank = True
            continue
        line = Line(
            text=plain,
            page=raw_line.page,
            start=raw_line.number,
            end=raw_line.number,
            heading_level=raw_line.heading_level,
            bullet=raw_line.bullet,
            bullet_marker="-" if raw_line.bullet else "",
            numbering=raw_line.numbering,
            bold=bold and (stripped.endswith("**") or in_bold or hard_break),
            # A Word paragraph is a paragraph, blank line or not.
            blank_before=blank or raw.whole_paragraphs,
            urls=urls,
            wraps=raw_line.wraps and not blank,
        )
        _normalise_list_marker(line)
        line.tail_len = len(line.text)
        out.append(line)
        blank = False
    return out


def _normalise_list_marker(line: Line) -> None:
    """Turn typographic bullets into bullet=True and keep numbering like '1.' or '(1)'."""
    if line.heading_level:
        return
    match = _BULLET.match(line.text)
    if match and len(line.text) > len(match.group(0)):
        line.bullet = True
        line.bullet_marker = match.group(0).strip()
        line.text = line.text[match.end() :].strip()
    numbered = _NUMBERED.match(line.text)
    if numbered and not _SECTION_NUMBER.match(line.text):
        line.numbering = (numbered.group(1) or numbered.group(2)) + "."
        line.text = line.text[numbered.end() :].strip()


def _table_cells(text: str, page: int | None, number: int) -> list[Line]:
    """An HTML table row: every cell starts a new block, every <p> is a line of that cell."""
    lines: list[Line] = []
    for cell in text.split("\t"):
        first = True
        for part in _HTML_P.split(cell):
            plain, urls = strip_markup(part.strip())
            plain = re.sub(r"\s+", " ", plain).strip()
            if not plain:
                continue
            lines.append(
                Line(
                    text=plain,
                    page=page,
                    start=number,
                    end=number,
                    blank_before=True,
                    cell=True,
                    heading_level=3 if first else 0,
                    urls=urls,
                    tail_len=len(plain),
                )
            )
            first = False
    return lines


def _drop_url_lines(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Bare URL lines are link annotations dumped by PDF extractors, not content."""
    kept: list[Line] = []
    links: list[str] = []
    for line in lines:
        if not line.bullet and not line.heading_level and _URL_LINE.match(line.text):
            links.append(line.text)
            continue
        kept.append(line)
    return kept, links


def _header_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _drop_running_headers(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Lines at the top or bottom of many pages are running headers/footers."""
    by_page: dict[int | None, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    if len(by_page) < 2:
        return lines, []
    seen: Counter[str] = Counter()
    for page_lines in by_page.values():
        edge = page_lines[:1] + page_lines[-1:]
        seen.update({_header_key(line.text) for line in edge})
    threshold = max(2, int(0.4 * len(by_page)))
    repeated = {key for key, count in seen.items() if count >= threshold}
    removed: list[str] = []
    kept: list[Line] = []
    for page_lines in by_page.values():
        edge_ids = {id(line) for line in page_lines[:1] + page_lines[-1:]}
        for line in page_lines:
            if id(line) in edge_ids and _header_key(line.text) in repeated:
                if line.text not in removed:
                    removed.append(line.text)
                continue
            kept.append(line)
    return kept, removed


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("’”\"'»*").endswith(tuple(TERMINAL))


def starts_lower(text: str) -> bool:
    first = text.lstrip("([‘'“\"")[:1]
    return first.islower()


def is_headingish(line: Line) -> bool:
    """Short line without closing punctuation: a title, label or floating heading."""
    words = line.text.split()
    return (
        0 < len(words) <= _HEADINGISH_MAX_WORDS
        and not line.text.endswith((".", ",", ";", "-"))
        and line.text[:1].isupper()
        and not line.bullet
    )


def is_all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) >= 0.9 * len(letters)


def _joinable(line: Line) -> bool:
    return not line.heading_level and not line.cell


def _join_text(left: str, right: str) -> str:
    """Join two pieces, re-joining a word hyphenated over the break but keeping real hyphens."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha():
        last_word = re.split(r"[\s/(]", left[:-1])[-1]
        first_word = right.split(" ", 1)[0].lower()
        if first_word in {"en", "of", "tot", "als", "noch"}:
            return f"{left} {right}"  # "PO- en VO-scholen"
        if last_word.isupper():
            return left + right  # "PO-" + "raad" is the compound "PO-raad"
        if right[:1].islower():
            return left[:-1] + right
        return left + right  # compound with a capital: "PO-" + "VO" stays "PO-VO"
    if re.search(r"(https?://|www\.)\S*/$", left):
        return left + right  # a URL broken at a slash
    return f"{left} {right}"


def _local_width(lines: list[Line], index: int) -> int:
    window = lines[max(0, index - 4) : index + 5]
    return max((line.tail_len for line in window if _joinable(line)), default=0)


def join_lines(lines: list[Line]) -> list[Line]:
    """Join lines broken mid-sentence and lift out floating headings (see module docstring)."""
    wrapped = _is_wrapped(lines)
    # Some extractors put a blank line after every line; then a blank line separates nothing.
    if _double_spaced(lines):
        for line in lines:
            line.blank_before = False
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        previous = out[-1] if out else None
        if previous is not None and _should_join(previous, line, lines, index, wrapped):
            _merge(previous, line)
            index += 1
            continue
        if (
            previous is not None
            and index + 1 < len(lines)
            and _is_floating(previous, line, lines[index + 1])
        ):
            line.floating = True
            _merge(previous, lines[index + 1])
            # The heading goes before the paragraph it interrupted, so the paragraph stays open.
            out.insert(len(out) - 1, line)
            index += 2
            continue
        out.append(line)
        index += 1
    return out


def _merge(target: Line, line: Line) -> None:
    target.text = _join_text(target.text, line.text)
    target.end = max(target.end, line.end)
    target.urls.extend(line.urls)
    target.tail_len = line.tail_len


def _is_floating(previous: Line, line: Line, follower: Line) -> bool:
    """A heading or running header extracted into the middle of a sentence."""
    if not (_joinable(previous) and _joinable(line) and _joinable(follower)):
        return False
    if (
        line.bullet
        or line.numbering
        or follower.bullet
        or follower.numbering
        or ends_sentence(previous.text)
    ):
        return False
    if line.bold or follower.bold:
        return False  # bold is deliberate markup, not an extraction artefact
    if follower.wraps:
        return False  # the layout says the follower continues this line: one paragraph
    if len(previous.text.split()) < 6 or _SECTION_NUMBER.match(previous.text) or previous.bullet:
        return False
    if previous.text.endswith("-") and not is_all_caps(line.text):
        return False
    short = len(line.text.split()) <= 4 and is_headingish(line)
    return (short or is_all_caps(line.text)) and starts_lower(follower.text)


def _is_continuation_bullet(previous: Line, line: Line) -> bool:
    """A dash 'bullet' inside a sentence or list item is the text's own dash."""
    if not line.bullet or line.bullet_marker not in "-–—" or ends_sentence(previous.text):
        return False
    if not previous.bullet and _joinable(previous) and starts_lower(line.text):
        return True
    return (
        previous.bullet and previous.bullet_marker not in "-–—" and not previous.text.endswith(")")
    )


def _unbalanced(text: str) -> bool:
    return text.count("(") > text.count(")")


def _should_join(previous: Line, line: Line, lines: list[Line], index: int, wrapped: bool) -> bool:
    if not (_joinable(previous) and _joinable(line)):
        return False
    if _is_continuation_bullet(previous, line):
        line.text = f"- {line.text}"
        line.bullet = False
        return True
    if line.bullet or line.numbering:
        return False
    if _SECTION_NUMBER.match(line.text) or re.match(r"^thema\s+\d", line.text, re.IGNORECASE):
        return False
    if line.wraps and not ends_sentence(previous.text) and previous.end == line.start - 1:
        return True  # the layout says the line above was full; what follows continues it
    if (
        not line.blank_before
        and previous.text.split()[-1].lower() in DANGLING_WORDS
        and not line.text.endswith(("?", ":"))  # a label such as "Meer lezen?" stands alone
    ):
        return True  # a line ending in "van het" is never complete
    if previous.text.endswith("-") and previous.text[-2:-1].isalpha() and not line.blank_before:
        return True
    if _unbalanced(previous.text) and not is_all_caps(line.text):
        return True
    if previous.bullet:
        # A list item continues on the next line until it closes a sentence or a parenthesis.
        if ends_sentence(previous.text) or previous.text.endswith(")") or line.text.endswith(":"):
            return False
        if line.bold != previous.bold or line.blank_before:
            return starts_lower(line.text)
        if starts_lower(line.text) or previous.text.endswith(("-", ",")):
            return True
        width = _local_width(lines, index)
        return width > 0 and previous.tail_len >= 0.7 * width
    if starts_lower(line.text) and not ends_sentence(previous.text):
        return True
    if (
        not wrapped
        or line.blank_before
        or previous.numbering
        or _SECTION_NUMBER.match(previous.text)
    ):
        return False
    if previous.text.endswith(("?", ":", ")")) or (
        len(line.text.split()) <= 4 and is_headingish(line)
    ):
        return False
    if line.text.endswith((":", "?")) and len(line.text.split()) <= 8:
        return False
    # A wrapped PDF line that fills its column continues the paragraph, even after a full stop.
    width = _local_width(lines, index)
    return width > 0 and previous.tail_len >= 0.8 * width


def _double_spaced(lines: list[Line]) -> bool:
    """Blank lines after nearly every line, even inside sentences, mean they separate nothing."""
    if len(lines) < 10 or sum(line.blank_before for line in lines) < 0.7 * len(lines):
        return False
    pairs = list(pairwise(lines))
    broken = sum(
        1 for a, b in pairs if b.blank_before and not ends_sentence(a.text) and starts_lower(b.text)
    )
    return broken > 0.2 * len(pairs)


def _is_wrapped(lines: list[Line]) -> bool:
    """Hard-wrapped extractions have short lines; markdown-like text has one line per paragraph."""
    lengths = sorted(len(line.text) for line in lines if _joinable(line) and not line.bullet)
    if len(lengths) < 10:
        return False
    return lengths[int(len(lengths) * 0.9)] < 130
