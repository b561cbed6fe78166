"""Parse a meetup briefing: region, introduction, themes, reading lists, directions, initiatives."""

from __future__ import annotations

import re

from kansenwerk.kennisbank.importing.cleaning import CleanDocument, ends_sentence, is_all_caps
from kansenwerk.kennisbank.importing.model import (
    Line,
    Location,
    ParsedDirection,
    ParsedDocument,
    ParsedInitiative,
    ParsedReadingItem,
    ParsedTheme,
)
from kansenwerk.kennisbank.importing.parsers.common import (
    is_title_candidate,
    join_text,
    normalise,
    place_mentions_in_questions,
    questions,
    sentences,
    slug,
    title_case_if_caps,
)
from kansenwerk.kennisbank.importing.problems import translate as _

THEME_HEADER = re.compile(r"^thema\s+(\d{1,2})\b[\s:.\-–]*(.*)$", re.IGNORECASE)
DIRECTION = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
DIRECTIONS_HEADER = re.compile(r"^oplossingsrichting(en)?\s*:?$", re.IGNORECASE)
READING_HEADER = re.compile(
    r"^(meer|verder)\s+(lezen|luisteren|zien)\b.*$|^leestips\b.*$", re.IGNORECASE
)
MIN_LINK_WORDS = 2
LEADING_QUESTIONS = re.compile(r"^((?:[^.!?]+\?\s*)+)(.*)$", re.DOTALL)
INITIATIVES_HEADER = re.compile(r"^.*\binitiatieven\s*:?$", re.IGNORECASE)
BRIEFING_TITLE = re.compile(r"\b(briefing|meetup|meet-up|bijeenkomst)\b", re.IGNORECASE)
MEDIA = (
    ("podcast", "podcast"),
    ("video", "video"),
    ("webinar", "video"),
    ("filmpje", "video"),
    ("documentaire", "video"),
    ("artikel", "artikel"),
    ("rapport", "rapport"),
    ("onderzoek", "rapport"),
    ("handreiking", "rapport"),
    ("boek", "boek"),
    ("website", "website"),
)
LOCAL_WORDS = re.compile(
    r"\b(gemeente\w*|samenwerkingsverband|regio\w*|wijk|buurt|lokaal|lokale)\b", re.IGNORECASE
)


def looks_like(doc: CleanDocument) -> int:
    """Structural evidence for a briefing: numbered directions, theme headers, list headers."""
    score = 0
    for line in doc.lines:
        if DIRECTION.match(line.text) and len(line.text) < 200:
            score += 1
        if THEME_HEADER.match(line.text) or DIRECTIONS_HEADER.match(line.text):
            score += 2
        if READING_HEADER.match(line.text) or INITIATIVES_HEADER.match(line.text):
            score += 1
    return score


def parse(doc: CleanDocument) -> ParsedDocument:
    lines = doc.lines
    title_line = _title_line(lines)
    if title_line is not None:
        _extend_wrapped_title(title_line, lines)
    title = title_case_if_caps(title_line.text) if title_line else ""
    region = _region_from_title(title_line.text) if title_line else ""
    parsed = ParsedDocument(kind="briefing", title=title or doc.name, region=region, place=region)
    starts = _theme_starts(lines)
    intro_end = starts[0][0] if starts else len(lines)
    parsed.introduction = join_text(
        [line.text for line in lines[:intro_end] if line is not title_line and not line.is_heading]
    )
    for position, (start, number) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        theme_number = number if number is not None else position + 1
        parsed.themes.append(_parse_theme(lines[start:end], number=theme_number, region=region))
    if not parsed.themes:
        parsed.warnings.append(_("Geen thema's gevonden in deze briefing."))
    _attach_link_urls(parsed, doc.links)
    _region_warnings(parsed, lines)
    return parsed


def _link_words(url: str) -> set[str]:
    path = re.sub(r"^(https?://)?(www\.)?", "", url.lower())
    return {word for word in re.split(r"[^0-9a-z]+", path) if len(word) >= 5}


def _attach_link_urls(parsed: ParsedDocument, links: list[str]) -> None:
    """A PDF extraction dumps a page's link targets as bare URL lines, apart from their link
    texts; a reading item or initiative without URL gets the dumped link whose address spells
    its words: a domain that is its whole name run together ("voorleesexpress.nl") or two or
    more consecutive words of it, or an address with at least two of its words of five
    letters or more (the best match winning)."""
    candidates = list(dict.fromkeys(link.strip() for link in links if link.strip()))
    if not candidates:
        return
    for theme in parsed.themes:
        items: list[ParsedReadingItem | ParsedInitiative] = [
            *theme.reading_items,
            *theme.initiatives,
        ]
        for item in items:
            if item.url:
                continue
            url = _link_for(item.title, getattr(item, "author", ""), candidates)
            if url:
                item.url = url if url.startswith("http") else f"https://{url}"


def _link_for(title: str, author: str, candidates: list[str]) -> str | None:
    name = normalise(title).replace(" ", "")
    runs = _name_runs(normalise(title).split())
    for url in candidates:
        host = re.sub(r"^(https?://)?(www\.)?", "", url.lower()).split("/")[0].split(":")[0]
        labels = host.split(".")
        label = re.sub(r"[^0-9a-z]", "", labels[-2]) if len(labels) >= 2 else ""
        if len(name) >= 8 and label == name:
            return url
        if label in runs:
            return url
    words = {w for w in normalise(f"{title} {author}").split() if len(w) >= 5}
    score, best = max((len(words & _link_words(u)), u) for u in candidates)
    return best if score >= MIN_LINK_WORDS else None


MIN_RUN_LETTERS = 10


def _name_runs(words: list[str]) -> set[str]:
    """Two or more consecutive words of a name run together, of at least MIN_RUN_LETTERS
    letters: an organisation's domain often drops a leading "stichting" or a trailing
    region ("maatjesproject gooi" in a longer name). One word alone never counts."""
    return {
        "".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 2, len(words) + 1)
        if len("".join(words[start:end])) >= MIN_RUN_LETTERS
    }


def _title_line(lines: list[Line]) -> Line | None:
    """The document's own strongest signal for its title: a 'briefing/meetup' heading anywhere."""
    for line in lines:
        if (
            BRIEFING_TITLE.search(line.text)
            and len(line.text.split()) <= 8
            and (line.is_heading or is_all_caps(line.text) or not ends_sentence(line.text))
        ):
            return line
    return next((line for line in lines if line.heading_level == 1), None)


def _extend_wrapped_title(title_line: Line, lines: list[Line]) -> None:
    """A capitalised title wrapped onto the line directly below it continues there."""
    index = lines.index(title_line)
    if index + 1 >= len(lines):
        return
    following = lines[index + 1]
    if (
        is_all_caps(title_line.text)
        and is_all_caps(following.text)
        and not following.blank_before
        and len(following.text.split()) <= 3
        and not THEME_HEADER.match(following.text)
    ):
        title_line.text = f"{title_line.text} {following.text}"
        title_line.end = following.end
        lines.remove(following)


def _region_from_title(text: str) -> str:
    parts = re.split(r"\s[–—-]\s|:\s", text)
    candidate = parts[-1] if len(parts) > 1 else re.sub(BRIEFING_TITLE, "", text)
    candidate = re.sub(BRIEFING_TITLE, "", candidate).strip(" -–:")
    return title_case_if_caps(candidate)


def _theme_starts(lines: list[Line]) -> list[tuple[int, int | None]]:
    """Where themes start: 'THEMA n' headers, plus a headerless theme before the first."""
    starts: list[tuple[int, int | None]] = []
    for index, line in enumerate(lines):
        match = THEME_HEADER.match(line.text)
        if match and len(line.text.split()) <= 10:
            starts.append((index, int(match.group(1))))
    first_header = starts[0][0] if starts else len(lines)
    first_direction = next(
        (
            i
            for i, line in enumerate(lines[:first_header])
            if DIRECTION.match(line.text) or DIRECTIONS_HEADER.match(line.text)
        ),
        None,
    )
    if first_direction is not None:
        implicit = _implicit_theme_start(lines, first_direction)
        # A headerless theme gets its position as number; headers keep the document's numbers.
        starts.insert(0, (implicit, None))
    return starts


def _implicit_theme_start(lines: list[Line], before: int) -> int:
    """A theme without header starts at the last short title followed by a guiding question."""
    for index in range(before - 1, 0, -1):
        candidate, following = lines[index - 1], lines[index]
        if (
            is_title_candidate(candidate)
            and following.text.endswith("?")
            and len(following.text.split()) >= 6
        ):
            return index - 1
    return before


def _parse_theme(lines: list[Line], *, number: int, region: str) -> ParsedTheme:
    header = lines[0]
    header_match = THEME_HEADER.match(header.text)
    body = lines[1:] if header_match else lines
    title = header_match.group(2).strip() if header_match and header_match.group(2) else ""
    question_parts: list[str] = []
    intro_parts: list[str] = []
    directions: list[tuple[Line, list[Line]]] = []
    reading: list[list[Line]] = []
    initiatives: list[list[Line]] = []
    mode = "text"
    for line in body:
        text = line.text
        if DIRECTIONS_HEADER.match(text):
            mode = "text"
            continue
        if READING_HEADER.match(text):
            mode = "reading"
            continue
        if INITIATIVES_HEADER.match(text) and len(text.split()) <= 8:
            mode = "initiatives"
            continue
        direction = DIRECTION.match(text)
        if direction:
            mode = "text"
            directions.append((line, []))
            continue
        if mode in ("reading", "initiatives"):
            target = reading if mode == "reading" else initiatives
            if line.bullet:
                target.append([line])
                continue
            if target and _continues_item(target[-1][-1], line):
                target[-1].append(line)
                continue
            mode = "text"
        if not directions and not title and is_title_candidate(line) and not text.endswith("?"):
            title = text
            continue
        # The guiding question is the first paragraph; a question line right below joins it.
        is_question = text.endswith("?") and len(text.split()) >= 5
        leading = LEADING_QUESTIONS.match(text)
        # A paragraph of one or two questions right below the guiding question continues it
        # (a word processor makes every line its own paragraph).
        only_questions = leading is not None and not leading.group(2) and len(sentences(text)) <= 2
        first_paragraph = not question_parts or only_questions
        if is_question and not directions and not intro_parts and first_paragraph:
            # Sentences after the opening questions are the introduction, run into it.
            if leading and leading.group(2) and not question_parts:
                question_parts.append(leading.group(1).strip())
                intro_parts.append(leading.group(2).strip())
            else:
                question_parts.append(text)
            continue
        if line.floating and is_title_candidate(line):
            continue  # a stray heading inside a direction, already used or irrelevant
        if directions:
            directions[-1][1].append(line)
        else:
            intro_parts.append(text)
    theme = ParsedTheme(
        number=number,
        title=title_case_if_caps(title),
        guiding_question=" ".join(question_parts),
        introduction=join_text(intro_parts),
        location=Location.span(lines),
        key=f"theme:{number}",
    )
    theme.solution_directions = sorted(
        (_direction(head, text_lines, theme_key=theme.key) for head, text_lines in directions),
        key=lambda d: tuple(int(part) for part in d.number.split(".")),
    )
    theme.reading_items = [
        _reading_item(item, theme_key=theme.key, index=i) for i, item in enumerate(reading, 1)
    ]
    theme.initiatives = [
        _initiative(item, theme_key=theme.key, region=region) for item in initiatives
    ]
    return theme


def _continues_item(last: Line, line: Line) -> bool:
    """Items split over two lines: the next line starts lower-case or the item is unfinished."""
    if line.is_heading or DIRECTION.match(line.text) or THEME_HEADER.match(line.text):
        return False
    # An initial ("J.H.") ends a name, not a sentence.
    initial = re.search(r"\b[A-Z]\.$", last.text) is not None
    unfinished = (initial or not ends_sentence(last.text)) and not last.text.endswith(")")
    return unfinished and (
        line.text[:1].islower() or not line.blank_before or len(line.text.split()) <= 12
    )


def _direction(head: Line, text_lines: list[Line], *, theme_key: str) -> ParsedDirection:
    match = DIRECTION.match(head.text)
    assert match is not None
    number = f"{int(match.group(1))}.{int(match.group(2))}"
    text = join_text([line.text for line in text_lines])
    return ParsedDirection(
        number=number,
        title=match.group(3).strip(),
        text=text,
        questions=questions(text),
        location=Location.span([head, *text_lines]),
        key=f"{theme_key}/direction:{number}",
    )


def _item_text(item: list[Line]) -> tuple[str, str | None]:
    text = " ".join(line.text for line in item)
    urls = [url for line in item for url in line.urls]
    return re.sub(r"\s+", " ", text).strip(), (urls[0] if urls else None)


def _reading_item(item: list[Line], *, theme_key: str, index: int) -> ParsedReadingItem:
    text, url = _item_text(item)
    medium = "overig"
    description = ""
    trailing = re.search(r"\(([^()]*)\)\s*$", text)
    if trailing:
        description = trailing.group(1).lower()
        found = sorted(
            (description.find(word), kind) for word, kind in MEDIA if word in description
        )
        if found:
            medium = found[0][1]
        # A trailing note is a description, unless it is a short name such as '(LAKS)'.
        if found or len(description.split()) >= 3:
            text = text[: trailing.start()].strip()
    if medium == "overig" and url:
        medium = "website"
    title, author = _split_title_author(text)
    return ParsedReadingItem(
        title=title,
        author=author,
        medium=medium,
        url=url,
        location=Location.span(item),
        key=f"{theme_key}/reading:{slug(title)}",
    )


def _split_title_author(text: str) -> tuple[str, str]:
    """'Title - Author, Publisher': split at the last dash that has a space after it."""
    parts = re.split(r"\s?[-–—]\s(?=\S)", text)
    if len(parts) >= 2 and 0 < len(parts[-1].split()) <= 16:
        return " - ".join(parts[:-1]).strip(" ,-"), parts[-1].strip(" ,")
    return text.strip(" ,-"), ""


def _initiative(item: list[Line], *, theme_key: str, region: str) -> ParsedInitiative:
    text, url = _item_text(item)
    title, description = text, ""
    colon = re.match(r"^(.{3,90}?):\s+(.*)$", text)
    paren = re.match(r"^(.{3,}?)\s*\(([^()]*)\)\s*$", text)
    if colon:
        title, description = colon.group(1), colon.group(2)
    elif paren:
        title, description = paren.group(1), paren.group(2)
    local = bool(LOCAL_WORDS.search(text)) or (region and normalise(region) in normalise(text))
    local = local or bool(re.search(r"\b[A-Z][\w.]*school\b", text))
    return ParsedInitiative(
        title=title.strip(),
        description=description.strip(),
        scope="lokaal" if local else "landelijk",
        place=region if local else "",
        url=url,
        location=Location.span(item),
        key=f"{theme_key}/initiative:{slug(title)}",
    )


def _region_warnings(parsed: ParsedDocument, lines: list[Line]) -> None:
    """A template sentence naming another town is reported, never used as the region."""
    if not parsed.region:
        parsed.warnings.append(_("Geen regio gevonden in de titel van de briefing."))
        return
    own = normalise(parsed.region)
    for line in lines:
        for place in place_mentions_in_questions(line.text):
            if normalise(place) != own:
                parsed.warnings.append(
                    _(
                        "Regel %(line)s noemt '%(place)s', maar de briefing gaat over "
                        "%(region)s; de regio blijft %(region)s."
                    )
                    % {"line": line.start, "place": place, "region": parsed.region}
                )
