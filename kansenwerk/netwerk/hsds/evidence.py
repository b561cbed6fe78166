"""The evidence level of a service's interventions in HSDS (HSDS.md, "Evidence levels").

A service linked to an intervention whose level a beheerder set here gets one attribute
per such intervention: its term is the level (`erkenningsniveau:<code>`, so HSDA's
`taxonomy_term_id` filter finds services by level) and its `value` is a small JSON object
saying which intervention, the scheme, committee, date, link, reason, international
evidence, and which kansenwerk site decided. An import keeps that value as it came (on
the service, `attribute_values`) and exports it again unchanged while this database has
no level of its own for that intervention; it never sets a level here: a beheerder does.
"""

from __future__ import annotations

import json
from typing import Any

from kansenwerk.core.http import site_url
from kansenwerk.kennisbank.evidence.models import EvidenceProfile, Level

from . import taxonomy as tx

VALUE_FORMAT = "kansenwerk-erkenning/1"


def _profile(intervention: Any) -> EvidenceProfile | None:
    try:
        return intervention.evidence_profile
    except EvidenceProfile.DoesNotExist:
        return None


def level_value(intervention: Any) -> tuple[str, str] | None:
    """(level code, attribute value) for an intervention with a level set here, else None."""
    profile = _profile(intervention)
    if profile is None or profile.level == Level.NOT_ASSESSED:
        return None
    data: dict[str, Any] = {
        "format": VALUE_FORMAT,
        "intervention": tx.intervention_code(intervention),
        "level": profile.level,
        "scheme": profile.scheme,
        "committee": profile.committee,
        "assessed_on": profile.assessed_on.isoformat() if profile.assessed_on else None,
        "url": profile.url,
        "reason": profile.reason,
        # Who decided: the kansenwerk site (never the beheerder's name: personal data).
        "decided_at": site_url(intervention.get_absolute_url()),
    }
    if profile.has_international:
        data["international"] = {
            "source": profile.intl_source,
            "strand": profile.intl_strand,
            "impact_months": profile.intl_impact_months,
            "cost_rating": profile.intl_cost_rating,
            "evidence_strength": profile.intl_evidence_strength,
            "url": profile.intl_url,
        }
    return profile.level, dumps(data)


def dumps(data: dict[str, Any]) -> str:
    """One canonical spelling, so the same profile always gives the same string."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def parse(value: str) -> dict[str, Any]:
    """A received value as a dict; {} when it is not ours (it is then kept verbatim)."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def intervention_of(value: str) -> str:
    """The intervention code a received evidence value is about ('' if it does not say)."""
    code = parse(value).get("intervention")
    return code if isinstance(code, str) else ""


def decided_here(value: str) -> bool:
    """A value this very site wrote (its `decided_at` is one of our pages)."""
    decided_at = parse(value).get("decided_at")
    return isinstance(decided_at, str) and decided_at.startswith(site_url("/"))


LEVEL_CODES = [level for level in Level.values if level != Level.NOT_ASSESSED]
LEVEL_TERM_IDS = {tx.term_id(tx.evidence_level_code(level)): level for level in LEVEL_CODES}


def level_term(level: str) -> tuple[str, str]:
    """(code, name) of a level's taxonomy term; names are the Dutch ladder's words."""
    return tx.evidence_level_code(level), str(Level(level).label)
