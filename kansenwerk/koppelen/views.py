"""Koppelen pages: thin views over the selectors (who may see what) and services (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.core.forms import add_service_errors

from . import forms, selectors, services
from .matching.explain import slot_label
from .models import Match, Participant
from .services.screening import step_label


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return list(exc.messages)


def index(request):
    """Open to everyone: open programmes per region; coordinators also see what they manage
    and why."""
    mine = selectors.programmes_with_reason(user=request.user)
    return render(
        request,
        "koppelen/index.html",
        {
            "programmes": mine,
            "open_by_region": selectors.open_programmes_by_region(),
            "can_create": selectors.can_create_programme(user=request.user),
            "run_by_others": selectors.region_programmes_run_by_others(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    if not selectors.can_create_programme(user=request.user):
        raise PermissionDenied(_("Alleen beheerders en regiocoördinatoren starten een programma."))
    form = forms.ProgrammeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                user=request.user,
                name=data["name"],
                kind=data["kind"],
                region=data["region"],
                owner=data["owner"],
                description=data["description"],
                default_capacity=data["default_capacity"],
                retention_months=data["retention_months"],
                intake_fields=data["intake_fields"] or None,
                solution_directions=data["solution_directions"],
                interventions=data["interventions"],
                is_open=data["is_open"],
                screening_steps=data["screening_steps"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Het programma is aangemaakt."))
            return redirect(programme.get_absolute_url())
    return render(request, "koppelen/programme_form.html", {"form": form, "programme": None})


@login_required
def programme_detail(request, programme_id):
    programme = selectors.programme_for_user(user=request.user, programme_id=programme_id)
    return render(
        request,
        "koppelen/programme_detail.html",
        {
            "programme": programme,
            "overview": selectors.programme_overview(programme=programme),
            "mentors": selectors.participant_list(programme=programme, side="mentor"),
            "mentees": selectors.participant_list(programme=programme, side="mentee"),
            "due": selectors.checkins_due(programme=programme),
            "started": selectors.match_list(programme=programme, statuses=(Match.Status.ACCEPTED,)),
            "stalled": services.stalled_steps(programme=programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_update(request, programme_id):
    programme = selectors.programme_for_user(user=request.user, programme_id=programme_id)
    form = forms.ProgrammeForm(request.POST or None, instance=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            services.programme_update(user=request.user, programme=programme, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect(programme.get_absolute_url())
    return render(request, "koppelen/programme_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def programme_rules(request, programme_id):
    programme = selectors.programme_for_user(user=request.user, programme_id=programme_id)
    form = forms.RulesForm(
        request.POST or None, initial=forms.RulesForm.initial_from(programme.matching_rules())
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(
                user=request.user,
                programme=programme,
                data={"rules": form.overrides(current=programme.rules or {})},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De koppelregels zijn opgeslagen."))
            return redirect("koppelen:matching", programme_id=programme.pk)
    return render(request, "koppelen/rules_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_import(request, programme_id):
    programme = selectors.programme_for_user(user=request.user, programme_id=programme_id)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.cohort_import(
                user=request.user,
                programme=programme,
                side=form.cleaned_data["side"],
                text=form.text(),
                filename=form.cleaned_data["file"].name,
            )
        except (ValidationError, forms.forms.ValidationError) as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Import klaar: %(created)d nieuw, %(updated)d bijgewerkt.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(programme.get_absolute_url())
    return render(request, "koppelen/import_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "POST"])
def participant_create(request, programme_id, side):
    programme = selectors.programme_for_user(user=request.user, programme_id=programme_id)
    if side not in Participant.Side.values:
        raise Http404
    form = forms.ParticipantForm(request.POST or None, programme=programme, side=side)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.participant_create(
                user=request.user, programme=programme, side=side, data=form.intake_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is aangemeld.") % {"name": participant.display_name},
            )
            return redirect(programme.get_absolute_url())
    return render(
        request,
        "koppelen/participant_form.html",
        {"form": form, "programme": programme, "side": side, "participant": None},
    )


@login_required
def participant_detail(request, programme_id, participant_id):
    participant = selectors.participant_for_user(
        user=request.user, programme_id=programme_id, participant_id=participant_id
    )
    services.participant_intake_viewed(user=request.user, participant=participant)
    matches = (
        Match.objects.filter(mentor=participant) | Match.objects.filter(mentee=participant)
    ).select_related("mentor", "mentee")
    return render(
        request,
        "koppelen/participant_detail.html",
        {
            "programme": participant.programme,
            "participant": participant,
            "matches": matches.order_by("-created_at"),
            "vog_form": forms.VogForm(initial={"has_vog": participant.has_vog}),
            "availability_labels": ", ".join(slot_label(s) for s in participant.availability),
            "screening_missing": [step_label(s) for s in participant.screening_missing()],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_update(request, programme_id, participant_id):
    participant = selectors.participant_for_user(
        user=request.user, programme_id=programme_id, participant_id=participant_id
    )
    form = forms.ParticipantEditForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                user=request.user, participant=participant, data=form.intake_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De intake is bijgewerkt."))
            return redirect(participant.get_absolute_url())
    return render(
        request,
        "koppelen/participant_form.html",
        {
            "form": form,
            "programme": participant.programme,
            "side": participant.side,
            "participant": participant,
        },
    )


@login_required
@require_POST
def participant_vog(request, programme_id, participant_id):
    participant = selectors.participant_for_user(
        user=request.user, programme_id=programme_id, participant_id=participant_id
    )
    form = forms.VogForm(request.POST)
    form.is_valid()
    try:
        services.participant_set_vog(
            user=request.user,
            participant=participant,
            has_vog=form.cleaned_data.get("has_vog", False),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    else:
        messages.success(request, _("De VOG-status is opgeslagen."))
    return redirect(participant.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def participant_ranking(request, programme_id, participant_id):
    participant = selectors.participant_for_user(
        user=request.user, programme_id=programme_id, participant_id=participant_id
    )
    other_side = "mentee" if participant.side == "mentor" else "mentor"
    others = participant.programme.participants.filter(
        side=other_side, pseudonymised_at__isnull=True
    ).order_by("display_name")
    form = forms.RankingForm(request.POST or None, participant=participant, others=others)
    if request.method == "POST" and form.is_valid():
        services.participant_set_ranking(
            user=request.user, participant=participant, ranking=form.ranking()
        )
        messages.success(request, _("De voorkeuren zijn opgeslagen."))
        return redirect(participant.get_absolute_url())
    return render(
        request,
        "koppelen/ranking_form.html",
        {"form": form, "programme": participant.programme, "participant": participant},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_delete(request, programme_id, participant_id):
    participant = selectors.participant_for_user(
        user=request.user, programme_id=programme_id, participant_id=participant_id
    )
    if request.method == "POST":
        try:
            services.participant_delete(user=request.user, participant=participant)
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
            return redirect(participant.get_absolute_url())
        messages.success(request, _("De deelnemer is verwijderd."))
        return redirect(participant.programme.get_absolute_url())
    return render(
        request,
        "koppelen/participant_delete.html",
        {"programme": participant.programme, "participant": participant},
    )


@login_required
@require_http_methods(["GET", "POST"])
def matching(request, programme_id):
    programme = selectors.programme_for_user(user=request.user, programme_id=programme_id)
    form = forms.RunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.programme_run_matching(
                user=request.user, programme=programme, method=form.cleaned_data["method"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(
                request,
                _("Koppelronde klaar: %(pairs)d koppelingen, %(unmatched)d niet gekoppeld.")
                % {"pairs": len(result.pairs), "unmatched": len(result.unmatched)},
            )
        return redirect("koppelen:matching", programme_id=programme.pk)
    pairs = list(
        selectors.match_list(
            programme=programme,
            statuses=(Match.Status.PROPOSED, Match.Status.LOCKED, Match.Status.ACCEPTED),
        )
    )
    movable = [m for m in pairs if m.status in (Match.Status.PROPOSED, Match.Status.LOCKED)]
    unmatched = selectors.unmatched_from_last_run(programme=programme)
    return render(
        request,
        "koppelen/matching.html",
        {
            "programme": programme,
            "form": form,
            "pairs": pairs,
            "movable": movable,
            "unmatched": unmatched,
            "last_run": programme.last_run or None,
            "max_score": selectors.max_pair_score(programme=programme),
            "rejected": selectors.match_list(
                programme=programme, statuses=(Match.Status.REJECTED,)
            ),
        },
    )


MATCH_ACTIONS = {
    "vastzetten": (services.match_lock, _("De koppeling is vastgezet.")),
    "losmaken": (services.match_unlock, _("De koppeling is weer een voorstel.")),
    "starten": (services.match_accept, _("De koppeling is gestart.")),
    "uitsluiten": (
        services.match_reject,
        _("De koppeling is uitgesloten en wordt niet meer voorgesteld."),
    ),
}


@login_required
@require_POST
def match_action(request, programme_id, match_id, action):
    match = selectors.match_for_user(
        user=request.user, programme_id=programme_id, match_id=match_id
    )
    back = reverse("koppelen:matching", kwargs={"programme_id": programme_id})
    try:
        if action == "ruilen":
            form = forms.SwapForm(
                request.POST,
                match=match,
                candidates=selectors.match_list(
                    programme=match.programme,
                    statuses=(Match.Status.PROPOSED, Match.Status.LOCKED),
                ),
            )
            if not form.is_valid():
                raise ValidationError(_("Kies een koppeling om mee te ruilen."))
            other = form.cleaned_data["other"]
            other.programme = match.programme
            services.match_swap(user=request.user, match=match, other=other)
            messages.success(request, _("De mentoren zijn geruild; beide koppelingen staan vast."))
        elif action == "beeindigen":
            form = forms.EndForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Kies een reden uit de lijst."))
            services.match_end(
                user=request.user,
                match=match,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("De koppeling is beëindigd."))
            back = match.get_absolute_url()
        elif action in MATCH_ACTIONS:
            service, text = MATCH_ACTIONS[action]
            service(user=request.user, match=match)
            messages.success(request, text)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    if request.POST.get("next") == "detail":
        back = match.get_absolute_url()
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def match_detail(request, programme_id, match_id):
    match = selectors.match_for_user(
        user=request.user, programme_id=programme_id, match_id=match_id
    )
    meeting_form = forms.MeetingForm(prefix="meeting")
    done = {checkin.week for checkin in match.checkins.all()}
    next_week = next((week for week in selectors.CHECKIN_WEEKS if week not in done), None)
    checkin_form = forms.CheckInForm(prefix="checkin", initial={"week": next_week})
    if request.method == "POST":
        kind = request.POST.get("form")
        try:
            if kind == "meeting":
                meeting_form = forms.MeetingForm(request.POST, prefix="meeting")
                if meeting_form.is_valid():
                    services.meeting_log(
                        user=request.user, match=match, **meeting_form.cleaned_data
                    )
                    messages.success(request, _("De ontmoeting is vastgelegd."))
                    return redirect(match.get_absolute_url())
            elif kind == "checkin":
                checkin_form = forms.CheckInForm(request.POST, prefix="checkin")
                if checkin_form.is_valid():
                    services.checkin_record(
                        user=request.user,
                        match=match,
                        week=checkin_form.cleaned_data["week"],
                        answers=checkin_form.answers(),
                    )
                    messages.success(request, _("De check-in is vastgelegd."))
                    return redirect(match.get_absolute_url())
        except ValidationError as exc:
            add_service_errors(meeting_form if kind == "meeting" else checkin_form, exc)
    return render(
        request,
        "koppelen/match_detail.html",
        {
            "programme": match.programme,
            "match": match,
            "meetings": match.meetings.all(),
            "checkins": match.checkins.all(),
            "meeting_form": meeting_form,
            "checkin_form": checkin_form,
            "end_form": forms.EndForm(),
            "max_score": selectors.max_pair_score(programme=match.programme),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_screening(request, programme_id, participant_id):
    participant = selectors.participant_for_user(
        user=request.user, programme_id=programme_id, participant_id=participant_id
    )
    initial = {name: getattr(participant, name) for name in forms.ScreeningForm.base_fields}
    form = forms.ScreeningForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_screening_update(
                user=request.user, participant=participant, dates=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("De stappen zijn bijgewerkt."))
            return redirect(participant.get_absolute_url())
    return render(
        request,
        "koppelen/screening_form.html",
        {"form": form, "participant": participant, "programme": participant.programme},
        status=400 if form.errors else 200,
    )
