"""Demo meetup: one published evening in Gooi en Vechtstreek with three themes and
about thirty invented registrations. Idempotent: a second run changes nothing.

Expects the core demo (regions, kennisbank themes) to be loaded first.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kansenwerk.core.actor import audit_context
from kansenwerk.core.models import Region
from kansenwerk.kennisbank.models import Theme
from kansenwerk.meetups.models import Meetup, Profession, Registration
from kansenwerk.meetups.services.meetup import meetup_create, meetup_publish
from kansenwerk.meetups.services.registration import registration_create

DEMO_TITLE = "Kansenavond Gooi en Vechtstreek"

# Invented people: first names, surnames and organisations are made up for the demo.
_FIRST = [
    "Anouk",
    "Bram",
    "Chaima",
    "Daan",
    "Esra",
    "Floor",
    "Gijs",
    "Hanna",
    "Ilias",
    "Jet",
    "Kees",
    "Lotte",
    "Mo",
    "Noor",
    "Okke",
    "Priya",
    "Quinten",
    "Roos",
    "Sem",
    "Tess",
    "Umut",
    "Vera",
    "Wout",
    "Xenia",
    "Yara",
    "Zeynep",
    "Ruben",
    "Mila",
    "Thijs",
    "Sara",
]
_LAST = [
    "de Wit",
    "Bakker",
    "El Amrani",
    "Visser",
    "Yilmaz",
    "Jansen",
    "Mulder",
    "Smit",
    "Bouzid",
    "de Graaf",
    "Hoekstra",
    "Kok",
    "Peters",
    "Dekker",
    "van Dijk",
]
_ORGS = [
    ("Basisschool De Vlinderhof", Profession.LEERKRACHT_PO),
    ("Basisschool Het Kompas", Profession.INTERN_BEGELEIDER),
    ("Lyceum aan de Vecht", Profession.DOCENT_VO),
    ("Kinderopvang Zonnestraal", Profession.PEDAGOGISCH_MEDEWERKER),
    ("Jongerenwerk Gooi", Profession.JEUGDWERKER),
    ("Jeugdteam Hilversum", Profession.JEUGDHULP),
    ("Bibliotheek Gooi en meer", Profession.BIBLIOTHEEK),
    ("Gemeente Hilversum", Profession.BELEIDSMEDEWERKER_GEMEENTE),
    ("", Profession.OUDER),
    ("Basisschool De Vlinderhof", Profession.SCHOOLLEIDER),
    ("Schoolmaatschappelijk werk Gooi", Profession.SCHOOLMAATSCHAPPELIJK_WERK),
]


@transaction.atomic
def load_meetups_demo(*, registrations: int = 30) -> Meetup | None:
    region = Region.objects.filter(name="Gooi en Vechtstreek").first()
    themes = list(Theme.objects.filter(region__isnull=True).order_by("number", "title")[:3])
    if region is None or len(themes) < 2:
        return None
    existing = Meetup.objects.filter(region=region, title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=30)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    with audit_context(user=None, source="command"):
        meetup = meetup_create(
            user=None,
            region=region,
            title=DEMO_TITLE,
            starts_at=starts,
            capacity=24,
            themes=themes,
            ends_at=starts + datetime.timedelta(hours=2, minutes=30),
            venue_name="Wijkcentrum De Schakel",
            venue_address="Voorbeeldstraat 12, Hilversum",
            venue_accessibility=(
                "Rolstoeltoegankelijk, met invalidetoilet. Ringleiding in de grote zaal. "
                "Bushalte op vijf minuten lopen; gratis parkeren achter het gebouw."
            ),
            description=(
                "Een avond voor iedereen die in de regio met kinderen en jongeren werkt. "
                "Aan gemengde tafels bespreken we per thema wat er al goed gaat, wat er "
                "beter kan en wie daarin de eerste stap zet. We sluiten af met afspraken "
                "die we over drie maanden samen nalopen."
            ),
            organising_partners="Gemeente Hilversum, Bibliotheek Gooi en meer, Jongerenwerk Gooi",
        )
        meetup_publish(user=None, meetup=meetup)
        meetup_themes = list(meetup.themes.order_by("position"))
        for i in range(registrations):
            organisation, profession = _ORGS[i % len(_ORGS)]
            first = _FIRST[i % len(_FIRST)]
            last = _LAST[(i * 7) % len(_LAST)]
            choice_1 = meetup_themes[i % len(meetup_themes)]
            choice_2 = meetup_themes[(i + 1) % len(meetup_themes)]
            registration_create(
                meetup=meetup,
                name=f"{first} {last}",
                email=f"{first.lower()}.{i}@voorbeeld.invalid",
                organisation=organisation,
                profession=profession,
                theme_choices=[choice_1, choice_2],
                needs="vegetarisch" if i % 6 == 0 else "",
                consent=True,
                channel=Registration.Channel.ORGANISER,
                notify=False,
            )
    return meetup
