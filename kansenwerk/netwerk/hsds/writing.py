"""Writing a checked HSDS import (a `Plan`) in one transaction.

Records known by their HSDS id are updated in place (one audit entry each, through the
model signals) and only when something changed; new ones are bulk-created, with their
audit entries written in bulk through `core.audit.record_created` (bulk_create bypasses
the signals: the same entry as a save writes, with its personal fields redacted). Regions,
municipalities and target groups the file names are created; kennisbank and foreign
terms that name nothing here are kept (`KeptTerm`) so nothing is lost.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kansenwerk.core.audit import record_created
from kansenwerk.core.models import Municipality, Region

from ..models import ContactPerson, KeptTerm, Location, Organization, Service, TargetGroup
from . import evidence as ev
from . import taxonomy as tx
from .checking import Plan, TermLookup, term_kind
from .report import ImportReport

# Service links resolved through the lookup: taxonomy key -> (m2m name, through column, table).
SERVICE_LINKS = {
    "thema": ("themes", "theme_id", "themes"),
    "oplossingsrichting": ("solution_directions", "solutiondirection_id", "directions"),
    "interventie": ("interventions", "intervention_id", "interventions"),
    "initiatief": ("initiatives", "initiative_id", "initiatives"),
    "doelgroep": ("target_groups", "targetgroup_id", "target_groups"),
}
CREATED_KINDS = ("regio", "gemeente", "doelgroep")
MAX_LISTED = 8


def _audit_bulk(instances: list, *, source_label: str) -> None:
    record_created(instances, extra={"import": [None, source_label]})


def _update(instance: models.Model, values: dict) -> bool:
    """Set changed fields and save (one audit entry); unchanged records are not touched."""
    changed = {k: v for k, v in values.items() if getattr(instance, k) != v}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance.save()
    return bool(changed)


def _replace_links(through: Any, owner: str, target: str, wanted: dict[int, set[int]]) -> set[int]:
    """Make each owner's link rows equal `wanted[owner]`; return the owners that changed."""
    if not wanted:
        return set()
    existing: dict[int, set[int]] = defaultdict(set)
    owners = list(wanted)
    for start in range(0, len(owners), 5000):
        rows = through.objects.filter(**{f"{owner}__in": owners[start : start + 5000]})
        for owner_id, target_id in rows.values_list(owner, target):
            existing[owner_id].add(target_id)
    changed = {o for o, targets in wanted.items() if existing.get(o, set()) != targets}
    stale = [o for o in changed if existing.get(o)]
    for start in range(0, len(stale), 5000):
        through.objects.filter(**{f"{owner}__in": stale[start : start + 5000]}).delete()
    through.objects.bulk_create(
        [through(**{owner: o, target: t}) for o in changed for t in sorted(wanted[o])],
        batch_size=5000,
    )
    return changed


def _unique_ids(obj: dict) -> list[str]:
    seen: dict[str, None] = {}
    for attribute in obj.get("attributes") or []:
        term_id = attribute.get("taxonomy_term_id")
        if term_id:
            seen.setdefault(term_id, None)
    return list(seen)


def _resolved(obj: dict, table: dict) -> list:
    return [table[t] for t in _unique_ids(obj) if t in table]


def _attribute_values(data: dict, lookup: TermLookup) -> list[dict[str, str]]:
    """The values of an object's attributes, kept as they came (the export writes them
    again on the attribute of the same term; HSDS.md, "Attribute values").

    An evidence level this site itself decided, for an intervention it has, is not kept:
    its profile here is the truth (kept, a level cleared here would come back)."""
    kept: dict[tuple[str, str], None] = {}
    for attribute in data.get("attributes") or []:
        value = attribute.get("value")
        term_id = attribute.get("taxonomy_term_id")
        if not term_id or value in (None, ""):
            continue
        value = str(value)
        if term_id in lookup.levels and ev.decided_here(value):
            about = ev.intervention_of(value)
            if about and tx.term_id(about) in lookup.interventions:
                continue
        kept.setdefault((term_id, value), None)
    return [{"taxonomy_term_id": t, "value": v} for t, v in kept]


def _verification(data: dict) -> dict[str, Any]:
    """last_verified_at/verified_by from a listing's "verified" metadata, else from the
    service's assured_date/assurer_email; nothing when the file says nothing."""
    for item in data.get("metadata") or []:
        if item.get("last_action_type") == "verified":
            at = parse_datetime(item.get("last_action_date") or "")
            if at is not None:
                if at.tzinfo is None:
                    at = at.replace(tzinfo=datetime.UTC)
                return {"last_verified_at": at, "verified_by": (item.get("updated_by") or "")[:254]}
    assured = parse_date(data.get("assured_date") or "")
    if assured is not None:
        return {
            "last_verified_at": datetime.datetime.combine(assured, datetime.time(12), datetime.UTC),
            "verified_by": (data.get("assurer_email") or "")[:254],
        }
    return {}


def _decimal(value: Any) -> decimal.Decimal | None:
    if value is None:
        return None
    return decimal.Decimal(str(round(float(value), 6))).quantize(decimal.Decimal("0.000001"))


def _age(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return max(0, min(int(value), 150))
    except (TypeError, ValueError):
        return None


def _slug_of(code: str) -> str:
    slug = code.split(":", 1)[1] if ":" in code else code
    return slug if slug and slugify(slug) == slug else slugify(slug) or "onbekend"


def _free_name(model: Any, name: str, slug: str, max_length: int) -> str:
    """The name, or "name (slug)" when another record already carries it."""
    name = name[:max_length] or slug
    if model.objects.filter(name=name).exists():
        name = f"{name} ({slug})"[:max_length]
    return name


def _listed(codes: Iterable[str]) -> str:
    codes = sorted(codes)
    text = ", ".join(codes[:MAX_LISTED])
    return text + (" …" if len(codes) > MAX_LISTED else "")


class Writer:
    def __init__(
        self,
        plan: Plan,
        *,
        lookup: TermLookup,
        default_region: Region | None,
        source_label: str,
        report: ImportReport,
    ) -> None:
        self.plan = plan
        self.lookup = lookup
        self.default_region = default_region
        self.source_label = source_label
        self.report = report
        self.kept: dict[str, KeptTerm] = {}
        # Objects with more terms than the one field holds: (object kind, what) -> count.
        self.surplus: Counter[tuple[str, str]] = Counter()
        self.levels_received = 0

    # Terms ---------------------------------------------------------------------------

    def _org_region(self, data: dict) -> Region | None:
        regions = _resolved(data, self.lookup.regions)
        return regions[0] if regions else self.default_region

    def ensure_regions(self) -> None:
        known: set[int] = set()
        for org in self.plan.organizations:
            named = _unique_ids(org)
            # Regions named as the parent of a municipality term (the municipality's region).
            for owner in [org, *(org.get("locations") or [])]:
                for term_id in _unique_ids(owner):
                    term = self.plan.terms.get(term_id, {})
                    if term_kind(term) == "gemeente" and term.get("parent_id"):
                        named.append(term["parent_id"])
            for term_id in dict.fromkeys(named):
                if term_id in self.lookup.regions:
                    known.add(self.lookup.regions[term_id].pk)
                    continue
                term = self.plan.terms.get(term_id, {})
                if term_kind(term) != "regio":
                    continue
                slug = _slug_of(term["code"])
                region = Region.objects.filter(slug=slug).first()
                if region is None:
                    region = Region.objects.create(
                        slug=slug, name=_free_name(Region, term.get("name") or "", slug, 120)
                    )
                    self.report.add("region", "created")
                self.lookup.regions[term_id] = region
        self.report.add("region", "unchanged", len(known))

    def ensure_municipalities(self) -> None:
        known: set[int] = set()
        for org in self.plan.organizations:
            owners = [org, *(org.get("locations") or [])]
            for term_id in {t: None for owner in owners for t in _unique_ids(owner)}:
                if term_id in self.lookup.municipalities:
                    known.add(self.lookup.municipalities[term_id].pk)
                    continue
                term = self.plan.terms.get(term_id, {})
                if term_kind(term) != "gemeente":
                    continue
                region = self.lookup.regions.get(term.get("parent_id") or "") or self._org_region(
                    org
                )
                if region is None:
                    continue  # kept as a term (below)
                slug = _slug_of(term["code"])
                municipality = Municipality.objects.filter(slug=slug).first()
                if municipality is None:
                    municipality = Municipality.objects.create(
                        slug=slug,
                        name=_free_name(Municipality, term.get("name") or "", slug, 120),
                        region=region,
                    )
                    self.report.add("municipality", "created")
                self.lookup.municipalities[term_id] = municipality
        self.report.add("municipality", "unchanged", len(known))

    def ensure_target_groups(self) -> None:
        known: set[int] = set()
        for org in self.plan.organizations:
            for service in org.get("services") or []:
                for term_id in _unique_ids(service):
                    if term_id in self.lookup.target_groups:
                        known.add(self.lookup.target_groups[term_id].pk)
                        continue
                    term = self.plan.terms.get(term_id, {})
                    if term_kind(term) != "doelgroep":
                        continue
                    slug = _slug_of(term["code"])
                    name = (term.get("name") or slug)[:120]
                    group = (
                        TargetGroup.objects.filter(slug=slug).first()
                        or TargetGroup.objects.filter(name=name).first()
                    )
                    if group is None:
                        group = TargetGroup.objects.create(name=name, slug=slug)
                        self.report.add("target_group", "created")
                    self.lookup.target_groups[term_id] = group
        self.report.add("target_group", "unchanged", len(known))

    def ensure_kept_terms(self) -> None:
        """Terms that name nothing here: kennisbank records this database lacks, unknown
        kinds, and the terms of other systems' taxonomies."""
        known = set().union(
            self.lookup.themes,
            self.lookup.directions,
            self.lookup.interventions,
            self.lookup.initiatives,
            self.lookup.target_groups,
            self.lookup.regions,
            self.lookup.municipalities,
            self.lookup.kinds,
            self.lookup.levels,
        )
        wanted: dict[str, dict] = {}
        for org in self.plan.organizations:
            owners = [
                org,
                *(org.get("locations") or []),
                *(org.get("services") or []),
            ]
            for owner in owners:
                for term_id in _unique_ids(owner):
                    if term_id not in known and term_id in self.plan.terms:
                        wanted[term_id] = self.plan.terms[term_id]
        existing = {
            str(k.hsds_id): k
            for k in KeptTerm.objects.filter(hsds_id__in=[uuid.UUID(t) for t in wanted])
        }
        kennisbank, foreign = [], []
        kansenwerk_taxonomies = {t.id for t in tx.TAXONOMIES}
        for term_id, term in wanted.items():
            taxonomy_id = term.get("taxonomy_id")
            values = {
                "code": (term.get("code") or "")[:300],
                "name": (term.get("name") or "")[:300],
                "data": term,
                "taxonomy": (
                    self.plan.taxonomies.get(taxonomy_id or "", {})
                    if taxonomy_id not in kansenwerk_taxonomies
                    else {}
                ),
            }
            kept = existing.get(term_id)
            if kept is None:
                kept = KeptTerm.objects.create(hsds_id=uuid.UUID(term_id), **values)
                self.report.add("kept_term", "created")
            elif _update(kept, values):
                self.report.add("kept_term", "updated")
            else:
                self.report.add("kept_term", "unchanged")
            self.kept[term_id] = kept
            kind = term_kind(term)
            if kind:
                kennisbank.append(term.get("code") or term_id)
            else:
                foreign.append(term.get("code") or term.get("name") or term_id)
        if kennisbank:
            self.report.warnings.append(
                _(
                    "%(n)s termen bestaan hier (nog) niet en zijn als taxonomieterm bewaard; ze "
                    "gaan mee in elke export en worden gekoppeld zodra de kennisbank ze heeft: "
                    "%(codes)s"
                )
                % {"n": len(kennisbank), "codes": _listed(kennisbank)}
            )
        if foreign:
            self.report.warnings.append(
                _(
                    "%(n)s termen van andere taxonomieën zijn bewaard en gaan mee in elke "
                    "export: %(codes)s"
                )
                % {"n": len(foreign), "codes": _listed(foreign)}
            )

    # Records -------------------------------------------------------------------------

    def _kept_ids(self, obj: dict) -> set[int]:
        return {self.kept[t].pk for t in _unique_ids(obj) if t in self.kept}

    def _count(self, kind: str, created: set[int], changed: set[int], touched: Iterable[int]):
        touched = set(touched)
        self.report.add(kind, "created", len(created & touched))
        updated = (changed - created) & touched
        self.report.add(kind, "updated", len(updated))
        self.report.add(kind, "unchanged", len(touched - created - updated))

    def organizations(self) -> dict[str, Organization]:
        plan, lookup = self.plan, self.lookup
        existing = {
            str(o.hsds_id): o
            for o in Organization.objects.filter(
                hsds_id__in=[uuid.UUID(o["id"]) for o in plan.organizations]
            )
        }
        new: list[Organization] = []
        changed: set[int] = set()
        objects: dict[str, Organization] = {}
        for data in plan.organizations:
            kinds = _resolved(data, lookup.kinds)
            if len(kinds) > 1:
                self.surplus[("organisaties", "soort")] += 1
            if len(_resolved(data, lookup.regions)) > 1:
                self.surplus[("organisaties", "regio")] += 1
            phones = data.get("phones") or []
            values = {
                "name": data["name"][:300],
                "description": data.get("description") or "",
                "website": data.get("website") or "",
                "email": data.get("email") or "",
                "phone": (phones[0]["number"] if phones else "")[:40],
                "kind": kinds[0] if kinds else Organization.Kind.OVERIG,
                "region": self._org_region(data),
                "attribute_values": _attribute_values(data, self.lookup),
                **_verification(data),
            }
            organization = existing.get(data["id"])
            if organization is None:
                organization = Organization(hsds_id=uuid.UUID(data["id"]), **values)
                new.append(organization)
            elif _update(organization, values):
                changed.add(organization.pk)
            objects[data["id"]] = organization
        Organization.objects.bulk_create(new, batch_size=1000)
        _audit_bulk(new, source_label=self.source_label)
        created = {o.pk for o in new}
        changed |= _replace_links(
            Organization.municipalities.through,
            "organization_id",
            "municipality_id",
            {
                objects[d["id"]].pk: {m.pk for m in _resolved(d, lookup.municipalities)}
                for d in plan.organizations
            },
        )
        changed |= _replace_links(
            Organization.kept_terms.through,
            "organization_id",
            "keptterm_id",
            {objects[d["id"]].pk: self._kept_ids(d) for d in plan.organizations},
        )
        self._count("organization", created, changed, (o.pk for o in objects.values()))
        return objects

    def locations(self, org_objects: dict[str, Organization]) -> dict[str, Location]:
        pairs = [
            (org_objects[o["id"]], loc)
            for o in self.plan.organizations
            for loc in o.get("locations") or []
        ]
        existing = {
            str(loc.hsds_id): loc
            for loc in Location.objects.filter(
                hsds_id__in=[uuid.UUID(loc["id"]) for _org, loc in pairs]
            )
        }
        new: list[Location] = []
        changed: set[int] = set()
        objects: dict[str, Location] = {}
        for organization, data in pairs:
            address = (data.get("addresses") or [{}])[0]
            municipalities = _resolved(data, self.lookup.municipalities)
            if len(municipalities) > 1:
                self.surplus[("locaties", "gemeente")] += 1
            values = {
                "organization": organization,
                "name": (data.get("name") or "")[:300],
                "address": (address.get("address_1") or "")[:300],
                "postcode": (address.get("postal_code") or "")[:10],
                "city": (address.get("city") or "")[:120],
                "municipality": municipalities[0] if municipalities else None,
                "latitude": _decimal(data.get("latitude")),
                "longitude": _decimal(data.get("longitude")),
                "attribute_values": _attribute_values(data, self.lookup),
            }
            location = existing.get(data["id"])
            if location is None:
                location = Location(hsds_id=uuid.UUID(data["id"]), **values)
                new.append(location)
            elif _update(location, values):
                changed.add(location.pk)
            objects[data["id"]] = location
        Location.objects.bulk_create(new, batch_size=2000)
        _audit_bulk(new, source_label=self.source_label)
        created = {loc.pk for loc in new}
        changed |= _replace_links(
            Location.kept_terms.through,
            "location_id",
            "keptterm_id",
            {objects[d["id"]].pk: self._kept_ids(d) for _o, d in pairs},
        )
        self._count("location", created, changed, (loc.pk for loc in objects.values()))
        return objects

    def services(
        self, org_objects: dict[str, Organization], location_objects: dict[str, Location]
    ) -> dict[str, Service]:
        lookup = self.lookup
        pairs = [
            (org_objects[o["id"]], s)
            for o in self.plan.organizations
            for s in o.get("services") or []
        ]
        existing = {
            str(s.hsds_id): s
            for s in Service.objects.filter(hsds_id__in=[uuid.UUID(s["id"]) for _o, s in pairs])
        }
        new: list[Service] = []
        changed: set[int] = set()
        objects: dict[str, Service] = {}
        for organization, data in pairs:
            last_modified = parse_datetime(data.get("last_modified") or "")
            if last_modified is not None and last_modified.tzinfo is None:
                last_modified = last_modified.replace(tzinfo=datetime.UTC)
            values: dict[str, Any] = {
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
                "attribute_values": _attribute_values(data, self.lookup),
                **_verification(data),
            }
            service = existing.get(data["id"])
            if service is None:
                service = Service(hsds_id=uuid.UUID(data["id"]), **values)
                if last_modified is not None:
                    service.updated_at = last_modified
                new.append(service)
            else:
                # The export writes whole seconds: the same second is the same moment.
                if (
                    last_modified is not None
                    and service.updated_at.replace(microsecond=0) != last_modified
                ):
                    values["updated_at"] = last_modified
                # The model keeps an updated_at set here rather than "now" (see its save).
                service.keep_updated_at = last_modified is not None  # type: ignore[attr-defined]
                if _update(service, values):
                    changed.add(service.pk)
            objects[data["id"]] = service
            self.levels_received += sum(
                1 for v in values["attribute_values"] if v["taxonomy_term_id"] in lookup.levels
            )
        Service.objects.bulk_create(new, batch_size=2000)
        _audit_bulk(new, source_label=self.source_label)
        created = {s.pk for s in new}
        by_pk = {objects[d["id"]].pk: d for _o, d in pairs}
        for name, column, table_name in SERVICE_LINKS.values():
            table = getattr(lookup, table_name)
            changed |= _replace_links(
                getattr(Service, name).through,
                "service_id",
                column,
                {pk: {t.pk for t in _resolved(d, table)} for pk, d in by_pk.items()},
            )
        changed |= _replace_links(
            Service.kept_terms.through,
            "service_id",
            "keptterm_id",
            {pk: self._kept_ids(d) for pk, d in by_pk.items()},
        )
        changed |= _replace_links(
            Location.services.through,
            "service_id",
            "location_id",
            {
                pk: {
                    location_objects[at["location_id"]].pk
                    for at in d.get("service_at_locations") or []
                }
                for pk, d in by_pk.items()
            },
        )
        self._count("service", created, changed, by_pk)
        return objects

    def contacts(
        self, org_objects: dict[str, Organization], service_objects: dict[str, Service]
    ) -> None:
        pairs = [
            (org_objects[o["id"]], c)
            for o in self.plan.organizations
            for c in o.get("contacts") or []
        ]
        existing = {
            str(c.hsds_id): c
            for c in ContactPerson.objects.filter(
                hsds_id__in=[uuid.UUID(c["id"]) for _o, c in pairs]
            )
        }
        new = []
        for organization, data in pairs:
            phones = data.get("phones") or []
            values = {
                "organization": organization,
                "service": service_objects.get(data.get("service_id") or ""),
                "name": (data.get("name") or "")[:200],
                "role": (data.get("title") or "")[:200],
                "email": data.get("email") or "",
                "phone": (phones[0]["number"] if phones else "")[:40],
            }
            contact = existing.get(data["id"])
            if contact is None:
                new.append(ContactPerson(hsds_id=uuid.UUID(data["id"]), **values))
                self.report.add("contact", "created")
            elif _update(contact, values):
                self.report.add("contact", "updated")
            else:
                self.report.add("contact", "unchanged")
        ContactPerson.objects.bulk_create(new, batch_size=2000)
        _audit_bulk(new, source_label=self.source_label)


def write(
    plan: Plan,
    *,
    lookup: TermLookup,
    default_region: Region | None,
    source_label: str,
    report: ImportReport,
) -> None:
    """Write the plan (call inside a transaction)."""
    writer = Writer(
        plan,
        lookup=lookup,
        default_region=default_region,
        source_label=source_label,
        report=report,
    )
    writer.ensure_regions()
    writer.ensure_municipalities()
    writer.ensure_target_groups()
    writer.ensure_kept_terms()
    organizations = writer.organizations()
    locations = writer.locations(organizations)
    services = writer.services(organizations, locations)
    writer.contacts(organizations, services)
    if writer.levels_received:
        report.warnings.append(
            _(
                "%(n)s erkenningsniveaus van interventies zijn bewaard zoals ontvangen, met "
                "de site die ze vaststelde; ze gaan zo mee in elke export. Hier stelt een "
                "beheerder het niveau zelf vast: een import verandert geen bewijsprofiel."
            )
            % {"n": writer.levels_received}
        )
    for (objects, what), count in sorted(writer.surplus.items()):
        report.warnings.append(
            _("%(n)s %(objects)s hebben meer dan één %(what)s; alleen de eerste is overgenomen.")
            % {"n": count, "objects": objects, "what": what}
        )
