"""Evidence pages: compare, the beheerder's profile form, and the review of found statements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
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


def _review_page(request, *, error: str = "", moved: int | None = None, status: int = 200):
    """The review page; `error` says why a decision or a move (of statement `moved`) was
    refused, shown at the top and beside that statement's move menu."""
    statements = list(selectors.statements_to_review())
    for statement in statements:
        statement.move_error = error if statement.pk == moved else ""
    return render(
        request,
        "kennisbank/evidence/review.html",
        {"statements": statements, "choices": selectors.move_choices(), "error": error},
        status=status,
    )


@login_required
def review(request):
    services.ensure_beheerder(request.user)
    return _review_page(request)


@login_required
@require_POST
def review_move(request, pk):
    """Move a statement to another intervention or direction, or to its document only.
    With HTMX the row is replaced in place (a refusal comes back as 422 with the reason
    in the row); without, the page again (400 with the reason beside the row)."""
    services.ensure_beheerder(request.user)
    statement = selectors.statement_for_review(pk)
    error = ""
    try:
        statement = services.statement_move(
            user=request.user, statement=statement, target=request.POST.get("target", "")
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        return render(
            request,
            "kennisbank/evidence/_review_row.html",
            {
                "s": selectors.statement_for_review(pk),
                "choices": selectors.move_choices(),
                "error": error,
                "moved": not error,
            },
            status=422 if error else 200,
        )
    if error:
        return _review_page(
            request,
            error=_("De uitspraak is niet verplaatst: %(reason)s") % {"reason": error},
            moved=statement.pk,
            status=400,
        )
    messages.success(request, _("De uitspraak is verplaatst."))
    return redirect("kennisbank:evidence_review")


@login_required
@require_POST
def review_decide(request, pk):
    services.ensure_beheerder(request.user)
    statement = get_object_or_404(EvidenceStatement, pk=pk)
    status = request.POST.get("status", "")
    try:
        services.statement_review(user=request.user, statement=statement, status=status)
    except ValidationError as exc:
        return _review_page(request, error=" ".join(exc.messages), status=400)
    messages.success(
        request,
        _("De uitspraak is %(status)s.") % {"status": statement.get_status_display().lower()},
    )
    return redirect("kennisbank:evidence_review")
