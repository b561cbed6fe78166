"""Evidence levels and attribute values in the HSDS exchange (HSDS.md, "Evidence levels").

A level travels as an attribute of each service linked to a rated intervention; an
import keeps it as received (with the site that decided it) and never sets a level here.
"""

import datetime
import json

import pytest

from kansenwerk.kennisbank.evidence import services as evidence_services
from kansenwerk.kennisbank.evidence.models import EvidenceProfile, Level
from kansenwerk.netwerk.hsds import taxonomy as tx
from kansenwerk.netwerk.hsds.export import build_document, write_datapackage, write_json
from kansenwerk.netwerk.hsds.importer import import_path
from kansenwerk.netwerk.hsds.schemas import validator
from kansenwerk.netwerk.models import Location, Organization, Service

ELSEWHERE = "https://elders.example.org"


def _comparable(document):
    return json.loads(json.dumps(document, sort_keys=True))


def _rate(user, intervention, level=Level.EFFECTIVE_GOOD, **extra):
    return evidence_services.profile_update(
        user=user,
        intervention=intervention,
        data={
            "level": level,
            "scheme": "Erkenningstraject Interventies",
            "assessed_on": datetime.date(2024, 9, 1),
            **extra,
        },
    )


def _levels(document, service_name="Voorleesochtend"):
    service = next(s for s in document["services"] if s["name"] == service_name)
    codes = {t["id"]: t["code"] for t in document["taxonomy_terms"]}
    return [
        (codes[a["taxonomy_term_id"]].split(":", 1)[1], json.loads(a["value"]))
        for a in service["attributes"]
        if codes[a["taxonomy_term_id"]].startswith("erkenningsniveau:")
    ]


@pytest.fixture
def from_elsewhere(network, beheerder, settings, tmp_path):
    """An export written by another kansenwerk site whose beheerder rated Leesmaatjes; this
    database has the intervention, unrated, and no netwerk yet."""
    settings.KANSENWERK_SITE_URL = ELSEWHERE
    _rate(beheerder, network["intervention"], reason="")
    path = write_json(build_document(), tmp_path / "hsds.json")
    settings.KANSENWERK_SITE_URL = "https://hier.example.org"
    EvidenceProfile.objects.all().delete()
    Organization.objects.all().delete()
    return path


def test_the_level_is_an_attribute_with_a_level_term_and_a_value_saying_who_decided(
    network, beheerder
):
    _rate(beheerder, network["intervention"], committee="Commissie A")
    document = build_document()
    [(level, value)] = _levels(document)
    assert level == "effectief_goede_aanwijzingen"
    assert value["intervention"] == "interventie:leesmaatjes"
    assert value["committee"] == "Commissie A"
    assert value["decided_at"].startswith("http")
    assert "international" not in value
    # Only services linked to a rated intervention carry one; 'niet beoordeeld' is no level.
    assert _levels(document, "Zomerkamp") == []
    term = next(t for t in document["taxonomy_terms"] if t["code"].startswith("erkenning"))
    assert term["name"] == "Effectief volgens goede aanwijzingen"
    assert term["taxonomy_id"] == tx.EVIDENCE_LEVEL.id
    for service in document["services"]:
        assert list(validator("service").iter_errors(service)) == []
    evidence_services.profile_clear_level(user=beheerder, intervention=network["intervention"])
    assert _levels(build_document()) == []


def test_an_imported_level_is_kept_as_received_and_never_sets_a_level(
    network, beheerder, from_elsewhere
):
    report = import_path(from_elsewhere)
    assert not EvidenceProfile.objects.exists()
    assert any("erkenningsniveaus van interventies zijn bewaard" in w for w in report.warnings)
    document = build_document()
    [(level, value)] = _levels(document)
    assert level == "effectief_goede_aanwijzingen"
    assert value["decided_at"].startswith(ELSEWHERE)

    # A beheerder here decides: from now on this site's level travels, not the received one.
    _rate(beheerder, network["intervention"], level=Level.WELL_FOUNDED)
    [(level, value)] = _levels(build_document())
    assert level == "goed_onderbouwd"
    assert value["decided_at"].startswith("https://hier.example.org")
    # Cleared here: the received level is passed on again, as it came.
    evidence_services.profile_clear_level(user=beheerder, intervention=network["intervention"])
    assert _levels(build_document()) == _levels(document)


def test_a_received_level_leaves_the_export_with_the_intervention(network, from_elsewhere):
    import_path(from_elsewhere)
    service = Service.objects.get(name="Voorleesochtend")
    assert _levels(build_document()) != []
    service.interventions.clear()
    assert _levels(build_document()) == []


def test_reimporting_this_sites_own_export_changes_nothing(network, beheerder, tmp_path):
    _rate(beheerder, network["intervention"])
    before = build_document()
    report = import_path(write_json(before, tmp_path / "hsds.json"))
    assert report.total("updated") == 0
    assert Service.objects.get(name="Voorleesochtend").attribute_values == []
    # So a level cleared here stays cleared.
    evidence_services.profile_clear_level(user=beheerder, intervention=network["intervention"])
    assert _levels(build_document()) == []


@pytest.mark.parametrize("form", ["json", "csv"])
def test_values_of_other_attributes_are_kept_on_every_object(network, tmp_path, form):
    document = build_document(include_contacts=True)
    taxonomy = {"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a50", "name": "Ander systeem",
                "description": "Een andere taxonomie"}  # fmt: skip
    term = {"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a51", "code": "wacht", "name": "Wachttijd",
            "description": "Wachttijd in weken", "taxonomy_id": taxonomy["id"]}  # fmt: skip
    document["taxonomies"].append(taxonomy)
    document["taxonomy_terms"].append(term)
    org = next(o for o in document["organizations"] if o["name"] == "Bibliotheek Zandmeer")
    owners = [org, org["locations"][0], org["services"][0]]
    for n, owner in enumerate(owners):
        owner["attributes"].append(
            {
                "id": f"1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a6{n}",
                "taxonomy_term_id": term["id"],
                "link_id": owner["id"],
                "link_entity": "service",
                "value": f"{n + 2} weken",
            }
        )
    # A kansenwerk term with a value from elsewhere, and one term with two values.
    theme = org["services"][0]["attributes"][0]
    theme["value"] = "=hoofdthema"
    org["services"][0]["attributes"].append(
        {**owners[2]["attributes"][-1], "id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a69", "value": "9"}
    )
    document = json.loads(json.dumps(build_document_with(document)))
    path = (
        write_json(document, tmp_path / "x.json")
        if form == "json"
        else write_datapackage(document, tmp_path)
    )

    report = import_path(path)

    assert not any("value" in w for w in report.warnings)
    assert Organization.objects.get(name="Bibliotheek Zandmeer").attribute_values == [
        {"taxonomy_term_id": term["id"], "value": "2 weken"}
    ]
    assert Location.objects.get(pk=network["library"].locations.get().pk).attribute_values == [
        {"taxonomy_term_id": term["id"], "value": "3 weken"}
    ]
    service = Service.objects.get(name=org["services"][0]["name"])
    assert sorted(v["value"] for v in service.attribute_values) == ["4 weken", "9", "=hoofdthema"]
    once = build_document(include_contacts=True)

    def values(document):
        return sorted(
            a["value"]
            for o in document["organizations"]
            for owner in [o, *o["locations"], *o["services"]]
            for a in owner["attributes"]
            if "value" in a
        )

    assert values(once) == ["2 weken", "3 weken", "4 weken", "9", "=hoofdthema"]
    # Written again, read again: the same document (ids of extra values are stable).
    import_path(write_json(once, tmp_path / "again.json"))
    assert _comparable(build_document(include_contacts=True)) == _comparable(once)


def build_document_with(document):
    """The hand-edited document as an export would have it (flat services in step)."""
    document["services"] = [s for o in document["organizations"] for s in o["services"]]
    return document


def test_the_api_finds_services_by_level(client, network, beheerder, from_elsewhere):
    import_path(from_elsewhere)
    good = tx.term_id(tx.evidence_level_code(Level.EFFECTIVE_GOOD))
    founded = tx.term_id(tx.evidence_level_code(Level.WELL_FOUNDED))

    def names(term):
        body = client.get("/api/services", {"taxonomy_term_id": term}).json()
        return [s["name"] for s in body["contents"]]

    assert names(good) == ["Voorleesochtend"]  # received
    assert names(founded) == []
    _rate(beheerder, network["intervention"], level=Level.WELL_FOUNDED)
    assert names(founded) == ["Voorleesochtend"]  # decided here
    terms = client.get("/api/taxonomy_terms", {"taxonomy_id": tx.EVIDENCE_LEVEL.id}).json()
    assert terms["total_items"] == 6  # the ladder without 'niet beoordeeld'
