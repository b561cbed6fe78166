"""Search insights: the query log without personal data, pinned results and synonyms that
a beheerder adds in one click; the pinned order must hold on both databases."""

import pytest

from kansenwerk.kennisbank.tests.factories import ThemeFactory
from kansenwerk.search import analytics
from kansenwerk.search.models import SearchEntry, SearchQueryDay
from kansenwerk.search.selectors import search

URL = "/zoeken/"
INSIGHTS = "/zoeken/inzicht/"


def titles(outcome):
    return [hit.entry.title for hit in outcome.hits]


@pytest.mark.django_db
def test_the_log_counts_searches_results_and_clicks_and_holds_no_personal_data(client, corpus):
    client.get(URL, {"q": "Voorlezen  thuis"})
    client.get(URL, {"q": "voorlezen thuis"})
    client.get(URL, {"q": "voorlezen thuis", "pagina": "2"})  # paging is no new search
    client.get(URL, {"q": "qwxzv"})
    row = SearchQueryDay.objects.get(query="voorlezen thuis")
    assert (row.searches, row.results > 0, row.clicks) == (2, True, 0)
    entry = SearchEntry.objects.get(title="Voorlees Express")
    response = client.get(f"/zoeken/naar/{entry.pk}/", {"q": "voorlezen thuis"})
    assert response.status_code == 302 and response["Location"] == entry.url
    row.refresh_from_db()
    assert row.clicks == 1
    fields = {f.name for f in SearchQueryDay._meta.get_fields()}
    assert fields == {"id", "day", "query", "source", "searches", "results", "clicks"}
    assert row.source == SearchQueryDay.Source.PAGE
    report = analytics.query_report()
    assert [r.query for r in report["zero"]] == ["qwxzv"]


@pytest.mark.django_db
def test_a_pinned_record_comes_first_even_without_the_words(corpus):
    target = SearchEntry.objects.get(title="De overstap naar de middelbare school")
    assert titles(search(text="ouders school"))[0] != target.title
    analytics.promotion_create(query="Ouders  School", entry_id=target.pk)
    assert titles(search(text="ouders school"))[0] == target.title
    assert titles(search(text="ouders school")).count(target.title) == 1
    assert titles(search(text="ouders"))[0] != target.title  # only for that query


@pytest.mark.django_db
def test_only_beheerders_see_insights(client, beheerder, deelnemer):
    assert client.get(INSIGHTS).status_code in (302, 403)
    client.force_login(deelnemer)
    assert client.get(INSIGHTS).status_code == 403
    client.force_login(beheerder)
    assert client.get(INSIGHTS).status_code == 200


def test_beheerders_find_the_insights_from_the_search_page(client, beheerder, deelnemer):
    client.force_login(deelnemer)
    assert INSIGHTS not in client.get(URL).content.decode()
    client.force_login(beheerder)
    assert f'href="{INSIGHTS}"' in client.get(URL).content.decode()


@pytest.mark.django_db(transaction=True)
def test_add_as_synonym_in_one_click_applies_without_reindexing(client, beheerder):
    ThemeFactory(title="Bibliotheek op school", guiding_question="", introduction="")
    assert titles(search(text="leeszaal")) == []
    client.force_login(beheerder)
    client.get(URL, {"q": "leeszaal"})
    assert "leeszaal" in client.get(INSIGHTS).content.decode()
    response = client.post(
        INSIGHTS, {"action": "synonym", "query": "leeszaal", "target": "bibliotheek"}
    )
    assert response.status_code == 302
    assert titles(search(text="leeszaal")) == ["Bibliotheek op school"]
    bad = client.post(INSIGHTS, {"action": "synonym-line", "line": "alleen"}, follow=True)
    assert "Schrijf minstens twee woorden" in bad.content.decode()


@pytest.mark.django_db
def test_pin_from_the_insights_page(client, beheerder, corpus):
    client.force_login(beheerder)
    page = client.get(INSIGHTS, {"vastpinnen": "brugklas tips", "zoek": "overstap"})
    assert "De overstap naar de middelbare school" in page.content.decode()
    entry = SearchEntry.objects.get(title="De overstap naar de middelbare school")
    client.post(INSIGHTS, {"action": "pin", "query": "brugklas tips", "entry": str(entry.pk)})
    assert titles(search(text="brugklas tips"))[0] == entry.title


@pytest.mark.django_db
def test_queries_that_look_like_contact_details_are_not_logged(client):
    for text in ["piet@example.org", "bel 0612345678", "123456782"]:
        assert client.get(URL, {"q": text}).status_code == 200
    assert not SearchQueryDay.objects.exists()


@pytest.mark.django_db
def test_insights_refuse_bad_input_with_a_message(client, beheerder):
    client.force_login(beheerder)
    response = client.post(
        INSIGHTS, {"action": "pin", "query": "x\x00y", "entry": "abc"}, follow=True
    )
    assert response.status_code == 200
    assert "staat niet (meer) in de zoekindex" in response.content.decode()
    assert client.get("/zoeken/naar/999999/").status_code == 404


@pytest.mark.django_db
def test_api_searches_go_into_the_same_log_with_their_source(client, corpus):
    assert client.get("/api/search", {"q": "Voorlezen thuis"}).status_code == 200
    assert client.get("/api/search", {"q": "voorlezen   thuis"}).status_code == 200
    client.get(URL, {"q": "voorlezen thuis"})
    client.get("/api/search", {"q": "qwxzv"})
    rows = {(r.query, r.source): r for r in SearchQueryDay.objects.filter(query="voorlezen thuis")}
    assert set(rows) == {("voorlezen thuis", "api"), ("voorlezen thuis", "page")}
    assert rows["voorlezen thuis", "api"].searches == 2
    assert rows["voorlezen thuis", "api"].results > 0
    assert SearchQueryDay.objects.get(query="qwxzv").source == "api"
    # The report adds the sources up: one line per query.
    report = analytics.query_report()
    assert [r.query for r in report["zero"]] == ["qwxzv"]
    # A click on the page counts for the page's row only.
    entry = SearchEntry.objects.get(title="Voorlees Express")
    client.get(f"/zoeken/naar/{entry.pk}/", {"q": "voorlezen thuis"})
    clicks = dict(
        SearchQueryDay.objects.filter(query="voorlezen thuis").values_list("source", "clicks")
    )
    assert clicks == {"page": 1, "api": 0}


@pytest.mark.django_db
def test_api_queries_that_look_like_contact_details_are_not_logged(client, corpus):
    for text in ["piet@example.org", "bel 0612345678", "123456782"]:
        assert client.get("/api/search", {"q": text}).status_code == 200
    assert not SearchQueryDay.objects.exists()
