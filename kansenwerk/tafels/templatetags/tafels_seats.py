"""`{% final_seats registration as seats %}`: one person's tables in the meetup's final plan."""

from __future__ import annotations

from django import template

from kansenwerk.meetups.models import Registration

from ..selectors import SeatInfo, final_seats_for_registration

register = template.Library()


@register.simple_tag
def final_seats(registration: Registration) -> list[SeatInfo]:
    """Only for people who hold a place; empty until a plan is made definitive."""
    if registration.status not in Registration.HOLDING:
        return []
    return final_seats_for_registration(registration=registration)
