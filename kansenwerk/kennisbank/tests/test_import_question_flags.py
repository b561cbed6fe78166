"""Damage flags on the real seeds: "questions missing" is true where the document has none,
and a numbered list is not taken for sentences broken off.

A direction without questions where most of its siblings have them is flagged for review.
Checked against the seed texts themselves (read at test time): each flagged direction has no
question in any form in its own section of the seed, and each unflagged sibling has every
question of its section recognised. So the flags of Hilversum 3.1 (000 and 001) and
Achterhoek 1.2 and 1.4 (002) are true: no extraction holds questions for them, and repair
from another extraction cannot supply them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing import damage
from kansenwerk.kennisbank.importing.store import import_documents

pytestmark = pytest.mark.django_db

Code = m.ReviewFlag.Code

_DIRECTION_LINE = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\.?\s+\S")
# Where a direction's own text ends in a briefing: the next direction, theme or block label.
_SECTION_END = re.compile(
    r"^\s*(\d{1,2}\.\d{1,2}\.?\s|thema\s+\d|oplossingsrichtingen\b|meer lezen|mooie \()",
    re.IGNORECASE,
)


def seed_section(path: Path, number: str) -> str:
    """The seed's own lines of direction `number`: from its heading to the next block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if (match := _DIRECTION_LINE.match(line)) and match.group(1) == number
    )
    end = next(
        (i for i in range(start + 1, len(lines)) if _SECTION_END.match(lines[i])), len(lines)
    )
    return "\n".join(lines[start + 1 : end])


def _flagged(document: m.SourceDocument) -> dict[str, m.SolutionDirection]:
    ids = m.ReviewFlag.objects.filter(
        document=document, code=Code.MISSING_QUESTIONS, cleared_at__isnull=True
    ).values_list("object_id", flat=True)
    return {d.number: d for d in m.SolutionDirection.objects.filter(pk__in=list(ids))}


def _import_alone(path: Path) -> m.SourceDocument:
    [result] = import_documents(paths=[path]).documents
    assert result.errors == []
    return m.SourceDocument.objects.get(files__sha256=result.sha256)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("001", {"3.1"}), ("002", {"1.2", "1.4"})],
    ids=["hilversum", "achterhoek"],
)
def test_flagged_directions_have_no_questions_in_the_seed(seeds_dir, prefix, expected):
    path = next(seeds_dir.glob(f"{prefix}_*"))
    document = _import_alone(path)
    flagged = _flagged(document)
    assert set(flagged) == expected
    for number, direction in flagged.items():
        # No question in any form: not even one the parser could have missed.
        assert "?" not in seed_section(path, number)
        # The text itself is whole: the flag is the only sign, for a person to add questions.
        assert not damage.ends_mid_sentence(direction.text)
        assert not damage.fragment_paragraphs(direction.text)
        siblings = m.SolutionDirection.objects.filter(theme=direction.theme).exclude(
            pk__in=[d.pk for d in flagged.values()]
        )
        assert siblings.count() >= 2
        for sibling in siblings:
            # Every question of a sibling's section was recognised as a question.
            asked = seed_section(path, sibling.number).count("?")
            assert asked > 0 and len(sibling.questions) == asked


def test_theme_questions_stay_with_the_theme_not_with_its_first_direction(seeds_dir):
    """In the Hilversum briefing every theme closes its introduction with questions; in theme 3
    they sit right before direction 3.1, and must not be taken as 3.1's questions."""
    document = _import_alone(next(seeds_dir.glob("001_*")))
    themes = list(m.Theme.objects.filter(source_document=document).order_by("number"))
    assert len(themes) == 3
    for theme in themes:
        assert theme.introduction.rstrip().endswith("?")
    first = themes[2].solution_directions.order_by("position").first()
    assert first.number == "3.1" and first.questions == []


def test_repair_cannot_supply_questions_no_extraction_has(seeds_dir):
    broken = _import_alone(next(seeds_dir.glob("000_*")))
    assert set(_flagged(broken)) == {"1.2", "3.1"}
    import_documents(paths=[next(seeds_dir.glob("001_*"))])
    # 1.2 got its questions from the clean extraction; 3.1 has none in either.
    assert set(_flagged(broken)) == {"3.1"}


def test_numbered_list_in_an_intervention_is_not_a_broken_sentence(seeds_dir):
    """Items of a numbered list keep their numbers in the record's text: an item that starts in
    lower case is then neither flagged as a paragraph starting mid-sentence nor glued to the
    item before it."""
    [result] = import_documents(paths=[next(seeds_dir.glob("004_*"))]).documents
    assert result.errors == []
    assert [f for f in result.flags if f["code"] == Code.FRAGMENT_START] == []
    lists = [
        [p for p in damage.paragraphs(getattr(i, field)) if re.match(r"^\d{1,2}\. ", p)]
        for i in m.Intervention.objects.all()
        for field in ("context", "approach", "results")
    ]
    lists = [items for items in lists if items]
    assert lists
    for items in lists:  # one paragraph per item, counted from 1
        assert [int(item.split(".", 1)[0]) for item in items] == list(range(1, len(items) + 1))
    assert any(re.match(r"^\d\. [a-z]", item) for items in lists for item in items)
