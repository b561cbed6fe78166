"""The HSDA-shaped JSON API: envelope, filters, detail, schema validity and rate limits."""

import pytest
from django.core.cache import cache

from kansenwerk.netwerk.hsds import taxonomy as tx
from kansenwerk.netwerk.hsds.schemas import validator

from .factories import ServiceFactory

ENVELOPE = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_services_list_envelope_and_pagination(client, network):
    response = client.get("/api/services", {"per_page": 2})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == ENVELOPE
    assert body["total_items"] == 3
    assert body["total_pages"] == 2
    assert body["first_page"] and not body["last_page"]
    assert [s["name"] for s in body["contents"]] == ["Opvoedspreekuur", "Voorleesochtend"]
    last = client.get("/api/services", {"per_page": 2, "page": 2}).json()
    assert last["last_page"] and last["size"] == 1
    beyond = client.get("/api/services", {"per_page": 2, "page": 5}).json()
    assert beyond["empty"] and beyond["contents"] == []
    for service in body["contents"]:
        assert list(validator("service").iter_errors(service)) == []


def test_services_filters_are_cumulative(client, network):
    def names(**params):
        return sorted(s["name"] for s in client.get("/api/services", params).json()["contents"])

    assert names(search="voorlees") == ["Voorleesochtend"]
    assert names(search="zandmeer") == ["Voorleesochtend"]  # organisation name
    direction_term = tx.term_id(tx.direction_code(network["summer"], "taal-thuis"))
    assert names(taxonomy_term_id=direction_term) == ["Zomerkamp"]
    parents = tx.term_id(tx.target_group_code(network["parents"]))
    assert names(taxonomy_term_id=parents) == ["Voorleesochtend", "Zomerkamp"]
    assert names(taxonomy_term_id=parents, search="kamp") == ["Zomerkamp"]
    region_term = tx.term_id(tx.region_code(network["other_region"]))
    assert names(taxonomy_term_id=region_term) == ["Opvoedspreekuur"]
    assert names(taxonomy_term_id="00000000-0000-4000-8000-000000000000") == []
    assert names(modified_after="2999-01-01T00:00:00Z") == []
    assert len(names(modified_after="2000-01-01T00:00:00Z")) == 3


def test_service_detail(client, network):
    service = network["reading_service"]
    response = client.get(f"/api/services/{service.hsds_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Voorleesochtend"
    assert body["organization"]["name"] == "Bibliotheek Zandmeer"
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "1234 AB"
    assert list(validator("service").iter_errors(body)) == []
    assert "contacts" not in body or body["contacts"] == []
    missing = client.get("/api/services/5d0e0e8e-8f4e-4c3a-9d1e-000000000001")
    assert missing.status_code == 404


def test_organizations(client, network):
    body = client.get("/api/organizations", {"search": "heidedorp"}).json()
    assert [o["name"] for o in body["contents"]] == ["Welzijn Heidedorp"]
    kind = tx.term_id(tx.kind_code("bibliotheek"))
    body = client.get("/api/organizations", {"taxonomy_term_id": kind}).json()
    assert [o["name"] for o in body["contents"]] == ["Bibliotheek Zandmeer"]
    theme = tx.term_id(tx.theme_code(network["theme"]))
    body = client.get("/api/organizations", {"taxonomy_term_id": theme}).json()
    assert body["total_items"] == 1
    detail = client.get(f"/api/organizations/{network['library'].hsds_id}").json()
    assert [s["name"] for s in detail["services"]] == ["Voorleesochtend"]
    assert detail["contacts"] == []  # personal data never leaves through the API
    assert list(validator("organization").iter_errors(detail)) == []


def test_list_query_counts_do_not_grow(client, network, django_assert_max_num_queries):
    for n in range(20):
        ServiceFactory(organization=network["library"], name=f"Extra {n}")
    with django_assert_max_num_queries(12):
        assert client.get("/api/services", {"per_page": 50}).json()["size"] == 23
    with django_assert_max_num_queries(8):
        client.get("/api/organizations")


def test_kennisbank_endpoints(client, network):
    themes = client.get("/api/themes").json()
    assert [t["slug"] for t in themes["contents"]] == ["taal-thuis"]
    theme = client.get("/api/themes/taal-thuis").json()
    assert [d["title"] for d in theme["solution_directions"]] == [
        "Samen lezen",
        "Zomeraanbod",
        "Niemand doet dit",
    ]
    assert client.get("/api/themes/bestaat-niet").status_code == 404
    directions = client.get("/api/solution-directions", {"theme": "taal-thuis"}).json()
    assert directions["total_items"] == 3
    interventions = client.get("/api/interventions").json()
    assert interventions["contents"][0]["title"] == "Leesmaatjes"
    # The term ids in the kennisbank API are the ones that filter services.
    term = directions["contents"][0]["taxonomy_term_id"]
    names = [
        s["name"]
        for s in client.get("/api/services", {"taxonomy_term_id": term}).json()["contents"]
    ]
    assert names == ["Voorleesochtend"]


@pytest.fixture
def small_limit(settings):
    # The default limit is 120 a minute; five keeps these tests quick.
    settings.KANSENWERK_RATE_LIMITS = "on"
    settings.KANSENWERK_API_ANON_RATE = "5/m"


def test_anonymous_reads_are_rate_limited(client, network, small_limit):
    statuses = [client.get("/api/themes").status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    # The limit is shared by every endpoint.
    assert client.get("/api/services").status_code == 429


def test_rate_limit_counts_the_client_behind_our_proxy(client, network, small_limit, monkeypatch):
    from ninja.conf import settings as ninja_settings

    # settings.NINJA_NUM_PROXIES comes from KANSENWERK_PROXY_COUNT; ninja reads it at start-up.
    monkeypatch.setattr(ninja_settings, "NUM_PROXIES", 1)
    first = [
        client.get("/api/themes", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code for _ in range(6)
    ]
    assert first == [200] * 5 + [429]
    assert client.get("/api/themes", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


def test_rate_limits_can_be_switched_off(client, network, small_limit, settings):
    settings.KANSENWERK_RATE_LIMITS = "off"
    assert {client.get("/api/themes").status_code for _ in range(7)} == {200}


def test_signed_in_users_are_not_rate_limited(client, network, deelnemer, small_limit):
    client.force_login(deelnemer)
    assert {client.get("/api/themes").status_code for _ in range(7)} == {200}


def test_openapi_lists_the_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/services",
        "/api/services/{service_id}",
        "/api/organizations",
        "/api/themes",
        "/api/solution-directions",
        "/api/interventions",
    ):
        assert path in paths
