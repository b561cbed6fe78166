"""Shared test helpers: seed paths and a comparable structure summary of a parsed document."""

from __future__ import annotations

from pathlib import Path

from kansenwerk.kennisbank.importing.model import ParsedDocument
from kansenwerk.kennisbank.importing.parsers.common import normalise

REPO = Path(__file__).resolve().parents[4]
# The seeds sit in `shared/seeds` beside the checkout; a git worktree may be nested deeper, so the
# nearest ancestor that holds them wins.
SEEDS = next(
    (
        folder / "shared" / "seeds"
        for folder in REPO.parents
        if (folder / "shared" / "seeds").is_dir()
    ),
    REPO.parent / "shared" / "seeds",
)
DATA = Path(__file__).resolve().parent / "data"


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def structure(parsed: ParsedDocument) -> dict:
    """What must be equal between two renderings of one document (texts may wrap differently)."""
    return {
        "kind": parsed.kind,
        "title": normalise(parsed.title),
        "region": parsed.region,
        "counts": parsed.counts(),
        "themes": [
            (
                t.number,
                normalise(t.title),
                normalise(t.guiding_question),
                [(d.number, normalise(d.title), len(d.questions)) for d in t.solution_directions],
                [(normalise(r.title), r.medium) for r in t.reading_items],
                [(normalise(i.title), i.scope) for i in t.initiatives],
            )
            for t in parsed.themes
        ],
        "interventions": [
            (
                normalise(i.title),
                i.place,
                i.municipality,
                [name for name, _role in i.people],
                normalise(i.goal),
                [normalise(e.title) for e in i.practice_examples],
            )
            for i in parsed.interventions
        ],
        "lessons": [(lesson.number, normalise(lesson.title)) for lesson in parsed.lessons],
        "lists": {k: [normalise(v) for v in values] for k, values in parsed.lists.items()},
    }
