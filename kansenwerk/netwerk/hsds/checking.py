"""Checking an HSDS import: every object against the HSDS 3.0 schemas and our own rules
(ids unique, references known, every term in a taxonomy, a region per organisation).
Any error refuses the whole file; the result is a `Plan` of what writing will do,
with warnings for everything the file holds that kansenwerk does not keep."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme

from ..models import Organization, TargetGroup
from . import evidence as ev
from . import taxonomy as tx
from .reading import Document
from .report import ImportRefused
from .schemas import validator


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
    # Terms of the evidence-level taxonomy: they name a level, not a record.
    levels: dict[str, str] = field(default_factory=lambda: dict(ev.LEVEL_TERM_IDS))

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


def term_kind(term: dict) -> str | None:
    """The kansenwerk taxonomy key ("thema", "regio" …) of a term, or None for a term of
    another system's taxonomy. A kansenwerk term's id is the uuid5 of its code."""
    code = term.get("code") or ""
    key = code.split(":", 1)[0]
    if key in tx.BY_KEY and term.get("id") == tx.term_id(code):
        return key
    return None


@dataclass
class Plan:
    """What a checked file will write."""

    organizations: list[dict] = field(default_factory=list)
    # Every term the file declares or nests (by id), and the taxonomies it declares.
    terms: dict[str, dict] = field(default_factory=dict)
    taxonomies: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# What kansenwerk keeps of each HSDS object; anything else non-empty gets a warning.
KEPT_FIELDS = {
    "organization": {
        "id", "name", "description", "email", "website", "phones", "locations", "contacts",
        "attributes", "services", "metadata",
    },
    "service": {
        "id", "organization_id", "name", "description", "url", "email", "status",
        "application_process", "fees_description", "fees", "minimum_age", "maximum_age",
        "last_modified", "languages", "attributes", "service_at_locations", "assured_date",
        "assurer_email", "metadata", "organization",
    },
    "location": {
        "id", "location_type", "organization_id", "name", "latitude", "longitude",
        "addresses", "attributes", "metadata",
    },
    "contact": {"id", "organization_id", "service_id", "name", "title", "email", "phones",
                "metadata"},
}  # fmt: skip
OBJECT_NAMES = {
    "organization": _("organisaties"),
    "service": _("aanbod"),
    "location": _("locaties"),
    "contact": _("contactpersonen"),
}


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
    nested_terms: dict[str, dict] = {}
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
                    if checked_terms[fingerprint]:
                        nested_terms.setdefault(value["id"], value)
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
    declared_taxonomies = {}
    for taxonomy in data.get("taxonomies") or []:
        if validate("taxonomy", taxonomy):
            declared_taxonomies[taxonomy["id"]] = taxonomy
    known_taxonomies = set(declared_taxonomies) | {t.id for t in tx.TAXONOMIES}
    plan = Plan(taxonomies=declared_taxonomies)
    dropped: Counter[tuple[str, str]] = Counter()

    def note_dropped(kind: str, obj: dict) -> None:
        for key, value in obj.items():
            if key not in KEPT_FIELDS[kind] and value not in (None, "", [], {}):
                dropped[(kind, key)] += 1
        for key in ("phones", "addresses"):
            if len(obj.get(key) or []) > 1:
                dropped[(kind, f"{key}[1:]")] += 1

    seen: dict[str, set[str]] = {
        k: set() for k in ("organization", "service", "location", "contact")
    }

    def unique(kind: str, obj: Any) -> None:
        value = obj.get("id") if isinstance(obj, dict) else None
        if not value or not isinstance(value, str):
            return  # a missing or wrongly typed id is a schema error already
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
        lookup.levels,
    )

    def check_attributes(obj: dict) -> None:
        for attribute in obj.get("attributes") or []:
            if not isinstance(attribute, dict):
                continue  # a schema error already
            term_id = attribute.get("taxonomy_term_id")
            if not isinstance(term_id, str):
                continue
            if term_id in known_terms or term_id in declared_terms or term_id in nested_terms:
                continue  # a term to create or keep when it names nothing here
            fail(
                attribute,
                _(
                    "onbekende taxonomy_term_id %(id)s: deze term staat niet in "
                    "taxonomy_terms en is geen kansenwerk-term."
                )
                % {"id": term_id},
            )

    def term_for(term_id: Any) -> dict:
        return declared_terms.get(term_id) or nested_terms.get(term_id) or {}

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
        if not isinstance(services, list):
            fail(org, _("'services' moet een lijst van aanbod zijn."))
            services = []
        shallow = {k: v for k, v in org.items() if k != "services"}
        document.labels[id(shallow)] = document.labels.get(id(org), document.source)
        alive.append(shallow)
        for key in ("phones", "locations", "contacts", "attributes"):
            if isinstance(org.get(key), list):
                shallow[key] = org[key]
        valid = validate("organization", shallow)
        for service in services:
            if not isinstance(service, dict):
                fail(org, _("elk aanbod moet een JSON-object zijn."))
                valid = False
            elif not validate("service", service):
                valid = False
        unique("organization", org)
        if not valid:
            # Wrongly shaped data: its schema errors are reported; checking its contents
            # further would only guess (and trip over the wrong types).
            for service in services:
                unique("service", service)
            continue
        note_dropped("organization", org)
        org_id = org.get("id")
        location_ids = set()
        for location in org.get("locations") or []:
            unique("location", location)
            if isinstance(location, dict):
                note_dropped("location", location)
            location_ids.add(location.get("id"))
            check_attributes(location)
        for contact in org.get("contacts") or []:
            unique("contact", contact)
            if isinstance(contact, dict):
                note_dropped("contact", contact)
        check_attributes(org)
        attribute_ids = {a.get("taxonomy_term_id") for a in org.get("attributes") or []}
        named_regions = {
            term_id
            for term_id in attribute_ids
            if term_id in lookup.regions or term_kind(term_for(term_id)) == "regio"
        }
        if not named_regions and default_region is None:
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
            note_dropped("service", service)
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
    nested_owner = {
        service.get("id"): org.get("id")
        for org in data["organizations"]
        if isinstance(org, dict) and isinstance(org.get("services"), list)
        for service in org["services"]
        if isinstance(service, dict) and isinstance(service.get("id"), str)
    }
    for service in data.get("services") or []:
        if not isinstance(service, dict):
            continue
        if service.get("id") in nested_ids:
            # The flat list repeats the nested services; it may not contradict them.
            said = service.get("organization_id")
            if said is None or said == nested_owner.get(service.get("id")):
                continue
            if not isinstance(said, str) or said not in org_ids:
                fail(
                    service,
                    _(
                        "onbekende organization_id %(id)s: deze organisatie staat niet in "
                        "het bestand."
                    )
                    % {"id": said},
                )
            else:
                fail(
                    service,
                    _(
                        "organization_id %(id)s verwijst naar een andere organisatie dan "
                        "waar dit aanbod (%(service)s) onder staat."
                    )
                    % {"id": said, "service": service.get("id")},
                )
            continue
        if not validate("service", service):
            continue
        said = service.get("organization_id")
        if not isinstance(said, str) or said not in org_ids:
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
    for term_id, term in {**nested_terms, **declared_terms}.items():
        taxonomy_id = term.get("taxonomy_id")
        if taxonomy_id in known_taxonomies or (not taxonomy_id and term.get("taxonomy")):
            continue
        errors.append(
            _("%(where)s: taxonomieterm %(id)s (%(name)s) hoort bij geen taxonomie: %(why)s")
            % {
                "where": document.labels.get(id(term), document.source),
                "id": term_id,
                "name": term.get("name"),
                "why": _("taxonomy_id %(tid)s staat niet in 'taxonomies'.") % {"tid": taxonomy_id}
                if taxonomy_id
                else _("geef taxonomy_id of de naam van de taxonomie (taxonomy)."),
            }
        )
    if errors:
        raise ImportRefused(errors)
    plan.terms = {**nested_terms, **declared_terms}
    for (kind, key), count in sorted(dropped.items()):
        if key.endswith("[1:]"):
            plan.warnings.append(
                _(
                    "%(n)s %(objects)s hebben meer dan één %(field)s; alleen de eerste is overgenomen."
                )
                % {"n": count, "objects": OBJECT_NAMES[kind], "field": key[:-4]}
            )
        else:
            plan.warnings.append(
                _(
                    "%(n)s %(objects)s hebben '%(field)s'; kansenwerk bewaart dit veld niet en heeft "
                    "het niet overgenomen."
                )
                % {"n": count, "objects": OBJECT_NAMES[kind], "field": key}
            )
    return plan
