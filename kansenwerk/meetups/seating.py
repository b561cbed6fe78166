"""Where people sit, as far as meetups needs to know: an extension point.

The check-in list, the registrations table and a participant's own page show each person's
tables. The table plans belong to `kansenwerk.tafels`, which sits above meetups (see
ARCHITECTURE.md), so meetups may not import it; tafels registers its lookups here from its
`AppConfig.ready()`. Without tafels installed nobody has a seat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kansenwerk.meetups.models import Meetup, Registration

SeatsByRegistration = Callable[..., dict[int, Sequence[Any]]]
SeatsForRegistration = Callable[..., Sequence[Any]]

_lookups: dict[str, Callable[..., Any]] = {}


def register(*, by_meetup: SeatsByRegistration, for_registration: SeatsForRegistration) -> None:
    """Install the seat lookups (called once, by the app that owns table plans)."""
    _lookups["by_meetup"] = by_meetup
    _lookups["for_registration"] = for_registration


def seats_by_registration(*, meetup: Meetup) -> dict[int, Sequence[Any]]:
    """Registration id -> seats per round in the meetup's final plan ({} without one)."""
    lookup = _lookups.get("by_meetup")
    return lookup(meetup=meetup) if lookup else {}


def seats_for_registration(*, registration: Registration) -> Sequence[Any]:
    """One person's seats in the final plan, for their own page."""
    lookup = _lookups.get("for_registration")
    return lookup(registration=registration) if lookup else []
