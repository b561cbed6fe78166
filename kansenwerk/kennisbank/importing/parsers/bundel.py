"""Parse an interventiebundel: local interventions (place, quote, people, context, approach,
results),
the collection's themes, its lessons learned and its links per place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from kansenwerk.kennisbank.importing.cleaning import CleanDocument, ends_sentence, is_all_caps
from kansenwerk.kennisbank.importing.model import (
    Line,
    Location,
    ParsedDocument,
    ParsedIntervention,
    ParsedLesson,
    ParsedSource,
    ParsedTheme,
)
from kansenwerk.kennisbank.importing.parsers.common import (
    is_quote,
    is_title_candidate,
    join_text,
    label_match,
    normalise,
    slug,
    strip_quote,
    title_case_if_caps,
)
from kansenwerk.kennisbank.importing.problems import translate as _

SECTION_LABELS = {
    "context": r"(context|achtergrond|aanleiding)",
    "approach": r"(aanpak|werkwijze)",
    "results": r"(opbrengsten|resultaten|resultaat|effecten)",
}
THEMES_HEADING = r"(thema'?s|themas)"
LESSONS_HEADING = r".*\b(geleerd|lessen|leerpunten)\b.*"
MORE_INFO_HEADING = r"(meer informatie|links|bronnen|meer weten)"
NAME_PARTICLES = {
    "van",
    "der",
    "den",
    "de",
    "ter",
    "ten",
    "te",
    "het",
    "'t",
    "von",
    "la",
    "le",
    "el",
    "da",
}
NUMBERED_HEADING = re.compile(r"^(\d{1,2})[.)]\s+(.+)$")
MUNICIPALITY = re.compile(
    r"\b[Gg]emeente (?:van )?((?:[A-Z][\w'-]+|'s-[A-Z][\w-]+)(?: [A-Z][\w'-]+)*)"
)


@dataclass
class _TocEntry:
    place: str
    title: str


def looks_like(doc: CleanDocument) -> int:
    sections = sum(1 for line in doc.lines if _section_of(line) and len(line.text.split()) <= 3)
    quotes = sum(1 for line in doc.lines if is_quote(line.text))
    return sections + quotes if sections >= 3 else 0


def _section_of(line: Line) -> str | None:
    for name, pattern in SECTION_LABELS.items():
        if label_match(line, pattern):
            return name
    return None


def parse(doc: CleanDocument) -> ParsedDocument:
    lines = doc.lines
    title_line = next((line for line in lines if line.heading_level == 1), lines[0])
    parsed = ParsedDocument(kind="interventiebundel", title=title_line.text)
    theme_names = _themes(lines)
    parsed.themes = [
        ParsedTheme(
            number=i,
            title=name,
            guiding_question="",
            introduction="",
            location=loc,
            key=f"theme:{i}",
        )
        for i, (name, loc) in enumerate(theme_names, start=1)
    ]
    toc = _table_of_contents(lines)
    starts = _intervention_starts(lines, toc)
    first = starts[0][0] if starts else len(lines)
    parsed.introduction = join_text(
        [
            line.text
            for line in lines[:first]
            if line is not title_line and not line.bold and not line.is_heading
        ]
    )
    closing = [i for i, line in enumerate(lines) if line.heading_level == 1 and i > first]
    for position, (start, quote_at) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        end = min([end, *[c for c in closing if c > quote_at]])
        parsed.interventions.append(
            _intervention(lines[start:end], quote_at - start, [n for n, _ in theme_names])
        )
    _assign_titles_and_places(parsed, toc)
    parsed.lessons = _lessons(lines)
    _more_information(parsed, lines)
    return parsed


def _themes(lines: list[Line]) -> list[tuple[str, Location]]:
    for index, line in enumerate(lines):
        if (line.is_heading or is_title_candidate(line)) and label_match(line, THEMES_HEADING):
            items = []
            for item in lines[index + 1 :]:
                if not item.bullet:
                    break
                items.append((item.text, Location.span([item])))
            return items
    return []


def _table_of_contents(lines: list[Line]) -> list[_TocEntry]:
    """Pairs of a place line followed by a bold title, before the first intervention."""
    entries: list[_TocEntry] = []
    index = 0
    while index < len(lines) - 1:
        place, title = lines[index], lines[index + 1]
        if _is_place_line(place) and title.bold and not title.is_heading:
            text = title.text
            index += 2
            while index < len(lines) and lines[index].bold and not _is_place_line(lines[index]):
                text = f"{text} {lines[index].text}"
                index += 1
            entries.append(_TocEntry(place=place.text.strip(), title=text.strip()))
            continue
        index += 1
    return entries


def _is_place_line(line: Line) -> bool:
    return (
        not line.bold
        and not line.is_heading
        and not line.bullet
        and 0 < len(line.text.split()) <= 6
        and line.text[:1].isupper()
        and not ends_sentence(line.text)
        and not is_all_caps(line.text)
    )


def _is_person_line(line: Line) -> bool:
    return not line.is_heading and (line.bold or _looks_like_name(line.text))


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or ends_sentence(text):
        return False
    return (
        all(word[:1].isupper() or word.lower() in NAME_PARTICLES for word in words)
        and words[0][:1].isupper()
    )


def _intervention_starts(lines: list[Line], toc: list[_TocEntry]) -> list[tuple[int, int]]:
    """(first line, quote line) per intervention: a quote followed by a person opens one."""
    places = {normalise(entry.place) for entry in toc}
    starts: list[tuple[int, int]] = []
    for index, line in enumerate(lines[:-1]):
        if not (is_quote(line.text) and _is_person_line(lines[index + 1])):
            continue
        first = index
        above = lines[index - 1] if index > 0 else None
        if (
            above is not None
            and not _section_of(above)
            and (above.is_heading or (is_title_candidate(above) and not above.bold))
        ):
            first = index - 1
        if (
            first > 0
            and _is_place_line(lines[first - 1])
            and _place_known(lines[first - 1].text, places)
        ):
            first -= 1
        starts.append((first, index))
    return starts


def _place_known(text: str, places: set[str]) -> bool:
    norm = normalise(text)
    return any(norm == place or norm.startswith(place + " ") for place in places) or bool(
        re.match(r"^[A-Z][\w-]+ \(", text)
    )


def _intervention(lines: list[Line], quote_at: int, theme_names: list[str]) -> ParsedIntervention:
    head = lines[:quote_at]
    title = head[-1].text if head else ""
    place = head[0].text if len(head) > 1 else ""
    intervention = ParsedIntervention(
        title=title,
        place=re.sub(r"\s*\(.*\)$", "", place),
        quote=strip_quote(lines[quote_at].text),
        location=Location.span(lines),
    )
    sections: dict[str, list[str]] = {"context": [], "approach": [], "results": []}
    section: str | None = None
    people: list[list[str]] = []
    theme_keys = {normalise(name): name for name in theme_names}
    # When names are bold, only bold lines are names; otherwise fall back to name-like lines.
    bold_names = any(line.bold for line in lines[quote_at + 1 : quote_at + 3])
    for line in lines[quote_at + 1 :]:
        label = _section_of(line) if len(line.text.split()) <= 3 else None
        if label:
            section = label
            continue
        if normalise(line.text) in theme_keys:
            intervention.themes.append(theme_keys[normalise(line.text)])
            continue
        if section is None:
            if is_all_caps(line.text):
                continue  # decorative labels between people and the story
            if line.bold and people and people[-1][1] == "" and not line.blank_before:
                people[-1][0] = f"{people[-1][0]} {line.text}"
            elif (line.bold if bold_names else _looks_like_name(line.text)) and (
                line.bold or not people or people[-1][1]
            ):
                people.append([line.text, ""])
            elif people:
                people[-1][1] = f"{people[-1][1]} {line.text}".strip()
            continue
        sections[section].append(_with_list_marker(line))
    intervention.people = [(name.strip(), role.strip()) for name, role in people]
    intervention.context = join_text(sections["context"])
    intervention.approach = join_text(sections["approach"])
    intervention.results = join_text(sections["results"])
    return intervention


def _with_list_marker(line: Line) -> str:
    """A list item keeps its marker in the record's text: without it, an item that starts in
    lower case reads as a sentence broken off, and two items read as one sentence."""
    if line.numbering:
        return f"{line.numbering} {line.text}"
    return f"- {line.text}" if line.bullet else line.text


def _assign_titles_and_places(parsed: ParsedDocument, toc: list[_TocEntry]) -> None:
    """Match interventions to the table of contents: by place line, place in the text, title."""
    pairs: list[tuple[float, int, int]] = []
    for i, intervention in enumerate(parsed.interventions):
        text = normalise(
            " ".join([intervention.context, intervention.approach, intervention.results])
        )
        for j, entry in enumerate(toc):
            place = normalise(entry.place)
            score = (
                fuzz.token_set_ratio(normalise(intervention.title), normalise(entry.title))
                if intervention.title
                else 0
            )
            if intervention.place:
                score += 200 if normalise(intervention.place) == place else -200
            elif f" {place} " in f" {text} ":
                score += 100
            pairs.append((score, i, j))
    used_i: set[int] = set()
    used_j: set[int] = set()
    for score, i, j in sorted(pairs, reverse=True):
        if i in used_i or j in used_j or score < 50:
            continue
        used_i.add(i)
        used_j.add(j)
        intervention = parsed.interventions[i]
        intervention.place = intervention.place or toc[j].place
        if not intervention.title:
            intervention.title = toc[j].title
            parsed.warnings.append(
                _(
                    "Interventie zonder kop op regel %(line)s: titel '%(title)s' "
                    "uit de inhoudsopgave genomen."
                )
                % {"line": intervention.location.line_start, "title": toc[j].title}
            )
    seen: dict[str, int] = {}
    for intervention in parsed.interventions:
        if not intervention.title:
            intervention.title = " ".join(intervention.quote.split()[:8]) or _(
                "Naamloze interventie"
            )
            parsed.warnings.append(
                _("Interventie zonder kop op regel %(line)s: geen titel gevonden.")
                % {"line": intervention.location.line_start}
            )
        text = " ".join([intervention.context, intervention.approach, intervention.results])
        municipality = MUNICIPALITY.search(text) or MUNICIPALITY.search(
            "; ".join(r for _n, r in intervention.people)
        )
        intervention.municipality = municipality.group(1) if municipality else intervention.place
        intervention.place = intervention.place or intervention.municipality
        key = slug(intervention.title)
        seen[key] = seen.get(key, 0) + 1
        intervention.key = f"intervention:{key}" + (f"-{seen[key]}" if seen[key] > 1 else "")
        intervention.title = title_case_if_caps(intervention.title)


def _lessons(lines: list[Line]) -> list[ParsedLesson]:
    lessons: list[ParsedLesson] = []
    inside = False
    current: list[Line] = []

    def flush() -> None:
        if current:
            match = NUMBERED_HEADING.match(current[0].text)
            number = (
                int(match.group(1))
                if match
                else (int(current[0].numbering[:-1]) if current[0].numbering else None)
            )
            title = match.group(2) if match else current[0].text
            lessons.append(
                ParsedLesson(
                    number=number,
                    title=title.strip(),
                    text=join_text([line.text for line in current[1:]]),
                    location=Location.span(current),
                    key=f"lesson:{number or slug(title)}",
                )
            )

    for line in lines:
        lessons_heading = label_match(line, LESSONS_HEADING) and (
            is_title_candidate(line) or line.text.endswith("?")
        )
        if line.heading_level == 1 or (lessons_heading and len(line.text.split()) <= 6):
            flush()
            current = []
            inside = lessons_heading
            continue
        if not inside:
            continue
        if (line.is_heading and NUMBERED_HEADING.match(line.text)) or line.numbering:
            flush()
            current = [line]
            if line.numbering and not NUMBERED_HEADING.match(line.text):
                line.text = f"{line.numbering} {line.text}"
        elif current:
            current.append(line)
    flush()
    return lessons


def _more_information(parsed: ParsedDocument, lines: list[Line]) -> None:
    """Links grouped under place headings belong to the intervention in that place."""
    inside = False
    place = ""
    by_place = {normalise(i.place): i for i in parsed.interventions if i.place}
    for line in lines:
        if line.heading_level == 1:
            inside = label_match(line, MORE_INFO_HEADING)
            continue
        if not inside:
            continue
        if line.is_heading or (
            _is_place_line(line) and not line.urls and normalise(line.text) in by_place
        ):
            place = line.text
            continue
        if not line.bullet and (ends_sentence(line.text) or len(line.text.split()) > 20):
            continue  # the section's own explanation
        target = by_place.get(normalise(place))
        parent = target.key if target else "document"
        source = ParsedSource(
            title=line.text,
            url=line.urls[0] if line.urls else None,
            location=Location.span([line]),
            key=f"{parent}/source:{slug(line.text, max_words=10)}",
        )
        (target.sources if target else parsed.sources).append(source)
