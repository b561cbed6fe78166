"""Evidence pages: compare, the beheerder's profile form, and the review of found statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.core.models import Municipality

from . import selectors, services
from .forms import ProfileForm
from .models import EvidenceStatement

if TYPE_CHECKING:
    from kansenwerk.kennisbank import models as m
else:
    from .kb import m


def compare(request):
    slugs = request.GET.getlist("i")
    municipality_slug = request.GET.get("gemeente", "")
    rows, municipality, error = [], None, ""
    if slugs:
        try:
            rows, municipality = selectors.compare(
                slugs=slugs[:10], municipality_slug=municipality_slug
            )
        except ValidationError as exc:
            error = exc.messages[0]
    response = render(
        request,
        "kennisbank/evidence/compare.html",
        {
            "rows": rows,
            "municipality": municipality,
            "error": error,
            "chosen": slugs,
            "chosen_municipality": municipality_slug,
            "interventions": m.Intervention.objects.only("slug", "title").order_by("title"),
            "municipalities": Municipality.objects.only("slug", "name").order_by("name"),
        },
        status=400 if error else 200,
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, slug):
    services.ensure_beheerder(request.user)
    intervention = get_object_or_404(m.Intervention, slug=slug)
    profile = selectors.profile_of(intervention)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(
                user=request.user, intervention=intervention, data=form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Het bewijsprofiel is opgeslagen."))
            return redirect(intervention.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "kennisbank/evidence/profile_form.html",
        {"form": form, "intervention": intervention},
        status=status,
    )


@login_required
@require_POST
def profile_clear(request, slug):
    intervention = get_object_or_404(m.Intervention, slug=slug)
    services.profile_clear_level(user=request.user, intervention=intervention)
    messages.success(request, _("Het niveau is verwijderd; de geschiedenis blijft bewaard."))
    return redirect(intervention.get_absolute_url())


@login_required
def review(request):
    services.ensure_beheerder(request.user)
    statements = (
        EvidenceStatement.objects.filter(status=EvidenceStatement.Status.PROPOSED)
        .select_related("source_document", "intervention", "solution_direction")
        .order_by("source_document__title", F("source_line").asc(nulls_last=True), "id")
    )
    return render(request, "kennisbank/evidence/review.html", {"statements": statements})


@login_required
@require_POST
def review_decide(request, pk):
    statement = get_object_or_404(EvidenceStatement, pk=pk)
    status = request.POST.get("status", "")
    try:
        services.statement_review(user=request.user, statement=statement, status=status)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("kennisbank:evidence_review")
    messages.success(
        request,
        _("De uitspraak is %(status)s.") % {"status": statement.get_status_display().lower()},
    )
    return redirect("kennisbank:evidence_review")
