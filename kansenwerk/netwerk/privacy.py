"""Netwerk's entry in the privacy register: contact persons of organisations, the address a
verification request went to, and who proposed an organisation through the public form.

An organisation's own general e-mail address and phone number are not personal data and
are not declared (see the allow-list in core/tests/test_privacy_register.py).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kansenwerk.core import privacy
from kansenwerk.core.privacy import Basis, Item, PersonalData, Role, Subject

privacy.declare(
    "netwerk.ContactPerson",
    title=_("Contactpersonen van organisaties in het netwerk"),
    purpose=_("Professionals in de regio laten weten wie ze kunnen bellen of mailen."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_(
        "Zolang de persoon contactpersoon is; de organisatie of de persoon zelf laat de "
        "gegevens verwijderen."
    ),
    access=_("ingelogde gebruikers van de regio van de organisatie, beheerders"),
    fields={
        "name": PersonalData(_("naam"), role=Role.NAME),
        "role": PersonalData(_("functie of rol")),
        "email": PersonalData(_("e-mailadres"), role=Role.EMAIL),
        "phone": PersonalData(_("telefoonnummer")),
    },
)

privacy.declare(
    "netwerk.VerificationRequest",
    title=_("Controleverzoeken voor de sociale kaart"),
    purpose=_("Organisaties vragen of hun vermelding nog klopt (persoonlijke link)."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_("Zolang de organisatie in het netwerk staat."),
    access=_("regiocoördinatoren van de regio, beheerders"),
    fields={
        "email": PersonalData(
            _("e-mailadres waarheen het verzoek ging"), role=Role.EMAIL, erase=""
        ),
    },
)

privacy.declare(
    "netwerk.OrganizationProposal",
    title=_("Wie een organisatie aanmeldde voor de sociale kaart"),
    purpose=_("Contact opnemen over een aangemelde organisatie voordat die wordt opgenomen."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_("Tot de aanmelding is beoordeeld, daarna zolang de organisatie vermeld is."),
    access=_("regiocoördinatoren van de regio, beheerders"),
    fields={
        "contact_name": PersonalData(_("naam van wie aanmeldde"), role=Role.NAME),
        "contact_email": PersonalData(_("e-mailadres van wie aanmeldde"), role=Role.EMAIL),
    },
)


def _delete(item: Item, subject: Subject) -> None:
    # A contact person without a name or address is of no use to anyone: the row goes.
    item.instance.delete()


def _collect(subject: Subject) -> list[Item]:
    from .models import ContactPerson, OrganizationProposal, VerificationRequest

    items = []
    for contact in ContactPerson.objects.filter(email__iexact=subject.email).select_related(
        "organization"
    ):
        subject.add_name(contact.name)
        items.append(
            Item(
                app="netwerk",
                kind="contact_person",
                instance=contact,
                fields={
                    "organization": contact.organization.name,
                    "name": contact.name,
                    "role": contact.role,
                    "email": contact.email,
                    "phone": contact.phone,
                },
                erase=_delete,
            )
        )
    for request in VerificationRequest.objects.filter(email__iexact=subject.email):
        items.append(Item(app="netwerk", kind="verification_request", instance=request))
    for proposal in OrganizationProposal.objects.filter(contact_email__iexact=subject.email):
        subject.add_name(proposal.contact_name)
        items.append(Item(app="netwerk", kind="organization_proposal", instance=proposal))
    return items


privacy.provider("netwerk", collect=_collect, order=50)
