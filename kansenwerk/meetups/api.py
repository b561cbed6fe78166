"""JSON API for meetups: registration through the same service as the web form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from kansenwerk.core import ratelimit
from kansenwerk.core.prepared import fetch_together
from kansenwerk.meetups import selectors
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.services import registration as registration_service

router = Router(tags=["meetups"])


class RegistrationIn(Schema):
    name: str = ""
    email: str = ""
    organisation: str = ""
    organisation_kind: str = ""  # the netwerk's codes (Organization.Kind); empty: unknown
    profession: str = ""
    theme_choices: list[str] = []
    needs: str = ""
    consent: bool = False
    # When only the chosen theme(s) are full: wait for them instead of getting a 409.
    waitlist_if_theme_full: bool = False


class RegistrationOut(Schema):
    id: int
    status: str
    position: int | None = None
    theme: str | None = None
    # Why a waitlisted registration waits: "meetup_full" or "theme_full".
    waitlist_reason: str | None = None


class ErrorOut(Schema):
    errors: dict[str, list[str]]
    # With 409 (theme full): slugs of the themes that still have room.
    themes_with_room: list[str] | None = None


def _errors(errors: dict[str, list[str]]) -> dict:
    return {"errors": errors}


@router.post(
    "/meetups/{slug}/registrations",
    response={201: RegistrationOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="Aanmelden voor een meetup",
)
def create_registration(request, slug: str, payload: RegistrationIn):
    # The meetup with its themes, and the attempt counted against the client's limit: one
    # round trip (an attempt at a meetup that does not exist counts too).
    meetup, allowed = fetch_together(
        selectors.meetup_for_registration_lookup(slug=slug),
        ratelimit.attempt(request, scope="register"),
    )
    if meetup is None:
        return Status(404, _errors({"__all__": [_("Deze meetup bestaat niet of is niet open.")]}))
    if not allowed:
        return Status(429, _errors({"__all__": [str(ratelimit.REGISTRATION_REFUSED)]}))
    try:
        admission = registration_service.registration_admit(
            meetup=meetup,
            name=payload.name,
            email=payload.email,
            organisation=payload.organisation,
            organisation_kind=payload.organisation_kind,
            profession=payload.profession,
            theme_choices=payload.theme_choices,
            needs=payload.needs,
            consent=payload.consent,
            channel=Registration.Channel.API,
            waitlist_if_theme_full=payload.waitlist_if_theme_full,
        )
    except ValidationError as exc:
        theme_errors = getattr(exc, "error_dict", {}).get("theme_choices", [])
        if any(e.code == registration_service.THEME_FULL for e in theme_errors):
            chosen = {s for s in payload.theme_choices}
            room = [
                t.slug for t in selectors.themes_with_room(meetup=meetup) if t.slug not in chosen
            ]
            return Status(409, {**_errors(exc.message_dict), "themes_with_room": room})
        return Status(400, _errors(exc.message_dict))
    registration = admission.registration
    return Status(
        201,
        {
            "id": registration.pk,
            "status": registration.status,
            "position": admission.position,
            "theme": registration.theme.slug if registration.theme else None,
            "waitlist_reason": admission.waitlist_reason,
        },
    )
