"""Parse an inspiratiekaart: interventions (goal, theory, evidence, examples), lists, sources."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from kansenwerk.kennisbank.importing.cleaning import CleanDocument
from kansenwerk.kennisbank.importing.model import (
    Line,
    Location,
    ParsedDocument,
    ParsedIntervention,
    ParsedPracticeExample,
    ParsedSource,
)
from kansenwerk.kennisbank.importing.parsers.common import join_text, label_match, normalise, slug

GOAL = re.compile(r"^doel\s*:\s*(.*)$", re.IGNORECASE)
EVIDENCE_LABEL = r"(effect(en)?|resultaten|bewijs|onderbouwing effect)\b.*"
THEORY_LABEL = r"(theoretische onderbouwing|onderbouwing|theorie)"
EXAMPLES_LABEL = r"(praktijkvoorbeeld(en)?|voorbeelden uit de praktijk)"
SOURCES_LABEL = r"(bronnen|bronvermelding|literatuur|referenties)"
READ_MORE_LABEL = r"(verder lezen|meer lezen|tips voor vervolg).*"
AUTHORS = re.compile(r"^auteurs?\s*:\s*(.+)$", re.IGNORECASE)
# Words that open a Dutch sentence; used to split 'Title Sentence…' table cells.
SENTENCE_STARTERS = {
    "de",
    "het",
    "een",
    "op",
    "bij",
    "in",
    "door",
    "met",
    "zo",
    "dit",
    "deze",
    "er",
    "zij",
    "ze",
    "wij",
    "we",
    "als",
    "voor",
    "na",
    "om",
    "naast",
    "hier",
    "daar",
    "via",
    "tijdens",
    "sinds",
    "ook",
    "elke",
    "iedere",
}
MATCH_THRESHOLD = 70
# Two titles of one intervention differ in slashes and word order, not in words.
TWIN_THRESHOLD = 80


def looks_like(doc: CleanDocument) -> int:
    goals = sum(1 for line in doc.lines if GOAL.match(line.text))
    theory = sum(1 for line in doc.lines if label_match(line, THEORY_LABEL))
    evidence = sum(
        1 for line in doc.lines if label_match(line, EVIDENCE_LABEL) and len(line.text.split()) <= 5
    )
    return 2 * goals + theory + evidence if goals >= 2 else 0


def parse(doc: CleanDocument) -> ParsedDocument:
    lines = doc.lines
    title_line = next((line for line in lines[:10] if line.heading_level == 1), lines[0])
    parsed = ParsedDocument(kind="inspiratiekaart", title=title_line.text.rstrip("."))
    # A title repeated later is a running header of the next page or panel.
    own = normalise(title_line.text)
    lines = [line for line in lines if line is title_line or normalise(line.text) != own]
    goal_indexes = [i for i, line in enumerate(lines) if GOAL.match(line.text) and not line.cell]
    first = _intervention_start(lines, goal_indexes[0]) if goal_indexes else len(lines)
    _intro_and_lists(parsed, lines[:first], skip=title_line)
    tail_start = _parse_interventions(parsed, lines, goal_indexes)
    _parse_tail(parsed, lines[tail_start:])
    _attach_table_examples(parsed, lines)
    return parsed


def _intervention_start(lines: list[Line], goal_index: int) -> int:
    """The title is the nearest line above 'Doel:' that is not a label like 'Theoretische ...'."""
    index = goal_index - 1
    while index > 0 and label_match(lines[index], THEORY_LABEL):
        index -= 1
    return index


def _intro_and_lists(parsed: ParsedDocument, lines: list[Line], *, skip: Line) -> None:
    intro: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if line is skip:
            continue
        authors = AUTHORS.match(line.text)
        if authors:
            parsed.lists["auteurs"] = [
                name.strip() for name in re.split(r",|\ben\b", authors.group(1)) if name.strip()
            ]
            continue
        if line.numbering or line.bullet:
            if current is None:
                current = parsed.lists.setdefault(_list_name(intro[-1] if intro else "lijst"), [])
            current.append(line.text)
            continue
        current = None
        intro.append(line.text)
    parsed.introduction = join_text(intro)


def _list_name(sentence: str) -> str:
    """Name a list after the sentence that introduces it."""
    lowered = sentence.lower()
    if re.search(r"\b(redenen|oorzaken)\b", lowered):
        return "oorzaken"
    if "bewezen" in lowered or "effectief" in lowered:
        return "bewezen interventies"
    return " ".join(normalise(sentence).split()[-4:]) or "lijst"


def _parse_interventions(parsed: ParsedDocument, lines: list[Line], goal_indexes: list[int]) -> int:
    end_of_all = len(lines)
    for index, line in enumerate(lines):
        if (
            goal_indexes
            and index > goal_indexes[-1]
            and (
                line.cell or label_match(line, READ_MORE_LABEL) or label_match(line, SOURCES_LABEL)
            )
        ):
            end_of_all = index
            break
    starts = [_intervention_start(lines, g) for g in goal_indexes]
    blocks: list[tuple[ParsedIntervention, list[Line], int]] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else end_of_all
        # Labels that introduce the next intervention belong to it, not to this one.
        while end > start and label_match(lines[end - 1], THEORY_LABEL):
            end -= 1
        goal_at = goal_indexes[position] - start
        blocks.append((_intervention(lines[start:end], goal_at=goal_at), lines[start:end], goal_at))
    parsed.interventions.extend(_merge_twins(blocks))
    return end_of_all


def _merge_twins(
    blocks: list[tuple[ParsedIntervention, list[Line], int]],
) -> list[ParsedIntervention]:
    """An intervention named twice (its theory, and its panel on the card) is one intervention.

    The block with the most text is the intervention; the others are panels: their goal fills a
    missing goal and their list items (a name, then its text) are practice examples.
    """
    groups: list[list[tuple[ParsedIntervention, list[Line], int]]] = []
    for block in blocks:
        group = next(
            (
                g
                for g in groups
                if fuzz.token_set_ratio(normalise(g[0][0].title), normalise(block[0].title))
                >= TWIN_THRESHOLD
            ),
            None,
        )
        if group is None:
            groups.append([block])
        else:
            group.append(block)
    merged: list[ParsedIntervention] = []
    for group in groups:
        main = max(group, key=lambda b: len(b[0].theory) + len(b[0].evidence))[0]
        for intervention, block_lines, goal_at in group:
            if intervention is main:
                continue
            main.goal = main.goal or intervention.goal
            main.practice_examples.extend(intervention.practice_examples)
            main.practice_examples.extend(
                _panel_examples(block_lines[goal_at + 1 :], parent_key=main.key)
            )
        merged.append(main)
    return merged


def _panel_examples(lines: list[Line], *, parent_key: str) -> list[ParsedPracticeExample]:
    """A panel's list: each item names an example; plain lines below it are its text."""
    examples: list[ParsedPracticeExample] = []
    for index, line in enumerate(lines):
        if line.cell:
            continue
        if line.bullet or line.numbering:
            following = lines[index + 1] if index + 1 < len(lines) else None
            named_alone = following is not None and not (
                following.bullet or following.numbering or following.is_heading
            )
            if named_alone and len(line.text.split()) <= 8 and not line.text.endswith("."):
                examples.append(
                    ParsedPracticeExample(
                        title=line.text.strip(),
                        text="",
                        place="",
                        location=Location.span([line]),
                        key=f"{parent_key}/example:{slug(line.text)}",
                    )
                )
            else:
                examples.append(_example(line.text, [line], parent_key=parent_key))
        elif examples and not line.is_heading:
            example = examples[-1]
            example.text = join_text([example.text, line.text])
            example.place = example.place or _place_in(line.text)
    return examples


def _intervention(lines: list[Line], *, goal_at: int) -> ParsedIntervention:
    title = lines[0].text.strip()
    goal_match = GOAL.match(lines[goal_at].text)
    goal = goal_match.group(1) if goal_match else ""
    theory: list[str] = []
    evidence: list[str] = []
    examples: list[ParsedPracticeExample] = []
    mode = "theory"
    key = f"intervention:{slug(title)}"
    for line in lines[goal_at + 1 :]:
        if line.cell:
            continue
        if label_match(line, EVIDENCE_LABEL) and len(line.text.split()) <= 5:
            mode = "evidence"
            evidence.append(line.text)
            continue
        if label_match(line, EXAMPLES_LABEL):
            mode = "examples"
            continue
        if mode == "examples" and (line.bullet or line.numbering or line.is_heading):
            examples.append(_example(line.text, [line], parent_key=key))
            continue
        if mode == "examples" and examples and not line.is_heading:
            examples[-1].text = join_text([examples[-1].text, line.text])
            continue
        (evidence if mode == "evidence" else theory).append(line.text)
    return ParsedIntervention(
        title=title,
        goal=goal,
        theory=join_text(theory),
        evidence=join_text(evidence),
        practice_examples=examples,
        location=Location.span(lines),
        key=key,
    )


def _example(text: str, lines: list[Line], *, parent_key: str) -> ParsedPracticeExample:
    title, body = split_title_and_text(text)
    return ParsedPracticeExample(
        title=title,
        text=body,
        place=_place_in(body),
        location=Location.span(lines),
        key=f"{parent_key}/example:{slug(title)}",
    )


def split_title_and_text(text: str) -> tuple[str, str]:
    """'Title: text', 'Title – text', or a title run into its first sentence ('Club Leden…')."""
    explicit = re.match(r"^(.{2,80}?)(?::|\s[–—-])\s+(.+)$", text)
    if explicit and len(explicit.group(1).split()) <= 8:
        return explicit.group(1).strip(), explicit.group(2).strip()
    words = text.split()
    window = words[1:9]
    for offset, word in enumerate(window, start=1):
        if word.lower() in SENTENCE_STARTERS and word[:1].isupper():
            return " ".join(words[:offset]), " ".join(words[offset:])
    # Otherwise the first capitalised word followed by a lower-case word opens the sentence.
    for offset, word in enumerate(window, start=1):
        following = words[offset + 1] if offset + 1 < len(words) else ""
        if word[:1].isupper() and following[:1].islower():
            return " ".join(words[:offset]), " ".join(words[offset:])
    return text, ""


def _place_in(text: str) -> str:
    """'… in Assen.': the capitalised word after the last 'in' in the text, when there is one."""
    matches = re.findall(r"\bin ([A-Z][a-zà-ÿ]+(?:[- ][A-Z][a-zà-ÿ]+)?)\b", text)
    return matches[-1] if matches else ""


def _join_wrapped(left: str, right: str) -> str:
    if left.endswith("-") and right[:1].islower():
        return left[:-1] + right
    return f"{left} {right}"


def _parse_tail(parsed: ParsedDocument, lines: list[Line]) -> None:
    mode = ""
    last_listed = False
    for line in lines:
        if line.cell:
            continue
        if label_match(line, SOURCES_LABEL):
            mode = "sources"
            continue
        if label_match(line, READ_MORE_LABEL):
            mode = "read"
            continue
        listed = line.bullet or line.numbering
        if mode == "sources" and parsed.sources and not listed and not line.blank_before:
            last = parsed.sources[-1]
            if last_listed and not line.is_heading:
                # A list item wrapped onto the next line of its paragraph continues it.
                last.title = _join_wrapped(last.title, line.text)
                urls = line.urls or re.findall(r"https?://\S+", line.text)
                last.url = last.url or (urls[0].rstrip(".,") if urls else None)
                continue
        if mode == "sources" and (listed or not line.is_heading):
            last_listed = bool(listed)
            urls = line.urls or re.findall(r"https?://\S+", line.text)
            parsed.sources.append(
                ParsedSource(
                    title=line.text,
                    url=urls[0].rstrip(".,") if urls else None,
                    location=Location.span([line]),
                    key=f"source:{slug(line.text, max_words=10)}",
                )
            )
        elif mode == "read" and (line.bullet or line.numbering):
            parsed.lists.setdefault("verder lezen", []).append(line.text)


def _attach_table_examples(parsed: ParsedDocument, lines: list[Line]) -> None:
    """Overview tables: a column starts with an intervention title, then its practice examples."""
    column: list[Line] = []
    columns: list[list[Line]] = []
    for line in lines:
        if not line.cell:
            continue
        if line.heading_level and column:
            columns.append(column)
            column = []
        column.append(line)
    if column:
        columns.append(column)
    for column in columns:
        target = _best_intervention(parsed.interventions, column[0].text)
        if target is None:
            continue
        for line in column[1:]:
            goal = GOAL.match(line.text)
            if goal:
                target.goal = target.goal or goal.group(1)
                continue
            target.practice_examples.append(_example(line.text, [line], parent_key=target.key))


def _best_intervention(
    interventions: list[ParsedIntervention], title: str
) -> ParsedIntervention | None:
    scored = [
        (fuzz.token_set_ratio(normalise(i.title), normalise(title)), i) for i in interventions
    ]
    scored = [item for item in scored if item[0] >= MATCH_THRESHOLD]
    return max(scored, key=lambda item: item[0])[1] if scored else None
