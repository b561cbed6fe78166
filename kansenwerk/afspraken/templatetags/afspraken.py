"""Template helpers for other apps' pages (the meetup briefing)."""

from django import template

register = template.Library()


@register.simple_tag
def previous_agreements(meetup):
    """What became of the previous meetup's agreements: see selectors.previous_agreements_for."""
    from kansenwerk.afspraken.selectors import previous_agreements_for

    return previous_agreements_for(meetup)
