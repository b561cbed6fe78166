"""The kansenwerk taxonomies that carry what HSDS lacks (see HSDS.md).

Every term has a `code` that names the object in any kansenwerk database
(`thema:<slug>`, `interventie:<slug>` …) and an id derived from that code
(uuid5), so exports from two databases agree on ids and an import can resolve
terms without a lookup table.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.text import slugify

NAMESPACE = uuid.UUID("6f1d5a52-4c8e-4b7e-9a43-7f0b3c2b8d10")


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    link_entity: str  # which HSDS object carries terms of this taxonomy

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"taxonomy:{self.key}"))


# Names and descriptions are data for other systems, so they stay fixed (not translated).
THEME = Taxonomy("thema", "kansenwerk thema", "Thema uit de kennisbank van kansenwerk", "service")
DIRECTION = Taxonomy(
    "oplossingsrichting",
    "kansenwerk oplossingsrichting",
    "Oplossingsrichting uit de kennisbank van kansenwerk",
    "service",
)
INTERVENTION = Taxonomy(
    "interventie", "kansenwerk interventie", "Interventie uit de kennisbank", "service"
)
INITIATIVE = Taxonomy(
    "initiatief", "kansenwerk initiatief", "Initiatief uit de kennisbank", "service"
)
TARGET_GROUP = Taxonomy("doelgroep", "kansenwerk doelgroep", "Doelgroep van het aanbod", "service")
KIND = Taxonomy("soort", "kansenwerk soort organisatie", "Soort organisatie", "organization")
REGION = Taxonomy(
    "regio", "kansenwerk regio", "De regio die de organisatie bijhoudt", "organization"
)
MUNICIPALITY = Taxonomy(
    "gemeente",
    "kansenwerk gemeente",
    "Gemeente waar de organisatie werkt of de locatie ligt",
    "organization",
)
# The recognition level of an intervention a service is linked to; the attribute's value
# says which intervention and who decided (HSDS.md, "Evidence levels").
EVIDENCE_LEVEL = Taxonomy(
    "erkenningsniveau",
    "kansenwerk erkenningsniveau",
    "Erkenningsniveau van een interventie op de Nederlandse erkenningsladder",
    "service",
)

TAXONOMIES = (
    THEME,
    DIRECTION,
    INTERVENTION,
    INITIATIVE,
    TARGET_GROUP,
    KIND,
    REGION,
    MUNICIPALITY,
    EVIDENCE_LEVEL,
)
BY_KEY = {t.key: t for t in TAXONOMIES}


def term_id(code: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"term:{code}"))


def theme_code(theme) -> str:
    return f"thema:{theme.slug}"


def direction_code(direction, theme_slug: str) -> str:
    suffix = slugify(direction.number.replace(".", "-")) or slugify(direction.title)[:80]
    return f"oplossingsrichting:{theme_slug}/{suffix}"


def intervention_code(intervention) -> str:
    return f"interventie:{intervention.slug}"


def initiative_code(initiative) -> str:
    return f"initiatief:{initiative.import_key or initiative.pk}"


def target_group_code(group) -> str:
    return f"doelgroep:{group.slug}"


def kind_code(kind: str) -> str:
    return f"soort:{kind}"


def region_code(region) -> str:
    return f"regio:{region.slug}"


def municipality_code(municipality) -> str:
    return f"gemeente:{municipality.slug}"


def evidence_level_code(level: str) -> str:
    return f"erkenningsniveau:{level}"


def term(code: str, name: str, description: str = "", *, parent_code: str = "") -> dict:
    """One HSDS taxonomy_term of a kansenwerk taxonomy. A municipality's term has its
    region's term as parent, so an import knows where to put a municipality it lacks."""
    taxonomy = BY_KEY[code.split(":", 1)[0]]
    data = {
        "id": term_id(code),
        "code": code,
        "name": name,
        "description": description or name,
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "language": "nl",
    }
    if parent_code:
        data["parent_id"] = term_id(parent_code)
    return data


def taxonomy_objects() -> list[dict]:
    return [
        {"id": t.id, "name": t.name, "description": t.description, "version": "1"}
        for t in TAXONOMIES
    ]
