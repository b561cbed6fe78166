"""Template tags for showing netwerk data on other apps' pages."""

from django import template

from kansenwerk.netwerk import selectors

register = template.Library()


@register.simple_tag
def local_offer(*, direction=None, intervention=None):
    """Organisations with an active service for this direction or intervention."""
    # A variable missing from the including template arrives as "" rather than None.
    direction = direction or None
    intervention = intervention or None
    if direction is None and intervention is None:
        return []
    return list(selectors.local_offer(direction=direction, intervention=intervention)[:50])
