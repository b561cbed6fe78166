"""Demo agreements, progress and signals (invented text). Idempotent.

For each demo region it uses a past meetup, or creates one ("Terugkomavond …") with
a few checked-in participants, so the report, regio-inzicht and the national view
have something to show. Expects the core demo (regions, kennisbank) to be loaded.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, AgreementStatus, Signal, SignalLevel
from kansenwerk.afspraken.services.agreements import agreement_create, agreement_progress_add
from kansenwerk.afspraken.services.signals import signal_create
from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Region
from kansenwerk.kennisbank.models import Theme
from kansenwerk.meetups.models import Meetup, OrganisationKind, Profession, Registration
from kansenwerk.meetups.services.meetup import meetup_create, meetup_publish

_NS = uuid.UUID("6c0e7c52-1f1e-4c55-9a57-2f0d3f1f9a10")

# (what, owner, days from the meetup to the deadline, status, progress text)
_AGREEMENTS = [
    (
        "Bibliotheek en basisschool zetten elke maand een voorleesochtend voor groep 1 en 2 "
        "op, met ouders erbij.",
        "Anouk de Wit",
        60,
        AgreementStatus.BEZIG,
        "De eerste twee ochtenden zijn geweest; er kwamen elf ouders.",
    ),
    (
        "Het jeugdteam schuift elk kwartaal aan bij het zorgoverleg van de school.",
        "Ilias Bouzid",
        45,
        AgreementStatus.GEREED,
        "Staat nu vast in de jaarplanning van beide scholen.",
    ),
    (
        "Kinderopvang en school maken samen één overdrachtsformulier voor peuters die naar "
        "groep 1 gaan.",
        "Roos Hoekstra",
        30,
        AgreementStatus.GEPLAND,
        "",
    ),
    (
        "Jongerenwerk en mentoren spreken een vaste middag af om zorgen over leerlingen "
        "samen te bespreken.",
        "Sem Peters",
        120,
        AgreementStatus.GEPLAND,
        "",
    ),
]

# Signals, per region: some say the same thing in other words (they should group).
_SIGNALS = [
    (
        "Er is structureel geld nodig voor schoolmaatschappelijk werk op elke basisschool.",
        SignalLevel.LANDELIJK,
    ),
    (
        "Basisscholen hebben vaste financiering voor schoolmaatschappelijk werkers nodig, "
        "geen projectgeld.",
        SignalLevel.LANDELIJK,
    ),
    (
        "De gemeente betaalt tolken voor oudergesprekken op school.",
        SignalLevel.GEMEENTE,
    ),
    (
        "Tolken voor gesprekken met ouders moeten beschikbaar en betaald zijn.",
        SignalLevel.GEMEENTE,
    ),
]


def _demo_meetup(region: Region, themes: list[Theme]) -> Meetup:
    title = f"Terugkomavond {region.name}"
    meetup = Meetup.objects.filter(region=region, title=title).first()
    if meetup is not None:
        return meetup
    starts = timezone.localtime(timezone.now() - datetime.timedelta(days=70)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    meetup = meetup_create(
        user=None,
        region=region,
        title=title,
        starts_at=starts,
        capacity=30,
        themes=themes,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_name="Buurthuis De Brug",
        description="Een avond om samen afspraken te maken over gelijke kansen in de regio.",
    )
    meetup_publish(user=None, meetup=meetup)
    people = [
        ("Anouk", Profession.LEERKRACHT_PO, OrganisationKind.SCHOOL_PO),
        ("Bram", Profession.INTERN_BEGELEIDER, OrganisationKind.SCHOOL_PO),
        ("Chaima", Profession.PEDAGOGISCH_MEDEWERKER, OrganisationKind.KINDEROPVANG),
        ("Daan", Profession.JEUGDWERKER, OrganisationKind.WELZIJN),
        ("Esra", Profession.BIBLIOTHEEK, OrganisationKind.BIBLIOTHEEK),
        ("Floor", Profession.BELEIDSMEDEWERKER_GEMEENTE, OrganisationKind.GEMEENTE),
        ("Gijs", Profession.OUDER, OrganisationKind.OVERIG),
        ("Hanna", Profession.LEERKRACHT_PO, OrganisationKind.SCHOOL_PO),
    ]
    for name, profession, kind in people:
        Registration.objects.create(
            meetup=meetup,
            name=f"{name} (voorbeeld)",
            profession=profession,
            organisation_kind=kind,
            status=Registration.Status.ATTENDED,
            channel=Registration.Channel.ORGANISER,
        )
    return meetup


@transaction.atomic
def load_afspraken_demo() -> dict[str, int]:
    themes = list(Theme.objects.filter(region__isnull=True).order_by("number", "title")[:2])
    regions = list(Region.objects.order_by("name")[:3])
    if not themes or not regions:
        return {"agreements": 0, "signals": 0}
    created = {"agreements": 0, "signals": 0}
    with audit_context(user=None, source="command"):
        for r_index, region in enumerate(regions):
            meetup = _demo_meetup(region, themes)
            meetup_themes = list(meetup.themes.prefetch_related("directions").order_by("position"))
            for a_index, (what, owner, days, status, progress) in enumerate(_AGREEMENTS):
                if (a_index + r_index) % 4 == 3 and r_index:
                    continue  # not every region makes every agreement
                theme = meetup_themes[a_index % len(meetup_themes)] if meetup_themes else None
                directions = list(theme.directions.all()) if theme else []
                direction = directions[a_index % len(directions)] if directions else None
                key = uuid.uuid5(_NS, f"agreement:{region.slug}:{a_index}")
                agreement, new = agreement_create(
                    user=None,
                    meetup=meetup,
                    what=what,
                    owner_name=owner,
                    owner_email=f"{owner.split()[0].lower()}@voorbeeld.invalid",
                    due_date=meetup.starts_at.date() + datetime.timedelta(days=days),
                    meetup_theme=theme,
                    meetup_direction=direction,
                    table_label=f"Tafel {a_index + 1}",
                    client_uuid=key,
                    notify_owner=False,  # invented owners: nobody to mail
                )
                if new:
                    created["agreements"] += 1
                    if status == AgreementStatus.GEREED:
                        agreement_progress_add(
                            agreement=agreement,
                            new_status=AgreementStatus.BEZIG,
                            by_owner=True,
                            date=timezone.localdate() - datetime.timedelta(days=20),
                        )
                    if status != AgreementStatus.GEPLAND:
                        agreement_progress_add(
                            agreement=agreement, new_status=status, text=progress, by_owner=True
                        )
            for s_index, (text, level) in enumerate(_SIGNALS):
                if (s_index + r_index) % 3 == 2:
                    continue
                theme = meetup_themes[s_index // 2 % len(meetup_themes)] if meetup_themes else None
                _, new = signal_create(
                    user=None,
                    meetup=meetup,
                    text=text,
                    level=level,
                    meetup_theme=theme,
                    table_label=f"Tafel {s_index + 1}",
                    client_uuid=uuid.uuid5(_NS, f"signal:{region.slug}:{s_index}"),
                )
                created["signals"] += int(new)
    created["total_agreements"] = Agreement.objects.count()
    created["total_signals"] = Signal.objects.count()
    return created
