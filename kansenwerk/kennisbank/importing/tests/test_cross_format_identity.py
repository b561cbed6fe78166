"""A Word or PDF rendering of a document already imported from text is that document again."""

from __future__ import annotations

import shutil

import pytest

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.importing.tests.helpers import SEEDS, seed
from kansenwerk.kennisbank.importing.tests.render import LAYOUTS, blocks_from_path

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available"),
]

RECORD_MODELS = [m.Theme, m.SolutionDirection, m.Intervention, m.SourceDocument]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in RECORD_MODELS}


def _render(prefix: str, layout_name: str, folder):
    layout = next(layout for layout in LAYOUTS if layout.name == layout_name)
    return layout.write(
        blocks_from_path(seed(prefix)), folder / f"{prefix}-{layout_name}{layout.suffix}"
    )


@pytest.mark.parametrize(
    ("prefix", "layout"),
    [
        ("000", "word-styles"),
        ("000", "word-plain"),
        ("002", "pdf-one-column"),
        ("003", "word-plain"),
    ],
)
def test_rendering_of_an_imported_text_is_a_duplicate(prefix, layout, tmp_path):
    text = tmp_path / f"{prefix}.txt"
    shutil.copy(seed(prefix), text)
    (first,) = import_documents(paths=[text]).documents
    assert first.errors == [] and first.created > 0
    before = _counts()
    (again,) = import_documents(paths=[_render(prefix, layout, tmp_path)]).documents
    assert again.errors == []
    assert again.duplicate_of == str(text)
    assert again.created == 0
    assert _counts() == before


def test_card_from_a_word_processor_next_to_its_text_gives_no_numbered_twins(tmp_path):
    """The inspiratiekaart as Word with stacked panels, then its text: three interventions."""
    rendered = _render("003", "word-plain", tmp_path)
    text = tmp_path / "003.txt"
    shutil.copy(seed("003"), text)
    import_documents(paths=[rendered, text])
    slugs = list(m.Intervention.objects.values_list("slug", flat=True))
    assert len(slugs) == 3
    assert not any(slug.endswith(("-2", "-3")) for slug in slugs)
    assert m.PracticeExample.objects.count() == 13
