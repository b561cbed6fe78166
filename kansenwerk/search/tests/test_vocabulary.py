"""The spelling vocabulary is built when the index is built or changed, never in a search
request; a request only loads the stored build (again when its version changed)."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction

from kansenwerk.kennisbank.tests.factories import ThemeFactory
from kansenwerk.search import vocabulary
from kansenwerk.search.models import SearchVocabulary
from kansenwerk.search.selectors import search


@pytest.fixture
def build_counter():
    """Counts every vocabulary build (word_counts reads the whole index for one)."""
    with mock.patch.object(vocabulary, "word_counts", wraps=vocabulary.word_counts) as counter:
        yield counter


@pytest.mark.django_db
def test_a_search_request_only_loads_the_stored_vocabulary(client, corpus, build_counter):
    page = client.get("/zoeken/", {"q": "vertrouwn"})
    assert page.status_code == 200
    assert "vertrouwen" in page.content.decode()  # corrected from the stored vocabulary
    assert client.get("/api/search", {"q": "huisbezoekn"}).status_code == 200
    assert client.get("/zoeken/suggesties/", {"q": "vertrouwn"}).status_code == 200
    assert search(text="overstapp leerlingn").suggestion
    assert build_counter.call_count == 0


@pytest.mark.django_db
def test_without_a_stored_vocabulary_a_request_builds_none(client, corpus, build_counter):
    SearchVocabulary.objects.all().delete()
    response = client.get("/zoeken/", {"q": "vertrouwn"})
    assert response.status_code == 200
    assert build_counter.call_count == 0
    assert vocabulary.speller().counts == {}


@pytest.mark.django_db
def test_the_reindex_command_builds_the_vocabulary(corpus, build_counter, capsys):
    SearchVocabulary.objects.all().delete()
    call_command("reindex")
    assert build_counter.call_count == 1
    stored = SearchVocabulary.objects.get()
    assert stored.word_count > 20 and "vertrouwen" in stored.words
    assert stored.signature == vocabulary.index_signature()
    assert search(text="vertrouwn").suggestion == "vertrouwen"


@pytest.mark.django_db
def test_index_writes_build_once_after_the_commit(
    corpus, build_counter, django_capture_on_commit_callbacks
):
    before = SearchVocabulary.objects.get().version
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ThemeFactory(title="Zomerkamp", guiding_question="", introduction="Een kampeerweek.")
        ThemeFactory(title="Winterkamp", guiding_question="", introduction="Een sneeuwweek.")
        assert build_counter.call_count == 0  # not before the commit
    assert build_counter.call_count == 1  # the other tasks found the index unchanged
    stored = SearchVocabulary.objects.get()
    assert stored.version == before + 1
    assert {"kampeerweek", "sneeuwweek"} <= set(vocabulary.parse(stored.words)[0])
    # Nothing changed since: the task leaves the stored build alone.
    assert vocabulary.rebuild_vocabulary.call() == 0
    assert SearchVocabulary.objects.get().version == before + 1


@pytest.mark.django_db
def test_a_process_loads_a_new_version_once(corpus, django_assert_num_queries):
    vocabulary.speller()
    with django_assert_num_queries(1):  # the version stamp only
        vocabulary.speller()
    vocabulary.vocabulary_build()
    with django_assert_num_queries(2):  # the version, then the words of the new build
        vocabulary.speller()


@pytest.mark.django_db
def test_a_word_the_vocabulary_corrects_needs_no_title_trigrams(corpus):
    """The trigram look-up over titles is the costliest statement of a typo query; it runs
    only when the vocabulary could not correct every unknown word."""
    from kansenwerk.search import backends

    with mock.patch.object(
        backends, "title_neighbours", wraps=backends.title_neighbours
    ) as neighbours:
        outcome = search(text="overstapp")
        assert outcome.suggestion == "overstap"
        assert "De overstap naar de middelbare school" in [h.entry.title for h in outcome.hits]
        assert neighbours.call_count == 0
        search(text="xqzwvbnmrtp")  # nothing in the vocabulary is this close
        assert neighbours.call_count > 0
