import pytest
from django.urls import reverse

from kansenwerk.kennisbank.tests.factories import ThemeFactory

URL = "/zoeken/"


@pytest.mark.django_db
def test_page_shows_results_with_type_location_and_snippet(client, corpus):
    response = client.get(URL, {"q": "voorlezen thuis"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voorlees Express" in html
    assert "Interventie › Zandmeer" in html
    assert "<mark>" in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_page_query_count_is_bounded(client, corpus, django_assert_max_num_queries):
    for n in range(30):
        ThemeFactory(title=f"Ouders en school {n}")
    with django_assert_max_num_queries(14):
        response = client.get(URL, {"q": "ouders", "pagina": "2"})
    assert response.status_code == 200
    assert 'aria-current="page">2<' in response.content.decode()


@pytest.mark.django_db
def test_filters_combine_in_the_page(client, corpus, region):
    response = client.get(URL, {"q": "ouders", "soort": "interventies", "regio": str(region.pk)})
    html = response.content.decode()
    assert "We vonden niets" in html
    assert "Zoek zonder filters" in html
    response = client.get(URL, {"q": "ouders", "soort": ["themas", "lezen"]})
    html = response.content.decode()
    assert "2 resultaten" in html
    assert 'value="themas" checked' in html


@pytest.mark.django_db
def test_did_you_mean_link(client, corpus):
    html = client.get(URL, {"q": "huisbezoekn"}).content.decode()
    assert "Bedoelde u" in html and "?q=huisbezoeken" in html


@pytest.mark.django_db
def test_empty_query_and_no_results_help(client, corpus):
    assert "Typ in het zoekvak" in client.get(URL).content.decode()
    html = client.get(URL, {"q": "xylofoonqq"}).content.decode()
    assert "We vonden niets" in html and "Tips" in html


@pytest.mark.django_db
def test_xss_in_titles_and_query_is_escaped(client):
    ThemeFactory(
        title="<img src=x onerror=alert(1)> ouders", introduction="<script>ouders</script>"
    )
    html = client.get(URL, {"q": "<script>ouders"}).content.decode()
    assert "<img src=x" not in html
    assert "<script>ouders" not in html
    assert "&lt;img src=x" in html


@pytest.mark.django_db
def test_suggestions_endpoint(client, corpus):
    response = client.get(reverse("search:suggestions"), {"q": "voorl"})
    html = response.content.decode()
    assert 'role="listbox"' in html and 'role="option"' in html
    assert "Voorlees Express" in html
    assert client.get(reverse("search:suggestions"), {"q": ""}).content.decode().strip() == ""
