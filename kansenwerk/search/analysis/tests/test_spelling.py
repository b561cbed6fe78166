"""'Bedoelde u …?' suggestions."""

from kansenwerk.search.analysis import suggest_spelling

VOCABULARY = ["Voorleesexpress", "ouderbetrokkenheid", "jeugdzorg", "kinderopvang"]


def test_typo_gets_the_closest_word_as_written():
    assert suggest_spelling("voorleesexpres", VOCABULARY) == "Voorleesexpress"
    assert suggest_spelling("ouderbetrokenheid", VOCABULARY) == "ouderbetrokkenheid"


def test_known_word_and_unrelated_word_get_no_suggestion():
    assert suggest_spelling("Jeugdzorg", VOCABULARY) is None
    assert suggest_spelling("sportclub", VOCABULARY) is None


def test_very_short_words_get_no_suggestion():
    assert suggest_spelling("jz", VOCABULARY) is None
