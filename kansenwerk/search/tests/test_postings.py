"""Facet keys on both databases and the PostgreSQL postings that the triggers keep."""

import pytest
from django.db import connection

from kansenwerk.kennisbank.tests.factories import InterventionFactory, ThemeFactory
from kansenwerk.search import backends, services
from kansenwerk.search.analysis import Group, analyze
from kansenwerk.search.models import SearchEntry, SearchFacetKey, SearchPosting
from kansenwerk.search.selectors import Filters, search


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the postings table is filled on PostgreSQL only")


def derived_postings() -> set[tuple[str, int, int | None]]:
    """(term, entry, facet key) as the triggers should have written them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT u.lexeme, e.id, e.facet_key FROM search_searchentry e, unnest(e.document) u"
        )
        return set(cursor.fetchall())


def stored_postings() -> set[tuple[str, int, int | None]]:
    return set(SearchPosting.objects.values_list("term", "entry_id", "facet_key"))


@pytest.mark.django_db
def test_triggers_keep_postings_equal_to_the_documents(postgres_only, corpus, region):
    assert stored_postings() == derived_postings() != set()
    theme = corpus["transition"]
    theme.title = "Van groep acht naar de brugklas"
    theme.save()  # update: old terms go, new ones come
    corpus["intervention"].themes.add(theme)  # another facet key
    corpus["reading"].delete()
    assert stored_postings() == derived_postings()
    assert ("brugklas", SearchEntry.objects.get(title=theme.title).pk) in {
        (t, e) for t, e, _ in stored_postings()
    }
    services.reindex()
    assert stored_postings() == derived_postings()
    SearchEntry.objects.all().delete()
    assert not SearchPosting.objects.exists()


@pytest.mark.django_db
def test_title_words_weigh_more_than_body_words(postgres_only, region):
    InterventionFactory(title="Taalcafé", goal="Ouders oefenen samen Nederlands.", region=region)
    impact = dict(SearchPosting.objects.values_list("term", "impact"))
    assert impact[analyze("Taalcafé")[0]] > impact[analyze("Ouders")[0]] > 0


@pytest.mark.django_db
def test_entries_share_facet_keys_by_type_region_and_themes(corpus, region):
    parents = corpus["parents"]
    first = InterventionFactory(title="Leesclub", region=region)
    second = InterventionFactory(title="Rekenclub", region=region)
    first.themes.add(parents)
    second.themes.add(parents)
    key = SearchEntry.objects.get(title="Leesclub").facet_key
    assert SearchEntry.objects.get(title="Rekenclub").facet_key == key
    stored = SearchFacetKey.objects.get(pk=key)
    assert (stored.type_key, stored.region_id) == ("interventies", region.pk)
    assert list(stored.themes.values_list("theme_id", flat=True)) == [parents.pk]
    second.themes.clear()
    assert SearchEntry.objects.get(title="Rekenclub").facet_key != key


@pytest.mark.django_db
def test_phrase_synonyms_need_adjacent_words(region):
    # "educatief partnerschap" is a phrase in the synonym group of ouderbetrokkenheid:
    # on both databases only the record with the words side by side matches.
    ThemeFactory(title="Educatief partnerschap met gezinnen", region=region)
    ThemeFactory(title="Een partnerschap dat educatief werkt", region=region)
    outcome = search(text="ouderbetrokkenheid")
    assert [hit.entry.title for hit in outcome.hits] == ["Educatief partnerschap met gezinnen"]
    assert outcome.total == 1


@pytest.mark.django_db
def test_theme_counts_follow_the_type_filter(corpus):
    everything = search(text="ouders")
    parents = corpus["parents"].pk
    assert everything.facets["theme"][parents] == 4
    only_lezen = search(text="ouders", filters=Filters(types=("lezen",)))
    assert only_lezen.facets["theme"] == {parents: 1}
    # ...while the type counts ignore the type filter itself.
    assert only_lezen.facets["type"] == everything.facets["type"]
    assert only_lezen.total == 1


def test_alternatives_that_add_no_match_are_left_out():
    group = Group(
        source="x",
        terms=frozenset({"ouder"}),
        conjunctions=frozenset({("ouder", "betrok"), ("educatief", "partnerschap")}),
        phrases=frozenset({("educatief", "partnerschap"), ("samen", "lezen"), ("ouder", "avond")}),
    )
    conjunctions, phrases = backends._needed(group)
    # ouder & betrok is inside the term ouder; the phrase educatief partnerschap inside
    # the conjunction of the same words; ouder avond inside the term ouder.
    assert conjunctions == [("educatief", "partnerschap")]
    assert phrases == [("samen", "lezen")]
