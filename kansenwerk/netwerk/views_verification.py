"""Verified listings (the personal link, no account, and the coordinator's review page)
and self-registration. All writes go through services_verification.py / services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kansenwerk.core import ratelimit
from kansenwerk.core.permissions import Capability, can_write

from . import selectors, services
from . import services_verification as verification
from .forms import ProposalForm, VerificationEditForm
from .models import OrganizationProposal, VerificationRequest

ERROR_STATUS = {"unknown": 404, "used": 410, "expired": 410, "deleted": 410}


def _link_error(request, kind: str):
    return render(request, "netwerk/verify_error.html", {"kind": kind}, status=ERROR_STATUS[kind])


@require_http_methods(["GET", "POST"])
def verify(request, token):
    try:
        verification_request = verification.verification_for_token(token=token)
    except verification.VerificationLinkError as exc:
        return _link_error(request, exc.kind)
    organization = verification_request.organization
    form = VerificationEditForm(instance=organization, prefix="wijzig")
    action = request.POST.get("actie", "") if request.method == "POST" else ""
    try:
        if action == "klopt":
            verification.verification_confirm(token=token)
            return render(request, "netwerk/verify_done.html", {"answer": "confirmed"})
        if action == "gestopt":
            verification.verification_report_stopped(token=token)
            return render(request, "netwerk/verify_done.html", {"answer": "stopped"})
        if action == "wijzig":
            form = VerificationEditForm(request.POST, instance=organization, prefix="wijzig")
            if form.is_valid():
                answered = verification.verification_propose(token=token, data=form.cleaned_data)
                return render(request, "netwerk/verify_done.html", {"answer": answered.answer})
    except verification.VerificationLinkError as exc:
        return _link_error(request, exc.kind)
    if organization is not None:
        # A ModelForm edits its instance while validating: show the stored listing.
        organization.refresh_from_db()
    return render(
        request,
        "netwerk/verify.html",
        {
            "verification": verification_request,
            "organization": organization,
            "services": list(organization.services.all()) if organization else [],
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verification_overview(request, region_slug):
    region = selectors.region_get(slug=region_slug)
    if not can_write(request.user, capability=Capability.NETWERK, region_id=region.pk):
        raise PermissionDenied(_("U hebt geen rechten om de controle in deze regio te beheren."))
    if request.method == "POST":
        if request.POST.get("actie") == "versturen":
            result = verification.verification_send_for_region(user=request.user, region=region)
            messages.success(
                request,
                _(
                    "%(n)s controleverzoeken verstuurd; %(none)s organisaties hebben geen "
                    "e-mailadres."
                )
                % {"n": result.requests, "none": result.without_address},
            )
        else:
            try:
                pk = int(request.POST.get("verzoek", ""))
            except ValueError as exc:
                raise Http404(_("Dit controleverzoek bestaat niet.")) from exc
            answer = VerificationRequest.objects.filter(pk=pk, region=region).first()
            if answer is None:
                raise Http404(_("Dit controleverzoek bestaat niet."))
            approve = request.POST.get("actie") == "goedkeuren"
            try:
                verification.verification_review(user=request.user, request=answer, approve=approve)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Het antwoord is goedgekeurd.")
                    if approve
                    else _("Het antwoord is afgewezen."),
                )
        return redirect(reverse("netwerk:verification", kwargs={"region_slug": region.slug}))
    pending = [
        {"request": r, "diff": verification.review_diff(r)}
        for r in verification.pending_reviews(region=region)
    ]
    return render(
        request,
        "netwerk/verification.html",
        {
            "region": region,
            "pending": pending,
            "freshness": selectors.region_freshness(region=region),
            "proposals": OrganizationProposal.objects.filter(
                region=region, status=OrganizationProposal.Status.PENDING
            ),
        },
    )


# Self-registration ----------------------------------------------------------------------

# Proposals per client address per hour: plenty for an organisation, a brake on scripts.
PROPOSAL_LIMIT = 5
PROPOSAL_WINDOW = 60 * 60


@require_http_methods(["GET", "POST"])
def propose(request, region_slug):
    """The public "meld uw organisatie aan" form; the proposal waits for the coordinator."""
    region = selectors.region_get(slug=region_slug)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and not ratelimit.hit(
        request, scope="netwerk-propose", limit=PROPOSAL_LIMIT, window=PROPOSAL_WINDOW
    ):
        form.add_error(
            None,
            _(
                "Er zijn vanaf uw adres te veel aanmeldingen gedaan. Probeer het over een uur "
                "opnieuw."
            ),
        )
        return render(request, "netwerk/propose.html", {"region": region, "form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(region=region, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "netwerk/propose_done.html", {"region": region})
    return render(request, "netwerk/propose.html", {"region": region, "form": form})


@login_required
@require_http_methods(["POST"])
def proposal_decide(request, region_slug, pk):
    region = selectors.region_get(slug=region_slug)
    proposal = OrganizationProposal.objects.filter(pk=pk, region=region).first()
    if proposal is None:
        raise Http404(_("Deze aanmelding bestaat niet."))
    approve = request.POST.get("actie") == "toevoegen"
    try:
        organization = services.proposal_review(
            user=request.user, proposal=proposal, approve=approve
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if organization is not None:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": organization})
        else:
            messages.success(request, _("De aanmelding is afgewezen."))
    return redirect(reverse("netwerk:verification", kwargs={"region_slug": region.slug}))
