"""Index-side tokens and query groups: stop words, parts, hyphens, synonyms."""

from pathlib import Path

from kansenwerk.search.analysis import analyze, analyze_query
from kansenwerk.search.analysis.stemming import stem
from kansenwerk.search.analysis.synonyms import build_synonym_table

SEEDS = Path(__file__).resolve().parents[4].parent / "shared" / "seeds"


def test_stop_words_are_dropped_and_content_words_kept():
    tokens = analyze("De kinderen van de school zijn niet zonder hulp")
    assert "de" not in tokens and "van" not in tokens and "niet" not in tokens
    assert {"kind", stem("school"), "zonder", "hulp"} <= set(tokens)


def test_compound_parts_follow_the_whole_words():
    tokens = analyze("Ouderbetrokkenheid in de kinderopvang")
    assert tokens[:2] == [stem("ouderbetrokkenheid"), stem("kinderopvang")]
    assert {stem("ouder"), stem("betrokkenheid"), "kind", stem("opvang")} <= set(tokens[2:])


def test_hyphen_word_gives_joined_word_and_parts():
    tokens = analyze("taal-ontwikkeling")
    assert tokens[0] == stem("taalontwikkeling")
    assert {stem("taal"), stem("ontwikkeling")} <= set(tokens)


def test_suspended_hyphen_is_completed_from_the_next_compound():
    tokens = analyze("voor- en vroegschoolse educatie")
    assert tokens[:3] == [stem("voorschoolse"), stem("vroegschoolse"), stem("educatie")]


def test_suspended_leading_hyphen_borrows_the_previous_modifier():
    assert stem("schoolbestuurders") in analyze("schoolleiders en -bestuurders")


def test_diacritics_do_not_matter():
    assert analyze("Café, reünie, naïeve ideeën") == analyze("cafe, reunie, naieve ideeen")


def test_numbers_survive():
    assert "7.1" in analyze("paragraaf 7.1") and "8" in analyze("groep 8")


def test_analysis_is_deterministic():
    text = "Jeugdhulp en schoolmaatschappelijk werk in de basisschool"
    assert analyze(text) == analyze(text)


def test_query_compound_matches_parts_together():
    (group,) = analyze_query("ouderbetrokkenheid").groups
    assert stem("ouderbetrokkenheid") in group.terms
    assert (stem("ouder"), stem("betrokkenheid")) in group.conjunctions


def test_multi_word_synonym_in_query_becomes_one_group():
    query = analyze_query("betrokkenheid van ouders vergroten")
    first, second = query.groups
    assert stem("ouderbetrokkenheid") in first.terms
    assert (stem("betrokkenheid"), stem("ouders")) in first.phrases
    assert second.terms == {stem("vergroten")}


def test_single_word_synonyms_expand_to_phrases():
    (group,) = analyze_query("PO").groups
    assert {"po", stem("basisschool")} <= group.terms
    assert (stem("primair"), stem("onderwijs")) in group.phrases


def test_synonyms_match_whatever_form_is_typed():
    (group,) = analyze_query("Basisscholen").groups
    assert "po" in group.terms


def test_jeugdhulp_finds_jeugdzorg():
    assert stem("jeugdzorg") in analyze_query("jeugdhulp").groups[0].terms


def test_vve_phrase_uses_completed_hyphen_words():
    (group,) = analyze_query("vve").groups
    assert (stem("voorschoolse"), stem("vroegschoolse"), stem("educatie")) in group.phrases


def test_extra_synonym_lines_join_the_groups():
    assert "kwartiermaker" not in analyze_query("verbinder").groups[0].terms
    query = analyze_query("verbinder", extra_synonyms=["verbinder, kwartiermaker"])
    assert stem("kwartiermaker") in query.groups[0].terms


def test_synonym_table_ignores_comments_and_single_entries():
    table = build_synonym_table(lines=["# a, b", "alleen", "fiets, rijwiel"])
    assert len(table.groups) == 1


def test_stop_word_only_query_is_empty():
    query = analyze_query("de het een ")
    assert query.groups == () and query.is_empty


def test_prefix_is_last_word_while_typing():
    assert analyze_query("ouderbetr").prefix == "ouderbetr"
    assert analyze_query("ouderbetr ").prefix is None


def test_seed_documents_analyse_into_plausible_tokens():
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    if not texts:
        return
    tokens = [token for text in texts for token in analyze(text)]
    assert "kind" in tokens  # "kinderen" is everywhere in these documents
    assert all(token == token.casefold() and " " not in token for token in tokens)


def test_fast_index_path_equals_offset_path():
    from kansenwerk.search.analysis.words import analyze_words, words_of

    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts.append("Taal-ontwikkeling, IB'ers en 7,5 uur: kinderen in groep 8!")
    for text in texts:
        slow = [a for a in analyze_words(words_of(text)) if a is not None]
        expected = [a.stem for a in slow] + [p for a in slow for p in a.part_stems]
        assert analyze(text) == expected
