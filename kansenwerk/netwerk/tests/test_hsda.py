"""Every HSDA 3.0 endpoint answers, and every answer validates against the response schema
of the HSDS OpenAPI description (../shared/hsds/schema/openapi.json).

The OpenAPI file refers to the published schemas by URL (`…/schema/taxonomy.json`,
`…/schema/compiled/service.json`, `…/compiled/service_list.json`); the registry below
serves the local copies under those URLs. The compiled files are the same objects with
their references inlined, and a `_list` schema is the object without its arrays, so
both are checked against the object's own schema.
"""

import copy
import json
from pathlib import Path

import pytest
from django.core.cache import cache
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kansenwerk.netwerk.hsds import taxonomy as tx
from kansenwerk.netwerk.hsds.export import build_document, write_json
from kansenwerk.netwerk.hsds.importer import import_path
from kansenwerk.netwerk.hsds.schemas import SCHEMA_DIR

# The shared reference copy (../shared/hsds/schema from the checkout; a worktree sits deeper).
SHARED = next(
    (
        parent / "shared" / "hsds" / "schema"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared" / "hsds" / "schema").is_dir()
    ),
    Path("/nonexistent"),
)
SCHEMAS = SHARED if (SHARED / "openapi.json").is_file() else SCHEMA_DIR
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name == "openapi.json":
            continue
        resource = Resource.from_contents(json.loads(path.read_text()), DRAFT202012)
        stem = path.stem
        for uri in (
            path.name,
            f"{BASE}{stem}.json",
            f"{BASE}compiled/{stem}.json",
            f"{BASE}compiled/{stem}_list.json",
        ):
            resources.append((uri, resource))
    return Registry().with_resources(resources)


OPENAPI = json.loads((SCHEMAS / "openapi.json").read_text()) if SCHEMAS.is_dir() else {}
REGISTRY = _registry() if OPENAPI else None


def _inline_components(node):
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            return _inline_components(OPENAPI["components"]["schemas"][ref.rsplit("/", 1)[1]])
        return {k: _inline_components(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_components(v) for v in node]
    return node


def response_errors(path_template: str, body) -> list[str]:
    operation = OPENAPI["paths"][path_template]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(
        _inline_components(copy.deepcopy(schema)),
        registry=REGISTRY,
        format_checker=FormatChecker(),
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]


pytestmark = pytest.mark.skipif(not OPENAPI, reason="HSDS OpenAPI description not present")


def _get(client, url, template, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    assert response_errors(template, body) == [], (url, params)
    return body


def test_the_validation_really_rejects_a_wrong_answer():
    assert response_errors("/taxonomies/{id}", {"id": "x", "name": 5})
    assert response_errors("/services", {"total_items": "many", "contents": [{"id": 1}]})


def test_every_hsda_endpoint_answers_and_validates(client, network, tmp_path):
    # A foreign term kept from an import, so kept terms and taxonomies are covered too.
    document = build_document()
    taxonomy = {"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a50", "name": "Ander systeem",
                "description": "Een andere taxonomie"}  # fmt: skip
    term = {"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a51", "code": "x1", "name": "Voeding",
            "description": "Eten", "taxonomy_id": taxonomy["id"]}  # fmt: skip
    document["taxonomies"].append(taxonomy)
    document["taxonomy_terms"].append(term)
    service = next(s for s in document["services"] if s["name"] == "Voorleesochtend")
    service["attributes"].append({"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a52",
                                  "taxonomy_term_id": term["id"]})  # fmt: skip
    import_path(write_json(document, tmp_path / "hsds.json"))

    root = _get(client, "/api/", "/")
    assert root["version"] == "3.0"
    assert root["openapi_url"].endswith("/api/openapi.json")
    assert client.get(root["openapi_url"]).status_code == 200

    services = _get(client, "/api/services", "/services")
    assert services["total_items"] == 3
    minimal = _get(client, "/api/services", "/services", minimal="true")
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}
    full = _get(client, "/api/services", "/services", full="true")
    reading = next(s for s in full["contents"] if s["name"] == "Voorleesochtend")
    assert reading["organization"]["name"] == "Bibliotheek Zandmeer"
    assert reading["service_at_locations"][0]["location"]["addresses"]
    assert "organization" not in services["contents"][0]
    _get(client, f"/api/services/{reading['id']}", "/services/{id}")

    organizations = _get(client, "/api/organizations", "/organizations")
    assert "services" not in organizations["contents"][0]
    nested = _get(client, "/api/organizations", "/organizations", full="true")
    assert all("services" in o for o in nested["contents"])
    org_id = organizations["contents"][0]["id"]
    _get(client, f"/api/organizations/{org_id}", "/organizations/{id}")

    taxonomies = _get(client, "/api/taxonomies", "/taxonomies")
    assert {t["id"] for t in taxonomies["contents"]} == {t.id for t in tx.TAXONOMIES} | {
        taxonomy["id"]
    }
    for item in taxonomies["contents"]:
        _get(client, f"/api/taxonomies/{item['id']}", "/taxonomies/{id}")

    terms = _get(client, "/api/taxonomy_terms", "/taxonomy_terms", per_page=200)
    ids = {t["id"] for t in terms["contents"]}
    assert term["id"] in ids
    assert tx.term_id("thema:taal-thuis") in ids
    assert tx.term_id("soort:ggd") in ids  # every kind, used or not
    region_term = tx.term_id("regio:regio-noord")
    children = _get(
        client, "/api/taxonomy_terms", "/taxonomy_terms", parent_id=region_term, per_page=200
    )
    assert {t["name"] for t in children["contents"]} == {"Zandmeer", "Heidedorp"}
    top = _get(client, "/api/taxonomy_terms", "/taxonomy_terms", top_only="true", per_page=200)
    assert not any(t.get("parent_id") for t in top["contents"])
    by_taxonomy = _get(client, "/api/taxonomy_terms", "/taxonomy_terms", taxonomy_id=tx.THEME.id)
    assert [t["code"] for t in by_taxonomy["contents"]] == ["thema:taal-thuis"]
    for item in [*terms["contents"][:5], term]:
        _get(client, f"/api/taxonomy_terms/{item['id']}", "/taxonomy_terms/{id}")

    at = _get(client, "/api/service_at_locations", "/service_at_locations")
    assert at["total_items"] == 1
    pair = at["contents"][0]
    assert pair["service_id"] == reading["id"]
    assert pair["id"] == reading["service_at_locations"][0]["id"]
    full_at = _get(client, "/api/service_at_locations", "/service_at_locations", full="true")
    assert full_at["contents"][0]["service"]["name"] == "Voorleesochtend"
    assert full_at["contents"][0]["location"]["id"] == pair["location_id"]
    detail = _get(client, f"/api/service_at_locations/{pair['id']}", "/service_at_locations/{id}")
    # openapi.json answers this path with the fully nested service, narrowed to the pair.
    assert detail["id"] == reading["id"]
    assert [a["id"] for a in detail["service_at_locations"]] == [pair["id"]]
    assert detail["service_at_locations"][0]["location"]["id"] == pair["location_id"]

    # The kept term filters like any other.
    kept = _get(client, "/api/services", "/services", taxonomy_term_id=term["id"])
    assert [s["name"] for s in kept["contents"]] == ["Voorleesochtend"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/taxonomies/00000000-0000-4000-8000-000000000000",
        "/api/taxonomy_terms/niet-een-id",
        "/api/service_at_locations/00000000-0000-4000-8000-000000000000",
    ],
)
def test_unknown_ids_answer_404_in_dutch(client, network, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "bestaat niet" in response.json()["detail"]


def test_full_service_list_query_count_does_not_grow_per_service(
    client, network, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        client.get("/api/services", {"full": "true"})
    with django_assert_max_num_queries(25):
        client.get("/api/service_at_locations", {"full": "true"})


def test_who_verified_a_listing_never_leaves_through_the_api(client, network):
    from django.utils import timezone

    from kansenwerk.netwerk.models import Organization, Service

    Organization.objects.update(last_verified_at=timezone.now(), verified_by="geheim@example.org")
    Service.objects.update(last_verified_at=timezone.now(), verified_by="geheim@example.org")
    service = network["reading_service"]
    for url in (
        "/api/services?full=true",
        f"/api/services/{service.hsds_id}",
        "/api/organizations?full=true",
        f"/api/organizations/{network['library'].hsds_id}",
    ):
        body = client.get(url).content.decode()
        assert "geheim@example.org" not in body, url
        assert '"last_action_type": "verified"' in body.replace('":"', '": "'), url
    detail = client.get(f"/api/services/{service.hsds_id}").json()
    assert detail["assured_date"] == timezone.now().date().isoformat()
    assert "assurer_email" not in detail
