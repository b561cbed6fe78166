"""Privacy pages, all read from the register in core/privacy.py: the privacy statement,
the verwerkingsregister (AVG art. 30) and the beheerder's export/erase page."""

from __future__ import annotations

import json
from functools import wraps

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import privacy

# Export keys that are not model fields (context the providers add), in Dutch.
EXTRA_LABELS = {
    "meetup": gettext_lazy("Meetup"),
    "meetup_date": gettext_lazy("Datum van de meetup"),
    "programme": gettext_lazy("Programma"),
    "regions": gettext_lazy("Regio's"),
    "seats": gettext_lazy("Tafels"),
    "table": gettext_lazy("Tafel"),
    "theme": gettext_lazy("Thema"),
    "round": gettext_lazy("Ronde"),
    "registration_id": gettext_lazy("Aanmelding"),
    "facilitator": gettext_lazy("Gespreksleider"),
    "started_on": gettext_lazy("Begonnen op"),
    "ended_on": gettext_lazy("Gestopt op"),
    "side": gettext_lazy("Kant"),
    "is_minor": gettext_lazy("Minderjarig"),
    "filled_in_by": gettext_lazy("Ingevuld door"),
}


def _readable(collected: list[privacy.Item]) -> list[dict]:
    """The export as a beheerder reads it: Dutch names of apps, kinds and fields, choices by
    their labels and dates as dates. The JSON below the table stays the exact export."""
    import datetime

    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist
    from django.utils import formats, timezone
    from django.utils.dateparse import parse_date, parse_datetime
    from django.utils.text import capfirst

    rows = []
    for item in collected:
        data = item.export()
        model = type(item.instance)
        fields = []
        for name, value in data["fields"].items():
            try:
                field = model._meta.get_field(name)
                label = capfirst(str(getattr(field, "verbose_name", name)))
                choices = dict(getattr(field, "flatchoices", None) or ())
            except FieldDoesNotExist:
                label = capfirst(str(EXTRA_LABELS.get(name, name.replace("_", " "))))
                choices = {}
            if isinstance(value, str) and value in choices:
                value = choices[value]
            elif isinstance(value, str) and (moment := parse_datetime(value)):
                if timezone.is_aware(moment):
                    moment = timezone.localtime(moment)
                value = formats.date_format(moment, "j F Y H:i")
            elif isinstance(value, str) and len(value) == 10 and (day := parse_date(value)):
                value = formats.date_format(day, "j F Y")
            elif isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = _("ja") if value else _("nee")
            elif isinstance(value, datetime.date):
                value = formats.date_format(value, "j F Y")
            fields.append((label, value))
        rows.append(
            {
                "app": apps.get_app_config(data["app"]).verbose_name,
                "kind": capfirst(str(model._meta.verbose_name)),
                "id": data["id"],
                "fields": fields,
            }
        )
    return rows


def beheerder_required(view):
    """Anonymous visitors are sent to the login page; other roles get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_beheerder:
            raise PermissionDenied(_("Alleen beheerders kunnen deze pagina openen."))
        return view(request, *args, **kwargs)

    return wrapper


def _register():
    """The declarations grouped per kind of person, for the statement and the register."""
    groups = []
    for declaration in sorted(privacy.declarations(), key=lambda d: str(d.title)):
        groups.append(
            {
                "title": declaration.title,
                "purpose": declaration.purpose,
                "basis": declaration.basis.label,
                "retention": declaration.retention,
                "access": declaration.access,
                "minors": declaration.minors,
                "model": declaration.model._meta.verbose_name_plural,
                "model_label": declaration.model_label,
                "rows": declaration.rows(),
            }
        )
    return groups


def privacy_statement(request):
    return render(request, "core/privacy.html", {"register": _register()})


@beheerder_required
def processing_register(request):
    groups = _register()
    return render(
        request,
        "core/processing_register.html",
        {"register": groups, "field_count": sum(len(g["rows"]) for g in groups)},
    )


class SubjectForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=254,
        help_text=gettext_lazy("Het adres waarmee de persoon zich aanmeldde of bekend is."),
    )


@beheerder_required
@require_http_methods(["GET", "POST"])
def subject_request(request):
    """Inzage en verwijdering voor één e-mailadres: zoeken, bekijken, bevestigen, verwijderen."""
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "email" in request.GET else None)
    )
    form = SubjectForm(data)
    context: dict = {"form": form}
    if data is None or not form.is_valid():
        return render(request, "core/privacy_subject.html", context)
    email = form.cleaned_data["email"]
    action = request.POST.get("action") if request.method == "POST" else ""
    if action == "erase" and request.POST.get("confirm") == "1":
        report = privacy.privacy_erase(email=email, actor=request.user)
        context |= {"email": email, "report": report, "changed": sorted(report.counts.items())}
        return render(request, "core/privacy_subject.html", context)
    # The same items as `privacy_export`, kept as records so the page can name their fields.
    collected = privacy.collect_items(subject=privacy.Subject(email=privacy.normalise(email)))
    items = [item.export() for item in collected]
    context |= {
        "email": email,
        "items": items,
        "rows": _readable(collected),
        "export_json": json.dumps(items, ensure_ascii=False, indent=2, default=str),
        "confirming": action == "erase",
        "missing_confirm": action == "erase" and request.POST.get("step") == "confirm",
    }
    return render(request, "core/privacy_subject.html", context)
