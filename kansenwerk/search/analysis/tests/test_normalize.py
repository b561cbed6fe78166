"""Folding and tokenisation: diacritics, ligatures, apostrophes, hyphens, numbers, offsets."""

from kansenwerk.search.analysis.normalize import fold, tokenize


def test_fold_removes_diacritics_and_case():
    assert fold("Café Naïef Reünie Ĳsland") == "cafe naief reunie ijsland"


def test_fold_applies_nfkc_to_ligatures_and_fullwidth():
    assert fold("ﬁets ＡＢＣ") == "fiets abc"


def test_decomposed_accents_stay_inside_one_token():
    decomposed = "e\u0301e\u0301n keer"  # "één" written with combining accents
    assert [t.text for t in tokenize(decomposed)] == ["een", "keer"]


def test_apostrophe_variants_join_and_give_pieces():
    for text in ("IB'er", "IB’er", "IB‘er"):
        (token,) = tokenize(text)
        assert token.text == "iber"
        assert token.pieces == ("ib", "er")


def test_hyphenated_word_is_joined_with_pieces():
    (token,) = tokenize("taal-ontwikkeling")
    assert token.text == "taalontwikkeling"
    assert token.pieces == ("taal", "ontwikkeling")


def test_numbers_with_decimal_point_or_comma_stay_whole():
    assert [t.text for t in tokenize("versie 7.1 en 3,5 uur")] == [
        "versie",
        "7.1",
        "en",
        "3.5",
        "uur",
    ]


def test_sentence_punctuation_is_not_part_of_numbers_or_words():
    assert [t.text for t in tokenize("In 2016. Daarna, kinderen.")] == [
        "in",
        "2016",
        "daarna",
        "kinderen",
    ]


def test_offsets_point_into_the_original_text():
    text = "De Ĳsbaan, vóór school"
    for token in tokenize(text):
        assert fold(text[token.start : token.end]).replace("-", "") == token.text


def test_suspended_hyphens_are_flagged():
    tokens = tokenize("voor- en vroegschoolse educatie; leiders en -bestuurders")
    flags = {t.text: (t.open_end, t.open_start) for t in tokens}
    assert flags["voor"] == (True, False)
    assert flags["bestuurders"] == (False, True)
    assert flags["vroegschoolse"] == (False, False)


def test_dash_between_spaced_words_is_no_suspension():
    tokens = tokenize("2020 - 2024")
    assert [t.open_end or t.open_start for t in tokens] == [False, False]
