"""Demo national themes, written for kansenwerk (not taken from any document).

Idempotent: a national theme is created once by title and never overwritten, so a
beheerder's edits survive `loaddemo`. The demo's own regional themes are linked and
confirmed; imported themes get suggestions from the importer as usual.
"""

from __future__ import annotations

from kansenwerk.kennisbank import models as m

NATIONAL_THEMES = [
    (
        "Taal en lezen",
        "Kinderen die de Nederlandse taal goed leren spreken, lezen en schrijven: woordenschat "
        "en taalontwikkeling vanaf de peuterleeftijd, voorlezen thuis en in de klas, "
        "leesplezier, de bibliotheek, en taalachterstand vroeg zien en samen aanpakken.",
    ),
    (
        "Meertaligheid",
        "De thuistaal als kracht: kinderen die meer dan één taal spreken, anderstalige ouders, "
        "nieuwkomers en Nederlands als tweede taal.",
    ),
    (
        "Overgangen in de schoolloopbaan",
        "Een doorgaande leerlijn zonder breuken: de overgang van voorschool naar basisschool en "
        "de overstap van het primair naar het voortgezet onderwijs, het schooladvies, de "
        "warme overdracht tussen scholen en de eerste tijd in de brugklas.",
    ),
    (
        "Ouders betrekken",
        "Ouderbetrokkenheid bij het leren van hun kind: contact tussen ouders en school of "
        "opvang, ouders die moeilijk te bereiken zijn, ouders die elkaar helpen, en wat ouders "
        "zelf aan de school kunnen bijdragen.",
    ),
    (
        "School, thuis en wijk verbonden",
        "De school als deel van de buurt: samenwerking tussen school, gezin, gemeente, "
        "welzijn, sport en cultuur in de omgeving van het kind, zodat leren niet ophoudt bij "
        "de schooldeur.",
    ),
    (
        "Onderwijs en zorg",
        "Wanneer een kind zorgen heeft buiten de les (armoede, een onveilige thuissituatie, "
        "problemen in het gezin): jeugdhulp, maatschappelijk werk en school die samen "
        "verantwoordelijkheid dragen, zodat docenten kunnen lesgeven en geen hulpverlener "
        "hoeven te worden.",
    ),
    (
        "Talentontwikkeling",
        "Kinderen laten ontdekken waar ze goed in zijn: brede vorming, sport, kunst, "
        "weekendscholen, verlengde leertijd en activiteiten na schooltijd die de wereld van "
        "een kind groter maken.",
    ),
    (
        "Sterke schoolteams",
        "Professionalisering van leraren en schoolleiders: van elkaar leren, een open cultuur "
        "waarin collega's elkaars lessen bezoeken, goed leiderschap, en kennis over "
        "kansengelijkheid in het hele team.",
    ),
    (
        "Inclusief onderwijs",
        "Passend en inclusief onderwijs: alle kinderen, ook met een beperking of extra "
        "ondersteuningsbehoefte, samen in de klas; gelijke behandeling en het voorkomen van "
        "uitsluiting.",
    ),
]
# The demo's own themes and the national theme they frame.
DEMO_LINKS = {
    "Taal als basis": "Taal en lezen",
    "Ouders als partner": "Ouders betrekken",
    "Soepele overstap naar het voortgezet onderwijs": "Overgangen in de schoolloopbaan",
}


def load_national_demo() -> None:
    by_title = {}
    for title, description in NATIONAL_THEMES:
        national, _created = m.NationalTheme.objects.get_or_create(
            title=title, defaults={"description": description}
        )
        by_title[title] = national
    for theme_title, national_title in DEMO_LINKS.items():
        theme = m.Theme.objects.filter(
            title=theme_title, source_document=None, national_theme_status=""
        ).first()
        if theme is None:  # absent, or a beheerder already decided: leave it
            continue
        theme.national_theme = by_title[national_title]
        theme.national_theme_status = m.NationalThemeStatus.CONFIRMED
        theme.save(update_fields=["national_theme", "national_theme_status", "updated_at"])
