"""Every error under /api/ is JSON with Dutch messages, never an HTML page (issue 15)."""

import pytest

from kansenwerk.meetups.tests.factories import MeetupThemeFactory


@pytest.fixture
def meetup(db, settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    return MeetupThemeFactory(slug="taal").meetup


def _post(client, meetup, body: str):
    return client.post(
        f"/api/meetups/{meetup.slug}/registrations", data=body, content_type="application/json"
    )


@pytest.mark.django_db
def test_broken_json_is_a_dutch_400(client, meetup):
    response = _post(client, meetup, '{"name": ')
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"]["__all__"]


@pytest.mark.django_db
def test_wrong_types_name_the_field_in_dutch(client, meetup):
    response = _post(client, meetup, '{"name": 5, "consent": "misschien", "theme_choices": "x"}')
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["name"] == ["Verwacht tekst."]
    assert errors["consent"] == ["Verwacht waar of onwaar (true/false)."]
    assert errors["theme_choices"] == ["Verwacht een lijst."]
    assert response.json()["detail"]  # the technical detail stays for existing clients


@pytest.mark.django_db
def test_missing_and_malformed_query_parameters(client):
    assert client.get("/api/search").json()["errors"] == {"q": ["Dit veld is verplicht."]}
    response = client.get("/api/search", {"q": "ouders", "limit": "veel"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["Verwacht een getal."]}


@pytest.mark.django_db
def test_unknown_paths_and_methods_answer_json(client):
    missing = client.get("/api/bestaat-niet")
    assert missing.status_code == 404
    assert missing.json() == {"errors": {"__all__": ["Niet gevonden."]}}
    wrong_method = client.delete("/api/search?q=ouders")
    assert wrong_method.status_code == 405
    assert wrong_method.json() == {"errors": {"__all__": ["Deze methode is hier niet toegestaan."]}}
    assert "GET" in wrong_method["Allow"]


@pytest.mark.django_db
def test_pages_outside_the_api_keep_their_html_error_pages(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
