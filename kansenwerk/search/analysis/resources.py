"""Loading of the analysis data files in kansenwerk/search/data (comment-aware, folded)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from kansenwerk.search.analysis.normalize import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def iter_data_lines(lines: Iterable[str]) -> Iterator[str]:
    """Yield stripped lines without blank lines and `#` comments."""
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield stripped


def read_data_lines(name: str) -> list[str]:
    """Return the meaningful lines of data file `name` (missing file: empty list)."""
    path = DATA_DIR / name
    if not path.exists():
        return []
    return list(iter_data_lines(path.read_text(encoding="utf-8").splitlines()))


@cache
def word_set(name: str) -> frozenset[str]:
    """Return the folded words of a one-word-a-line data file, loaded once."""
    return frozenset(fold(line) for line in read_data_lines(name))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the Dutch stop words (folded)."""
    return word_set("stopwords.txt")
