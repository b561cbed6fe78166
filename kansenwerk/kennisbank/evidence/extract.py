"""Finding sentences about effect in a document's lines: pure functions, no database.

A sentence counts when it says something is (not) proven or effective, reports what
research shows, or cites an evidence source (EEF, a databank, an effect study). A
sentence ending in ':' that introduces a list is joined with each list item after it,
so "these five are proven: … 5. X (not yet fully proven)" gives one statement per item.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

CLAIM = "claim"
CAVEAT = "kanttekening"
REFERENCE = "verwijzing"

_CLAIM = re.compile(
    r"\b(bewezen|effectief|effectiviteit|effect(en)?\b.*\b(gevonden|heeft|hebben|laten|"
    r"laat|zien|aangetoond|positief|positieve)|positieve effecten|aangetoond|tonen aan|"
    r"werkzame elementen|maanden vooruitgang)",
    re.IGNORECASE,
)
_CAVEAT = re.compile(
    r"\b(niet (volledig |voldoende )?bewezen|nog niet|geen effect|effecten? .{0,40}klein|"
    r"verschillen .{0,40}groot|wordt? .{0,30}onderzocht|niet erkend)",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"(\bEEF\b|Education(al)? Endowment|Teaching and Learning Toolkit|databank|"
    r"effectonderzoek|onderzoeksrapport|overzichtsstudie|impactevaluatie|meta-analyse|"
    r"\buit (de )?onderzoek|\bonderzoek(en)? (laat|laten|toont|tonen|wijst)|"
    r"\([A-Z][^()]{1,80},? (19|20)\d\d\))"
)
# Not about an intervention's effect: the words appear, the meaning is organisational.
_NOISE = re.compile(r"\beffectieve samenwerking\b|\beffectief (ingezet|gebruik)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'‘“(A-Z0-9])")
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+")
_MARKUP = re.compile(r"<[^>]+>")

MAX_LEN = 600
MIN_SENTENCE = 40  # shorter: a bare citation or a split-off title


@dataclass(frozen=True)
class FoundStatement:
    text: str
    kind: str
    page: int | None
    line: int
    subject: str = ""

    @property
    def key(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:32]


def classify(sentence: str) -> str | None:
    """The kind of evidence statement a sentence is, or None when it is not one."""
    if len(sentence) < 12 or (_NOISE.search(sentence) and not _CAVEAT.search(sentence)):
        return None
    if _CAVEAT.search(sentence) and (_CLAIM.search(sentence) or _REFERENCE.search(sentence)):
        return CAVEAT
    if _CLAIM.search(sentence):
        return CLAIM
    if _REFERENCE.search(sentence):
        return REFERENCE
    return None


def sentences(text: str) -> list[str]:
    text = _MARKUP.sub(" ", text)
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


Lines = Iterable[tuple[str, int | None, int, bool]]


def find_statements(lines: Lines) -> list[FoundStatement]:
    """Evidence statements in (text, page, line number, is list item) lines, in order, once.

    A line counts as a list item when the reader said so or it starts with '1.', '-', '•'.
    """
    found: list[FoundStatement] = []
    seen: set[str] = set()
    lead: str | None = None  # an evidence sentence ending in ':' whose list follows

    def add(text: str, kind: str, page: int | None, line: int, subject: str = "") -> None:
        text = text[:MAX_LEN]
        if text not in seen:
            seen.add(text)
            found.append(FoundStatement(text, kind, page, line, subject))

    for raw, page, number, marked in lines:
        is_item = marked or bool(_LIST_ITEM.match(raw))
        if lead is not None:
            item = _LIST_ITEM.sub("", raw, count=1).strip() if is_item else None
            if item:
                own = classify(item)
                kind = CAVEAT if own == CAVEAT else CLAIM
                subject = re.sub(r"\s*\(.*\)\s*$", "", item).strip()
                add(f"{lead} {item}", kind, page, number, subject)
                continue
            if raw.strip():
                lead = None
        if is_item and len(raw) < 80:
            continue  # a bare list item: only evidence under an evidence lead-in
        for sentence in sentences(raw):
            found_kind = classify(sentence)
            if found_kind is None or len(sentence) < MIN_SENTENCE:
                continue
            if sentence.endswith(":"):
                lead = sentence
                continue
            add(sentence, found_kind, page, number)
    return found
