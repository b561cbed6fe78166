"""Organisations and services are found by the site search, with the municipality in
the location breadcrumb, also after a bulk import and a merge."""

from kansenwerk.netwerk import services
from kansenwerk.netwerk.hsds.export import build_document, write_json
from kansenwerk.netwerk.hsds.importer import import_path
from kansenwerk.netwerk.models import Organization, TargetGroup
from kansenwerk.search.models import SearchEntry
from kansenwerk.search.selectors import search

from .factories import OrganizationFactory, ServiceFactory


def _entry(title):
    return SearchEntry.objects.get(title=title)


def test_saved_records_are_indexed_with_municipality(network):
    org = _entry("Bibliotheek Zandmeer")
    assert org.type_key == "organisaties"
    assert "Heidedorp, Zandmeer" in org.location
    assert org.region_id == network["region"].pk
    service = _entry("Voorleesochtend")
    assert service.type_key == "aanbod"
    assert service.location == "Bibliotheek Zandmeer › Heidedorp, Zandmeer › Regio Noord"
    hits = [h.entry.title for h in search(text="voorleesochtend").hits]
    assert "Voorleesochtend" in hits


def test_bulk_import_is_indexed(network, tmp_path):
    path = write_json(build_document(), tmp_path / "hsds.json")
    Organization.objects.all().delete()
    TargetGroup.objects.all().delete()
    assert not SearchEntry.objects.filter(type_key="aanbod").exists()
    import_path(path)
    assert _entry("Zomerkamp").location == "Welzijn Heidedorp › Heidedorp › Regio Noord"
    assert SearchEntry.objects.filter(type_key="organisaties").count() == 3


def test_merge_updates_moved_services(coordinator, region):
    survivor = OrganizationFactory(name="Huis van de Wijk", region=region)
    duplicate = OrganizationFactory(name="Wijkhuis", region=region)
    ServiceFactory(organization=duplicate, name="Huiswerkklas")
    services.organization_merge(user=coordinator, surviving=survivor, duplicate=duplicate)
    assert _entry("Huiswerkklas").location.startswith("Huis van de Wijk")
    assert not SearchEntry.objects.filter(title="Wijkhuis").exists()
