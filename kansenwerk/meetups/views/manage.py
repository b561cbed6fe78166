"""Organiser pages: plan a meetup and its briefing, see and export registrations, check in.

Every view fetches the meetup through `selectors.meetup_for_user`, which checks rights.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.core.http import posted_id
from kansenwerk.core.models import Region
from kansenwerk.core.permissions import Action, Capability, writable_region_ids
from kansenwerk.core.spreadsheet import csv_text, write_xlsx
from kansenwerk.meetups import seating, selectors
from kansenwerk.meetups.forms import (
    AddThemeForm,
    DirectionForm,
    InitiativeForm,
    MeetupForm,
    MeetupThemeForm,
    MessageForm,
    ReadingItemForm,
    RegistrationAddForm,
    RegistrationEditForm,
    RegistrationMoveForm,
    WalkInForm,
)
from kansenwerk.meetups.models import (
    MeetupDirection,
    MeetupInitiative,
    MeetupReadingItem,
    MeetupTheme,
    Registration,
)
from kansenwerk.meetups.services import meetup as meetup_service
from kansenwerk.meetups.services import messages as message_service
from kansenwerk.meetups.services import registration as registration_service
from kansenwerk.netwerk.models import Organization


def _regions_for(user):
    ids = writable_region_ids(user, capability=Capability.MEETUPS)
    qs = Region.objects.order_by("name")
    return qs if ids is None else qs.filter(pk__in=ids)


@login_required
def manage_list(request):
    if writable_region_ids(request.user, capability=Capability.MEETUPS) == frozenset():
        raise PermissionDenied(_("U hebt geen rechten om meetups te organiseren."))
    return render(
        request,
        "meetups/manage/list.html",
        {"meetups": selectors.meetups_for_user(user=request.user)},
    )


MEETUP_FORM_FIELDS = meetup_service.MEETUP_FIELDS


@login_required
@require_http_methods(["GET", "POST"])
def meetup_create(request):
    regions = _regions_for(request.user)
    if not regions.exists():
        raise PermissionDenied(_("U hebt geen rechten om meetups te organiseren."))
    form = MeetupForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meetup = meetup_service.meetup_create(
                user=request.user,
                region=data["region"],
                title=data["title"],
                starts_at=data["starts_at"],
                capacity=data["capacity"],
                **{
                    k: data[k]
                    for k in MEETUP_FORM_FIELDS
                    if k not in ("title", "starts_at", "capacity")
                },
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De meetup is aangemaakt als concept. Kies nu de thema's."))
            return redirect("meetups:manage_meetup", slug=meetup.slug)
    return render(request, "meetups/manage/meetup_form.html", {"form": form, "meetup": None})


@login_required
@require_http_methods(["GET", "POST"])
def meetup_edit(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    form = MeetupForm(request.POST or None, instance=meetup, regions=_regions_for(request.user))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in MEETUP_FORM_FIELDS}
        meetup.refresh_from_db()
        try:
            meetup_service.meetup_update(user=request.user, meetup=meetup, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("meetups:manage_meetup", slug=meetup.slug)
    return render(request, "meetups/manage/meetup_form.html", {"form": form, "meetup": meetup})


@login_required
@require_http_methods(["GET", "POST"])
def manage_meetup(request, slug: str):
    """The organiser's overview of one meetup: status, themes, and what to do next."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    add_form = AddThemeForm(request.POST or None, meetup=meetup)
    if request.method == "POST" and add_form.is_valid():
        try:
            meetup_service.meetup_theme_add(
                user=request.user, meetup=meetup, theme=add_form.cleaned_data["theme"]
            )
        except ValidationError as exc:
            add_form.add_error("theme", exc)
        else:
            messages.success(
                request,
                _("Het thema is toegevoegd, met de oplossingsrichtingen uit de kennisbank."),
            )
            return redirect("meetups:manage_meetup", slug=slug)
    return render(
        request,
        "meetups/manage/meetup.html",
        {
            "meetup": meetup,
            "themes": selectors.meetup_themes_with_content(meetup=meetup),
            "add_form": add_form,
            "summary": selectors.registration_summary(meetup=meetup),
        },
    )


@login_required
@require_POST
def meetup_status(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    action = request.POST.get("action")
    try:
        if action == "publish":
            meetup_service.meetup_publish(user=request.user, meetup=meetup)
            messages.success(
                request, _("De meetup staat nu in de agenda en de briefing is openbaar.")
            )
        elif action == "unpublish":
            meetup_service.meetup_unpublish(user=request.user, meetup=meetup)
            messages.success(request, _("De meetup is weer een concept."))
        elif action == "cancel":
            meetup_service.meetup_cancel(user=request.user, meetup=meetup)
            messages.success(request, _("De meetup is afgelast."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("meetups:manage_meetup", slug=slug)


def _theme_for(request, slug: str, theme_id: int) -> MeetupTheme:
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    return get_object_or_404(
        MeetupTheme.objects.select_related("meetup"), meetup=meetup, pk=theme_id
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_edit(request, slug: str, theme_id: int):
    meetup_theme = _theme_for(request, slug, theme_id)
    meetup = meetup_theme.meetup
    form = MeetupThemeForm(request.POST or None, instance=meetup_theme, prefix="theme")
    reading_form = ReadingItemForm(prefix="reading")
    initiative_form = InitiativeForm(prefix="initiative")
    if request.method == "POST":
        part = request.POST.get("part")
        if part == "theme" and form.is_valid():
            meetup_service.meetup_theme_update(
                user=request.user,
                meetup_theme=meetup_theme,
                **{
                    k: form.cleaned_data[k]
                    for k in ("title", "guiding_question", "introduction", "capacity")
                },
            )
            messages.success(request, _("Het thema is opgeslagen."))
            return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
        if part == "reading":
            reading_form = ReadingItemForm(request.POST, prefix="reading")
            if reading_form.is_valid():
                meetup_service.meetup_reading_item_add(
                    user=request.user, meetup_theme=meetup_theme, **reading_form.cleaned_data
                )
                messages.success(request, _("Het item is toegevoegd."))
                return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
        if part == "initiative":
            initiative_form = InitiativeForm(request.POST, prefix="initiative")
            if initiative_form.is_valid():
                meetup_service.meetup_initiative_add(
                    user=request.user, meetup_theme=meetup_theme, **initiative_form.cleaned_data
                )
                messages.success(request, _("Het initiatief is toegevoegd."))
                return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
        if part == "suggestion":
            suggestions = {
                s["key"]: s for s in selectors.initiative_suggestions(meetup_theme=meetup_theme)
            }
            picked = suggestions.get(request.POST.get("key", ""))
            if picked:
                meetup_service.meetup_initiative_add(
                    user=request.user,
                    meetup_theme=meetup_theme,
                    organisation=Organization.objects.filter(pk=picked["organisation_id"]).first()
                    if picked["organisation_id"]
                    else None,
                    **{
                        k: picked[k]
                        for k in ("title", "description", "organisation_name", "place", "url")
                    },
                )
                messages.success(request, _("Het initiatief is toegevoegd."))
            return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
        if part == "remove_theme":
            try:
                meetup_service.meetup_theme_remove(user=request.user, meetup_theme=meetup_theme)
            except ValidationError as exc:
                for error in exc.messages:
                    messages.error(request, error)
                return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
            messages.success(request, _("Het thema is verwijderd."))
            return redirect("meetups:manage_meetup", slug=slug)
        if part in ("remove_direction", "remove_reading", "remove_initiative"):
            model, service = {
                "remove_direction": (MeetupDirection, meetup_service.meetup_direction_remove),
                "remove_reading": (MeetupReadingItem, meetup_service.meetup_reading_item_remove),
                "remove_initiative": (MeetupInitiative, meetup_service.meetup_initiative_remove),
            }[part]
            obj = get_object_or_404(model, meetup_theme=meetup_theme, pk=posted_id(request))
            keyword = {
                "remove_direction": "direction",
                "remove_reading": "item",
                "remove_initiative": "initiative",
            }[part]
            service(user=request.user, **{keyword: obj})
            messages.success(request, _("Verwijderd."))
            return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
        if part == "add_direction":
            direction = get_object_or_404(
                meetup_theme.theme.solution_directions
                if meetup_theme.theme_id
                else MeetupDirection.objects.none(),
                pk=posted_id(request),
            )
            meetup_service.meetup_direction_add(
                user=request.user, meetup_theme=meetup_theme, direction=direction
            )
            messages.success(request, _("De oplossingsrichting is toegevoegd."))
            return redirect("meetups:theme_edit", slug=slug, theme_id=theme_id)
    directions = list(meetup_theme.directions.order_by("position", "id"))
    used = {d.source_direction_id for d in directions}
    available = (
        [d for d in meetup_theme.theme.solution_directions.all() if d.pk not in used]
        if meetup_theme.theme_id
        else []
    )
    return render(
        request,
        "meetups/manage/theme.html",
        {
            "meetup": meetup,
            "meetup_theme": meetup_theme,
            "form": form,
            "directions": directions,
            "available_directions": available,
            "reading_items": meetup_theme.reading_items.all(),
            "initiatives": meetup_theme.initiatives.all(),
            "suggestions": selectors.initiative_suggestions(meetup_theme=meetup_theme),
            "reading_form": reading_form,
            "initiative_form": initiative_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def direction_edit(request, slug: str, direction_id: int):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    direction = get_object_or_404(
        MeetupDirection.objects.select_related("meetup_theme__meetup"),
        meetup_theme__meetup=meetup,
        pk=direction_id,
    )
    initial = {
        "title": direction.title,
        "text": direction.text,
        "questions": "\n".join(direction.questions),
    }
    form = DirectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meetup_service.meetup_direction_update(
            user=request.user, direction=direction, **form.cleaned_data
        )
        messages.success(
            request, _("De oplossingsrichting is opgeslagen. De kennisbank blijft ongewijzigd.")
        )
        return redirect("meetups:theme_edit", slug=slug, theme_id=direction.meetup_theme_id)
    return render(
        request,
        "meetups/manage/direction_form.html",
        {"meetup": meetup, "direction": direction, "form": form},
    )


# --- Registrations ---------------------------------------------------------------------


@login_required
def registrations(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    people, has_seats = _with_final_seats(meetup, selectors.registration_list(meetup=meetup))
    return render(
        request,
        "meetups/manage/registrations.html",
        {
            "meetup": meetup,
            "registrations": people,
            "has_seats": has_seats,
            "summary": selectors.registration_summary(meetup=meetup),
        },
    )


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's Dutch errors on the form fields they name (others on the form)."""
    if not hasattr(exc, "error_dict"):
        for error in exc.messages:
            form.add_error(None, error)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


@login_required
@require_http_methods(["GET", "POST"])
def registration_add(request, slug: str):
    """The organiser registers someone by hand."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    form = RegistrationAddForm(request.POST or None, meetup=meetup)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = registration_service.registration_add(
                user=request.user,
                meetup=meetup,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                organisation_kind=data["organisation_kind"],
                profession=data["profession"],
                theme=data.get("theme"),
                theme_choice_2=data.get("theme_choice_2"),
                needs=data["needs"],
                consent=data["consent"],
                waitlist=data["waitlist"],
                over_capacity=data["over_capacity"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is aangemeld (%(status)s).")
                % {"name": registration.name, "status": registration.get_status_display()},
            )
            return redirect("meetups:registrations", slug=slug)
    return render(
        request,
        "meetups/manage/registration_add.html",
        {"meetup": meetup, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(request, slug: str, registration_id: int):
    """One registration: correct the details; move it or give a place from here."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    registration = selectors.registration_for_user(
        user=request.user, meetup=meetup, registration_id=registration_id
    )
    initial = {
        k: getattr(registration, k)
        for k in ("name", "email", "organisation", "organisation_kind", "profession", "needs")
    }
    form = RegistrationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registration_service.registration_update(
                user=request.user, registration=registration, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("De aanmelding is opgeslagen."))
            return redirect("meetups:registrations", slug=slug)
    waiting = registration.status in (
        Registration.Status.WAITLISTED,
        Registration.Status.EXPIRED,
        Registration.Status.INVITED,
    )
    return render(
        request,
        "meetups/manage/registration_edit.html",
        {
            "meetup": meetup,
            "registration": registration,
            "form": form,
            "move_form": RegistrationMoveForm(
                meetup=meetup,
                required=not waiting,
                initial={"theme": registration.theme_id},
            ),
            "can_move": registration.holds_place,
            "can_promote": waiting,
            "position": selectors.waitlist_position(registration=registration),
        },
        status=400 if form.errors else 200,
    )


def _theme_action(request, slug: str, registration_id: int, *, promote: bool):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    registration = selectors.registration_for_user(
        user=request.user, meetup=meetup, registration_id=registration_id
    )
    form = RegistrationMoveForm(request.POST, meetup=meetup, required=not promote)
    if form.is_valid():
        try:
            if promote:
                registration = registration_service.registration_promote(
                    user=request.user,
                    registration=registration,
                    theme=form.cleaned_data["theme"],
                    over_capacity=form.cleaned_data["over_capacity"],
                )
                messages.success(
                    request,
                    _("%(name)s heeft een plaats gekregen en krijgt daarover een e-mail.")
                    % {"name": registration.name},
                )
            else:
                registration = registration_service.registration_move(
                    user=request.user,
                    registration=registration,
                    theme=form.cleaned_data["theme"],
                    over_capacity=form.cleaned_data["over_capacity"],
                )
                messages.success(
                    request,
                    _("%(name)s is ingedeeld bij %(theme)s en krijgt daarover een e-mail.")
                    % {"name": registration.name, "theme": registration.theme.title},
                )
            return redirect("meetups:registrations", slug=slug)
        except ValidationError as exc:
            _apply_errors(form, exc)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("meetups:registration_edit", slug=slug, registration_id=registration_id)


@login_required
@require_POST
def registration_move(request, slug: str, registration_id: int):
    return _theme_action(request, slug, registration_id, promote=False)


@login_required
@require_POST
def registration_promote(request, slug: str, registration_id: int):
    return _theme_action(request, slug, registration_id, promote=True)


@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request, slug: str, registration_id: int):
    """Cancel someone's registration: a confirmation page first, then the POST cancels."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    registration = selectors.registration_for_user(
        user=request.user, meetup=meetup, registration_id=registration_id
    )
    if request.method == "GET":
        return render(
            request,
            "meetups/manage/registration_cancel.html",
            {"meetup": meetup, "registration": registration},
        )
    try:
        registration_service.registration_cancel(registration=registration)
        messages.success(request, _("De aanmelding is geannuleerd; de wachtlijst schuift door."))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("meetups:registrations", slug=slug)


EXPORT_COLUMNS = (
    ("name", _("Naam")),
    ("email", _("E-mailadres")),
    ("organisation", _("Organisatie")),
    ("profession", _("Beroep of rol")),
    ("theme_choice_1", _("Eerste keus")),
    ("theme_choice_2", _("Tweede keus")),
    ("theme", _("Ingedeeld bij")),
    ("needs", _("Toegankelijkheid of dieet")),
    ("status", _("Status")),
    ("position", _("Plaats op wachtlijst")),
    ("created_at", _("Aangemeld op")),
    ("checked_in_at", _("Binnengekomen om")),
)


def _export_rows(meetup):
    waiting = 0
    for r in selectors.registration_list(meetup=meetup):
        position = ""
        if r.status == Registration.Status.WAITLISTED:
            waiting += 1
            position = waiting
        yield [
            r.name,
            r.email,
            r.organisation,
            r.get_profession_display(),
            r.theme_choice_1.title if r.theme_choice_1 else "",
            r.theme_choice_2.title if r.theme_choice_2 else "",
            r.theme.title if r.theme else "",
            r.needs,
            r.get_status_display(),
            position,
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M")
            if r.checked_in_at
            else "",
        ]


def _export_header() -> list[str]:
    return [str(label) for _key, label in EXPORT_COLUMNS]


@login_required
def export_csv(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    # csv_text neutralises values a spreadsheet would run as a formula (= + - @ tab CR).
    text = csv_text(_export_header(), _export_rows(meetup))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="aanmeldingen-{meetup.slug}.csv"'
    return response


@login_required
def export_xlsx(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    body = write_xlsx(_export_header(), _export_rows(meetup), title=_("Aanmeldingen"))
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="aanmeldingen-{meetup.slug}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def message_all(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = message_service.registrants_message_send(
                user=request.user,
                meetup=meetup,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if result.status == "FAILED":
                form.add_error(None, _message_failed_text())
            elif result.status == "SUCCESSFUL":
                messages.success(request, _message_sent_text(result.return_value))
                return redirect("meetups:registrations", slug=slug)
            else:
                # Queued for the background worker: show its progress on a page of its own.
                return redirect("meetups:message_status", slug=slug, result_id=result.id)
    return render(
        request,
        "meetups/manage/message.html",
        {"meetup": meetup, "form": form},
        status=400 if form.errors else 200,
    )


def _message_failed_text() -> str:
    return _(
        "Het bericht is niet (helemaal) verstuurd: de mailserver gaf een fout. Probeer het "
        "later opnieuw of vraag de beheerder de e-mailinstellingen na te kijken."
    )


def _message_sent_text(count: int) -> str:
    return _("Het bericht is verstuurd aan %(count)d personen.") % {"count": count}


@login_required
def message_status(request, slug: str, result_id: str):
    """What became of a queued message: waiting, sent to N people, or failed."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    result = message_service.registrants_message_result(meetup=meetup, result_id=result_id)
    if result is None:
        raise Http404(_("Dit bericht is onbekend."))
    status = str(result.status)
    return render(
        request,
        "meetups/manage/message_status.html",
        {
            "meetup": meetup,
            "status": status,
            "failed_text": _message_failed_text(),
            "sent_text": _message_sent_text(result.return_value) if status == "SUCCESSFUL" else "",
        },
    )


@login_required
def checkin_list(request, slug: str):
    """A printable list to tick off at the door."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    people = selectors.registration_list(meetup=meetup, statuses=[*Registration.HOLDING]).order_by(
        "name"
    )
    people, has_seats = _with_final_seats(meetup, people)
    return render(
        request,
        "meetups/manage/checkin_list.html",
        {"meetup": meetup, "people": people, "has_seats": has_seats},
    )


def _with_final_seats(meetup, people) -> tuple[list[Registration], bool]:
    """The people, each with `final_seats`: their tables in the final plan (one query)."""
    seats = seating.seats_by_registration(meetup=meetup)
    people = list(people)
    for person in people:
        person.final_seats = seats.get(person.pk, [])  # type: ignore[attr-defined]
    return people, bool(seats)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request, slug: str):
    """Phone-sized check-in page; toggles go through HTMX (works without JS too)."""
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    form = WalkInForm(request.POST or None, meetup=meetup)
    if request.method == "POST" and form.is_valid():
        try:
            registration_service.registration_walk_in(meetup=meetup, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(name)s is als binnenloper ingecheckt.") % {"name": form.cleaned_data["name"]},
            )
            return redirect("meetups:checkin", slug=slug)
    query = request.GET.get("q", "").strip()
    people = selectors.registration_list(
        meetup=meetup,
        statuses=[*Registration.HOLDING, Registration.Status.WAITLISTED],
    ).order_by("name")
    if query:
        people = people.filter(name__icontains=query)
    people, _has_seats = _with_final_seats(meetup, people)
    present = selectors.present_registrations(meetup=meetup).count()
    return render(
        request,
        "meetups/manage/checkin.html",
        {"meetup": meetup, "people": people, "form": form, "query": query, "present": present},
    )


@login_required
@require_POST
def checkin_toggle(request, slug: str, registration_id: int):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug, action=Action.UPDATE)
    registration = selectors.registration_for_user(
        user=request.user, meetup=meetup, registration_id=registration_id
    )
    present = request.POST.get("present") == "1"
    try:
        registration = registration_service.registration_check_in(
            registration=registration, present=present
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        present_count = selectors.present_registrations(meetup=meetup).count()
        registration.final_seats = seating.seats_for_registration(  # type: ignore[attr-defined]
            registration=registration
        )
        return render(
            request,
            "meetups/manage/_checkin_toggle.html",
            {"person": registration, "meetup": meetup, "present": present_count, "oob": True},
        )
    return redirect("meetups:checkin", slug=slug)
