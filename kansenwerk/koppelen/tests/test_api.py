"""The Koppelen API: open programmes (public fields only) and the public sign-up."""

import pytest
from django.core import mail

from kansenwerk.koppelen.models import Participant, Programme

from .factories import ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_programme(region, programme_coordinator):
    return ProgrammeFactory(
        name="Taalmaatjes",
        kind=Programme.Kind.MENTOR_KIND,
        region=region,
        is_open=True,
        coordinators=[programme_coordinator],
    )


def _body(**extra):
    body = {
        "side": "mentee",
        "email": "ouder@example.org",
        "consent": True,
        "parental_consent": True,
        "display_name": "Noor",
        "filled_in_by": "ouder",
        "languages": ["Nederlands", "Arabisch"],
        "availability": ["di-middag"],
        "postcode_area": "3511",
        "age_band": "8-11",
    }
    body.update(extra)
    return body


def test_openapi_documents_the_koppelen_endpoints(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/koppelen/programmes" in paths
    assert "post" in paths["/api/koppelen/programmes/{programme_id}/signups"]
    signup = schema["components"]["schemas"]["SignupIn"]
    assert {"side", "email", "display_name"} <= set(signup["required"])


def test_only_open_programmes_with_public_fields(client, open_programme, region):
    ProgrammeFactory(name="Gesloten", region=region)
    ParticipantFactory(programme=open_programme, display_name="Geheim kind")
    response = client.get("/api/koppelen/programmes")
    assert response.status_code == 200
    data = response.json()
    assert [p["name"] for p in data] == ["Taalmaatjes"]
    assert set(data[0]) == {
        "id",
        "name",
        "kind",
        "kind_label",
        "region",
        "organisation",
        "description",
        "url",
    }
    detail = client.get(f"/api/koppelen/programmes/{open_programme.pk}").json()
    assert "Geheim kind" not in str(detail)
    assert detail["how_matching_works"]
    mentee = next(s for s in detail["sides"] if s["side"] == "mentee")
    assert "parental_consent" in mentee["questions"]


def test_closed_programme_is_404_in_dutch(client, programme):
    response = client.get(f"/api/koppelen/programmes/{programme.pk}")
    assert response.status_code == 404
    assert "open" in response.json()["errors"]["__all__"][0]


def test_signup_through_the_api(client, open_programme):
    url = f"/api/koppelen/programmes/{open_programme.pk}/signups"
    response = client.post(url, _body(), content_type="application/json")
    assert response.status_code == 202, response.content
    child = Participant.objects.get()
    assert child.languages == ["Nederlands", "Arabisch"] and child.parental_consent
    assert len(mail.outbox) == 1
    again = client.post(url, _body(), content_type="application/json")
    assert again.status_code == 202 and again.json() == response.json()
    assert Participant.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"postcode_area": "99999"}, "postcode_area"),
        ({"consent": False}, "consent"),
        ({"parental_consent": False}, "parental_consent"),
        ({"email": "geen-adres"}, "email"),
        ({"availability": ["nooit"]}, "availability"),
        ({"side": "baas"}, "side"),
    ],
)
def test_bad_signups_get_dutch_400s(client, open_programme, change, field):
    url = f"/api/koppelen/programmes/{open_programme.pk}/signups"
    response = client.post(url, _body(**change), content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Participant.objects.exists()


def test_not_json_is_a_4xx(client, open_programme):
    url = f"/api/koppelen/programmes/{open_programme.pk}/signups"
    response = client.post(url, "dit is geen json", content_type="application/json")
    assert 400 <= response.status_code < 500
    response = client.post(url, {"side": []}, content_type="application/json")
    assert 400 <= response.status_code < 500
