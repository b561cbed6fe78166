"""Export the netwerk as Open Referral HSDS 3.0: one JSON document, or the tabular
datapackage (one CSV per HSDS object + datapackage.json). See HSDS.md for the mapping."""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path
from typing import Any

from django.db.models import Prefetch, QuerySet

from kansenwerk.core.models import Municipality
from kansenwerk.kennisbank.models import Intervention, SolutionDirection

from ..models import ContactPerson, KeptTerm, Location, Organization, Service
from . import evidence as ev
from . import taxonomy as tx
from .cells import escape
from .schemas import TABLES, table_columns

HSDS_VERSION = "3.0"


def _sub_id(parent: str, what: str) -> str:
    """Stable ids for objects we do not store separately (phones, addresses, languages …)."""
    return str(uuid.uuid5(uuid.UUID(parent), what))


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """HSDS optional fields are left out rather than sent empty."""
    return {k: v for k, v in obj.items() if v not in ("", None)}


VERIFIED = "verified"  # metadata.last_action_type of a listing's last check


def verification_metadata(
    listing: Organization | Service, *, resource_id: str, resource_type: str, personal: bool
) -> list[dict[str, Any]]:
    """When a listing was last verified (and, between maintainers, by whom) as HSDS
    `metadata`; the organisation has no `assured_date`, and the service's is a date only."""
    if listing.last_verified_at is None:
        return []
    return [
        {
            "id": _sub_id(resource_id, "metadata:verified"),
            "resource_id": resource_id,
            "resource_type": resource_type,
            "last_action_date": listing.last_verified_at.isoformat(timespec="seconds"),
            "last_action_type": VERIFIED,
            "field_name": "",
            "previous_value": "",
            "replacement_value": "",
            "updated_by": listing.verified_by if personal else "",
        }
    ]


class TermIndex:
    """Codes and names of every kennisbank/core object a term can point at."""

    def __init__(self) -> None:
        self.used: dict[str, dict] = {}
        # Taxonomies of kept terms from other systems, by id.
        self.taxonomies: dict[str, dict] = {}
        # Each intervention's evidence attribute value, built once per export (hsds/evidence.py).
        self.levels: dict[int, tuple[str, str] | None] = {}

    def _link(
        self, *, link_id: str, link_entity: str, key: str, term: dict, value: str = ""
    ) -> dict:
        data = {
            "id": _sub_id(link_id, f"attribute:{key}"),
            "link_id": link_id,
            "link_type": "kansenwerk",
            "link_entity": link_entity,
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        if value:
            data["value"] = value
        return data

    def attribute(
        self,
        *,
        link_id: str,
        link_entity: str,
        code: str,
        name: str,
        key: str = "",
        value: str = "",
    ) -> dict:
        term = self.used.get(code)
        if term is None:
            term = self.used[code] = tx.term(code, name)
        return self._link(
            link_id=link_id, link_entity=link_entity, key=key or code, term=term, value=value
        )

    def municipality(self, *, link_id: str, link_entity: str, municipality) -> dict:
        """A municipality's term, with its region's term as parent (declared too)."""
        code = tx.municipality_code(municipality)
        term = self.used.get(code)
        if term is None:
            region_code = tx.region_code(municipality.region)
            if region_code not in self.used:
                self.used[region_code] = tx.term(region_code, municipality.region.name)
            term = self.used[code] = tx.term(code, municipality.name, parent_code=region_code)
        return self._link(link_id=link_id, link_entity=link_entity, key=code, term=term)

    def kept(self, *, link_id: str, link_entity: str, kept: KeptTerm) -> dict:
        """A term kept from an import, written as it came."""
        key = kept.code or str(kept.hsds_id)
        term = self.used.get(key)
        if term is None:
            term = self.used[key] = dict(kept.data)
            if kept.taxonomy and kept.taxonomy.get("id"):
                self.taxonomies.setdefault(kept.taxonomy["id"], dict(kept.taxonomy))
        return self._link(link_id=link_id, link_entity=link_entity, key=key, term=term)


def with_values(attributes: list[dict], stored: list[dict]) -> list[dict]:
    """Put the values an import kept (`attribute_values`) back on the attributes of their
    term; a term that came with several values gets one attribute per value."""
    by_term: dict[str, list[str]] = {}
    for item in stored or []:
        if item.get("taxonomy_term_id") not in ev.LEVEL_TERM_IDS:  # see service_to_hsds
            by_term.setdefault(item.get("taxonomy_term_id", ""), []).append(item["value"])
    if not by_term:
        return attributes
    result = []
    for attribute in attributes:
        values = by_term.get(attribute["taxonomy_term_id"])
        if not values or "value" in attribute:
            result.append(attribute)
            continue
        for n, value in enumerate(sorted(values)):
            copy = {**attribute, "value": value}
            if n:
                copy["id"] = _sub_id(attribute["id"], f"value:{n}")
            result.append(copy)
    return result


def _into_list(name: str, queryset: QuerySet | None = None) -> Prefetch:
    """Prefetch into a plain list (`_rows` reads it): Django then builds no queryset per
    instance, which was most of the time of a large export (one clone per object and
    relation: 300,000 at 10,000 organisations)."""
    return Prefetch(name, queryset=queryset, to_attr=f"_export_{name}")


def _rows(instance: Any, name: str) -> Any:
    """The related rows prefetched by `_into_list`, else through the manager."""
    rows = getattr(instance, f"_export_{name}", None)
    return rows if rows is not None else getattr(instance, name).all()


def export_queryset() -> QuerySet[Organization]:
    return (
        Organization.objects.select_related("region")
        .prefetch_related(
            _into_list("municipalities", Municipality.objects.select_related("region")),
            _into_list("kept_terms"),
            _into_list(
                "locations",
                Location.objects.select_related("municipality__region").prefetch_related(
                    _into_list("kept_terms")
                ),
            ),
            _into_list("contacts", ContactPerson.objects.select_related("service")),
            _into_list(
                "services",
                Service.objects.prefetch_related(
                    _into_list("target_groups"),
                    _into_list("themes"),
                    _into_list(
                        "solution_directions", SolutionDirection.objects.select_related("theme")
                    ),
                    _into_list(
                        "interventions", Intervention.objects.select_related("evidence_profile")
                    ),
                    _into_list("initiatives"),
                    _into_list("locations"),
                    _into_list("kept_terms"),
                ).order_by("hsds_id"),
            ),
        )
        .order_by("hsds_id")
    )


def organization_to_hsds(
    organization: Organization,
    *,
    terms: TermIndex,
    include_contacts: bool,
    include_children: bool = True,
) -> dict[str, Any]:
    """One HSDS organization; `include_children=False` leaves out locations, contacts and
    services (the HSDA list shape)."""
    org_id = str(organization.hsds_id)
    attributes = [
        terms.attribute(
            link_id=org_id,
            link_entity="organization",
            code=tx.kind_code(organization.kind),
            name=str(organization.get_kind_display()),
        ),
        terms.attribute(
            link_id=org_id,
            link_entity="organization",
            code=tx.region_code(organization.region),
            name=organization.region.name,
        ),
    ]
    for municipality in sorted(_rows(organization, "municipalities"), key=lambda m: m.slug):
        attributes.append(
            terms.municipality(
                link_id=org_id, link_entity="organization", municipality=municipality
            )
        )
    for kept in sorted(_rows(organization, "kept_terms"), key=lambda k: (k.code, str(k.hsds_id))):
        attributes.append(terms.kept(link_id=org_id, link_entity="organization", kept=kept))
    attributes = with_values(attributes, organization.attribute_values)
    data = _clean(
        {
            "id": org_id,
            "name": organization.name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
        }
    )
    data["description"] = organization.description  # required by HSDS, may be empty
    data["phones"] = (
        [
            {
                "id": _sub_id(org_id, "phone"),
                "organization_id": org_id,
                "number": organization.phone,
            }
        ]
        if organization.phone
        else []
    )
    data["metadata"] = verification_metadata(
        organization, resource_id=org_id, resource_type="organization", personal=include_contacts
    )
    if not include_children:
        data["attributes"] = attributes
        return data
    data["locations"] = [
        location_to_hsds(location, terms=terms)
        for location in sorted(_rows(organization, "locations"), key=lambda loc: str(loc.hsds_id))
    ]
    data["contacts"] = (
        [
            contact_to_hsds(contact, org_id=org_id)
            for contact in sorted(_rows(organization, "contacts"), key=lambda c: str(c.hsds_id))
        ]
        if include_contacts
        else []
    )
    data["attributes"] = attributes
    data["services"] = [
        service_to_hsds(service, org_id=org_id, terms=terms, personal=include_contacts)
        for service in _rows(organization, "services")
    ]
    return data


def location_to_hsds(location: Location, *, terms: TermIndex) -> dict[str, Any]:
    loc_id = str(location.hsds_id)
    data = _clean(
        {
            "id": loc_id,
            "location_type": "physical",
            "organization_id": str(location.organization.hsds_id),
            "name": location.name,
            "latitude": float(location.latitude) if location.latitude is not None else None,
            "longitude": float(location.longitude) if location.longitude is not None else None,
        }
    )
    data["addresses"] = []
    if location.address or location.postcode or location.city:
        data["addresses"].append(
            {
                "id": _sub_id(loc_id, "address"),
                "location_id": loc_id,
                "address_1": location.address,
                "city": location.city,
                "region": location.municipality.name if location.municipality else "",
                "state_province": "",
                "postal_code": location.postcode,
                "country": "NL",
                "address_type": "physical",
            }
        )
    data["attributes"] = (
        [
            terms.municipality(
                link_id=loc_id, link_entity="location", municipality=location.municipality
            )
        ]
        if location.municipality
        else []
    )
    for kept in sorted(_rows(location, "kept_terms"), key=lambda k: (k.code, str(k.hsds_id))):
        data["attributes"].append(terms.kept(link_id=loc_id, link_entity="location", kept=kept))
    data["attributes"] = with_values(data["attributes"], location.attribute_values)
    return data


def contact_to_hsds(contact: ContactPerson, *, org_id: str) -> dict[str, Any]:
    contact_id = str(contact.hsds_id)
    data = _clean(
        {
            "id": contact_id,
            "organization_id": org_id,
            "service_id": str(contact.service.hsds_id) if contact.service is not None else "",
            "name": contact.name,
            "title": contact.role,
            "email": contact.email,
        }
    )
    data["phones"] = (
        [{"id": _sub_id(contact_id, "phone"), "contact_id": contact_id, "number": contact.phone}]
        if contact.phone
        else []
    )
    return data


def service_to_hsds(
    service: Service, *, org_id: str, terms: TermIndex, personal: bool = False
) -> dict[str, Any]:
    """One HSDS service; `personal` adds who verified it (an e-mail address: exports
    between maintainers only, never the API)."""
    service_id = str(service.hsds_id)
    verified = service.last_verified_at
    data = _clean(
        {
            "id": service_id,
            "organization_id": org_id,
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "application_process": service.how_to_apply,
            "fees_description": service.cost,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "last_modified": service.updated_at.isoformat(timespec="seconds"),
            "assured_date": verified.date().isoformat() if verified else None,
            "assurer_email": service.verified_by if personal and verified else None,
        }
    )
    data["metadata"] = verification_metadata(
        service, resource_id=service_id, resource_type="service", personal=personal
    )
    data["languages"] = [
        {"id": _sub_id(service_id, f"language:{code}"), "service_id": service_id, "code": code}
        for code in service.languages
    ]
    attributes = []

    def add(code: str, name: str) -> None:
        attributes.append(
            terms.attribute(link_id=service_id, link_entity="service", code=code, name=name)
        )

    for theme in _rows(service, "themes"):
        add(tx.theme_code(theme), theme.title)
    for direction in _rows(service, "solution_directions"):
        add(tx.direction_code(direction, direction.theme.slug), str(direction))
    for intervention in _rows(service, "interventions"):
        add(tx.intervention_code(intervention), intervention.title)
    for initiative in _rows(service, "initiatives"):
        add(tx.initiative_code(initiative), initiative.title)
    for group in _rows(service, "target_groups"):
        add(tx.target_group_code(group), group.name)
    for kept in _rows(service, "kept_terms"):
        attributes.append(terms.kept(link_id=service_id, link_entity="service", kept=kept))
    attributes = with_values(attributes, service.attribute_values)
    attributes += evidence_attributes(service, service_id=service_id, terms=terms)
    data["attributes"] = sorted(
        attributes,
        key=lambda a: (a["taxonomy_term"].get("code") or "", a["taxonomy_term_id"], a["id"]),
    )
    data["service_at_locations"] = [
        {
            "id": service_at_location_id(service_id, str(location.hsds_id)),
            "service_id": service_id,
            "location_id": str(location.hsds_id),
        }
        for location in sorted(_rows(service, "locations"), key=lambda loc: str(loc.hsds_id))
    ]
    return data


def evidence_attributes(service: Service, *, service_id: str, terms: TermIndex) -> list[dict]:
    """The level of each of the service's interventions (HSDS.md, "Evidence levels"):
    the level a beheerder set here, else the value an import received, unchanged, as long
    as the service still carries that intervention."""
    attributes: list[dict] = []
    decided: set[str] = set()

    def add(level: str, value: str, about: str) -> None:
        code, name = ev.level_term(level)
        attributes.append(
            terms.attribute(
                link_id=service_id,
                link_entity="service",
                code=code,
                name=name,
                key=f"{code.split(':')[0]}:{about}",
                value=value,
            )
        )

    for intervention in _rows(service, "interventions"):
        if intervention.pk not in terms.levels:
            terms.levels[intervention.pk] = ev.level_value(intervention)
        found = terms.levels[intervention.pk]
        if found is not None:
            about = tx.intervention_code(intervention)
            add(found[0], found[1], about)
            decided.add(about)
    carried = {tx.intervention_code(i) for i in _rows(service, "interventions")} | {
        k.code for k in _rows(service, "kept_terms")
    }
    for item in service.attribute_values or []:
        level = ev.LEVEL_TERM_IDS.get(item.get("taxonomy_term_id", ""))
        if level is None:
            continue
        about = ev.intervention_of(item["value"])
        if about in decided or (about and about not in carried):
            continue
        add(level, item["value"], about or _sub_id(service_id, item["value"]))
    return attributes


def service_at_location_id(service_id: str, location_id: str) -> str:
    """The stable id of "this service at this location" (not stored: derived)."""
    return _sub_id(service_id, f"at:{location_id}")


def all_taxonomies() -> list[dict[str, Any]]:
    """kansenwerk's taxonomies and those of terms kept from imports."""
    kept = {
        k.taxonomy["id"]: k.taxonomy
        for k in KeptTerm.objects.exclude(taxonomy={}).only("taxonomy")
        if k.taxonomy.get("id")
    }
    return tx.taxonomy_objects() + [kept[key] for key in sorted(kept)]


def all_terms() -> list[dict[str, Any]]:
    """Every taxonomy term this database can name, sorted by code: the kansenwerk terms of
    every kennisbank record, target group, kind, region and municipality, and the terms
    kept from imports."""
    from kansenwerk.core.models import Region
    from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme

    from ..models import TargetGroup

    terms: dict[str, dict] = {}

    def add(code: str, name: str, parent_code: str = "") -> None:
        terms[code] = tx.term(code, name, parent_code=parent_code)

    for theme in Theme.objects.only("slug", "title"):
        add(tx.theme_code(theme), theme.title)
    for direction in SolutionDirection.objects.select_related("theme"):
        add(tx.direction_code(direction, direction.theme.slug), str(direction))
    for intervention in Intervention.objects.only("slug", "title"):
        add(tx.intervention_code(intervention), intervention.title)
    for initiative in Initiative.objects.only("pk", "import_key", "title"):
        add(tx.initiative_code(initiative), initiative.title)
    for group in TargetGroup.objects.all():
        add(tx.target_group_code(group), group.name)
    for kind, label in Organization.Kind.choices:
        add(tx.kind_code(kind), str(label))
    for region in Region.objects.all():
        add(tx.region_code(region), region.name)
    for municipality in Municipality.objects.select_related("region"):
        add(
            tx.municipality_code(municipality),
            municipality.name,
            parent_code=tx.region_code(municipality.region),
        )
    for level in ev.LEVEL_CODES:
        add(*ev.level_term(level))
    for kept in KeptTerm.objects.all():
        terms.setdefault(kept.code or str(kept.hsds_id), dict(kept.data))
    return [terms[code] for code in sorted(terms)]


def build_document(
    organizations: QuerySet[Organization] | None = None,
    *,
    include_contacts: bool = False,
    nest_terms: bool = False,
) -> dict[str, Any]:
    """The whole export as one JSON-able document.

    Attributes refer to their term by `taxonomy_term_id`; each term is written once, in
    `taxonomy_terms` (repeating it in every attribute made the export at 10,000
    organisations several times larger). `nest_terms=True` also nests the term in each
    attribute, as the API does."""
    terms = TermIndex()
    orgs = [
        organization_to_hsds(o, terms=terms, include_contacts=include_contacts)
        for o in (organizations if organizations is not None else export_queryset())
    ]
    services = [service for org in orgs for service in org["services"]]
    if not nest_terms:
        for org in orgs:
            owners = [org, *org.get("locations", []), *org["services"]]
            for owner in owners:
                for attribute in owner.get("attributes", []):
                    attribute.pop("taxonomy_term", None)
    return {
        "hsds_version": HSDS_VERSION,
        "generator": "kansenwerk",
        "taxonomies": tx.taxonomy_objects()
        + sorted(terms.taxonomies.values(), key=lambda t: t["id"]),
        "taxonomy_terms": sorted(terms.used.values(), key=lambda t: (t.get("code") or "", t["id"])),
        "organizations": orgs,
        "services": services,
    }


def write_json(document: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


# The tabular datapackage -----------------------------------------------------------------


def flatten(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The nested document as rows per HSDS table; nested objects refer by id."""
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    rows["taxonomy"] = list(document["taxonomies"])
    rows["taxonomy_term"] = list(document["taxonomy_terms"])

    def attributes(items: list[dict]) -> None:
        rows["attribute"].extend(items)

    for org in document["organizations"]:
        rows["organization"].append(org)
        rows["metadata"].extend(org.get("metadata", []))
        rows["phone"].extend(org.get("phones", []))
        attributes(org.get("attributes", []))
        for location in org.get("locations", []):
            rows["location"].append(location)
            rows["address"].extend(location.get("addresses", []))
            attributes(location.get("attributes", []))
        for contact in org.get("contacts", []):
            rows["contact"].append(contact)
            rows["phone"].extend(contact.get("phones", []))
        for service in org.get("services", []):
            rows["service"].append(service)
            rows["metadata"].extend(service.get("metadata", []))
            rows["language"].extend(service.get("languages", []))
            rows["service_at_location"].extend(service.get("service_at_locations", []))
            attributes(service.get("attributes", []))
    return rows


def write_datapackage(document: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    resources = []
    for table, items in flatten(document).items():
        columns = table_columns(table)
        path = TABLES[table]
        with (directory / path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[c["name"] for c in columns])
            writer.writeheader()
            for item in items:
                writer.writerow({c["name"]: _csv_value(item.get(c["name"])) for c in columns})
        resources.append(
            {
                "name": table,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": columns, "primaryKey": "id"},
            }
        )
    descriptor = {
        "name": "kansenwerk-hsds",
        "title": "kansenwerk netwerk (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "hsds_version": HSDS_VERSION,
        "resources": resources,
    }
    target = directory / "datapackage.json"
    target.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def _csv_value(value: Any) -> Any:
    """A cell: empty for None, spreadsheet-safe text (undone exactly by the importer)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return escape(value)
