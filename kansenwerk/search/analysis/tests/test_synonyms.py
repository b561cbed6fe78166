"""Synonym lines: equivalent groups and one-way expansions from everyday words."""


def test_one_way_lines_reach_the_professional_term_but_not_back():
    from kansenwerk.search.analysis.synonyms import build_synonym_table

    table = build_synonym_table(lines=["druk, onrustig => gedrag  # ouders over gedrag"])
    assert ("gedrag",) in table.alternatives(("druk",))
    assert len(table.alternatives(("druk",))) == 3  # druk, onrustig, gedrag
    assert table.alternatives(("gedrag",)) == frozenset()


def test_everyday_words_and_abbreviations_of_the_field_expand():
    from kansenwerk.search.analysis import analyze_query

    expanded = analyze_query("geen geld voor schoolreisje").stems()
    assert "armoed" in expanded
    assert "gedrag" in analyze_query("mijn kind is druk").stems()
    assert analyze_query("bibliotheek").stems() <= analyze_query("bieb").stems()
    # ... but the professional term does not drag the everyday word along.
    assert "druk" not in analyze_query("gedrag").stems()
