"""Ranking, facets and spelling help; the exact orders below must hold on both databases."""

import pytest

from kansenwerk.kennisbank.tests.factories import ThemeFactory
from kansenwerk.search import registry
from kansenwerk.search.selectors import Filters, attach_snippets, search, suggestions


def titles(outcome):
    return [hit.entry.title for hit in outcome.hits]


@pytest.mark.django_db
def test_synonyms_compounds_and_stems_find_records(corpus):
    assert titles(search(text="betrokkenheid van ouders"))[0] == "Ouderbetrokkenheid in de praktijk"
    assert "Maatschappelijk werker op de basisschool" in titles(search(text="jeugdhulp in het po"))
    assert "Voorlees Express" in titles(search(text="kind"))


@pytest.mark.django_db
def test_same_order_on_every_database(corpus):
    # This exact list is asserted on SQLite and PostgreSQL alike (see the CI run on both).
    assert titles(search(text="ouders school")) == [
        "Ouders betrekken bij het leren",
        "Huisbezoeken door de leerkracht",
        "Maatschappelijk werker op de basisschool",
        "Ouderbetrokkenheid in de praktijk",
        "De overstap naar de middelbare school",
        "Voorlees Express",
    ]


@pytest.mark.django_db
def test_ties_break_by_type_then_title():
    for title in ["Zebra ouders", "Aap ouders"]:
        ThemeFactory(title=title, guiding_question="", introduction="")
    assert titles(search(text="ouders")) == ["Aap ouders", "Zebra ouders"]


@pytest.mark.django_db
def test_facets_count_and_filters_combine(corpus, region):
    outcome = search(text="ouders")
    assert outcome.facets["type"] == {
        "themas": 1,
        "oplossingsrichtingen": 1,
        "lezen": 1,
        "interventies": 1,
    }
    assert outcome.facets["theme"][corpus["parents"].pk] == 4
    both = search(text="ouders", filters=Filters(types=("interventies",), region_ids=(region.pk,)))
    assert titles(both) == []
    assert both.total == 0
    themed = search(text="ouders", filters=Filters(theme_ids=(corpus["parents"].pk,)))
    assert themed.total == 4
    # The type facet ignores the type filter itself, so other types stay choosable.
    typed = search(text="ouders", filters=Filters(types=("lezen",)))
    assert titles(typed) == ["Ouderbetrokkenheid in de praktijk"]
    assert typed.facets["type"]["themas"] == 1


@pytest.mark.django_db
def test_did_you_mean_repairs_a_typo(corpus):
    outcome = search(text="huisbezoekn")
    assert outcome.suggestion == "huisbezoeken"
    assert outcome.corrected
    assert titles(outcome)[0] == "Huisbezoeken door de leerkracht"
    assert search(text="huisbezoeken").suggestion is None


@pytest.mark.django_db
def test_typo_in_a_compound_title(corpus):
    assert titles(search(text="voorleesexpres"))[0] == "Voorlees Express"


@pytest.mark.django_db
def test_suggestions_use_the_last_word_as_prefix(corpus):
    assert [e.title for e in suggestions(text="voorl")] == ["Voorlees Express"]
    assert suggestions(text="") == []


@pytest.mark.django_db
def test_suggestions_need_every_word_typed_so_far(corpus):
    # "ouders" alone suggests several records; each further word narrows the list.
    assert len(suggestions(text="ouders ")) > 1
    assert [e.title for e in suggestions(text="ouders voorl")] == ["Voorlees Express"]


@pytest.mark.django_db
def test_operators_typed_by_users_are_plain_text(corpus):
    for text in ['"ouders', "ouders AND", "NOT (", "ouders* -school", "a:b & c | !d", "'"]:
        search(text=text)  # must not raise a database syntax error


@pytest.mark.django_db
def test_snippet_is_escaped_and_marked():
    ThemeFactory(title="<script>x</script> ouders", introduction="<b>ouders</b> & school")
    hit = attach_snippets(hits=search(text="ouders").hits[:1])[0]
    assert "<b>" not in hit.snippet and "&lt;b&gt;" in hit.snippet
    assert "<mark>ouders</mark>" in hit.snippet


def test_registry_rejects_unknown_fields():
    from kansenwerk.kennisbank.models import Lesson

    with pytest.raises(ValueError):
        registry.register(Lesson, type_label="x", title="title", fields={"tekst": "text"})


@pytest.mark.django_db
def test_a_typo_in_a_word_only_the_body_holds_is_corrected(corpus):
    # "vertrouwen" is in no title, only in a body text: the whole vocabulary counts.
    outcome = search(text="vertrouwn")
    assert outcome.suggestion == "vertrouwen"
    assert outcome.corrected
    assert titles(outcome)[0] == "Ouders betrekken bij het leren"


@pytest.mark.django_db
def test_everyday_words_reach_the_professional_term():
    ThemeFactory(title="Armoede op school", guiding_question="", introduction="")
    ThemeFactory(title="Sport en spel", guiding_question="", introduction="")
    assert titles(search(text="geen geld voor het schoolreisje")) == ["Armoede op school"]


@pytest.mark.django_db
def test_documents_and_sources_rank_below_answers_unless_named():
    from kansenwerk.kennisbank.tests.factories import SourceDocumentFactory

    SourceDocumentFactory(title="Verslag meetup", introduction="Over leesplezier en lezen.")
    ThemeFactory(title="Leesplezier", guiding_question="", introduction="Lezen met plezier.")
    assert titles(search(text="leesplezier"))[0] == "Leesplezier"
    assert titles(search(text="verslag meetup"))[0] == "Verslag meetup"


@pytest.mark.django_db
def test_the_spelling_vocabulary_follows_the_index(corpus, django_capture_on_commit_callbacks):
    from kansenwerk.search import vocabulary

    assert "kampeerweek" not in vocabulary.speller().counts
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ThemeFactory(title="Zomerkamp", guiding_question="", introduction="Een kampeerweek samen.")
    # Until the transaction commits (and the task runs), searches keep the stored words.
    assert "kampeerweek" not in vocabulary.speller().counts
    for callback in callbacks:
        callback()
    assert vocabulary.speller().counts["kampeerweek"] == 1
    assert vocabulary.speller().correct("kampeerwweek") == "kampeerweek"
