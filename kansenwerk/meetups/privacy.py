"""Meetups' entries in the privacy register: registrations, and their erasure.

One erasure for a registration, used by `privacy-erase`, the self-service "Mijn gegevens
verwijderen" and the retention job `meetups-pseudonymise`: name, address, organisation
and needs are emptied, the personal link stops working, and what the registration left
elsewhere (table plans, the audit log, queued e-mail) is cleaned by the same code.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansenwerk.core import privacy
from kansenwerk.core.privacy import Basis, Item, PersonalData, Role, Subject

privacy.declare(
    "meetups.Registration",
    title=_("Aanmelders voor meetups"),
    purpose=_(
        "Aanmelden voor een meetup, de plaats en wachtlijst bijhouden, bevestigingen en "
        "herinneringen sturen, tafels indelen en rekening houden met wensen."
    ),
    basis=Basis.CONSENT,
    retention=_(
        "Tot de bewaartermijn van de meetup voorbij is (standaard 12 maanden na de datum); "
        "daarna blijven alleen beroep, soort organisatie, thema en status over."
    ),
    access=_(
        "de aanmelder zelf (persoonlijke link), organisatoren en regiocoördinatoren van de "
        "regio, beheerders"
    ),
    fields={
        "name": PersonalData(_("naam"), role=Role.NAME),
        "email": PersonalData(_("e-mailadres"), role=Role.EMAIL),
        "organisation": PersonalData(_("naam van de organisatie waar iemand werkt")),
        "needs": PersonalData(
            _("toegankelijkheids- of dieetwensen (kan gezondheid betreffen)"),
            access=_("organisatoren van de meetup en beheerders"),
        ),
    },
)


def _pseudonymise(item: Item, subject: Subject) -> None:
    from .models import new_token

    registration = item.instance
    registration.token = new_token()  # the old personal link stops working
    registration.pseudonymised_at = registration.pseudonymised_at or timezone.now()
    registration.save(update_fields=["token", "pseudonymised_at"])


def registration_item(registration) -> Item:
    return Item(
        app="meetups",
        kind="registration",
        instance=registration,
        fields={
            "meetup": registration.meetup.title,
            "meetup_date": registration.meetup.starts_at.isoformat(),
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "organisation_kind": registration.organisation_kind,
            "profession": registration.profession,
            "needs": registration.needs,
            "status": registration.status,
            "channel": registration.channel,
            "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
            "created_at": registration.created_at.isoformat(),
        },
        erase=_pseudonymise,
    )


def _collect(subject: Subject) -> list[Item]:
    from .models import Registration

    items = []
    registrations = Registration.objects.filter(email__iexact=subject.email).select_related(
        "meetup"
    )
    for registration in registrations:
        subject.add_name(registration.name)
        items.append(registration_item(registration))
    return items


privacy.provider("meetups", collect=_collect, order=10)


def registration_erase(*, registration, now: datetime.datetime | None = None) -> None:
    """Erase one registration's personal data and its traces (one transaction).

    The registration row stays, pseudonymised, so counts and table plans stay whole.
    """
    registrations_erase(registrations=[registration], now=now)


def registrations_erase(*, registrations, now: datetime.datetime | None = None) -> int:
    """Erase several registrations at once (the retention job): one read of the audit log,
    the index and the task queue for all of them. Returns the number erased."""
    registrations = list(registrations)
    if not registrations:
        return 0
    with transaction.atomic():
        subject = Subject(email="")
        for registration in registrations:
            subject.emails.add(registration.email)
            subject.add_name(registration.name)
            if now is not None:
                registration.pseudonymised_at = now
            subject.items.append(registration_item(registration))
        items = privacy.follow_related(subject=subject)
        privacy.erase_items(subject=subject, items=items)
    return len(registrations)
