"""Public pages: agenda and feeds, meetup page, briefing (web + PDF), registration."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.core import ratelimit
from kansenwerk.core.forms import add_service_errors
from kansenwerk.core.models import Region
from kansenwerk.core.permissions import Capability, can_write, writable_region_ids
from kansenwerk.meetups import calendar as calendar_service
from kansenwerk.meetups import seating, selectors
from kansenwerk.meetups.forms import RegistrationForm
from kansenwerk.meetups.models import Meetup, Registration
from kansenwerk.meetups.services import briefing as briefing_service
from kansenwerk.meetups.services import registration as registration_service
from kansenwerk.netwerk.models import Organization


def index(request):
    regions = Region.objects.filter(meetups__status=Meetup.Status.PUBLISHED).distinct()
    can_manage = writable_region_ids(request.user, capability=Capability.MEETUPS) != frozenset()
    return render(
        request,
        "meetups/index.html",
        {
            "meetups": selectors.agenda_list(),
            "regions": regions,
            "can_manage": can_manage,
        },
    )


def region_agenda(request, region_slug: str):
    region = get_object_or_404(Region, slug=region_slug)
    return render(
        request,
        "meetups/region_agenda.html",
        {"region": region, "meetups": selectors.agenda_list(region=region)},
    )


def region_agenda_ics(request, region_slug: str):
    region = get_object_or_404(Region, slug=region_slug)
    body = calendar_service.agenda_ics(
        name=_("Meetups in %(region)s") % {"region": region.name},
        meetups=selectors.agenda_list(region=region, include_past=True),
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def _meetup_context(request, meetup: Meetup) -> dict:
    themes = selectors.meetup_themes_with_content(meetup=meetup)
    counts = selectors.registration_counts(meetup=meetup)
    # "Thema vol" is not "meetup vol": mark the themes whose own places are taken.
    per_theme = selectors.theme_places(meetup=meetup)
    for theme in themes:
        theme.is_full = theme.capacity is not None and per_theme.get(theme.pk, 0) >= theme.capacity  # type: ignore[attr-defined]
    return {
        "meetup": meetup,
        "themes": themes,
        "counts": counts,
        "full_themes": [t for t in themes if t.is_full],  # type: ignore[attr-defined]
        # Once it has begun the page stops inviting people to register (the service refuses).
        "has_started": meetup.starts_at <= timezone.now(),
        "can_manage": can_write(
            request.user, capability=Capability.MEETUPS, region_id=meetup.region_id
        ),
    }


def detail(request, slug: str):
    meetup = selectors.meetup_public_get(slug=slug, preview_user=request.user)
    return render(request, "meetups/detail.html", _meetup_context(request, meetup))


def meetup_ics(request, slug: str):
    meetup = selectors.meetup_public_get(slug=slug, preview_user=request.user)
    response = HttpResponse(
        calendar_service.meetup_ics(meetup=meetup), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{meetup.slug}.ics"'
    return response


def briefing(request, slug: str):
    meetup = selectors.meetup_public_get(slug=slug, preview_user=request.user)
    context = _meetup_context(request, meetup)
    # Only the organiser is warned about records the importer flagged "controleren".
    context["review_flags"] = (
        selectors.briefing_review_flags(themes=context["themes"]) if context["can_manage"] else []
    )
    return render(request, "meetups/briefing.html", context)


def briefing_pdf(request, slug: str):
    meetup = selectors.meetup_public_get(slug=slug, preview_user=request.user)
    refused = ratelimit.anonymous_pdf_refused(request)
    if refused is not None:
        return refused
    pdf = briefing_service.briefing_pdf(meetup=meetup, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefing-{meetup.slug}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def register(request, slug: str):
    meetup = selectors.meetup_public_get(slug=slug, preview_user=request.user)
    closed = selectors.registration_closed_reason(meetup=meetup)
    if closed:
        messages.info(request, closed)
        return redirect(meetup)
    form = RegistrationForm(request.POST or None, meetup=meetup)
    if request.method == "POST":
        if form.data.get("website"):
            # Honeypot filled in: answer as if it worked, store nothing.
            return render(request, "meetups/register_done.html", {"meetup": meetup, "bot": True})
        if not ratelimit.hit(request, scope="register"):
            form.add_error(None, str(ratelimit.REGISTRATION_REFUSED))
        elif form.is_valid():
            try:
                registration = registration_service.registration_create(
                    meetup=meetup,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    organisation_kind=form.cleaned_data["organisation_kind"],
                    profession=form.cleaned_data["profession"],
                    theme_choices=form.theme_choices(),
                    needs=form.cleaned_data["needs"],
                    consent=form.cleaned_data["consent"],
                    channel=Registration.Channel.WEB,
                    waitlist_if_theme_full=form.cleaned_data["waitlist_if_theme_full"],
                )
            except ValidationError as exc:
                if _is_theme_full(exc):
                    form.offer_theme_waitlist = True
                add_service_errors(form, exc, rename={"theme_choices": "theme_choice_1"})
            else:
                return redirect("meetups:registration_manage", token=registration.token)
    return render(
        request,
        "meetups/register.html",
        {
            "meetup": meetup,
            "form": form,
            "organisation_names": selectors.organisation_names(meetup=meetup),
            # A full meetup puts people on the waiting list: say so before they fill in the form.
            "counts": selectors.registration_counts(meetup=meetup),
            "themes_with_room": selectors.themes_with_room(meetup=meetup),
        },
        status=400 if form.errors else 200,
    )


def _is_theme_full(exc: ValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("theme_choices", [])
    return any(e.code == registration_service.THEME_FULL for e in errors)


def organisation_kind_lookup(request, slug: str):
    """HTMX (and plain GET): the "soort organisatie" field, prefilled from the netwerk.

    Called when the organisation field changes: a known organisation sets its kind; an
    unknown one keeps what the person chose.
    """
    meetup = selectors.meetup_public_get(slug=slug, preview_user=request.user)
    name = request.GET.get("organisation", "").strip()[:300]
    chosen = request.GET.get("organisation_kind", "")
    found = (
        Organization.objects.filter(region_id=meetup.region_id, name__iexact=name).first()
        if name
        else None
    )
    initial = found.kind if found else chosen
    form = RegistrationForm(initial={"organisation_kind": initial}, meetup=meetup)
    return render(
        request,
        "meetups/_organisation_kind_field.html",
        {"field": form["organisation_kind"], "found": found},
    )


def _link_expired(request, meetup: Meetup):
    return render(request, "meetups/registration_link_expired.html", {"meetup": meetup}, status=410)


@require_http_methods(["GET", "POST"])
def registration_cancel_confirm(request, token: str):
    """The participant's own cancel, with a confirmation step (a page, no JavaScript)."""
    try:
        registration = selectors.registration_by_token(token=token)
    except selectors.RegistrationLinkExpired as expired:
        return _link_expired(request, expired.meetup)
    if request.method == "POST":
        try:
            registration_service.registration_cancel(registration=registration)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("U bent afgemeld."))
        return redirect("meetups:registration_manage", token=token)
    response = render(
        request,
        "meetups/registration_cancel_confirm.html",
        {"registration": registration, "meetup": registration.meetup},
    )
    response["Referrer-Policy"] = "same-origin"
    return response


@require_POST
def registration_switch_theme(request, token: str):
    """Someone waiting for a full theme takes a place in a theme that still has room."""
    try:
        registration = selectors.registration_by_token(token=token)
    except selectors.RegistrationLinkExpired as expired:
        return _link_expired(request, expired.meetup)
    theme_id = request.POST.get("theme", "")
    theme = (
        registration.meetup.themes.filter(pk=int(theme_id)).first() if theme_id.isdigit() else None
    )
    if theme is None:
        messages.error(request, _("Kies een thema met plaats."))
    else:
        try:
            registration_service.registration_switch_theme(registration=registration, theme=theme)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(
                request,
                _(
                    "U hebt een plaats bij het thema ‘%(title)s’. U krijgt een bevestiging per e-mail."
                )
                % {"title": theme.title},
            )
    return redirect("meetups:registration_manage", token=token)


@require_http_methods(["GET", "POST"])
def registration_manage(request, token: str):
    """The personal link: see one's registration, confirm an invitation, cancel, delete."""
    try:
        registration = selectors.registration_by_token(token=token)
    except selectors.RegistrationLinkExpired as expired:
        return _link_expired(request, expired.meetup)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                registration_service.registration_accept_invitation(registration=registration)
                messages.success(request, _("Uw plaats is bevestigd. Tot dan!"))
            elif action == "cancel":  # asks for confirmation first
                return redirect("meetups:registration_cancel_confirm", token=token)
            elif action == "delete" and request.POST.get("confirm") != "1":
                messages.error(request, _("Vink aan dat u uw gegevens echt wilt verwijderen."))
            elif action == "delete":
                meetup = registration.meetup
                registration_service.registration_forget(registration=registration)
                messages.success(request, _("Uw aanmelding en uw gegevens zijn verwijderd."))
                return redirect(meetup)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        return redirect("meetups:registration_manage", token=token)
    return render(
        request,
        "meetups/registration_manage.html",
        {
            "registration": registration,
            "meetup": registration.meetup,
            "position": selectors.waitlist_position(registration=registration),
            "waitlist": selectors.waitlist_reason(registration=registration),
            # Only people who hold a place have a table; empty until a plan is definitive.
            "seats": seating.seats_for_registration(registration=registration)
            if registration.status in Registration.HOLDING
            else [],
            "manage_url": request.build_absolute_uri(
                reverse("meetups:registration_manage", args=[token])
            ),
        },
    )
