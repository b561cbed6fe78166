"""HSDS exchange into an empty database: nothing lost, regions and municipalities created,
kennisbank links kept as terms and linked once the records appear, every form that
`netwerk-export` writes accepted, spreadsheet escaping undone exactly."""

import csv
import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank.evidence import services as evidence_services
from kansenwerk.kennisbank.evidence.models import EvidenceProfile, Level
from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme
from kansenwerk.kennisbank.tests.factories import (
    InterventionFactory,
    SolutionDirectionFactory,
    ThemeFactory,
)
from kansenwerk.netwerk.hsds.export import build_document, write_datapackage, write_json
from kansenwerk.netwerk.hsds.importer import ImportRefused, import_path
from kansenwerk.netwerk.models import KeptTerm, Organization, Service, TargetGroup


def _comparable(document):
    return json.loads(json.dumps(document, sort_keys=True))


def _empty_database():
    """No netwerk, no kennisbank, no regions or municipalities."""
    Organization.objects.all().delete()
    TargetGroup.objects.all().delete()
    KeptTerm.objects.all().delete()
    for model in (Initiative, Intervention, SolutionDirection, Theme):
        model.objects.all().delete()
    Municipality.objects.all().delete()
    Region.objects.all().delete()


def _export(tmp_path, form, document=None):
    document = document or build_document(include_contacts=True)
    if form == "json":
        return write_json(document, tmp_path / "hsds.json")
    write_datapackage(document, tmp_path)
    return tmp_path


def _rate(user, intervention, **extra):
    return evidence_services.profile_update(
        user=user,
        intervention=intervention,
        data={
            "level": Level.EFFECTIVE_FIRST,
            "scheme": "Erkenningstraject Interventies",
            "committee": "Commissie jeugd",
            "assessed_on": datetime.date(2025, 6, 1),
            "url": "https://erkenning.example.org/leesmaatjes",
            **extra,
        },
    )


def _levels(document, service_name):
    service = next(s for s in document["services"] if s["name"] == service_name)
    codes = {t["id"]: t["code"] for t in document["taxonomy_terms"]}
    return [
        (codes[a["taxonomy_term_id"]], json.loads(a["value"]))
        for a in service["attributes"]
        if codes[a["taxonomy_term_id"]].startswith("erkenningsniveau:")
    ]


@pytest.mark.parametrize("form", ["json", "csv"])
def test_round_trip_into_an_empty_database(network, tmp_path, form, beheerder):
    _rate(beheerder, network["intervention"], intl_source="EEF", intl_impact_months=4)
    checked = datetime.datetime(2026, 3, 4, 10, 20, 30, tzinfo=datetime.UTC)
    Organization.objects.filter(pk=network["library"].pk).update(
        last_verified_at=checked, verified_by="robin@example.org"
    )
    Service.objects.filter(pk=network["reading_service"].pk).update(
        last_verified_at=checked, verified_by="robin@example.org"
    )
    before = build_document(include_contacts=True)
    reading = next(s for s in before["services"] if s["name"] == "Voorleesochtend")
    assert reading["assured_date"] == "2026-03-04"
    assert reading["assurer_email"] == "robin@example.org"
    assert len(before["taxonomy_terms"]) == 16
    [(code, level)] = _levels(before, "Voorleesochtend")
    assert code == "erkenningsniveau:effectief_eerste_aanwijzingen"
    assert level["intervention"] == "interventie:leesmaatjes"
    assert (level["scheme"], level["assessed_on"]) == (
        "Erkenningstraject Interventies",
        "2025-06-01",
    )
    assert level["url"] == "https://erkenning.example.org/leesmaatjes"
    assert level["international"]["impact_months"] == 4
    assert level["decided_at"].endswith(network["intervention"].get_absolute_url())
    path = _export(tmp_path, form, before)
    _empty_database()

    report = import_path(path)

    assert report.format == form
    counts = report.counts
    assert counts["organization"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert counts["service"]["created"] == 3
    assert counts["location"]["created"] == 1
    assert counts["contact"]["created"] == 1
    assert counts["region"]["created"] == 2
    assert counts["municipality"]["created"] == 3
    assert counts["target_group"]["created"] == 2
    # One theme, two solution directions, one intervention, one initiative.
    assert counts["kept_term"]["created"] == 5
    assert any("taxonomieterm bewaard" in w and "thema:taal-thuis" in w for w in report.warnings)
    assert Region.objects.get(slug="regio-noord").name == "Regio Noord"
    assert Municipality.objects.get(slug="rivierstad").region.slug == "regio-zuid"

    after = build_document(include_contacts=True)
    assert _comparable(after) == _comparable(before)
    assert len(after["taxonomy_terms"]) == 16
    # The level survives as received; it set no level here (there is no intervention yet).
    assert _levels(after, "Voorleesochtend") == _levels(before, "Voorleesochtend")
    assert not EvidenceProfile.objects.exists()
    assert any("1 erkenningsniveaus van interventies" in w for w in report.warnings)
    library = Organization.objects.get(name="Bibliotheek Zandmeer")
    assert (library.last_verified_at, library.verified_by) == (checked, "robin@example.org")
    assert Service.objects.get(name="Voorleesochtend").last_verified_at == checked

    # The same file again: everything unchanged, nothing created.
    again = import_path(path)
    assert again.total("created") == 0
    assert again.total("updated") == 0
    assert again.counts["organization"]["unchanged"] == 3
    assert again.counts["service"]["unchanged"] == 3
    assert _comparable(build_document(include_contacts=True)) == _comparable(before)


def test_a_changed_record_is_reported_as_updated(network, tmp_path):
    document = build_document()
    document["organizations"][0]["services"][0]["name"] = "Nieuwe naam"
    path = write_json(document, tmp_path / "hsds.json")
    report = import_path(path)
    assert report.counts["service"] == {"created": 0, "updated": 1, "unchanged": 2}
    assert report.counts["organization"] == {"created": 0, "updated": 0, "unchanged": 3}


def test_kept_kennisbank_terms_link_themselves_when_the_records_appear(network, tmp_path):
    before = build_document()
    path = _export(tmp_path, "json", before)
    _empty_database()
    import_path(path)
    service = Service.objects.get(name="Voorleesochtend")
    assert service.themes.count() == 0
    assert service.kept_terms.filter(code="thema:taal-thuis").exists()

    # The kennisbank gets the same records (e.g. by its own import).
    theme = ThemeFactory(title="Taal thuis")
    reading = SolutionDirectionFactory(theme=theme, title="Samen lezen", number="1.1")
    SolutionDirectionFactory(theme=theme, title="Zomeraanbod", number="1.2")
    InterventionFactory(title="Leesmaatjes")

    assert list(service.themes.all()) == [theme]
    assert list(service.solution_directions.all()) == [reading]
    assert service.interventions.get().title == "Leesmaatjes"
    assert Service.objects.get(name="Zomerkamp").solution_directions.get().number == "1.2"
    # The initiative's code is its old primary key: it stays a kept term.
    assert list(KeptTerm.objects.values_list("code", flat=True)) == [
        before_code
        for before_code in [t["code"] for t in before["taxonomy_terms"]]
        if before_code.startswith("initiatief:")
    ]
    # Linked or kept, the export is the same as before.
    assert _comparable(build_document()) == _comparable(before)


@pytest.mark.parametrize("target", ["folder", "file"])
def test_import_accepts_what_the_export_command_writes(network, tmp_path, target):
    call_command("netwerk-export", str(tmp_path / "json"))
    call_command("netwerk-export", str(tmp_path / "csv"), "--format", "csv")
    before = _comparable(build_document())
    for form in ("json", "csv"):
        _empty_database()
        folder = tmp_path / form
        name = "hsds.json" if form == "json" else "datapackage.json"
        report = import_path(folder if target == "folder" else folder / name)
        assert report.format == form
        assert _comparable(build_document()) == before


def test_a_folder_with_both_forms_is_refused_with_a_clear_message(network, tmp_path):
    write_json(build_document(), tmp_path / "hsds.json")
    write_datapackage(build_document(), tmp_path)
    with pytest.raises(ImportRefused) as info:
        import_path(tmp_path)
    assert "zowel hsds.json als een CSV-datapackage" in info.value.errors[0]


def test_command_prints_a_json_report(network, tmp_path, capsys):
    call_command("netwerk-export", str(tmp_path))
    capsys.readouterr()
    _empty_database()
    call_command("netwerk-import", str(tmp_path), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["format"] == "json"
    assert report["counts"]["organization"]["created"] == 3
    assert report["counts"]["region"]["created"] == 2
    assert report["created"] == sum(c["created"] for c in report["counts"].values())
    assert report["errors"] == []
    assert report["warnings"]

    (tmp_path / "bad.json").write_text(
        json.dumps({"hsds_version": "2.0", "organizations": []}), encoding="utf-8"
    )
    with pytest.raises(CommandError):
        call_command("netwerk-import", str(tmp_path / "bad.json"), "--json")
    refused = json.loads(capsys.readouterr().out)
    assert "HSDS-versie 2.0" in refused["errors"][0]
    assert refused["created"] == 0


def test_command_text_report_and_dry_run(network, tmp_path, capsys):
    call_command("netwerk-export", str(tmp_path))
    _empty_database()
    call_command("netwerk-import", str(tmp_path / "hsds.json"), "--dry-run")
    out = capsys.readouterr().out
    assert "organisaties: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd" in out
    assert "regio's: 2 nieuw" in out
    assert "Proefrun" in out
    assert Organization.objects.count() == 0
    assert Region.objects.count() == 0


def test_region_default_still_applies_to_files_without_regions(network, tmp_path):
    document = build_document()
    region_terms = {t["id"] for t in document["taxonomy_terms"] if t["code"].startswith("regio:")}
    for org in document["organizations"]:
        org["attributes"] = [
            a for a in org["attributes"] if a["taxonomy_term_id"] not in region_terms
        ]
    path = write_json(document, tmp_path / "x.json")
    Organization.objects.all().delete()
    call_command("netwerk-import", str(path), "--region", network["other_region"].slug)
    assert set(Organization.objects.values_list("region__slug", flat=True)) == {"regio-zuid"}


def test_bad_input_is_refused_per_row_and_writes_nothing(network, tmp_path):
    document = build_document()
    document["taxonomy_terms"].append(
        {"id": "6a0b4b3c-1d2e-4f50-8a9b-0c1d2e3f4a5b", "name": "Los", "description": "Los"}
    )
    document["organizations"][0]["attributes"].append(
        {
            "id": "6a0b4b3c-1d2e-4f50-8a9b-0c1d2e3f4a5c",
            "taxonomy_term_id": "6a0b4b3c-1d2e-4f50-8a9b-0c1d2e3f4a5b",
        }
    )
    document["organizations"][1]["id"] = document["organizations"][2]["id"]
    path = write_json(document, tmp_path / "x.json")
    _empty_database()
    with pytest.raises(ImportRefused) as info:
        import_path(path)
    errors = info.value.errors
    assert any("hoort bij geen taxonomie" in e for e in errors)
    assert any("komt vaker voor" in e for e in errors)
    assert Region.objects.count() == 0
    assert Organization.objects.count() == 0


def test_foreign_terms_and_unkept_fields_are_reported_not_silently_dropped(network, tmp_path):
    document = build_document()
    taxonomy = {"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a50", "name": "Open Eligibility",
                "description": "Een andere taxonomie"}  # fmt: skip
    term = {"id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a51", "code": "1102", "name": "Voeding",
            "description": "Eten", "taxonomy_id": taxonomy["id"]}  # fmt: skip
    document["taxonomies"].append(taxonomy)
    document["taxonomy_terms"].append(term)
    service = document["organizations"][0]["services"][0]
    service["attributes"].append(
        {
            "id": "1b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a52",
            "taxonomy_term_id": term["id"],
            "link_id": service["id"],
            "link_entity": "service",
        }
    )
    service["wait_time"] = "twee weken"
    path = write_json(document, tmp_path / "x.json")
    _empty_database()
    report = import_path(path)
    assert any("'wait_time'" in w for w in report.warnings)
    assert any("andere taxonomieën" in w and "1102" in w for w in report.warnings)
    again = build_document()
    assert taxonomy in again["taxonomies"]
    assert term in again["taxonomy_terms"]
    exported = next(s for s in again["services"] if s["id"] == service["id"])
    assert term["id"] in {a["taxonomy_term_id"] for a in exported["attributes"]}


FORMULA_LIKE = {
    "name": "=geen formule",
    "description": "-10 min per dag",
    "phone": "+31 6 1234 5678",
    "email": "",
}


def test_csv_cells_are_spreadsheet_safe_and_the_import_undoes_it_exactly(network, tmp_path):
    library = network["library"]
    library.name = "=geen formule"
    library.description = "'=al met apostrof"
    library.phone = "+31 6 1234 5678"
    library.save()
    service = network["reading_service"]
    service.cost = "-10 min"
    service.how_to_apply = "@balie\tof bellen"
    service.description = "''-twee apostrofs"
    service.save()
    before = build_document(include_contacts=True)
    write_datapackage(before, tmp_path)

    with (tmp_path / "organizations.csv").open(encoding="utf-8") as handle:
        names = {row["name"] for row in csv.DictReader(handle)}
    assert "'=geen formule" in names
    with (tmp_path / "services.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["name"] == "Voorleesochtend")
    assert row["fees_description"] == "'-10 min"
    assert row["application_process"] == "'@balie\tof bellen"
    assert row["description"] == "'''-twee apostrofs"
    for cell in [*row.values(), *names]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))

    _empty_database()
    import_path(tmp_path)
    assert Organization.objects.filter(name="=geen formule").exists()
    assert Service.objects.get(name="Voorleesochtend").cost == "-10 min"
    assert _comparable(build_document(include_contacts=True)) == _comparable(before)


def test_the_earlier_nested_shape_still_imports(network, tmp_path):
    before = build_document(include_contacts=True)
    path = write_json(build_document(include_contacts=True, nest_terms=True), tmp_path / "x.json")
    _empty_database()
    import_path(path)
    assert _comparable(build_document(include_contacts=True)) == _comparable(before)


def test_export_query_count_does_not_grow_with_organisations(
    network, django_assert_max_num_queries
):
    from kansenwerk.netwerk.tests.factories import LocationFactory, ServiceFactory

    with django_assert_max_num_queries(25) as small:
        build_document(include_contacts=True)
    for n in range(5):
        service = ServiceFactory(organization__region=network["region"], name=f"Extra {n}")
        LocationFactory(organization=service.organization).services.add(service)
    with django_assert_max_num_queries(len(small.captured_queries)):
        build_document(include_contacts=True)


def test_the_demo_export_links_to_the_kennisbank_it_finds(db, tmp_path):
    from kansenwerk.core.demo.load import load_demo
    from kansenwerk.netwerk.demo import load_netwerk_demo

    load_demo(with_users=False)
    load_netwerk_demo()
    before = build_document(include_contacts=True)
    linked = {
        s.hsds_id: (
            set(s.themes.all()),
            set(s.solution_directions.all()),
            set(s.interventions.all()),
        )
        for s in Service.objects.prefetch_related("themes", "solution_directions", "interventions")
    }
    assert any(themes for themes, _d, _i in linked.values())
    path = write_json(before, tmp_path / "hsds.json")

    # A database that has the kennisbank (and its regions), but no netwerk.
    Organization.objects.all().delete()
    TargetGroup.objects.all().delete()
    report = import_path(path)

    assert report.counts["kept_term"]["created"] == 0
    assert report.counts["region"]["created"] == 0
    for service in Service.objects.prefetch_related(
        "themes", "solution_directions", "interventions"
    ):
        assert (
            set(service.themes.all()),
            set(service.solution_directions.all()),
            set(service.interventions.all()),
        ) == linked[service.hsds_id]
    assert _comparable(build_document(include_contacts=True)) == _comparable(before)


def test_a_second_region_or_kind_is_reported(network, tmp_path):
    document = build_document()
    org = next(o for o in document["organizations"] if o["name"] == "Welzijn Heidedorp")
    south = next(t for t in document["taxonomy_terms"] if t["code"] == "regio:regio-zuid")
    org["attributes"].append(
        {"id": "2b2c3d4e-5f60-4718-8a9b-0c1d2e3f4a53", "taxonomy_term_id": south["id"]}
    )
    report = import_path(write_json(document, tmp_path / "x.json"))
    assert "1 organisaties hebben meer dan één regio; alleen de eerste is overgenomen." in (
        report.warnings
    )
