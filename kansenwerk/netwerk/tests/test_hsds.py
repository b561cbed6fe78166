"""HSDS 3.0: exports validate against the published schemas, import refuses bad files
whole, and export -> import into an empty netwerk -> export gives the same data."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.netwerk.hsds.export import build_document, write_datapackage, write_json
from kansenwerk.netwerk.hsds.importer import ImportRefused, import_path
from kansenwerk.netwerk.hsds.schemas import SCHEMA_DIR, TABLES, schema, table_columns, validator
from kansenwerk.netwerk.models import ContactPerson, Location, Organization, Service, TargetGroup

# The shared reference copy (../shared/hsds/schema from the checkout; a worktree sits deeper).
SHARED_SCHEMA_DIR = next(
    (
        parent / "shared" / "hsds" / "schema"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared" / "hsds" / "schema").is_dir()
    ),
    Path("/nonexistent"),
)


@pytest.fixture
def schema_dir():
    # The shared reference copy is what we validate against; the app ships the same files.
    return SHARED_SCHEMA_DIR if SHARED_SCHEMA_DIR.is_dir() else SCHEMA_DIR


def _errors(name, obj, schema_dir):
    return [e.message for e in validator(name, schema_dir).iter_errors(obj)]


def _empty_netwerk():
    Organization.objects.all().delete()
    TargetGroup.objects.all().delete()


def test_vendored_schemas_equal_the_shared_reference():
    if not SHARED_SCHEMA_DIR.is_dir():
        pytest.skip("shared HSDS reference copy not present")
    for path in SCHEMA_DIR.glob("*.json"):
        assert path.read_bytes() == (SHARED_SCHEMA_DIR / path.name).read_bytes(), path.name


def test_json_export_validates_against_hsds_schemas(network, schema_dir):
    document = build_document(include_contacts=True)
    assert len(document["organizations"]) == 3
    assert len(document["services"]) == 3
    for org in document["organizations"]:
        assert _errors("organization", org, schema_dir) == []
        for service in org["services"]:
            assert _errors("service", service, schema_dir) == []
    for service in document["services"]:
        assert _errors("service", service, schema_dir) == []
    for term in document["taxonomy_terms"]:
        assert _errors("taxonomy_term", term, schema_dir) == []
    for taxonomy in document["taxonomies"]:
        assert _errors("taxonomy", taxonomy, schema_dir) == []


def test_validation_really_checks_refs(schema_dir):
    # A broken nested phone (in phone.json, reached through $ref) must be reported.
    org = {
        "id": "0b5a6f4e-3c86-4a52-8a43-8e0e3f7d9a11",
        "name": "Test",
        "description": "",
        "phones": [{"id": "not-a-uuid"}],
    }
    messages = _errors("organization", org, schema_dir)
    assert any("number" in m for m in messages)
    assert any("not-a-uuid" in m for m in messages)


def test_export_carries_kansenwerk_fields_as_attributes(network):
    document = build_document()
    library = next(o for o in document["organizations"] if o["name"] == "Bibliotheek Zandmeer")
    # Attributes refer to terms by id; each term is written once, in taxonomy_terms.
    terms = {t["id"]: t for t in document["taxonomy_terms"]}
    assert len(terms) == len(document["taxonomy_terms"])
    assert not any("taxonomy_term" in a for a in library["attributes"])
    codes = {terms[a["taxonomy_term_id"]]["code"] for a in library["attributes"]}
    assert {"soort:bibliotheek", "regio:regio-noord", "gemeente:zandmeer"} <= codes
    service = library["services"][0]
    service_codes = {terms[a["taxonomy_term_id"]]["code"] for a in service["attributes"]}
    assert "thema:taal-thuis" in service_codes
    assert "oplossingsrichting:taal-thuis/1-1" in service_codes
    assert "interventie:leesmaatjes" in service_codes
    assert "doelgroep:ouders" in service_codes
    assert {lang["code"] for lang in service["languages"]} == {"nl", "ar"}
    # Contact persons are personal data: only exported on request.
    assert library["contacts"] == []


def test_csv_rows_validate_and_datapackage_lists_every_table(network, tmp_path, schema_dir):
    write_datapackage(build_document(include_contacts=True), tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["profile"] == "tabular-data-package"
    assert {r["path"] for r in descriptor["resources"]} == set(TABLES.values())
    for table, filename in TABLES.items():
        columns = {c["name"]: c["type"] for c in table_columns(table)}
        with (tmp_path / filename).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            obj = {}
            for key, value in row.items():
                if value == "":
                    continue
                obj[key] = float(value) if columns[key] == "number" else value
            for required in schema(table).get("required", []):
                obj.setdefault(required, "")
            assert _errors(table, obj, schema_dir) == [], (filename, row)
    with (tmp_path / "services.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 3


def _comparable(document):
    return json.loads(json.dumps(document, sort_keys=True))


@pytest.mark.parametrize("form", ["json", "csv"])
def test_round_trip_into_an_empty_netwerk(network, tmp_path, form):
    before = build_document(include_contacts=True)
    if form == "json":
        path = write_json(before, tmp_path / "hsds.json")
    else:
        write_datapackage(before, tmp_path)
        path = tmp_path
    _empty_netwerk()
    assert Service.objects.count() == 0
    result = import_path(path)
    assert result.organizations_created == 3
    assert result.services_created == 3
    after = build_document(include_contacts=True)
    assert _comparable(after) == _comparable(before)
    # Importing the same file again changes nothing.
    import_path(path)
    assert _comparable(build_document(include_contacts=True)) == _comparable(before)
    assert Organization.objects.count() == 3


def test_import_writes_audit_entries_without_personal_values(network, tmp_path):
    path = write_json(build_document(include_contacts=True), tmp_path / "hsds.json")
    _empty_netwerk()
    AuditLogEntry.objects.all().delete()
    import_path(path)
    entries = AuditLogEntry.objects.all()
    assert entries.filter(object_repr="Bibliotheek Zandmeer", action="create").exists()
    contact_entries = [e for e in entries if e.content_type.model == "contactperson"]
    assert len(contact_entries) == 1
    assert "Robin" not in json.dumps(contact_entries[0].changes)
    assert "Robin" not in contact_entries[0].object_repr
    assert not any("@" in e.object_repr or "@" in json.dumps(e.changes) for e in contact_entries)
    # The same entry as a save through the model signals writes, plus the import's source.
    assert "import" in contact_entries[0].changes


def _write(tmp_path, document):
    return write_json(document, tmp_path / "bad.json")


def _refused(path, **kwargs):
    counts = (Organization.objects.count(), Service.objects.count(), Location.objects.count())
    with pytest.raises(ImportRefused) as info:
        import_path(path, **kwargs)
    assert counts == (
        Organization.objects.count(),
        Service.objects.count(),
        Location.objects.count(),
    ), "a refused file must write nothing"
    return info.value.errors


def test_refuses_missing_required_fields_and_wrong_values(network, tmp_path):
    document = build_document()
    _empty_netwerk()
    del document["organizations"][0]["name"]
    document["organizations"][1]["services"][0]["status"] = "open"
    errors = _refused(_write(tmp_path, document))
    assert any("organisatie 1" in e and "'name' ontbreekt" in e for e in errors)
    assert any("organisatie 2, aanbod 1" in e and "status" in e for e in errors)
    # The valid third organisation was not written either.
    assert Organization.objects.count() == 0


def test_refuses_duplicate_ids(network, tmp_path):
    document = build_document()
    document["organizations"][1]["id"] = document["organizations"][0]["id"]
    errors = _refused(_write(tmp_path, document))
    assert any("komt vaker voor" in e for e in errors)


def test_refuses_unknown_ids(network, tmp_path):
    document = build_document()
    library = next(o for o in document["organizations"] if o["name"] == "Bibliotheek Zandmeer")
    library["services"][0]["service_at_locations"][0]["location_id"] = (
        "5d0e0e8e-8f4e-4c3a-9d1e-000000000001"
    )
    library["services"][0]["attributes"][0]["taxonomy_term_id"] = (
        "5d0e0e8e-8f4e-4c3a-9d1e-000000000002"
    )
    orphan = dict(document["services"][0], id="5d0e0e8e-8f4e-4c3a-9d1e-000000000003")
    orphan["organization_id"] = "5d0e0e8e-8f4e-4c3a-9d1e-000000000004"
    document["services"].append(orphan)
    errors = _refused(_write(tmp_path, document))
    assert any("onbekende location_id" in e for e in errors)
    assert any("onbekende taxonomy_term_id" in e for e in errors)
    assert any("onbekende organization_id" in e for e in errors)


def test_refuses_csv_with_line_numbers(network, tmp_path):
    write_datapackage(build_document(), tmp_path)
    services = (tmp_path / "services.csv").read_text(encoding="utf-8").splitlines()
    header = services[0].split(",")
    row = next(csv.reader([services[2]]))
    row[header.index("name")] = ""
    row[header.index("minimum_age")] = "twee"
    lines = [services[0], services[1], ",".join(f'"{v}"' for v in row), *services[3:]]
    (tmp_path / "services.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _empty_netwerk()
    errors = _refused(tmp_path)
    assert any(e.startswith("services.csv regel 3") and "minimum_age" in e for e in errors)


def test_refuses_files_that_are_not_hsds(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{not json", encoding="utf-8")
    assert "geen geldige JSON" in _refused(path)[0]
    path.write_text('{"foo": 1}', encoding="utf-8")
    assert "organizations" in _refused(path)[0]


def test_organisations_without_region_need_a_default(network, tmp_path):
    document = build_document()
    region_terms = {t["id"] for t in document["taxonomy_terms"] if t["code"].startswith("regio:")}
    for org in document["organizations"]:
        org["attributes"] = [
            a for a in org["attributes"] if a["taxonomy_term_id"] not in region_terms
        ]
    _empty_netwerk()
    errors = _refused(_write(tmp_path, document))
    assert any("regio ontbreekt" in e for e in errors)
    import_path(tmp_path / "bad.json", default_region=network["other_region"])
    assert set(Organization.objects.values_list("region", flat=True)) == {
        network["other_region"].pk
    }


def test_commands(network, tmp_path, capsys):
    call_command("netwerk-export", str(tmp_path / "json"))
    call_command("netwerk-export", str(tmp_path / "csv"), "--format", "csv", "--include-contacts")
    assert (tmp_path / "json" / "hsds.json").is_file()
    assert (tmp_path / "csv" / "datapackage.json").is_file()
    _empty_netwerk()
    call_command("netwerk-import", str(tmp_path / "json" / "hsds.json"), "--json")
    assert Organization.objects.count() == 3
    assert ContactPerson.objects.count() == 0
    call_command("netwerk-import", str(tmp_path / "csv"))
    assert ContactPerson.objects.count() == 1
    (tmp_path / "bad.json").write_text('{"organizations": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command("netwerk-import", str(tmp_path / "bad.json"))
    assert "verplicht veld 'name' ontbreekt" in capsys.readouterr().err


def test_refuses_a_broken_nested_taxonomy_term(network, tmp_path):
    document = build_document(nest_terms=True)
    library = next(o for o in document["organizations"] if o["name"] == "Bibliotheek Zandmeer")
    service = library["services"][0]
    service["attributes"][0]["taxonomy_term"] = dict(
        service["attributes"][0]["taxonomy_term"], name=5
    )
    errors = _refused(_write(tmp_path, document))
    assert any("verkeerde type" in e for e in errors)


def test_a_flat_service_may_not_contradict_its_nested_twin(network, tmp_path):
    """The flat `services` list repeats the nested services; one that names a missing or
    another organisation is refused, not silently ignored."""
    document = build_document()
    document["services"][0]["organization_id"] = "5d0e0e8e-8f4e-4c3a-9d1e-000000000009"
    errors = _refused(_write(tmp_path, document))
    assert any("onbekende organization_id" in e for e in errors)
    document = build_document()
    other = next(
        o["id"]
        for o in document["organizations"]
        if o["id"] != document["services"][0]["organization_id"]
    )
    document["services"][0]["organization_id"] = other
    errors = _refused(_write(tmp_path, document))
    assert any("andere organisatie" in e for e in errors)


def _mangle(document, how):
    org = document["organizations"][0]
    if how == "dict-id":
        org["id"] = {"a": 1}
    elif how == "list-term-id":
        org["attributes"] = [{"taxonomy_term_id": ["x"]}, "tekst", None]
    elif how == "services-not-a-list":
        org["services"] = "x"
    elif how == "location-not-an-object":
        org["locations"] = [1]
    elif how == "list-organization-id":
        document["services"].append(dict(document["services"][0], id="x", organization_id=[1]))
    elif how == "terms-not-a-list":
        document["taxonomy_terms"] = {"x": 1}
    return document


@pytest.mark.parametrize(
    "how",
    [
        "dict-id",
        "list-term-id",
        "services-not-a-list",
        "location-not-an-object",
        "list-organization-id",
        "terms-not-a-list",
    ],
)
def test_wrongly_typed_input_is_refused_in_dutch_not_a_crash(network, tmp_path, how):
    errors = _refused(_write(tmp_path, _mangle(build_document(), how)))
    assert errors and all(isinstance(e, str) for e in errors)


def test_too_deeply_nested_json_is_refused(db, tmp_path):
    path = tmp_path / "diep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "te diep genest" in _refused(path)[0]


def test_a_csv_file_that_is_not_text_is_refused(network, tmp_path):
    write_datapackage(build_document(), tmp_path)
    (tmp_path / "organizations.csv").write_bytes(b"\xff\xfe rommel\x00\n")
    _empty_netwerk()
    assert "kan het bestand niet lezen" in _refused(tmp_path)[0]


def test_numbers_that_are_not_finite_are_refused_not_stored(network, tmp_path):
    document = build_document()
    service = document["organizations"][0]["services"][0]
    service["minimum_age"] = float("nan")
    service["maximum_age"] = float("inf")
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(document), encoding="utf-8")  # writes NaN and Infinity
    errors = _refused(path)
    assert any("minimum_age" in e and "verkeerde type" in e for e in errors)
    assert any("maximum_age" in e and "verkeerde type" in e for e in errors)
    write_datapackage(build_document(), tmp_path / "csv")
    services = tmp_path / "csv" / "services.csv"
    rows = list(csv.reader(services.read_text(encoding="utf-8").splitlines()))
    rows[1][rows[0].index("minimum_age")] = "1e400"
    with services.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    _empty_netwerk()
    assert any("minimum_age" in e for e in _refused(tmp_path / "csv"))
