"""Regio-inzicht per region and the national view; beheerders merge and split signal groups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansenwerk.afspraken.models import AgreementStatus, SignalGroup
from kansenwerk.afspraken.services import signals as signal_service
from kansenwerk.core.charts import bar_chart
from kansenwerk.core.permissions import Capability, can_write
from kansenwerk.koppelen.selectors import koppelen_region_summary
from kansenwerk.regio import selectors, services
from kansenwerk.regio.forms import IndicatorUploadForm


def _agreement_charts(data) -> dict:
    return {
        "status": bar_chart(
            chart_id="status",
            title=_("Afspraken per status"),
            rows=data["status_totals"],
            column=_("Status"),
        ),
        "quarter": bar_chart(
            chart_id="kwartaal",
            title=_("Afspraken per kwartaal"),
            rows=[{"label": r["label"], "count": r["total"]} for r in data["by_quarter"]],
            column=_("Kwartaal"),
        ),
        "theme": bar_chart(
            chart_id="thema",
            title=_("Afspraken per thema"),
            rows=[{"label": r["label"], "count": r["total"]} for r in data["by_theme"]],
            column=_("Thema"),
        ),
    }


def index(request):
    return render(request, "regio/index.html", {"regions": selectors.regions_overview()})


def region(request, slug: str):
    region = selectors.region_get(slug=slug)
    data = selectors.region_insight(region=region)
    charts = _agreement_charts(data)
    charts["profession"] = bar_chart(
        chart_id="beroep",
        title=_("Deelnemers per beroep of rol"),
        rows=data["by_profession"],
        column=_("Beroep of rol"),
    )
    return render(
        request,
        "regio/region.html",
        {
            "data": data,
            "region": region,
            "charts": charts,
            "statuses": AgreementStatus.labels,
            "koppelen": koppelen_region_summary(region),
            "indicator_files": _indicator_charts(selectors.region_indicators(region=region)),
            "can_upload": can_write(
                request.user, capability=Capability.NETWERK, region_id=region.pk
            ),
        },
    )


def _indicator_charts(files: list[dict]) -> list[dict]:
    """A bar chart per indicator of the newest file (only when no value is negative)."""
    for index, entry in enumerate(files):
        entry["charts"] = []
        if index:
            continue
        for column, name in enumerate(entry["indicators"]):
            rows = [
                {"label": r["municipality"], "count": r["values"][column]}
                for r in entry["rows"]
                if r["values"][column] is not None
            ]
            if rows and all(r["count"] >= 0 for r in rows):
                entry["charts"].append(
                    bar_chart(
                        chart_id=f"indicator-{entry['file'].pk}-{column}",
                        title=name,
                        rows=rows,
                        column=_("Gemeente"),
                    )
                )
    return files


@login_required
def indicators_upload(request, slug: str):
    """Upload a CSV of the region's own figures (regiocoördinatoren, beheerders)."""
    region = selectors.region_get(slug=slug)
    if not can_write(request.user, capability=Capability.NETWERK, region_id=region.pk):
        raise PermissionDenied(_("Alleen de regiocoördinatoren van deze regio voegen cijfers toe."))
    form = IndicatorUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.indicator_file_import(
                    user=request.user,
                    region=region,
                    content=upload.read(services.MAX_BYTES + 1),
                    filename=upload.name,
                    source=form.cleaned_data["source"],
                    reference_date=form.cleaned_data["reference_date"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, messages_ in exc.message_dict.items():
                        for message in messages_:
                            form.add_error(field if field in form.fields else None, message)
                else:
                    errors = exc.messages
            else:
                messages.success(request, _("De cijfers zijn opgeslagen."))
                return redirect("regio:region", slug=region.slug)
    return render(
        request,
        "regio/indicators_upload.html",
        {"region": region, "form": form, "errors": errors},
        status=status,
    )


def national(request):
    data = selectors.national_insight()
    return render(
        request,
        "regio/national.html",
        {
            "data": data,
            "charts": _agreement_charts(data),
            "statuses": AgreementStatus.labels,
            "can_merge": request.user.is_authenticated and request.user.is_beheerder,
        },
    )


def signal_group(request, pk: int):
    group = selectors.signal_group_get(pk=pk)
    return render(
        request,
        "regio/signal_group.html",
        {
            "group": group,
            "can_merge": request.user.is_authenticated and request.user.is_beheerder,
        },
    )


@login_required
@require_POST
def signal_groups_merge(request):
    ids = [int(i) for i in request.POST.getlist("groups") if i.isdigit()]
    groups = list(SignalGroup.objects.filter(pk__in=ids).order_by("id"))
    target_id = request.POST.get("target", "")
    target = next((g for g in groups if str(g.pk) == target_id), groups[0] if groups else None)
    try:
        if target is None:
            raise ValidationError(_("Kies de groepen die u wilt samenvoegen."))
        signal_service.signal_groups_merge(user=request.user, target=target, others=groups)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("regio:national")
    messages.success(request, _("De groepen zijn samengevoegd."))
    return redirect("regio:signal_group", pk=target.pk)


@login_required
@require_POST
def signal_group_split(request, pk: int):
    group = selectors.signal_group_get(pk=pk)
    ids = [int(i) for i in request.POST.getlist("signals") if i.isdigit()]
    try:
        new_group = signal_service.signal_group_split(
            user=request.user, group=group, signal_ids=ids, label=request.POST.get("label", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("regio:signal_group", pk=group.pk)
    messages.success(request, _("De gekozen signalen staan nu in een eigen groep."))
    return redirect("regio:signal_group", pk=new_group.pk)


@login_required
@require_POST
def signal_group_rename(request, pk: int):
    group = selectors.signal_group_get(pk=pk)
    try:
        signal_service.signal_group_rename(
            user=request.user, group=group, label=request.POST.get("label", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("De omschrijving is aangepast."))
    return redirect("regio:signal_group", pk=group.pk)
