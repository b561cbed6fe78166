"""Koppelen's entries in the privacy register: participants (often children), their intake,
their pairs' notes, and the one erasure used by `privacy-erase` and `koppelen-pseudonymise`.

What stays after erasure is what the overview and regio-inzicht count (side, status, dates,
end reasons, structured check-in answers).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansenwerk.core import privacy
from kansenwerk.core.privacy import Basis, Item, PersonalData, Role, Subject

ACCESS = _("coördinatoren van het programma en beheerders")
RETENTION = _(
    "Tot de bewaartermijn van het programma voorbij is (standaard 12 maanden na het einde "
    "van de laatste koppeling); daarna gepseudonimiseerd."
)
INTAKE_FIELDS = (
    "languages",
    "home_language",
    "availability",
    "postcode_area",
    "interests",
    "year_group",
    "age_band",
    "needs",
    "gender",
    "gender_preference",
)

privacy.declare(
    "koppelen.Participant",
    title=_("Deelnemers aan koppelprogramma's (mentoren, mentees, ouders, kinderen)"),
    purpose=_("Mentoren en mentees passend koppelen en de koppeling begeleiden."),
    basis=Basis.CONSENT,
    retention=RETENTION,
    access=ACCESS,
    minors=True,
    fields={
        "display_name": PersonalData(
            _("naam of schuilnaam"),
            role=Role.NAME,
            erase=lambda p: f"{p.get_side_display()} {p.pk}",
        ),
        "contact": PersonalData(_("contactgegevens (telefoon of e-mail)"), role=Role.EMAIL),
        "languages": PersonalData(_("talen")),
        "home_language": PersonalData(_("thuistaal")),
        "availability": PersonalData(_("beschikbaarheid")),
        "postcode_area": PersonalData(_("postcodegebied (4 cijfers)")),
        "interests": PersonalData(_("interesses")),
        "year_group": PersonalData(_("groep of leerjaar")),
        "age_band": PersonalData(_("leeftijdsgroep")),
        "needs": PersonalData(_("hulpvragen of aanbod")),
        "gender": PersonalData(_("geslacht")),
        "gender_preference": PersonalData(_("voorkeur voor het geslacht van de mentor")),
        "notes": PersonalData(_("notitie van de coördinator"), erase=""),
        "ranking": PersonalData(_("voorkeuren voor de ander (volgorde)")),
        "email": PersonalData(_("e-mailadres van de invuller"), role=Role.EMAIL, erase=""),
        "token_hash": PersonalData(_("persoonlijke link (alleen als hash)"), erase=""),
    },
)

privacy.declare(
    "koppelen.Match",
    title=_("Koppelingen"),
    purpose=_("Uitleggen waarom een koppeling is voorgesteld en hoe die afliep."),
    basis=Basis.CONSENT,
    retention=RETENTION,
    access=ACCESS,
    minors=True,
    fields={
        "reasons": PersonalData(_("toelichting bij de koppeling (uit de intake)")),
        "early_end_note": PersonalData(_("toelichting bij een vroegtijdig einde")),
    },
)

privacy.declare(
    "koppelen.Meeting",
    title=_("Ontmoetingen van koppels"),
    purpose=_("Bijhouden of een koppel elkaar ziet."),
    basis=Basis.CONSENT,
    retention=RETENTION,
    access=ACCESS,
    minors=True,
    fields={"note": PersonalData(_("korte notitie (vrije tekst, kan namen noemen)"))},
)

privacy.declare(
    "koppelen.CheckIn",
    title=_("Check-ins van koppels"),
    purpose=_("Na 4 en 12 weken nagaan hoe het gaat."),
    basis=Basis.CONSENT,
    retention=RETENTION,
    access=ACCESS,
    minors=True,
    fields={
        "answers": PersonalData(
            _("antwoorden; de vrije toelichting gaat weg bij verwijdering"),
            erase=lambda c: {k: v for k, v in (c.answers or {}).items() if k != "note"},
        )
    },
)


def _mark(item: Item, subject: Subject) -> None:
    participant = item.instance
    participant.pseudonymised_at = participant.pseudonymised_at or timezone.now()
    participant.save(update_fields=["pseudonymised_at"])


def participant_items(participant) -> list[Item]:
    """The participant, their intake, and what their pairs hold about them."""
    from .models import CheckIn, Match, Meeting

    programme = participant.programme
    items = [
        Item(
            app="koppelen",
            kind="participant",
            instance=participant,
            fields={
                "programme": programme.name,
                "side": participant.side,
                "display_name": participant.display_name,
                "contact": participant.contact,
                "filled_in_by": participant.filled_in_by,
                "is_minor": participant.is_minor,
                "notes": participant.notes,
                "created_at": participant.created_at.isoformat(),
            },
            erase=_mark,
        ),
        Item(
            app="koppelen",
            kind="intake",
            instance=participant,
            fields={name: getattr(participant, name) for name in INTAKE_FIELDS},
        ),
    ]
    matches = list(Match.objects.filter(Q(mentor=participant) | Q(mentee=participant)))
    for match in matches:
        items.append(
            Item(
                app="koppelen",
                kind="match",
                instance=match,
                fields={
                    "status": match.status,
                    "reasons": match.reasons,
                    "started_on": match.started_on.isoformat() if match.started_on else None,
                    "ended_on": match.ended_on.isoformat() if match.ended_on else None,
                    "early_end_note": match.early_end_note,
                },
            )
        )
    for meeting in Meeting.objects.filter(match__in=matches).exclude(note=""):
        items.append(Item(app="koppelen", kind="meeting", instance=meeting))
    for checkin in CheckIn.objects.filter(match__in=matches):
        if (checkin.answers or {}).get("note"):
            items.append(Item(app="koppelen", kind="checkin", instance=checkin))
    return items


def _collect(subject: Subject) -> list[Item]:
    from .models import Participant

    items: list[Item] = []
    participants = Participant.objects.filter(
        contact__icontains=subject.email, pseudonymised_at__isnull=True
    ).select_related("programme")
    for participant in participants:
        subject.add_name(participant.display_name)
        items.extend(participant_items(participant))
    return items


privacy.provider("koppelen", collect=_collect, order=40)


def participant_erase(*, participant, now: datetime.datetime | None = None) -> None:
    """Erase one participant's personal data and its traces, in one transaction."""
    with transaction.atomic():
        subject = Subject(email="")
        subject.add_name(participant.display_name)
        if now is not None:
            participant.pseudonymised_at = now
        subject.items.extend(participant_items(participant))
        items = privacy.follow_related(subject=subject)
        privacy.erase_items(subject=subject, items=items)
