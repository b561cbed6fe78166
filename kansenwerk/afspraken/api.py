"""JSON API for table hosts without an account: record an agreement through the table's link.

`POST /api/tables/{token}/agreements` is what the table host page sends (also offline,
later), and what another tool may send. Meetup, theme and table come from the link.
Status codes: 201 made, 200 the same `client_uuid` again (nothing new), 400 input
understood but not acceptable, 422 input not understood (not JSON, wrong type, no
date), 404 unknown link, 410 link expired. Every error is `{"errors": {field: [text]}}`
in Dutch, with the field names of the request body.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Annotated, Any

import pydantic
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from kansenwerk.afspraken.services import agreements as agreement_service
from kansenwerk.core.http import site_url
from kansenwerk.meetups.models import MeetupDirection
from kansenwerk.tafels import links
from kansenwerk.tafels.models import TableLink

router = Router(tags=["afspraken"])


# Ids as the database holds them: a larger number is not an id, and is not sent on to it.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
MAX_ORGANISATIONS = 50


class TableAgreementIn(Schema):
    what: str = ""
    owner_name: str = ""
    owner_email: str = ""
    with_whom: str = ""
    due: datetime.date | None = None
    direction: Id | None = None
    organisations: list[Id] = Field(default=[], max_length=MAX_ORGANISATIONS)
    client_uuid: uuid.UUID | None = None


class TableAgreementOut(Schema):
    id: int
    owner_link: str


class DirectionOut(Schema):
    id: int
    title: str
    questions: list[str]


class OrganisationOut(Schema):
    id: int
    name: str


class TableOut(Schema):
    meetup: str
    meetup_title: str
    round: int
    table: int
    theme: str
    guiding_question: str
    expires_at: datetime.datetime
    directions: list[DirectionOut]
    organisations: list[OrganisationOut]


class ErrorOut(Schema):
    errors: dict[str, list[str]]


# Service field names → the names of the request body.
_FIELD_NAMES = {
    "meetup_direction": "direction",
    "organizations": "organisations",
    "people": "with_whom",
    "due_date": "due",
}


def _type_message(field: str) -> str:
    messages = {
        "due": _("Vul de datum in als JJJJ-MM-DD, bijvoorbeeld 2027-03-01."),
        "direction": _("Geef de oplossingsrichting als nummer (id), of laat het veld weg."),
        "organisations": _("Geef de organisaties als lijst met nummers (id's)."),
        "client_uuid": _("Het inzendingskenmerk moet een UUID zijn."),
    }
    return messages.get(field, _("Dit veld moet tekst zijn."))


def _error_dict(exc: ValidationError) -> dict[str, list[str]]:
    """A service's errors under the field names of the request body."""
    if not hasattr(exc, "error_dict"):
        return {"__all__": list(exc.messages)}
    return {
        _FIELD_NAMES.get(name, name): [str(m) for e in errs for m in e.messages]
        for name, errs in exc.error_dict.items()
    }


def _errors(errors: dict[str, list[str]]) -> dict[str, Any]:
    return {"errors": errors}


def _parse(body: bytes) -> TableAgreementIn | dict[str, list[str]]:
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return {"__all__": [_("Stuur de afspraak als JSON.")]}
    if not isinstance(data, dict):
        return {"__all__": [_("Stuur de afspraak als JSON-object met velden zoals 'what'.")]}
    try:
        return TableAgreementIn.model_validate(data)
    except pydantic.ValidationError as exc:
        errors: dict[str, list[str]] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "__all__"
            if field == "organisations" and error["type"] == "too_long":
                message = _("Kies hoogstens %(n)d organisaties.") % {"n": MAX_ORGANISATIONS}
                errors.setdefault(field, [message])
            errors.setdefault(field, [_type_message(field)])
        return errors


def _link(token: str) -> TableLink | Status:
    try:
        return links.table_link_by_token(token=token)
    except TableLink.DoesNotExist:
        message = _("Deze tafellink bestaat niet. Scan de QR-code op de tafelkaart opnieuw.")
        return Status(404, _errors({"token": [message]}))
    except links.TableLinkExpired:
        message = _(
            "Deze tafellink is verlopen. Geef de afspraak door aan de organisator van de meetup."
        )
        return Status(410, _errors({"token": [message]}))


@router.get(
    "/tables/{token}",
    response={200: TableOut, 404: ErrorOut, 410: ErrorOut},
    summary="De tafel van een tafelhost-link: thema, oplossingsrichtingen en organisaties",
)
def table_detail(request, token: str):
    """What a tool needs to fill in `direction` and `organisations` for this table."""
    from kansenwerk.netwerk.models import Organization

    link = _link(token)
    if isinstance(link, Status):
        return link
    theme = link.meetup_theme
    return {
        "meetup": link.meetup.slug,
        "meetup_title": link.meetup.title,
        "round": link.round,
        "table": link.table_number,
        "theme": theme.title,
        "guiding_question": theme.guiding_question,
        "expires_at": link.expires_at,
        "directions": [
            {"id": d.pk, "title": str(d), "questions": [str(q) for q in d.questions or []]}
            for d in theme.directions.order_by("position", "id")
        ],
        "organisations": list(
            Organization.objects.filter(region_id=link.meetup.region_id)
            .order_by("name")
            .values("id", "name")
        ),
    }


@router.post(
    "/tables/{token}/agreements",
    response={
        200: TableAgreementOut,
        201: TableAgreementOut,
        400: ErrorOut,
        404: ErrorOut,
        410: ErrorOut,
        422: ErrorOut,
    },
    summary="Een afspraak vastleggen aan een tafel (met de link van de tafelhost)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": TableAgreementIn.model_json_schema()}},
        }
    },
)
def create_table_agreement(request, token: str):
    link = _link(token)
    if isinstance(link, Status):
        return link
    payload = _parse(request.body)
    if isinstance(payload, dict):
        return Status(422, _errors(payload))
    errors: dict[str, list[str]] = {}
    due = payload.due
    if due is None:
        errors["due"] = [_("Vul in wanneer de afspraak klaar is (JJJJ-MM-DD).")]
    direction = None
    if payload.direction is not None:
        direction = (
            MeetupDirection.objects.select_related("meetup_theme", "source_direction")
            .filter(pk=payload.direction, meetup_theme_id=link.meetup_theme_id)
            .first()
        )
        if direction is None:
            errors["direction"] = [
                _("Deze oplossingsrichting hoort niet bij het thema van deze tafel.")
            ]
    organisations: list[Any] = []
    if payload.organisations:
        from kansenwerk.netwerk.models import Organization

        organisations = list(
            Organization.objects.filter(
                pk__in=set(payload.organisations), region_id=link.meetup.region_id
            )
        )
        if len(organisations) != len(set(payload.organisations)):
            errors["organisations"] = [_("Kies organisaties uit het netwerk van deze regio.")]
    if errors or due is None:
        # Name every problem at once, not one field per try.
        try:
            agreement_service.agreement_texts_check(
                what=payload.what,
                owner_name=payload.owner_name,
                owner_email=payload.owner_email,
                people=payload.with_whom,
            )
        except ValidationError as exc:
            for name, messages in _error_dict(exc).items():
                errors.setdefault(name, messages)
        return Status(400, _errors(errors))
    try:
        agreement, created = agreement_service.agreement_create_at_table(
            link=link,
            what=payload.what,
            owner_name=payload.owner_name,
            owner_email=payload.owner_email,
            people=payload.with_whom,
            due_date=due,
            meetup_direction=direction,
            organizations=organisations,
            client_uuid=payload.client_uuid,
        )
    except ValidationError as exc:
        return Status(400, _errors(_error_dict(exc)))
    owner_link = site_url(reverse("afspraken:owner", kwargs={"token": agreement.token}))
    return Status(201 if created else 200, {"id": agreement.pk, "owner_link": owner_link})
