"""FTS5 and tsquery rendering: real matches and safety against hostile input."""

import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kansenwerk.search.analysis import analyze, analyze_query, to_fts5, to_tsquery

HOSTILE = [
    'ouders" OR "x',
    "kind) OR (NOT",
    "NEAR(ouder kind, 1)",
    "ouders AND OR NOT kinderen",
    "kind* ^school",
    "title: kind",
    "ouders & !kinderen | school <-> x",
    "'; DROP TABLE doc; --",
    "\\ \\' ''",
    "{title} : kind",
    "-kind +school",
    "ouder:* & kind:A",
]
DOCS = [
    "Wij werken aan ouderbetrokkenheid op de basisschool.",
    "De betrokkenheid van ouders groeit door huisbezoeken.",
    "Voorleesexpress: vrijwilligers lezen thuis voor.",
    "Jeugdzorg en school werken samen in de wijk.",
    "Een sportclub voor jongeren in de avond.",
]


@pytest.fixture(scope="module")
def fts():
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE doc USING fts5(body, "
        "tokenize=\"unicode61 remove_diacritics 0 tokenchars '.'\")"
    )
    connection.executemany(
        "INSERT INTO doc(rowid, body) VALUES (?, ?)",
        [(i, " ".join(analyze(text))) for i, text in enumerate(DOCS)],
    )
    yield connection
    connection.close()


def search(connection, text, **options):
    expression = to_fts5(analyze_query(text), **options)
    if not expression:
        return []
    rows = connection.execute(
        "SELECT rowid FROM doc WHERE doc MATCH ? ORDER BY bm25(doc)", (expression,)
    )
    return [row[0] for row in rows]


def test_natural_question_finds_compound_and_phrase(fts):
    found = search(fts, "betrokkenheid van ouders vergroten")
    assert set(found[:2]) == {0, 1}


def test_compound_query_finds_the_separate_words(fts):
    assert 1 in search(fts, "ouderbetrokkenheid")


def test_synonym_finds_other_wording(fts):
    assert search(fts, "jeugdhulp") == [3]
    assert 0 in search(fts, "primair onderwijs")


def test_and_mode_requires_every_group(fts):
    assert search(fts, "jongeren avond", mode="and") == [4]
    assert search(fts, "jongeren ouderbetrokkenheid", mode="and") == []


def test_prefix_supports_typeahead(fts):
    assert 2 in search(fts, "voorleesex", prefix=True)


def test_columns_filter_and_reject_bad_names():
    query = analyze_query("kind")
    assert to_fts5(query, columns=["body"]).startswith("{body} : (")
    with pytest.raises(ValueError):
        to_fts5(query, columns=["body} OR {x"])


def test_empty_query_renders_empty():
    assert to_fts5(analyze_query("  de  ")) == ""
    assert to_tsquery(analyze_query("")) == ""


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_valid_fts5(fts, text):
    for prefix in (False, True):
        search(fts, text, prefix=prefix)  # must not raise sqlite3.OperationalError


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_any_input_is_valid_fts5(fts, text):
    search(fts, text, prefix=True)


@pytest.mark.parametrize("text", HOSTILE)
def test_tsquery_has_only_quoted_lexemes_and_our_operators(text):
    rendered = to_tsquery(analyze_query(text), prefix=True)
    outside_quotes = re.sub(r"'(?:[^']|'')*'", "", rendered)
    assert set(outside_quotes) <= set(" ()|&<->:*")
    assert "!" not in rendered


@pytest.fixture(scope="module")
def postgres():
    psycopg = pytest.importorskip("psycopg")
    try:
        connection = psycopg.connect("host=127.0.0.1 user=postgres connect_timeout=2")
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL not reachable")
    yield connection
    connection.close()


@pytest.mark.parametrize("text", [*HOSTILE, "betrokkenheid van ouders vergroten", "vve 7.1"])
def test_tsquery_is_valid_and_matches_in_postgres(postgres, text):
    for prefix in (False, True):
        rendered = to_tsquery(analyze_query(text), prefix=prefix)
        if rendered:
            postgres.execute("SELECT to_tsquery('simple', %s)", (rendered,)).fetchone()


def test_postgres_and_fts5_agree_on_matches(postgres, fts):
    queries = ["betrokkenheid van ouders", "jeugdhulp", "voorlezen", "basisschool", "jongeren"]
    for text in queries:
        rendered = to_tsquery(analyze_query(text))
        pg_found = {
            index
            for index, doc in enumerate(DOCS)
            if postgres.execute(
                "SELECT to_tsvector('simple', %s) @@ to_tsquery('simple', %s)",
                (" ".join(analyze(doc)), rendered),
            ).fetchone()[0]
        }
        assert pg_found == set(search(fts, text)), text
