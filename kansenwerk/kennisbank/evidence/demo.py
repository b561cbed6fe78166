"""Demo evidence for the three invented demo interventions (texts written for kansenwerk).

Levels here are examples of how the page looks, not real judgements; the scheme says so.
Idempotent: run again, nothing changes. Written directly (not through the service) since
the demo loader has no beheerder; the audit log records it with the 'demo' source.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from .models import EvidenceProfile, EvidenceStatement, Level

if TYPE_CHECKING:
    from kansenwerk.kennisbank import models as m
else:
    from .kb import m

SCHEME = "Voorbeeld (demo-inhoud, geen echt oordeel)"
DEMO_DOCUMENT = "Demo: notities over effect"

PROFILES = {
    "Zomerschool in de bibliotheek": {
        "level": Level.EFFECTIVE_FIRST,
        "scheme": SCHEME,
        "assessed_on": datetime.date(2024, 9, 1),
        "intl_source": "EEF Teaching and Learning Toolkit",
        "intl_strand": "Summer schools",
        "intl_impact_months": 3,
        "intl_cost_rating": 3,
        "intl_evidence_strength": 3,
        "effective_elements": ["Kleine groepen", "Gekwalificeerde begeleiding", "Lezen elke dag"],
        "age_min": 8,
        "age_max": 12,
        "school_types": ["po"],
        "cost_band": "midden",
    },
    "Buurtmoeders in de klas": {
        "level": Level.WELL_FOUNDED,
        "scheme": SCHEME,
        "assessed_on": datetime.date(2023, 5, 15),
        "effective_elements": ["Vertrouwd gezicht uit de wijk", "Vaste inloopmomenten"],
        "age_min": 2,
        "age_max": 12,
        "school_types": ["vve", "po"],
        "cost_band": "laag",
    },
}
STATEMENTS = [
    (
        "Zomerschool in de bibliotheek",
        "Kinderen die meededen lazen na de zomer even goed als ervoor; zonder zomerschool "
        "zakte hun leesniveau meestal terug.",
        EvidenceStatement.Kind.CLAIM,
    ),
    (
        "Zomerschool in de bibliotheek",
        "Er was geen vergelijkingsgroep, dus het effect is nog niet zeker aan de zomerschool "
        "toe te schrijven.",
        EvidenceStatement.Kind.CAVEAT,
    ),
]


def load_evidence_demo() -> None:
    document, _ = m.SourceDocument.objects.get_or_create(
        title=DEMO_DOCUMENT, defaults={"kind": m.SourceDocument.Kind.BRIEFING}
    )
    for title, values in PROFILES.items():
        intervention = m.Intervention.objects.filter(title=title).first()
        if intervention is None:
            continue
        EvidenceProfile.objects.update_or_create(intervention=intervention, defaults=values)
    for page, (title, text, kind) in enumerate(STATEMENTS, start=1):
        intervention = m.Intervention.objects.filter(title=title).first()
        if intervention is None:
            continue
        EvidenceStatement.objects.update_or_create(
            source_document=document,
            import_key=f"demo-{page}",
            defaults={
                "text": text,
                "kind": kind,
                "intervention": intervention,
                "source_page": page,
                "status": EvidenceStatement.Status.CONFIRMED,
            },
        )
