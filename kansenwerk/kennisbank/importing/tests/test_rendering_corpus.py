"""Every seed rendered in the layouts people produce reads as the same document as its text version.

The renderings are made at test time from `../shared/seeds/` (never committed) and cached for the
session: Word with heading styles, Word with hand-made headings and typed bullets, WeasyPrint in
one column with stacked panels, WeasyPrint in two columns with panels side by side, and a
word processor's PDF (LibreOffice headless printing the hand-made Word file).
"""

from __future__ import annotations

import re

import pytest

from kansenwerk.kennisbank.importing import parse_file
from kansenwerk.kennisbank.importing.cleaning import clean
from kansenwerk.kennisbank.importing.readers import read_path
from kansenwerk.kennisbank.importing.tests import render
from kansenwerk.kennisbank.importing.tests.helpers import SEEDS, seed, structure
from kansenwerk.kennisbank.importing.tests.render import LAYOUTS, blocks_from_path, soffice

pytestmark = [
    pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available"),
    pytest.mark.slow,
]

PREFIXES = ["000", "001", "002", "003", "004"]

# Renderings that do not read as their text version yet (see the report of issue 16, part A).
# strict: when one starts to pass, the test says so and the entry must go.
KNOWN_GAPS: set[tuple[str, str]] = set()


class Corpus:
    """Renders lazily and remembers, so each file is made once per test session."""

    def __init__(self, folder):
        self.folder = folder
        self.paths: dict[tuple[str, str], object] = {}
        self.plain: dict[str, object] = {}

    def text_version(self, prefix: str):
        if prefix not in self.plain:
            self.plain[prefix] = parse_file(seed(prefix))
        return self.plain[prefix]

    def rendering(self, prefix: str, layout_name: str):
        key = (prefix, layout_name)
        if key not in self.paths:
            layout = next(layout for layout in LAYOUTS if layout.name == layout_name)
            target = self.folder / f"{prefix}-{layout.name}{layout.suffix}"
            self.paths[key] = layout.write(blocks_from_path(seed(prefix)), target)
        return self.paths[key]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return Corpus(tmp_path_factory.mktemp("rendering-corpus"))


def _cases():
    for prefix in PREFIXES:
        for layout in LAYOUTS:
            marks = []
            if layout.needs_soffice:
                marks.append(
                    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
                )
            if (prefix, layout.name) in KNOWN_GAPS:
                marks.append(pytest.mark.xfail(strict=True, reason="known reading gap"))
            yield pytest.param(prefix, layout.name, marks=marks, id=f"{prefix}-{layout.name}")


@pytest.mark.parametrize(("prefix", "layout"), list(_cases()))
def test_rendering_reads_as_the_text_version(corpus, prefix, layout):
    plain = corpus.text_version(prefix)
    rendered = parse_file(corpus.rendering(prefix, layout))
    assert structure(rendered) == structure(plain)
    assert rendered.content_key == plain.content_key


def test_word_processor_card_keeps_its_practice_examples(corpus):
    """The inspiratiekaart printed from a word processor: stacked panels, "•" example names."""
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    doc = parse_file(corpus.rendering("003", "pdf-word-processor"))
    assert len(doc.interventions) == 3
    assert [len(i.practice_examples) for i in doc.interventions] == [4, 5, 4]
    assert len({i.key for i in doc.interventions}) == 3


# The WeasyPrint layouts print a running header and a "Pagina n van m" footer on every page.
PAGED_LAYOUTS = [x.name for x in LAYOUTS if x.suffix == ".pdf" and not x.needs_soffice]


@pytest.mark.parametrize("layout", PAGED_LAYOUTS)
@pytest.mark.parametrize("prefix", PREFIXES)
def test_running_header_and_footer_never_reach_the_text(corpus, prefix, layout):
    """The page header and footer are dropped on every page, also where a narrow centred
    header stands over one column of a two-column page."""
    lines = clean(read_path(corpus.rendering(prefix, layout))).lines
    header = render.PAGE_CSS.split('content: "', 1)[1].split('"', 1)[0]
    assert not [line.text for line in lines if header in line.text]
    assert not [line.text for line in lines if re.search(r"\bPagina \d+ van \d+\b", line.text)]
