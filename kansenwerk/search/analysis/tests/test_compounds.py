"""Compound splitting against the OpenTaal word list."""

import pytest

from kansenwerk.search.analysis import compounds
from kansenwerk.search.analysis.compounds import decompose

needs_word_list = pytest.mark.skipif(
    not compounds.WORD_LIST_PATH.exists(), reason="Debian package wdutch not installed"
)


@needs_word_list
@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("ouderbetrokkenheid", ("ouder", "betrokkenheid")),
        ("voorleesexpress", ("voorlees", "express")),
        ("schoolmaatschappelijk", ("school", "maatschappelijk")),
        ("taalontwikkeling", ("taal", "ontwikkeling")),
        ("basisscholen", ("basis", "scholen")),
        ("jeugdhulp", ("jeugd", "hulp")),
        ("peuterspeelzaal", ("peuter", "speelzaal")),
        ("kansenongelijkheid", ("kansen", "ongelijkheid")),
    ],
)
def test_compounds_split_into_known_words(word, parts):
    assert decompose(word) == parts


@needs_word_list
def test_linking_s_is_dropped_between_parts():
    assert decompose("ouderschapsverlof") == ("ouderschap", "verlof")


@needs_word_list
@pytest.mark.parametrize(
    "word",
    [
        "kinderen",  # not kin + deren: inflected form of a simple word
        "gesprek",  # not gesp + rek: ge- parts must be long
        "onderwijs",  # not onder + wijs: particles are no parts
        "leerlingen",
        "school",
        "gemeente",
    ],
)
def test_simple_words_are_not_split(word):
    assert decompose(word) == ()


def test_numbers_and_short_words_are_not_split():
    assert decompose("2016") == ()
    assert decompose("kind") == ()


@needs_word_list
def test_fewer_parts_win():
    # voor + lees + express would also be valid words; two parts are preferred.
    assert len(decompose("voorleesexpress")) == 2


def test_missing_word_list_warns_and_degrades(monkeypatch, tmp_path):
    monkeypatch.setattr(compounds, "WORD_LIST_PATH", tmp_path / "missing")
    compounds.lexicon.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match="wdutch"):
            words = compounds.lexicon()
        assert "express" in words  # extra_words.txt still loaded
        assert "ouder" not in words
    finally:
        compounds.lexicon.cache_clear()
        compounds.decompose.cache_clear()
