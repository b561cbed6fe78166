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


@register.inclusion_tag("netwerk/includes/verification_note.html")
def verification_note(listing):
    """ "Gecontroleerd op …", and a mark when an organisation or service has not been
    verified for longer than KANSENWERK_VERIFY_STALE_DAYS."""
    from django.utils import timezone

    from kansenwerk.netwerk import services_verification as verification

    since = listing.last_verified_at or listing.created_at
    return {
        "verified_at": listing.last_verified_at,
        "stale": since < verification.stale_before(timezone.now()),
    }
