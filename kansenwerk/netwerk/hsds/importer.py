"""Import Open Referral HSDS 3.0 (JSON document or tabular datapackage) into the netwerk.

Reading, checking and writing are separate steps: a file is read into one nested
document, every object is checked against the HSDS schemas and our own rules
(ids unique, references known, region known), and only a file without a single
error is written, in one transaction. Organisations and services already known by
their HSDS id are updated in place; new ones are bulk-created (with audit entries
written in bulk, since bulk_create bypasses the audit signals).
"""

from __future__ import annotations

import csv
import datetime
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kansenwerk.core.audit import current_actor, snapshot
from kansenwerk.core.models import AuditLogEntry, Municipality, Region
from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme

from ..models import ContactPerson, Location, Organization, Service, TargetGroup
from . import taxonomy as tx
from .schemas import TABLES, validator


class ImportRefused(Exception):
    """The file has errors; nothing was written. `errors` lists them, one per line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    organizations_created: int = 0
    organizations_updated: int = 0
    services_created: int = 0
    services_updated: int = 0
    locations: int = 0
    contacts: int = 0
    target_groups_created: int = 0
    warnings: list[str] = field(default_factory=list)


# Reading ------------------------------------------------------------------------------


@dataclass
class Document:
    data: dict[str, Any]
    labels: dict[int, str]  # id(object) -> where it came from, for error messages
    source: str


def read_json(path: Path) -> Document:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused(
            [_("%(file)s: kan het bestand niet lezen (%(error)s).") % {"file": path, "error": exc}]
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            [
                _("%(file)s regel %(line)s: dit is geen geldige JSON (%(error)s).")
                % {"file": path, "line": exc.lineno, "error": exc.msg}
            ]
        ) from exc
    if isinstance(data, list):
        data = {"organizations": data}
    if not isinstance(data, dict) or not isinstance(data.get("organizations"), list):
        raise ImportRefused(
            [
                _(
                    "%(file)s: verwacht een JSON-object met een lijst 'organizations' "
                    "(HSDS 3.0-organisaties)."
                )
                % {"file": path}
            ]
        )
    labels: dict[int, str] = {}
    name = Path(path).name
    for n, org in enumerate(data["organizations"], start=1):
        if isinstance(org, dict):
            labels[id(org)] = _("%(file)s, organisatie %(n)s") % {"file": name, "n": n}
            for m, service in enumerate(org.get("services") or [], start=1):
                if isinstance(service, dict):
                    labels[id(service)] = _("%(file)s, organisatie %(n)s, aanbod %(m)s") % {
                        "file": name,
                        "n": n,
                        "m": m,
                    }
    for n, service in enumerate(data.get("services") or [], start=1):
        if isinstance(service, dict):
            labels[id(service)] = _("%(file)s, services %(n)s") % {"file": name, "n": n}
    return Document(data=data, labels=labels, source=str(path))


def _typed(value: str, column_type: str) -> Any:
    if value == "":
        return None
    if column_type in ("number", "integer"):
        try:
            number = float(value)
        except ValueError:
            return value  # the schema check reports it
        return int(number) if number.is_integer() else number
    return value


def read_datapackage(path: Path) -> Document:
    """Read the CSV tables and nest them as in the JSON form (ids act as foreign keys)."""
    from .schemas import schema, table_columns

    directory = Path(path)
    if directory.is_file():
        directory = directory.parent
    if not (directory / "organizations.csv").is_file():
        raise ImportRefused(
            [
                _(
                    "%(dir)s: organizations.csv ontbreekt; verwacht een HSDS-datapackage "
                    "(CSV-bestanden met datapackage.json)."
                )
                % {"dir": directory}
            ]
        )
    labels: dict[int, str] = {}
    tables: dict[str, list[dict]] = {}
    for table, filename in TABLES.items():
        file = directory / filename
        if not file.is_file():
            tables[table] = []
            continue
        types = {c["name"]: c["type"] for c in table_columns(table)}
        # An empty cell is "not given", except for required text: there it is "".
        required = set(schema(table).get("required", []))
        rows = []
        with file.open(encoding="utf-8-sig", newline="") as handle:
            for line, raw in enumerate(csv.DictReader(handle), start=2):
                row = {
                    k: _typed(v or "", types.get(k, "string"))
                    for k, v in raw.items()
                    if k is not None
                }
                row = {
                    k: ("" if v is None and k in required and types.get(k) == "string" else v)
                    for k, v in row.items()
                }
                row = {k: v for k, v in row.items() if v is not None}
                labels[id(row)] = _("%(file)s regel %(line)s") % {"file": filename, "line": line}
                rows.append(row)
        tables[table] = rows

    def children(table: str, key: str) -> dict[str, list[dict]]:
        grouped: dict[str, list[dict]] = {}
        for row in tables[table]:
            if row.get(key):
                grouped.setdefault(row[key], []).append(row)
        return grouped

    terms = {t.get("id"): t for t in tables["taxonomy_term"]}
    attributes: dict[str, list[dict]] = {}
    for row in tables["attribute"]:
        if row.get("taxonomy_term_id") in terms:
            row["taxonomy_term"] = terms[row["taxonomy_term_id"]]
        attributes.setdefault(row.get("link_id", ""), []).append(row)
    phones_by_org = children("phone", "organization_id")
    phones_by_contact = children("phone", "contact_id")
    addresses = children("address", "location_id")
    languages = children("language", "service_id")
    at_locations = children("service_at_location", "service_id")
    for location in tables["location"]:
        location["addresses"] = addresses.get(location.get("id"), [])
        location["attributes"] = attributes.get(location.get("id"), [])
    for contact in tables["contact"]:
        contact["phones"] = phones_by_contact.get(contact.get("id"), [])
    for service in tables["service"]:
        service["languages"] = languages.get(service.get("id"), [])
        service["service_at_locations"] = at_locations.get(service.get("id"), [])
        service["attributes"] = attributes.get(service.get("id"), [])
    locations = children("location", "organization_id")
    contacts = children("contact", "organization_id")
    services = children("service", "organization_id")
    org_ids = {o.get("id") for o in tables["organization"]}
    for org in tables["organization"]:
        org_id = org.get("id")
        org["phones"] = phones_by_org.get(org_id, [])
        org["locations"] = locations.get(org_id, [])
        org["contacts"] = contacts.get(org_id, [])
        org["attributes"] = attributes.get(org_id, [])
        org["services"] = services.get(org_id, [])
    data = {
        "taxonomies": tables["taxonomy"],
        "taxonomy_terms": tables["taxonomy_term"],
        "organizations": tables["organization"],
        # Services whose organisation is not in this file: the checks report them.
        "services": [s for s in tables["service"] if s.get("organization_id") not in org_ids],
    }
    return Document(data=data, labels=labels, source=str(directory))


# Checking ------------------------------------------------------------------------------


def _schema_message(error) -> str:
    path = ".".join(str(p) for p in error.absolute_path) or _("(object)")
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        where = ".".join(str(p) for p in error.absolute_path)
        return _("verplicht veld '%(field)s' ontbreekt%(where)s") % {
            "field": missing,
            "where": f" ({where})" if where else "",
        }
    if error.validator == "type":
        return _("veld '%(field)s' heeft het verkeerde type: verwacht %(type)s") % {
            "field": path,
            "type": error.validator_value,
        }
    if error.validator == "format":
        return _("veld '%(field)s' is geen geldige %(format)s: %(value)r") % {
            "field": path,
            "format": error.validator_value,
            "value": error.instance,
        }
    if error.validator == "enum":
        return _("veld '%(field)s' moet een van deze waarden zijn: %(values)s") % {
            "field": path,
            "values": ", ".join(map(str, error.validator_value)),
        }
    return _("veld '%(field)s' voldoet niet aan HSDS 3.0 (%(detail)s)") % {
        "field": path,
        "detail": error.message,
    }


def _label_for(document: Document, root: Any, error) -> str:
    """The most precise known origin of an error: walk its path to the deepest labelled object."""
    label = document.labels.get(id(root), document.source)
    node = root
    for step in error.absolute_path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        label = document.labels.get(id(node), label)
    return label


@dataclass
class TermLookup:
    """Every object a kansenwerk term id can name, keyed by term id."""

    themes: dict[str, Theme]
    directions: dict[str, SolutionDirection]
    interventions: dict[str, Intervention]
    initiatives: dict[str, Initiative]
    target_groups: dict[str, TargetGroup]
    regions: dict[str, Region]
    municipalities: dict[str, Municipality]
    kinds: dict[str, str]

    @classmethod
    def load(cls) -> TermLookup:
        def index(objects, code) -> dict:
            return {tx.term_id(code(o)): o for o in objects}

        directions = SolutionDirection.objects.select_related("theme")
        return cls(
            themes=index(Theme.objects.all(), tx.theme_code),
            directions=index(directions, lambda d: tx.direction_code(d, d.theme.slug)),
            interventions=index(Intervention.objects.all(), tx.intervention_code),
            initiatives=index(Initiative.objects.all(), tx.initiative_code),
            target_groups=index(TargetGroup.objects.all(), tx.target_group_code),
            regions=index(Region.objects.all(), tx.region_code),
            municipalities=index(Municipality.objects.all(), tx.municipality_code),
            kinds={tx.term_id(tx.kind_code(k)): k for k in Organization.Kind.values},
        )


@dataclass
class Plan:
    """What a checked file will write."""

    organizations: list[dict] = field(default_factory=list)
    new_target_groups: dict[str, str] = field(default_factory=dict)  # term id -> name


def check(document: Document, *, lookup: TermLookup, default_region: Region | None) -> Plan:
    errors: list[str] = []
    data = document.data
    validators = {
        name: validator(name) for name in ("organization", "service", "taxonomy", "taxonomy_term")
    }

    def fail(obj: Any, message: str) -> None:
        errors.append(f"{document.labels.get(id(obj), document.source)}: {message}")

    def report(kind: str, obj: Any) -> bool:
        found = False
        for error in sorted(validators[kind].iter_errors(obj), key=lambda e: list(e.path)):
            errors.append(f"{_label_for(document, obj, error)}: {_schema_message(error)}")
            found = True
        return not found

    checked_terms: dict[str, bool] = {}
    # Copies made for validation stay referenced until the check ends, so their id()s
    # (keys of document.labels) cannot be reused by other objects meanwhile.
    alive: list[Any] = []

    def strip_terms(node: Any, owner: str) -> Any:
        """A copy without the taxonomy_term objects nested in attributes: an export repeats
        the same few terms thousands of times, and validating each copy was 80% of the
        check time. Each distinct nested term is validated once instead."""
        if isinstance(node, list):
            return [strip_terms(item, owner) for item in node]
        if not isinstance(node, dict):
            return node
        copy = {}
        for key, value in node.items():
            if key == "taxonomy_term" and isinstance(value, dict):
                fingerprint = json.dumps(value, sort_keys=True, default=str)
                if fingerprint not in checked_terms:
                    document.labels.setdefault(id(value), document.labels.get(id(node), owner))
                    checked_terms[fingerprint] = report("taxonomy_term", value)
                continue
            copy[key] = strip_terms(value, owner) if isinstance(value, list | dict) else value
        if id(node) in document.labels:
            document.labels[id(copy)] = document.labels[id(node)]
            alive.append(copy)
        return copy

    def validate(kind: str, obj: Any) -> bool:
        if not isinstance(obj, dict):
            return report(kind, obj)
        stripped = strip_terms(obj, document.labels.get(id(obj), document.source))
        return report(kind, stripped)

    declared_terms = {}
    for term in data.get("taxonomy_terms") or []:
        if validate("taxonomy_term", term):
            declared_terms[term["id"]] = term
    for taxonomy in data.get("taxonomies") or []:
        validate("taxonomy", taxonomy)

    seen: dict[str, set[str]] = {
        k: set() for k in ("organization", "service", "location", "contact")
    }

    def unique(kind: str, obj: dict) -> None:
        value = obj.get("id")
        if not value:
            return
        if value in seen[kind]:
            fail(
                obj,
                _("id %(id)s komt vaker voor in dit bestand (%(kind)s).")
                % {"id": value, "kind": kind},
            )
        seen[kind].add(value)

    known_terms = set().union(
        lookup.themes,
        lookup.directions,
        lookup.interventions,
        lookup.initiatives,
        lookup.target_groups,
        lookup.regions,
        lookup.municipalities,
        lookup.kinds,
    )

    def check_attributes(obj: dict) -> None:
        for attribute in obj.get("attributes") or []:
            term_id = attribute.get("taxonomy_term_id")
            if term_id in known_terms:
                continue
            nested = attribute.get("taxonomy_term") or {}
            term = declared_terms.get(term_id) or (nested if nested.get("id") == term_id else {})
            code = term.get("code") or ""
            if code.startswith("doelgroep:") and term.get("name"):
                continue  # a new target group: created on import
            if term_id in declared_terms:
                continue  # a term of another taxonomy: kept out, not an error
            fail(
                attribute,
                _(
                    "onbekende taxonomy_term_id %(id)s: deze term staat niet in "
                    "taxonomy_terms en is geen kansenwerk-term."
                )
                % {"id": term_id},
            )

    plan = Plan()
    if not data["organizations"]:
        errors.append(
            _("%(file)s: het bestand bevat geen organisaties.") % {"file": document.source}
        )
    for org in data["organizations"]:
        if not isinstance(org, dict):
            errors.append(
                _("%(file)s: elke organisatie moet een JSON-object zijn.")
                % {"file": document.source}
            )
            continue
        services = org.get("services") or []
        shallow = {k: v for k, v in org.items() if k != "services"}
        document.labels[id(shallow)] = document.labels.get(id(org), document.source)
        alive.append(shallow)
        for key in ("phones", "locations", "contacts", "attributes"):
            if isinstance(org.get(key), list):
                shallow[key] = org[key]
        validate("organization", shallow)
        unique("organization", org)
        org_id = org.get("id")
        location_ids = set()
        for location in org.get("locations") or []:
            unique("location", location)
            location_ids.add(location.get("id"))
            check_attributes(location)
        for contact in org.get("contacts") or []:
            unique("contact", contact)
        check_attributes(org)
        attribute_ids = {a.get("taxonomy_term_id") for a in org.get("attributes") or []}
        if not (attribute_ids & set(lookup.regions)) and default_region is None:
            fail(
                org,
                _(
                    "de regio ontbreekt: geef een attribuut met een term uit de taxonomie "
                    "'kansenwerk regio', of kies bij het importeren een standaardregio "
                    "(--region)."
                ),
            )
        service_ids = set()
        for service in services:
            if not isinstance(service, dict):
                fail(org, _("elk aanbod moet een JSON-object zijn."))
                continue
            validate("service", service)
            unique("service", service)
            service_ids.add(service.get("id"))
            if service.get("organization_id") not in (None, org_id):
                fail(
                    service,
                    _(
                        "organization_id %(id)s hoort niet bij de organisatie "
                        "waarin dit aanbod staat."
                    )
                    % {"id": service.get("organization_id")},
                )
            for at in service.get("service_at_locations") or []:
                if at.get("location_id") not in location_ids:
                    fail(
                        service,
                        _(
                            "onbekende location_id %(id)s: deze locatie staat niet bij "
                            "dezelfde organisatie."
                        )
                        % {"id": at.get("location_id")},
                    )
            low, high = service.get("minimum_age"), service.get("maximum_age")
            if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
                fail(
                    service,
                    _("minimum_age (%(low)s) is groter dan maximum_age (%(high)s).")
                    % {"low": low, "high": high},
                )
            check_attributes(service)
        for contact in org.get("contacts") or []:
            if contact.get("service_id") and contact["service_id"] not in service_ids:
                fail(
                    contact,
                    _("onbekende service_id %(id)s bij contactpersoon.")
                    % {"id": contact["service_id"]},
                )
        plan.organizations.append(org)
    nested_ids = seen["service"]
    org_ids = seen["organization"]
    for service in data.get("services") or []:
        if not isinstance(service, dict) or service.get("id") in nested_ids:
            continue  # the flat list repeats the nested services
        validate("service", service)
        if service.get("organization_id") not in org_ids:
            fail(
                service,
                _("onbekende organization_id %(id)s: deze organisatie staat niet in het bestand.")
                % {"id": service.get("organization_id")},
            )
        else:
            fail(
                service,
                _(
                    "dit aanbod staat niet bij zijn organisatie; zet het in de lijst "
                    "'services' van die organisatie."
                ),
            )
    if errors:
        raise ImportRefused(errors)
    for term in declared_terms.values():
        if (term.get("code") or "").startswith("doelgroep:") and term["id"] not in known_terms:
            plan.new_target_groups[term["id"]] = term["name"]
    for org in plan.organizations:
        for service in org.get("services") or []:
            for attribute in service.get("attributes") or []:
                term = attribute.get("taxonomy_term") or {}
                tid = attribute.get("taxonomy_term_id")
                if (term.get("code") or "").startswith("doelgroep:") and tid not in known_terms:
                    plan.new_target_groups.setdefault(tid, term["name"])
    return plan


# Writing -------------------------------------------------------------------------------


def _audit_bulk(instances: list, *, source_label: str) -> None:
    if not instances:
        return
    actor = current_actor()
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(type(instances[0]))
    AuditLogEntry.objects.bulk_create(
        [
            AuditLogEntry(
                actor=user,
                actor_label=(user.get_username() if user else "")[:150],
                source=actor.source,
                action="create",
                content_type=content_type,
                object_id=str(instance.pk),
                object_repr=str(instance)[:255],
                changes={
                    **{
                        k: [None, v]
                        for k, v in snapshot(instance).items()
                        if v not in (None, "", [], {})
                    },
                    "import": [None, source_label],
                },
            )
            for instance in instances
        ],
        batch_size=2000,
    )


def _update(instance, values: dict) -> bool:
    """Set changed fields and save (one audit entry); unchanged records are not touched."""
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance.save()
    return bool(changed)


def _terms(obj: dict, table: dict) -> list:
    return [
        table[a["taxonomy_term_id"]]
        for a in obj.get("attributes") or []
        if a.get("taxonomy_term_id") in table
    ]


def _decimal(value: Any):
    return None if value is None else round(float(value), 6)


def write(
    plan: Plan, *, lookup: TermLookup, default_region: Region | None, source_label: str
) -> ImportResult:
    result = ImportResult()
    for term_id, name in plan.new_target_groups.items():
        group, created = TargetGroup.objects.get_or_create(name=name[:120])
        lookup.target_groups[term_id] = group
        result.target_groups_created += int(created)
    org_hsds = [uuid.UUID(o["id"]) for o in plan.organizations]
    existing_orgs = {str(o.hsds_id): o for o in Organization.objects.filter(hsds_id__in=org_hsds)}
    service_hsds = [uuid.UUID(s["id"]) for o in plan.organizations for s in o.get("services") or []]
    existing_services = {
        str(s.hsds_id): s for s in Service.objects.filter(hsds_id__in=service_hsds)
    }
    new_orgs: list[Organization] = []
    org_objects: dict[str, Organization] = {}
    for data in plan.organizations:
        kinds = _terms(data, lookup.kinds)
        regions = _terms(data, lookup.regions)
        phones = data.get("phones") or []
        values = {
            "name": data["name"][:300],
            "description": data.get("description") or "",
            "website": data.get("website") or "",
            "email": data.get("email") or "",
            "phone": (phones[0]["number"] if phones else "")[:40],
            "kind": kinds[0] if kinds else Organization.Kind.OVERIG,
            "region": regions[0] if regions else default_region,
        }
        organization = existing_orgs.get(data["id"])
        if organization is None:
            organization = Organization(hsds_id=uuid.UUID(data["id"]), **values)
            new_orgs.append(organization)
            result.organizations_created += 1
        else:
            _update(organization, values)
            result.organizations_updated += 1
        org_objects[data["id"]] = organization
    Organization.objects.bulk_create(new_orgs, batch_size=1000)
    _audit_bulk(new_orgs, source_label=source_label)

    # Municipalities served.
    through = Organization.municipalities.through
    touched_org_pks = [o.pk for o in org_objects.values()]
    through.objects.filter(organization_id__in=touched_org_pks).delete()
    through.objects.bulk_create(
        [
            through(organization_id=org_objects[data["id"]].pk, municipality_id=m.pk)
            for data in plan.organizations
            for m in {m.pk: m for m in _terms(data, lookup.municipalities)}.values()
        ],
        batch_size=5000,
    )

    # Locations (matched by HSDS id; new ones bulk-created).
    location_data = [
        (org_objects[o["id"]], loc) for o in plan.organizations for loc in o.get("locations") or []
    ]
    existing_locations = {
        str(loc.hsds_id): loc
        for loc in Location.objects.filter(
            hsds_id__in=[uuid.UUID(loc["id"]) for _org, loc in location_data]
        )
    }
    new_locations = []
    location_objects: dict[str, Location] = {}
    for organization, data in location_data:
        address = (data.get("addresses") or [{}])[0]
        municipalities = _terms(data, lookup.municipalities)
        values = {
            "organization": organization,
            "name": (data.get("name") or "")[:300],
            "address": (address.get("address_1") or "")[:300],
            "postcode": (address.get("postal_code") or "")[:10],
            "city": (address.get("city") or "")[:120],
            "municipality": municipalities[0] if municipalities else None,
            "latitude": _decimal(data.get("latitude")),
            "longitude": _decimal(data.get("longitude")),
        }
        location = existing_locations.get(data["id"])
        if location is None:
            location = Location(hsds_id=uuid.UUID(data["id"]), **values)
            new_locations.append(location)
        else:
            _update(location, values)
        location_objects[data["id"]] = location
        result.locations += 1
    Location.objects.bulk_create(new_locations, batch_size=2000)
    _audit_bulk(new_locations, source_label=source_label)

    # Services and their links.
    new_services = []
    service_objects: dict[str, tuple[Service, dict]] = {}
    for org_data in plan.organizations:
        organization = org_objects[org_data["id"]]
        for data in org_data.get("services") or []:
            last_modified = parse_datetime(data.get("last_modified") or "")
            if last_modified is not None and last_modified.tzinfo is None:
                last_modified = last_modified.replace(tzinfo=datetime.UTC)
            values = {
                "organization": organization,
                "name": data["name"][:300],
                "description": data.get("description") or "",
                "status": data.get("status") or Service.Status.ACTIVE,
                "url": data.get("url") or "",
                "email": data.get("email") or "",
                "how_to_apply": data.get("application_process") or "",
                "cost": data.get("fees_description") or data.get("fees") or "",
                "minimum_age": _age(data.get("minimum_age")),
                "maximum_age": _age(data.get("maximum_age")),
                "languages": [
                    lang.get("code") or lang.get("name")
                    for lang in data.get("languages") or []
                    if lang.get("code") or lang.get("name")
                ],
            }
            service = existing_services.get(data["id"])
            if service is None:
                service = Service(hsds_id=uuid.UUID(data["id"]), **values)
                if last_modified is not None:
                    service.updated_at = last_modified
                new_services.append(service)
                result.services_created += 1
            else:
                if last_modified is not None:
                    values["updated_at"] = last_modified
                    service.keep_updated_at = True
                _update(service, values)
                result.services_updated += 1
            service_objects[data["id"]] = (service, data)
    Service.objects.bulk_create(new_services, batch_size=2000)
    _audit_bulk(new_services, source_label=source_label)
    service_pks = [s.pk for s, _data in service_objects.values()]
    links = {
        "themes": ("theme_id", lookup.themes),
        "solution_directions": ("solutiondirection_id", lookup.directions),
        "interventions": ("intervention_id", lookup.interventions),
        "initiatives": ("initiative_id", lookup.initiatives),
        "target_groups": ("targetgroup_id", lookup.target_groups),
    }
    for name, (column, table) in links.items():
        through = getattr(Service, name).through
        through.objects.filter(service_id__in=service_pks).delete()
        through.objects.bulk_create(
            [
                through(service_id=service.pk, **{column: target.pk})
                for service, data in service_objects.values()
                for target in {t.pk: t for t in _terms(data, table)}.values()
            ],
            batch_size=5000,
        )
    through = Location.services.through
    through.objects.filter(service_id__in=service_pks).delete()
    through.objects.bulk_create(
        [
            through(service_id=service.pk, location_id=location_objects[at["location_id"]].pk)
            for service, data in service_objects.values()
            for at in {a["location_id"]: a for a in data.get("service_at_locations") or []}.values()
        ],
        batch_size=5000,
    )

    # Contact persons.
    contact_data = [
        (org_objects[o["id"]], c) for o in plan.organizations for c in o.get("contacts") or []
    ]
    existing_contacts = {
        str(c.hsds_id): c
        for c in ContactPerson.objects.filter(
            hsds_id__in=[uuid.UUID(c["id"]) for _o, c in contact_data]
        )
    }
    new_contacts = []
    for organization, data in contact_data:
        phones = data.get("phones") or []
        service = service_objects.get(data.get("service_id") or "")
        values = {
            "organization": organization,
            "service": service[0] if service else None,
            "name": (data.get("name") or "")[:200],
            "role": (data.get("title") or "")[:200],
            "email": data.get("email") or "",
            "phone": (phones[0]["number"] if phones else "")[:40],
        }
        contact = existing_contacts.get(data["id"])
        if contact is None:
            new_contacts.append(ContactPerson(hsds_id=uuid.UUID(data["id"]), **values))
        else:
            _update(contact, values)
        result.contacts += 1
    ContactPerson.objects.bulk_create(new_contacts, batch_size=2000)
    _audit_bulk(new_contacts, source_label=source_label)
    return result


def _age(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return max(0, min(int(value), 150))
    except (TypeError, ValueError):
        return None


def import_path(
    path: Path | str, *, as_json: bool | None = None, default_region: Region | None = None
) -> ImportResult:
    """Read, check and write one HSDS file (JSON) or datapackage (CSV); all or nothing.

    `as_json=None` decides by the path: a directory or datapackage.json is CSV, any
    other file JSON."""
    path = Path(path)
    if as_json is None:
        as_json = not (path.is_dir() or path.name == "datapackage.json")
    if not path.exists():
        raise ImportRefused([_("%(file)s: bestand of map bestaat niet.") % {"file": path}])
    document = read_json(path) if as_json else read_datapackage(path)
    lookup = TermLookup.load()
    plan = check(document, lookup=lookup, default_region=default_region)
    with transaction.atomic():
        result = write(plan, lookup=lookup, default_region=default_region, source_label=path.name)
        # bulk_create skips the search signals: rebuild the netwerk's entries in one go.
        from ..search_types import reindex_netwerk

        reindex_netwerk()
    return result
