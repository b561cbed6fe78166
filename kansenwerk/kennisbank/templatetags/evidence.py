"""Evidence in other apps' templates: `{% load evidence %}{% evidence_badge intervention %}`."""

from __future__ import annotations

from django import template

from kansenwerk.kennisbank.evidence import selectors

register = template.Library()


@register.inclusion_tag("kennisbank/evidence/badge.html")
def evidence_badge(intervention):
    """The level beside an intervention's name, with what it means in its title."""
    if not intervention:
        return {"profile": None}
    view = selectors.profile_view(intervention)
    return {"profile": view.profile, "means": view.means}


@register.simple_tag
def evidence_profile(intervention):
    """The full profile view (level, meaning, statements) for a template to lay out."""
    return selectors.profile_view(intervention)


@register.inclusion_tag("kennisbank/evidence/direction_evidence.html")
def evidence_for_direction(direction_id, print_version=False):
    """The interventions under a solution direction with their level (briefing, web and PDF)."""
    return {
        "items": selectors.direction_evidence(direction_id) if direction_id else [],
        "print_version": print_version,
    }


@register.inclusion_tag("kennisbank/evidence/service_evidence.html")
def service_evidence(service):
    """The level of each intervention a netwerk service is linked to.

    Reads the service's interventions only where the page prefetched them (no extra
    query per service in long lists); then one query for their profiles.
    """
    cache = getattr(service, "_prefetched_objects_cache", {})
    if "interventions" not in cache:
        return {"items": []}
    return {"items": selectors.levels_for(list(service.interventions.all()))}


@register.inclusion_tag("kennisbank/evidence/agreed_evidence.html")
def agreed_evidence(directions):
    """Regio-inzicht: how much of what a region agreed rests on recognised interventions."""
    return {"data": selectors.agreed_evidence(list(directions or []))}
