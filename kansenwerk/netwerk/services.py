"""Writes to the netwerk: one function per action, rights checked here.

Plain saves and deletes land in the audit log through `core.audit`; the merge,
which moves rows with queryset updates, records its own entry.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from kansenwerk.core.audit import record_change
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.services import apply_fields
from kansenwerk.core.types import AnyUser

from .models import ContactPerson, Location, Organization, Service
from .selectors import similar_organizations


def _save(instance: models.Model, m2m: dict[str, Any]) -> None:
    instance.full_clean(exclude=["hsds_id"])
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)


# Organisations -----------------------------------------------------------------------


@transaction.atomic
def organization_create(*, user: AnyUser | None, data: dict[str, Any]) -> Organization:
    organization = Organization()
    m2m = apply_fields(organization, data)
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.CREATE,
    )
    _save(organization, m2m)
    return organization


@transaction.atomic
def organization_update(
    *, user: AnyUser | None, organization: Organization, data: dict[str, Any]
) -> Organization:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.UPDATE,
    )
    m2m = apply_fields(organization, data)
    # Moving an organisation to another region needs rights there too.
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.UPDATE,
    )
    _save(organization, m2m)
    return organization


@transaction.atomic
def organization_delete(*, user: AnyUser | None, organization: Organization) -> None:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.DELETE,
    )
    organization.delete()


# Services ----------------------------------------------------------------------------


@transaction.atomic
def service_create(
    *, user: AnyUser | None, organization: Organization, data: dict[str, Any]
) -> Service:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.CREATE,
    )
    service = Service(organization=organization)
    m2m = apply_fields(service, data)
    _save(service, m2m)
    return service


@transaction.atomic
def service_update(*, user: AnyUser | None, service: Service, data: dict[str, Any]) -> Service:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=service.organization.region_id,
        action=Action.UPDATE,
    )
    data = {k: v for k, v in data.items() if k != "organization"}
    m2m = apply_fields(service, data)
    _save(service, m2m)
    return service


@transaction.atomic
def service_delete(*, user: AnyUser | None, service: Service) -> None:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=service.organization.region_id,
        action=Action.DELETE,
    )
    service.delete()


# Locations and contact persons ---------------------------------------------------------


@transaction.atomic
def location_create(
    *, user: AnyUser | None, organization: Organization, data: dict[str, Any]
) -> Location:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.CREATE,
    )
    location = Location(organization=organization)
    m2m = apply_fields(location, data)
    _save(location, m2m)
    return location


@transaction.atomic
def contact_person_create(
    *, user: AnyUser | None, organization: Organization, data: dict[str, Any]
) -> ContactPerson:
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=organization.region_id,
        action=Action.CREATE,
    )
    contact = ContactPerson(organization=organization)
    apply_fields(contact, data)
    if contact.service is not None and contact.service.organization_id != organization.pk:
        raise ValidationError(
            _("Kies aanbod van deze organisatie, of laat het veld 'aanbod' leeg.")
        )
    _save(contact, {})
    return contact


@transaction.atomic
def contact_person_remove(*, user: AnyUser | None, contact: ContactPerson) -> None:
    """Remove a contact person on request (AVG). The audit entry names only the record
    number and organisation: `ContactPerson.audit_exclude` keeps the personal values out."""
    ensure_can_write(
        user,
        capability=Capability.NETWERK,
        region_id=contact.organization.region_id,
        action=Action.DELETE,
    )
    contact.delete()


# Merging duplicates --------------------------------------------------------------------


@transaction.atomic
def organization_merge(
    *, user: AnyUser | None, surviving: Organization, duplicate: Organization
) -> Organization:
    """Fold `duplicate` into `surviving`: services, locations, contacts and served
    municipalities move over, empty fields are filled, then the duplicate is deleted.

    Rows move with queryset updates (so their ids and links stay), which bypass the
    audit signals: one audit entry on the survivor records what moved.
    """
    if surviving.pk == duplicate.pk:
        raise ValidationError(_("Kies twee verschillende organisaties om samen te voegen."))
    for organization in (surviving, duplicate):
        ensure_can_write(
            user,
            capability=Capability.NETWERK,
            region_id=organization.region_id,
            action=Action.UPDATE,
        )
    moved = {
        "services": sorted(duplicate.services.values_list("pk", flat=True)),
        "locations": sorted(duplicate.locations.values_list("pk", flat=True)),
        "contacts": sorted(duplicate.contacts.values_list("pk", flat=True)),
    }
    Service.objects.filter(organization=duplicate).update(organization=surviving)
    Location.objects.filter(organization=duplicate).update(organization=surviving)
    ContactPerson.objects.filter(organization=duplicate).update(organization=surviving)
    surviving.municipalities.add(*duplicate.municipalities.all())
    _move_foreign_links(surviving=surviving, duplicate=duplicate)
    for field in ("description", "website", "email", "phone"):
        if not getattr(surviving, field) and getattr(duplicate, field):
            setattr(surviving, field, getattr(duplicate, field))
    surviving.save()
    record_change(
        instance=surviving,
        action="update",
        changes={
            "merged_from": [None, {"id": duplicate.pk, "name": duplicate.name}],
            "moved": [None, moved],
        },
    )
    # Reload so the delete does not cascade to the rows that just moved.
    Organization.objects.get(pk=duplicate.pk).delete()
    # Queryset updates skip the search signals; the moved services name their organisation.
    from .search_types import index_objects

    index_objects(Service.objects.filter(pk__in=moved["services"]))
    return surviving


def _move_foreign_links(*, surviving: Organization, duplicate: Organization) -> None:
    """Point other apps' foreign keys (koppelen programmes, meetup registrations …)
    at the survivor, so a merge keeps every link without knowing those apps."""
    for relation in Organization._meta.related_objects:
        model = relation.related_model
        if model in (Service, Location, ContactPerson):
            continue
        if relation.many_to_many:
            # e.g. afspraken.Agreement.organizations: re-point the through rows, dropping
            # those that would link the same record to the survivor twice.
            m2m: Any = relation
            through = m2m.through
            target = m2m.field.m2m_reverse_field_name()
            source = m2m.field.m2m_field_name()
            linked = through._default_manager.filter(**{target: surviving}).values(source)
            rows = through._default_manager.filter(**{target: duplicate})
            rows.filter(**{f"{source}__in": linked}).delete()
            rows.update(**{target: surviving})
            continue
        if relation.one_to_many and relation.field.model is model:
            model._default_manager.filter(**{relation.field.name: duplicate}).update(
                **{relation.field.name: surviving}
            )


# Kept taxonomy terms -------------------------------------------------------------------

# Kept-term taxonomy -> (Service many-to-many, TermLookup table).
_RELINKABLE = {
    "thema": ("themes", "themes"),
    "oplossingsrichting": ("solution_directions", "directions"),
    "interventie": ("interventions", "interventions"),
    "initiatief": ("initiatives", "initiatives"),
    "doelgroep": ("target_groups", "target_groups"),
}


@transaction.atomic
def relink_kept_terms() -> int:
    """Link services to the kennisbank records that their kept terms name, now that those
    records exist (e.g. after a kennisbank import), and let the kept terms go.
    Returns the number of terms resolved."""
    from .hsds.importer import TermLookup
    from .models import KeptTerm

    kept_terms = [
        k
        for k in KeptTerm.objects.prefetch_related("services")
        if k.code.split(":")[0] in _RELINKABLE
    ]
    if not kept_terms:
        return 0
    lookup = TermLookup.load()
    resolved = 0
    for kept in kept_terms:
        relation, table_name = _RELINKABLE[kept.code.split(":")[0]]
        target = getattr(lookup, table_name).get(str(kept.hsds_id))
        if target is None:
            continue
        services = list(kept.services.all())
        for service in services:
            getattr(service, relation).add(target)
        kept.delete()  # the audit log keeps the term; the link now carries it
        resolved += 1
    return resolved


def kept_term_ids_for(instance: Any) -> str | None:
    """The term id a kennisbank record would have (see hsds/taxonomy.py), or None."""
    from kansenwerk.kennisbank.models import Initiative, Intervention, SolutionDirection, Theme

    from .hsds import taxonomy as tx

    if isinstance(instance, Theme):
        return tx.term_id(tx.theme_code(instance))
    if isinstance(instance, SolutionDirection):
        return tx.term_id(tx.direction_code(instance, instance.theme.slug))
    if isinstance(instance, Intervention):
        return tx.term_id(tx.intervention_code(instance))
    if isinstance(instance, Initiative):
        return tx.term_id(tx.initiative_code(instance))
    return None


def relink_on_kennisbank_save(sender: Any, instance: Any, raw: bool = False, **kwargs) -> None:
    """post_save of a kennisbank record: link the kept terms it names (cheap when none)."""
    from .models import KeptTerm

    if raw:
        return
    term_id = kept_term_ids_for(instance)
    if term_id and KeptTerm.objects.filter(hsds_id=term_id).exists():
        relink_kept_terms()


# Self-registration ---------------------------------------------------------------------


PROPOSAL_FIELDS = ("name", "kind", "description", "website", "email", "phone")


@transaction.atomic
def proposal_submit(*, region: Any, data: dict[str, Any]) -> Any:
    """A public proposal: stored with the likely duplicates, waiting for the coordinator."""
    from .models import OrganizationProposal

    proposal = OrganizationProposal(region=region, **data)
    proposal.duplicates = similar_organizations(
        region=region, name=proposal.name, website=proposal.website, email=proposal.email
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_review(*, user: AnyUser | None, proposal: Any, approve: bool) -> Organization | None:
    """Approve (the organisation is created, with the proposer as contact person) or reject."""
    from django.utils import timezone

    from .models import OrganizationProposal

    ensure_can_write(
        user, capability=Capability.NETWERK, region_id=proposal.region_id, action=Action.CREATE
    )
    if proposal.status != OrganizationProposal.Status.PENDING:
        raise ValidationError(_("Deze aanmelding is al beoordeeld."))
    organization = None
    if approve:
        organization = organization_create(
            user=user,
            data={
                **{field: getattr(proposal, field) for field in PROPOSAL_FIELDS},
                "region": proposal.region,
            },
        )
        ContactPerson.objects.create(
            organization=organization, name=proposal.contact_name, email=proposal.contact_email
        )
        proposal.organization = organization
    proposal.status = (
        OrganizationProposal.Status.APPROVED if approve else OrganizationProposal.Status.REJECTED
    )
    proposal.reviewed_at = timezone.now()
    proposal.reviewed_by = user
    proposal.save()
    return organization
