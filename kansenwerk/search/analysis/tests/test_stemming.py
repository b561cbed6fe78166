"""Stemmer choice, override list and the vowel-plural rule."""

import pytest

from kansenwerk.search.analysis.compare_stemmers import score_stemmer
from kansenwerk.search.analysis.stemming import ALGORITHM, load_overrides, stem


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("kinderen", "kind"),
        ("ouders", "ouder"),
        ("scholen", "school"),
        ("leerlingen", "leerling"),
        ("betrokkenheid", "betrokken"),
        ("kansen", "kans"),
        ("gezinnen", "gezin"),
        ("stages", "stage"),
        ("organisaties", "organisatie"),
    ],
)
def test_forms_conflate(word, other):
    assert stem(word) == stem(other)


@pytest.mark.parametrize(
    ("word", "other"), [("gezin", "zin"), ("gemeente", "meent"), ("kans", "kan")]
)
def test_unrelated_words_stay_apart(word, other):
    assert stem(word) != stem(other)


def test_overrides_are_loaded_from_the_data_file():
    overrides = load_overrides()
    assert overrides["kinderen"] == "kind"
    assert stem("kinderen") == "kind"


def test_numbers_are_not_stemmed():
    assert stem("7.1") == "7.1"
    assert stem("nt2") == "nt2"


def test_vowel_plural_rule_keeps_words_ending_in_s():
    assert stem("reis") != stem("rei")


def test_chosen_algorithm_scores_best_with_our_rules():
    scores = {
        algorithm: score_stemmer(algorithm=algorithm, with_overrides=True).accuracy
        for algorithm in ("dutch", "dutch_porter")
    }
    assert max(scores, key=scores.get) == ALGORITHM
    assert scores[ALGORITHM] >= 0.84
