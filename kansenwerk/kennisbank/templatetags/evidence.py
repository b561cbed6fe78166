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


@register.inclusion_tag("kennisbank/evidence/direction_evidence.html", takes_context=True)
def evidence_for_direction(context, direction_id, print_version=False):
    """The interventions under a solution direction with their level (briefing, web and PDF).

    The first call on a page reads every direction of the page's `themes` at once (one or
    two queries for the whole briefing, not one per direction).
    """
    cache = context.render_context
    if "evidence_by_direction" not in cache:
        ids = {direction_id} if direction_id else set()
        for theme in context.get("themes") or []:
            directions = getattr(theme, "directions", None)
            for direction in directions.all() if directions is not None else []:
                if direction.source_direction_id:
                    ids.add(direction.source_direction_id)
        cache["evidence_by_direction"] = selectors.directions_evidence(ids)
    by_direction = cache["evidence_by_direction"]
    if direction_id and direction_id not in by_direction:
        by_direction.update(selectors.directions_evidence({direction_id}))
    return {"items": by_direction.get(direction_id, []), "print_version": print_version}


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
