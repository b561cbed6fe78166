"""Snippets: escaping, analysis-aware marking, window choice."""

from kansenwerk.search.analysis import analyze_query, highlight


def test_script_tags_stay_escaped():
    text = "Kinderen <script>alert('x')</script> & ouders"
    snippet = highlight(text, analyze_query("kind"))
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "&amp;" in snippet
    assert "<mark>Kinderen</mark>" in snippet


def test_marked_words_inside_markup_stay_escaped():
    snippet = highlight("<script>x</script>", analyze_query("script"))
    assert snippet == "&lt;<mark>script</mark>&gt;x&lt;/<mark>script</mark>&gt;"


def test_stems_and_compound_parts_are_marked():
    snippet = highlight("Het kind en de ouderbetrokkenheid.", analyze_query("kinderen ouders"))
    assert snippet == "Het <mark>kind</mark> en de <mark>ouderbetrokkenheid</mark>."


def test_window_with_most_matches_is_chosen():
    filler = "Dit gaat over iets heel anders dan het onderwerp. " * 20
    text = filler + "Voorlezen thuis helpt: vrijwilligers lezen voor aan kinderen. " + filler
    snippet = highlight(text, analyze_query("voorlezen kinderen"), max_chars=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet.count("<mark>") == 2
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 124


def test_text_without_matches_gives_its_start():
    snippet = highlight("Een korte tekst zonder treffers.", analyze_query("jeugdzorg"))
    assert snippet == "Een korte tekst zonder treffers."
