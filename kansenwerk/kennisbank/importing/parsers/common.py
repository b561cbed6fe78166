"""Helpers shared by the parsers: text normalisation, slugs, sentences, labels."""

from __future__ import annotations

import re
import unicodedata

from kansenwerk.kennisbank.importing.cleaning import ends_sentence, is_headingish
from kansenwerk.kennisbank.importing.model import Line

QUOTE_OPEN = "‘'“\"„"
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_PLACE_STOPWORDS = {
    "nederland",
    "engeland",
    "europa",
    "de",
    "het",
    "een",
    "dit",
    "deze",
    "die",
    "dat",
    "onze",
    "jouw",
    "uw",
    "je",
    "zijn",
    "haar",
    "hun",
    "po",
    "vo",
    "mbo",
    "hbo",
}


def normalise(text: str) -> str:
    """Lower-case, no accents or punctuation, single spaces: for comparisons and keys."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^0-9a-z]+", " ", text.lower())
    return text.strip()


def slug(text: str, *, max_words: int = 8) -> str:
    return "-".join(normalise(text).split()[:max_words]) or "zonder-titel"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def questions(text: str) -> list[str]:
    """The questions put to the table: every sentence that ends with a question mark."""
    return [s for s in sentences(text) if s.endswith("?") and len(s.split()) >= 3]


def join_text(parts: list[str]) -> str:
    return "\n\n".join(part.strip() for part in parts if part.strip())


def label_match(line: Line, pattern: str) -> bool:
    """A label line such as 'Doel:' or a heading 'Context', matched case-insensitively."""
    text = line.text.strip().rstrip(":").strip()
    return re.fullmatch(pattern, text, re.IGNORECASE) is not None


def title_case_if_caps(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return " ".join(
            word.capitalize() if len(word) > 2 else word for word in text.lower().split()
        )
    return text


def is_quote(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 10 and stripped[0] in QUOTE_OPEN and stripped[-1] in "’'”\"" + "."


def strip_quote(text: str) -> str:
    return text.strip().strip("‘’'“”\"„").strip()


def place_mentions_in_questions(text: str) -> list[str]:
    """Capitalised words after 'in' inside questions: places a template sentence addresses."""
    found: list[str] = []
    for question in questions(text):
        for match in re.finditer(r"\bin ((?:[A-Z][\w'-]+)(?: [A-Z][\w'-]+)?)", question):
            name = match.group(1)
            if normalise(name) not in _PLACE_STOPWORDS and name not in found:
                found.append(name)
    return found


def is_title_candidate(line: Line) -> bool:
    """A short heading-like line that can name a theme or section."""
    return (
        (line.is_heading or is_headingish(line))
        and not ends_sentence(line.text)
        and len(line.text.split()) <= 8
    )
