"""Pages without login: open programmes, the public sign-up and the personal link.

Hostile input ends in a Dutch message with a 4xx; the personal link is the only key to a
sign-up, so an unknown or withdrawn link is a plain 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.core import ratelimit
from kansenwerk.core.forms import add_service_errors

from . import forms, selectors
from .models import Participant
from .services import intake

SIGNUP_LIMIT = 10  # sign-ups per client address per 10 minutes
SIGNUP_WINDOW = 600


def _rate_ok(request) -> bool:
    """At most SIGNUP_LIMIT sign-ups per client per window (off with KANSENWERK_RATE_LIMITS)."""
    return ratelimit.hit(request, scope="koppelen-intake", limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW)


def programme_public(request, programme_id):
    programme = selectors.open_programme(programme_id=programme_id)
    return render(
        request,
        "koppelen/public/programme.html",
        {
            "programme": programme,
            "sides": selectors.public_sides(programme=programme),
            "explanation": selectors.matching_explained(programme=programme),
            "can_manage": selectors.can_manage(user=request.user, programme=programme),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def intake_form(request, programme_id, side):
    programme = selectors.open_programme(programme_id=programme_id)
    if side not in Participant.Side.values:
        raise Http404
    form = forms.PublicIntakeForm(request.POST or None, programme=programme, side=side)
    if request.method == "POST":
        if not _rate_ok(request):
            return HttpResponse(
                _("Te veel aanmeldingen in korte tijd. Probeer het over tien minuten opnieuw."),
                status=429,
                content_type="text/plain; charset=utf-8",
            )
        if form.is_valid():
            try:
                intake.public_signup(
                    programme=programme,
                    side=side,
                    data=form.intake_data(),
                    email=form.cleaned_data["email"],
                    consent=form.cleaned_data["consent"],
                    parental_consent=form.cleaned_data.get("parental_consent", False),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("koppelen:intake_thanks", programme_id=programme.pk)
        status = 400 if form.errors else 200
    else:
        status = 200
    return render(
        request,
        "koppelen/public/intake_form.html",
        {
            "form": form,
            "programme": programme,
            "side": side,
            "side_label": selectors.side_label(programme=programme, side=side),
        },
        status=status,
    )


def intake_thanks(request, programme_id):
    programme = selectors.open_programme(programme_id=programme_id)
    return render(request, "koppelen/public/thanks.html", {"programme": programme})


def _participant(token: str) -> Participant:
    participant = intake.participant_for_token(token=token)
    if participant is None:
        raise Http404(_("Deze link is niet (meer) geldig."))
    return participant


@never_cache
@require_http_methods(["GET", "POST"])
def intake_manage(request, token):
    participant = _participant(token)
    form = forms.PublicIntakeEditForm(request.POST or None, participant=participant)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                intake.participant_self_update(participant=participant, data=form.intake_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
                return redirect("koppelen:intake_manage", token=token)
        status = 400
    return render(
        request,
        "koppelen/public/manage.html",
        {
            "form": form,
            "participant": participant,
            "programme": participant.programme,
            "token": token,
            "withdraw_url": reverse("koppelen:intake_withdraw", kwargs={"token": token}),
        },
        status=status,
    )


@require_POST
def intake_withdraw(request, token):
    participant = _participant(token)
    participant = intake.participant_withdraw(participant=participant)
    return render(
        request,
        "koppelen/public/withdrawn.html",
        {
            "programme": participant.programme,
            "erased": participant.pseudonymised_at is not None,
        },
    )
