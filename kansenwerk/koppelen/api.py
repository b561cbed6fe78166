"""JSON API for Koppelen: open programmes (public fields only) and the public sign-up.

`GET /api/koppelen/programmes` and `GET /api/koppelen/programmes/{id}` list what anyone may
see on the site; `POST /api/koppelen/programmes/{id}/signups` is the public intake, with the
same questions, checks and consent rules as the web form (both go through
`PublicIntakeForm` and `services.intake.public_signup`). Nothing about participants is ever
returned: a sign-up answers 202 with a Dutch message, also when it was a duplicate, so the
API does not reveal who is signed up. Errors are `{"errors": {field: [text]}}` in Dutch:
400 answers not acceptable, 404 unknown or closed programme, 422 not JSON, 429 too many.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status

from kansenwerk.core.http import site_url

from . import forms, selectors
from .models import Participant, Programme
from .services import intake

router = Router(tags=["koppelen"])

LIST_FIELDS = ("languages", "interests", "needs")


class SideOut(Schema):
    side: str
    label: str
    signup_url: str
    questions: list[str]


class ProgrammeOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    region: str
    organisation: str | None
    description: str
    url: str


class ProgrammeDetailOut(ProgrammeOut):
    how_matching_works: list[str]
    sides: list[SideOut]


class SignupIn(Schema):
    side: str
    email: str
    consent: bool = False
    parental_consent: bool = False
    display_name: str
    filled_in_by: str = ""
    languages: list[str] = []
    availability: list[str] = []
    home_language: str = ""
    postcode_area: str = ""
    interests: list[str] = []
    year_group: int | None = None
    age_band: str = ""
    needs: list[str] = []
    gender: str = ""
    gender_preference: str = ""
    capacity: int | None = None


class SignupOut(Schema):
    message: str


class ErrorOut(Schema):
    errors: dict[str, list[str]]


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "name": programme.name,
        "kind": programme.kind,
        "kind_label": programme.get_kind_display(),
        "region": str(programme.region),
        "organisation": str(programme.owner) if programme.owner else None,
        "description": programme.description,
        "url": site_url(reverse("koppelen:programme_public", args=[programme.pk])),
    }


def _open(programme_id: int) -> Programme | Status:
    try:
        return selectors.open_programme(programme_id=programme_id)
    except Http404:
        return Status(
            404,
            {"errors": {"__all__": [_("Dit programma bestaat niet of staat niet open.")]}},
        )


@router.get(
    "/koppelen/programmes",
    response=list[ProgrammeOut],
    summary="Koppelprogramma's die open staan voor aanmelding",
)
def programme_list(request):
    programmes: QuerySet[Programme] = selectors.open_programmes()
    return [_programme_out(p) for p in programmes]


@router.get(
    "/koppelen/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, 404: ErrorOut},
    summary="Eén open koppelprogramma: hoe het koppelt en welke vragen de aanmelding stelt",
)
def programme_detail(request, programme_id: int):
    programme = _open(programme_id)
    if isinstance(programme, Status):
        return programme
    sides = []
    for side, label in selectors.public_sides(programme=programme):
        form = forms.PublicIntakeForm(programme=programme, side=side)
        sides.append(
            {
                "side": side,
                "label": label,
                "signup_url": site_url(reverse("koppelen:intake_form", args=[programme.pk, side])),
                "questions": list(form.fields),
            }
        )
    return {
        **_programme_out(programme),
        "how_matching_works": selectors.matching_explained(programme=programme),
        "sides": sides,
    }


def _form_data(body: SignupIn) -> dict[str, Any]:
    data: dict[str, Any] = body.model_dump(exclude={"side"})
    for name in LIST_FIELDS:
        data[name] = ", ".join(str(v) for v in data[name])
    for name in ("consent", "parental_consent"):
        data[name] = "on" if data[name] else ""
    return {k: v for k, v in data.items() if v is not None}


@router.post(
    "/koppelen/programmes/{programme_id}/signups",
    response={202: SignupOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Aanmelden bij een open koppelprogramma (als mentor of voor een mentee)",
)
def signup_create(request, programme_id: int, body: SignupIn):
    from .views_public import _rate_ok

    programme = _open(programme_id)
    if isinstance(programme, Status):
        return programme
    if body.side not in Participant.Side.values:
        return Status(400, {"errors": {"side": [_("Kies 'mentor' of 'mentee'.")]}})
    if not _rate_ok(request):
        return Status(429, {"errors": {"__all__": [_("Te veel aanmeldingen in korte tijd.")]}})
    form = forms.PublicIntakeForm(_form_data(body), programme=programme, side=body.side)
    if not form.is_valid():
        return Status(400, {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}})
    try:
        intake.public_signup(
            programme=programme,
            side=body.side,
            data=form.intake_data(),
            email=form.cleaned_data["email"],
            consent=form.cleaned_data["consent"],
            parental_consent=form.cleaned_data.get("parental_consent", False),
        )
    except ValidationError as exc:
        errors = (
            {k: list(v) for k, v in exc.message_dict.items()}
            if hasattr(exc, "error_dict")
            else {"__all__": list(exc.messages)}
        )
        return Status(400, {"errors": errors})
    return Status(
        202,
        {
            "message": _(
                "Bedankt. We hebben een e-mail gestuurd met een persoonlijke link om de "
                "aanmelding te bekijken, te wijzigen of in te trekken."
            )
        },
    )
