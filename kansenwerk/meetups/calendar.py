"""iCalendar (RFC 5545) output with the icalendar package: one meetup, or a region's agenda."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from kansenwerk.core.http import site_url
from kansenwerk.meetups.models import Meetup


def _event(meetup: Meetup) -> Event:
    event = Event()
    event.add("uid", f"meetup-{meetup.pk}@kansenwerk")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meetup.starts_at)
    event.add("dtend", meetup.ends_at or meetup.starts_at + datetime.timedelta(hours=3))
    event.add("summary", meetup.title)
    location = ", ".join(p for p in (meetup.venue_name, meetup.venue_address) if p)
    if location:
        event.add("location", location)
    event.add("description", meetup.description)
    event.add("url", site_url(meetup.get_absolute_url()))
    event.add("status", "CANCELLED" if meetup.status == Meetup.Status.CANCELLED else "CONFIRMED")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//kansenwerk//meetups//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def meetup_ics(*, meetup: Meetup) -> bytes:
    calendar = _calendar(meetup.title)
    calendar.add_component(_event(meetup))
    return calendar.to_ical()


def agenda_ics(*, name: str, meetups: Iterable[Meetup]) -> bytes:
    calendar = _calendar(name)
    for meetup in meetups:
        calendar.add_component(_event(meetup))
    return calendar.to_ical()
