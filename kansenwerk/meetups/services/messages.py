"""An organiser's e-mail to everyone registered for a meetup.

The subject and body are checked here, before anything is queued, so the page can say
at once what is wrong; the sending itself runs as a task whose result the page reads
back (failed, still queued, or sent to N people) instead of assuming success.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser
from kansenwerk.meetups.models import Meetup
from kansenwerk.meetups.tasks import send_message_to_registrants

SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000


def registrants_message_send(
    *, user: AnyUser | None, meetup: Meetup, subject: str, body: str
) -> Any:
    """Queue the message; returns the task result (its status says whether it was sent).

    A subject with a line break would be refused by the mail library when sending
    (header injection); we refuse it here, with a Dutch message.
    """

    ensure_can_write(
        user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=Action.UPDATE
    )
    errors: dict[str, list[str]] = {}
    if "\n" in subject or "\r" in subject:
        errors["subject"] = [_("Het onderwerp moet op één regel staan: haal de regelovergang weg.")]
    elif not subject.strip():
        errors["subject"] = [_("Vul een onderwerp in.")]
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = [
            _("Gebruik hoogstens %(limit)d tekens in het onderwerp.")
            % {"limit": SUBJECT_MAX_LENGTH}
        ]
    if not body.strip():
        errors["body"] = [_("Schrijf het bericht.")]
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = [
            _("Gebruik hoogstens %(limit)d tekens in het bericht.") % {"limit": BODY_MAX_LENGTH}
        ]
    if errors:
        raise ValidationError(errors)
    return send_message_to_registrants.enqueue(
        meetup_id=meetup.pk, subject=subject.strip(), body=body
    )


def registrants_message_result(*, meetup: Meetup, result_id: str) -> Any | None:
    """The stored result of an earlier send for this meetup, or None (unknown, other meetup,
    or a backend that keeps no results)."""

    try:
        result = send_message_to_registrants.get_result(result_id)
    except Exception:
        return None
    if result.kwargs.get("meetup_id") != meetup.pk:
        return None
    return result
