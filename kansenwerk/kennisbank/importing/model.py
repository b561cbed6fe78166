"""Dataclasses for raw lines, cleaned lines and parsed kennisbank structures."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawLine:
    """One physical line of the input with the style hints the reader could see."""

    text: str
    page: int | None
    number: int
    heading_level: int = 0
    bullet: bool = False
    numbering: str | None = None
    cell: bool = False  # inside a table cell or panel
    cell_start: bool = False  # the first paragraph of its cell: the cell's title
    wraps: bool = False  # the layout broke the line above here because it was full (PDF)


@dataclass
class RawDocument:
    """A file as lines, before cleaning."""

    name: str
    lines: list[RawLine]
    paged: bool = False
    whole_paragraphs: bool = False  # lines are complete paragraphs (docx): never re-join them


@dataclass
class Line:
    """A logical line after cleaning; `start`/`end` point back to original line numbers."""

    text: str
    page: int | None
    start: int
    end: int
    heading_level: int = 0
    bullet: bool = False
    bullet_marker: str = ""
    numbering: str | None = None
    bold: bool = False
    blank_before: bool = False
    floating: bool = False
    cell: bool = False
    tail_len: int = 0
    urls: list[str] = field(default_factory=list)
    wraps: bool = False  # continues the line above: the layout broke it for want of room

    @property
    def is_heading(self) -> bool:
        return self.heading_level > 0 or self.floating


@dataclass
class Location:
    """Where an item sits in the original file."""

    page: int | None
    line_start: int
    line_end: int

    @classmethod
    def span(cls, lines: list[Line]) -> Location:
        if not lines:
            return cls(page=None, line_start=0, line_end=0)
        return cls(
            page=lines[0].page,
            line_start=min(line.start for line in lines),
            line_end=max(line.end for line in lines),
        )


@dataclass
class ParsedReadingItem:
    title: str
    author: str
    medium: str
    url: str | None
    location: Location
    key: str = ""


@dataclass
class ParsedDirection:
    number: str
    title: str
    text: str
    questions: list[str]
    location: Location
    key: str = ""


@dataclass
class ParsedInitiative:
    title: str
    description: str
    scope: str
    place: str
    url: str | None
    location: Location
    key: str = ""


@dataclass
class ParsedTheme:
    number: int | None
    title: str
    guiding_question: str
    introduction: str
    location: Location
    reading_items: list[ParsedReadingItem] = field(default_factory=list)
    solution_directions: list[ParsedDirection] = field(default_factory=list)
    initiatives: list[ParsedInitiative] = field(default_factory=list)
    key: str = ""


@dataclass
class ParsedPracticeExample:
    title: str
    text: str
    place: str
    location: Location
    key: str = ""


@dataclass
class ParsedSource:
    title: str
    url: str | None
    location: Location
    key: str = ""


@dataclass
class ParsedIntervention:
    title: str
    location: Location
    place: str = ""
    municipality: str = ""
    quote: str = ""
    people: list[tuple[str, str]] = field(default_factory=list)
    context: str = ""
    approach: str = ""
    results: str = ""
    goal: str = ""
    theory: str = ""
    evidence: str = ""
    practice_examples: list[ParsedPracticeExample] = field(default_factory=list)
    sources: list[ParsedSource] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    key: str = ""


@dataclass
class ParsedLesson:
    number: int | None
    title: str
    text: str
    location: Location
    key: str = ""


@dataclass
class ParsedSection:
    heading: str
    text: str
    location: Location
    key: str = ""


@dataclass
class ParsedDocument:
    """Everything found in one document; `content_key` is equal for two extractions of it."""

    kind: str
    title: str
    region: str = ""
    place: str = ""
    introduction: str = ""
    themes: list[ParsedTheme] = field(default_factory=list)
    interventions: list[ParsedIntervention] = field(default_factory=list)
    lessons: list[ParsedLesson] = field(default_factory=list)
    sources: list[ParsedSource] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    content_key: str = ""
    name: str = ""

    def counts(self) -> dict[str, int]:
        """Record counts per kind, as the import report shows them."""
        return {
            "themes": len(self.themes),
            "solution_directions": sum(len(t.solution_directions) for t in self.themes),
            "reading_items": sum(len(t.reading_items) for t in self.themes),
            "initiatives": sum(len(t.initiatives) for t in self.themes),
            "interventions": len(self.interventions),
            "practice_examples": sum(len(i.practice_examples) for i in self.interventions),
            "sources": len(self.sources) + sum(len(i.sources) for i in self.interventions),
            "lessons": len(self.lessons),
        }
