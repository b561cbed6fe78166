"""Pages for agreements and signals: the table host page, follow-up, the owner's link,
and the meetup report with its exports. Rights are checked in the selectors."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.afspraken import report as report_files
from kansenwerk.afspraken import selectors
from kansenwerk.afspraken.forms import (
    AgreementForm,
    ProgressForm,
    SignalForm,
    TableLinkAgreementForm,
    TableLinkSignalForm,
)
from kansenwerk.afspraken.services import agreements as agreement_service
from kansenwerk.afspraken.services import publication as publication_service
from kansenwerk.afspraken.services import signals as signal_service
from kansenwerk.core.actor import audit_context
from kansenwerk.core.charts import bar_chart
from kansenwerk.core.models import AuditLogEntry
from kansenwerk.core.ratelimit import anonymous_pdf_refused
from kansenwerk.meetups.selectors import meetup_for_user, meetups_for_user
from kansenwerk.tafels import links as table_links
from kansenwerk.tafels.models import TableLink


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": exc.messages}


@login_required
def index(request):
    """The meetups this user manages, with how their agreements are doing."""
    meetups = meetups_for_user(user=request.user).annotate(
        agreement_count=Count("agreements", distinct=True),
        open_count=Count(
            "agreements",
            filter=Q(agreements__status__in=["gepland", "bezig"]),
            distinct=True,
        ),
        signal_count=Count("signals", distinct=True),
    )
    return render(request, "afspraken/index.html", {"meetups": meetups[:100]})


@login_required
def table(request, slug: str):
    """The phone-sized page a table host records agreements and signals on."""
    meetup = meetup_for_user(user=request.user, slug=slug)
    table_label = request.GET.get("tafel", "")[:60]
    initial = {"table_label": table_label}
    context = {
        "meetup": meetup,
        "agreement_form": AgreementForm(meetup=meetup, initial=initial, prefix="afspraak"),
        "signal_form": SignalForm(meetup=meetup, initial=initial, prefix="signaal"),
        "recent": selectors.agreements_for_meetup(meetup=meetup).order_by("-id")[:5],
    }
    return render(request, "afspraken/table.html", context)


def _table_post(request, slug: str, *, kind: str):
    meetup = meetup_for_user(user=request.user, slug=slug)
    form_class = AgreementForm if kind == "agreement" else SignalForm
    prefix = "afspraak" if kind == "agreement" else "signaal"
    form = form_class(request.POST, meetup=meetup, prefix=prefix)
    created = False
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if kind == "agreement":
                obj, created = agreement_service.agreement_create(
                    user=request.user, meetup=meetup, **data
                )
            else:
                obj, created = signal_service.signal_create(
                    user=request.user, meetup=meetup, **data
                )
        except ValidationError as exc:
            for field, errors in _errors(exc).items():
                for error in errors:
                    form.add_error(None if field == "__all__" else field, error)
    if form.errors:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
        context = {
            "meetup": meetup,
            "agreement_form": form
            if kind == "agreement"
            else AgreementForm(meetup=meetup, prefix="afspraak"),
            "signal_form": form
            if kind == "signal"
            else SignalForm(meetup=meetup, prefix="signaal"),
            "recent": selectors.agreements_for_meetup(meetup=meetup).order_by("-id")[:5],
        }
        return render(request, "afspraken/table.html", context, status=400)
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "id": obj.pk, "created": created}, status=201 if created else 200
        )
    if kind == "agreement":
        messages.success(request, _("De afspraak is opgeslagen."))
    else:
        messages.success(request, _("Het signaal is opgeslagen."))
    url = reverse("afspraken:table", kwargs={"slug": meetup.slug})
    table_label = form.cleaned_data.get("table_label")
    return redirect(f"{url}?tafel={table_label}" if table_label else url)


@login_required
@require_POST
def table_agreement(request, slug: str):
    return _table_post(request, slug, kind="agreement")


@login_required
@require_POST
def table_signal(request, slug: str):
    return _table_post(request, slug, kind="signal")


@login_required
def owner_suggestions(request, slug: str):
    """HTMX: organisations and contact persons from the netwerk matching the owner field."""
    meetup = meetup_for_user(user=request.user, slug=slug)
    query = request.GET.get("afspraak-owner_name", "") or request.GET.get("q", "")
    found = selectors.owner_suggestions(user=request.user, meetup=meetup, query=query)
    return render(request, "afspraken/includes/owner_suggestions.html", {**found, "query": query})


def _link_or_response(request, token: str):
    """The table host's link, or the page that says why it does not work (404 / 410)."""
    try:
        return table_links.table_link_by_token(token=token), None
    except TableLink.DoesNotExist:
        return None, render(
            request, "afspraken/table_link_gone.html", {"expired": False}, status=404
        )
    except table_links.TableLinkExpired:
        return None, render(
            request, "afspraken/table_link_gone.html", {"expired": True}, status=410
        )


def _link_headers(response):
    # The token is the key to the page: keep it out of referrers, search engines and caches.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def _link_context(link: TableLink, *, agreement_form=None, signal_form=None) -> dict:
    theme = link.meetup_theme
    return {
        "link": link,
        "meetup": link.meetup,
        "theme": theme,
        "agreement_form": agreement_form or TableLinkAgreementForm(link=link),
        "signal_form": signal_form or TableLinkSignalForm(link=link, prefix="signaal"),
        "directions": list(theme.directions.order_by("position", "id")),
        "recent": selectors.agreements_for_meetup(meetup=link.meetup)
        .filter(meetup_theme=theme, table_label=link.label)
        .order_by("-id")[:5],
    }


@require_http_methods(["GET", "POST"])
def table_link(request, token: str):
    """The table host's page through the link on the table card: no account needed.

    With JavaScript the agreement goes to `POST /api/tables/{token}/agreements` (queued on
    the phone while offline); without, the form posts here.
    """
    link, gone = _link_or_response(request, token)
    if gone is not None:
        return _link_headers(gone)
    form = None
    if request.method == "POST":
        form = TableLinkAgreementForm(request.POST, link=link)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agreement_service.agreement_create_at_table(
                    link=link,
                    what=data["what"],
                    owner_name=data["owner_name"],
                    owner_email=data["owner_email"],
                    people=data["with_whom"],
                    due_date=data["due"],
                    meetup_direction=data["direction"],
                    organizations=data["organisations"],
                    client_uuid=data["client_uuid"],
                )
            except ValidationError as exc:
                names = {"meetup_direction": "direction", "organizations": "organisations"}
                for field, errors in _errors(exc).items():
                    field = names.get(field, field)
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, _("De afspraak is opgeslagen."))
                return redirect(request.path)
    response = render(
        request,
        "afspraken/table_link.html",
        _link_context(link, agreement_form=form),
        status=400 if form is not None and form.errors else 200,
    )
    return _link_headers(response)


@require_POST
def table_link_signal(request, token: str):
    """'Wat is nodig' through the table host's link (form post or JSON from the queue)."""
    link, gone = _link_or_response(request, token)
    if gone is not None:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": {}}, status=gone.status_code)
        return _link_headers(gone)
    form = TableLinkSignalForm(request.POST, link=link, prefix="signaal")
    signal = None
    created = False
    if form.is_valid():
        try:
            # The link stands in for an account: it was checked above.
            signal, created = signal_service.signal_create(
                user=None,
                meetup=link.meetup,
                meetup_theme=link.meetup_theme,
                table_label=link.label,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            for field, errors in _errors(exc).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
    if form.errors or signal is None:
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors.get_json_data()}, status=400)
        response = render(
            request, "afspraken/table_link.html", _link_context(link, signal_form=form), status=400
        )
        return _link_headers(response)
    if _wants_json(request):
        return JsonResponse(
            {"ok": True, "id": signal.pk, "created": created}, status=201 if created else 200
        )
    messages.success(request, _("Het signaal is opgeslagen."))
    return redirect("afspraken:table_link", token=link.token)


def table_link_suggestions(request, token: str):
    """HTMX: organisations from the netwerk (no contact persons: the host has no account)."""
    link, gone = _link_or_response(request, token)
    if gone is not None:
        return HttpResponse("", status=gone.status_code)
    query = request.GET.get("owner_name", "") or request.GET.get("q", "")
    found = selectors.owner_suggestions(user=None, meetup=link.meetup, query=query[:200])
    return _link_headers(
        render(request, "afspraken/includes/owner_suggestions.html", {**found, "query": query})
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    """An organiser's view of one agreement: timeline, progress, the owner's link."""
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    form = ProgressForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_service.agreement_progress_add(
                agreement=agreement, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in _errors(exc).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("De voortgang is opgeslagen."))
            return redirect(agreement.get_absolute_url())
    owner_url = request.build_absolute_uri(
        reverse("afspraken:owner", kwargs={"token": agreement.token})
    )
    return render(
        request,
        "afspraken/detail.html",
        {"agreement": agreement, "form": form, "owner_url": owner_url},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def link(request, pk: int):
    agreement = selectors.agreement_for_user(user=request.user, pk=pk)
    if request.POST.get("action") == "renew":
        agreement_service.agreement_link_renew(user=request.user, agreement=agreement)
        messages.success(
            request, _("Er is een nieuwe persoonlijke link gemaakt; de oude werkt niet meer.")
        )
    else:
        agreement_service.agreement_link_revoke(user=request.user, agreement=agreement)
        messages.success(request, _("De persoonlijke link is ingetrokken."))
    return redirect(agreement.get_absolute_url())


def _owner_link_expires_on(agreement) -> datetime.date:
    """The last day the owner's link works: some months after the agreement's due date."""
    months = settings.KANSENWERK_OWNER_LINK_MONTHS_AFTER_DUE
    return agreement.due_date + relativedelta(months=months)


@require_http_methods(["GET", "POST"])
def owner(request, token: str):
    """The owner's personal link: this one agreement, nothing else, no account needed."""
    try:
        agreement = selectors.agreement_by_token(token=token)
    except selectors.LinkRevoked:
        return render(request, "afspraken/link_revoked.html", status=410)
    expires_on = _owner_link_expires_on(agreement)
    if timezone.localdate() > expires_on:
        response = render(
            request,
            "afspraken/link_expired.html",
            {"meetup": agreement.meetup, "expired_on": expires_on},
            status=410,
        )
        response["X-Robots-Tag"] = "noindex"
        return response
    form = ProgressForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            # The history shows this as "eigenaar via persoonlijke link", whoever is signed in.
            with audit_context(user=None, source=AuditLogEntry.Source.LINK):
                agreement_service.agreement_progress_add(
                    agreement=agreement, by_owner=True, **form.cleaned_data
                )
        except ValidationError as exc:
            for field, errors in _errors(exc).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Dank u wel: uw voortgang is opgeslagen."))
            return redirect(request.path)
    response = render(
        request,
        "afspraken/owner.html",
        {"agreement": agreement, "form": form},
        status=400 if form.errors else 200,
    )
    # Keep the secret out of links to other sites; same-origin keeps CSRF Origin checks working.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def meetup_report(request, slug: str):
    meetup = meetup_for_user(user=request.user, slug=slug)
    report = selectors.meetup_report(meetup=meetup)
    charts = {
        "profession": bar_chart(
            chart_id="beroep",
            title=_("Aanwezig per beroep of rol"),
            rows=report["by_profession"],
            column=_("Beroep of rol"),
        ),
        "kind": bar_chart(
            chart_id="soort",
            title=_("Aanwezig per soort organisatie"),
            rows=report["by_kind"],
            column=_("Soort organisatie"),
        ),
    }
    publication = selectors.report_publication(meetup=meetup)
    return render(
        request,
        "afspraken/report.html",
        {
            "meetup": meetup,
            "report": report,
            "charts": charts,
            "publication": publication,
            "public_url": request.build_absolute_uri(
                reverse("afspraken:public_report", kwargs={"token": publication.token})
            )
            if publication
            else "",
            "recipient_count": publication_service.report_recipients(meetup=meetup).count(),
            "has_started": meetup.starts_at <= timezone.now(),
        },
    )


@login_required
@require_POST
def report_publish(request, slug: str):
    """The organiser shares the report with the participants, or withdraws the link."""
    meetup = meetup_for_user(user=request.user, slug=slug)
    try:
        if request.POST.get("action") == "withdraw":
            publication_service.report_withdraw(user=request.user, meetup=meetup)
            messages.success(request, _("De link naar het verslag is ingetrokken."))
        else:
            publication = publication_service.report_publish(user=request.user, meetup=meetup)
            messages.success(
                request,
                ngettext(
                    "Het verslag is gedeeld: %(count)d deelnemer krijgt de link per e-mail.",
                    "Het verslag is gedeeld: %(count)d deelnemers krijgen de link per e-mail.",
                    publication.recipients,
                )
                % {"count": publication.recipients},
            )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("afspraken:report", slug=slug)


def _public_report_or_gone(request, token: str):
    try:
        return selectors.publication_by_token(token=token), None
    except selectors.LinkRevoked:
        return None, render(request, "afspraken/public_report_gone.html", status=410)


def _private(response):
    # The link is the key: keep it out of referrers and search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def public_report(request, token: str):
    """The report as shared with participants: no login, no personal data."""
    publication, gone = _public_report_or_gone(request, token)
    if gone is not None:
        return _private(gone)
    meetup = publication.meetup
    report = selectors.meetup_report(meetup=meetup)
    return _private(
        render(
            request,
            "afspraken/public_report.html",
            {"meetup": meetup, "report": report, "token": token},
        )
    )


def public_report_pdf(request, token: str):
    publication, gone = _public_report_or_gone(request, token)
    if gone is not None:
        return _private(gone)
    refused = anonymous_pdf_refused(request)
    if refused is not None:
        return _private(refused)
    meetup = publication.meetup
    pdf = report_files.report_pdf(
        meetup=meetup,
        report=selectors.meetup_report(meetup=meetup),
        base_url=request.build_absolute_uri("/"),
        public=True,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="verslag-{meetup.slug}.pdf"'
    return _private(response)


@login_required
def meetup_report_pdf(request, slug: str):
    meetup = meetup_for_user(user=request.user, slug=slug)
    report = selectors.meetup_report(meetup=meetup)
    pdf = report_files.report_pdf(
        meetup=meetup, report=report, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="verslag-{meetup.slug}.pdf"'
    return response


@login_required
def agreements_csv(request, slug: str):
    meetup = meetup_for_user(user=request.user, slug=slug)
    text = report_files.agreements_csv(agreements=selectors.agreements_for_meetup(meetup=meetup))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="afspraken-{meetup.slug}.csv"'
    return response


@login_required
def deadlines_ics(request, slug: str):
    meetup = meetup_for_user(user=request.user, slug=slug)
    body = report_files.deadlines_ics(
        meetup=meetup, agreements=selectors.agreements_for_meetup(meetup=meetup)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deadlines-{meetup.slug}.ics"'
    return response
