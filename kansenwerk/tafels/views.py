"""Organiser pages for table plans. Views stay thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kansenwerk.core.permissions import Capability, writable_region_ids
from kansenwerk.meetups import selectors as meetup_selectors

from . import selectors, services
from .forms import KeepRuleForm, MoveForm, PlanSettingsForm
from .models import TablePlan
from .pdf import plan_cards_pdf, plan_overview_pdf


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def index(request):
    if writable_region_ids(request.user, capability=Capability.MEETUPS) == frozenset():
        raise PermissionDenied(_("U hebt geen rechten om tafels voor meetups in te delen."))
    meetups = selectors.meetups_with_plans_for_user(user=request.user)
    return render(request, "tafels/index.html", {"meetups": meetups})


@login_required
def meetup(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    registrations = selectors.registrations_for_rules(meetup=meetup)
    return render(
        request,
        "tafels/meetup.html",
        {
            "meetup": meetup,
            "plans": selectors.plans_for_meetup(meetup=meetup),
            "settings_form": PlanSettingsForm(registrations=registrations),
            "rule_form": KeepRuleForm(registrations=registrations),
            "rules": selectors.keep_rules_for_meetup(meetup=meetup),
            "present_count": meetup_selectors.present_registrations(meetup=meetup).count(),
            "confirmed_count": services.source_registrations(
                meetup=meetup, source=TablePlan.Source.REGISTRATIONS
            ).count(),
        },
    )


@login_required
@require_POST
def plan_create(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    registrations = selectors.registrations_for_rules(meetup=meetup)
    form = PlanSettingsForm(request.POST, registrations=registrations)
    if form.is_valid():
        try:
            plan = services.plan_create(user=request.user, meetup=meetup, **form.cleaned_data)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            return redirect(plan.get_absolute_url())
    return render(
        request,
        "tafels/meetup.html",
        {
            "meetup": meetup,
            "plans": selectors.plans_for_meetup(meetup=meetup),
            "settings_form": form,
            "rule_form": KeepRuleForm(registrations=registrations),
            "rules": selectors.keep_rules_for_meetup(meetup=meetup),
            "present_count": meetup_selectors.present_registrations(meetup=meetup).count(),
            "confirmed_count": services.source_registrations(
                meetup=meetup, source=TablePlan.Source.REGISTRATIONS
            ).count(),
        },
        status=400,
    )


@login_required
@require_POST
def rule_create(request, slug: str):
    meetup = selectors.meetup_for_user(user=request.user, slug=slug)
    form = KeepRuleForm(
        request.POST, registrations=selectors.registrations_for_rules(meetup=meetup)
    )
    if form.is_valid():
        try:
            services.keep_rule_create(user=request.user, meetup=meetup, **form.cleaned_data)
            messages.success(request, _("De regel is opgeslagen."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("tafels:meetup", kwargs={"slug": meetup.slug}) + "#regels")


@login_required
@require_POST
def rule_delete(request, rule_id: int):
    rule = selectors.keep_rule_for_user(user=request.user, rule_id=rule_id)
    slug = rule.meetup.slug
    services.keep_rule_delete(user=request.user, rule=rule)
    messages.success(request, _("De regel is verwijderd."))
    return redirect(reverse("tafels:meetup", kwargs={"slug": slug}) + "#regels")


def _plan_context(plan: TablePlan) -> dict:
    layout = (
        None
        if plan.is_busy or plan.run_state == TablePlan.RunState.FAILED
        else (selectors.plan_layout(plan=plan))
    )
    return {
        "plan": plan,
        "meetup": plan.meetup,
        "layout": layout,
        "last_moves": selectors.last_moves_for_display(plan=plan) if plan.last_moves else [],
    }


@login_required
@require_GET
def plan_detail(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    return render(request, "tafels/plan.html", _plan_context(plan))


@login_required
@require_GET
def plan_status(request, plan_id: int):
    """Polled by HTMX while the planner runs; reloads the page once it is done."""
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    response = render(request, "tafels/_plan_status.html", {"plan": plan})
    if not plan.is_busy:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def seat_move(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    form = MoveForm(request.POST)
    error = None
    if form.is_valid():
        theme_id, table_number = form.target_parts()
        try:
            services.seat_move(
                user=request.user,
                plan=plan,
                registration_id=form.cleaned_data["registration"],
                round_number=form.cleaned_data["round"],
                theme_id=theme_id,
                table_number=table_number,
            )
        except ValidationError as exc:
            error = _error_text(exc)
    else:
        error = _("Kies een tafel om naar te verplaatsen.")
    if request.htmx:
        plan.refresh_from_db()
        context = _plan_context(plan) | {"move_error": error, "moved": not error}
        return render(request, "tafels/_plan_body.html", context)
    if error:
        # Refused (a rule would break, or bad input): the page again, with the reason.
        plan.refresh_from_db()
        context = _plan_context(plan) | {"move_error": error}
        return render(request, "tafels/plan.html", context, status=400)
    messages.success(request, _("De deelnemer is verplaatst."))
    return redirect(plan.get_absolute_url() + "#indeling")


@login_required
@require_POST
def plan_rebalance(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    try:
        moves = services.plan_rebalance(
            user=request.user, plan=plan, keep_seated=request.POST.get("keep_seated") == "1"
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if moves:
            messages.success(
                request,
                _("Opnieuw ingedeeld met %(n)d wijzigingen; zie de lijst hieronder.")
                % {"n": len(moves)},
            )
        else:
            messages.info(request, _("Iedereen die er is zat al goed; niets verplaatst."))
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def plan_status_set(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    status = request.POST.get("status", "")
    try:
        services.plan_set_status(user=request.user, plan=plan, status=status)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("De status is nu: %(s)s.") % {"s": plan.get_status_display()})
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def plan_delete(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    slug = plan.meetup.slug
    services.plan_delete(user=request.user, plan=plan)
    messages.success(request, _("De tafelindeling is verwijderd."))
    return redirect("tafels:meetup", slug=slug)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def plan_cards(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    pdf = plan_cards_pdf(plan=plan, base_url=request.build_absolute_uri("/"))
    return _pdf_response(pdf, f"tafelkaarten-{plan.meetup.slug}.pdf")


@login_required
@require_GET
def plan_overview(request, plan_id: int):
    plan = selectors.plan_for_user(user=request.user, plan_id=plan_id)
    pdf = plan_overview_pdf(plan=plan, base_url=request.build_absolute_uri("/"))
    return _pdf_response(pdf, f"tafeloverzicht-{plan.meetup.slug}.pdf")
