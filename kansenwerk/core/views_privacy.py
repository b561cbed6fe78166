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
    items = privacy.privacy_export(email=email)
    context |= {
        "email": email,
        "items": items,
        "export_json": json.dumps(items, ensure_ascii=False, indent=2, default=str),
        "confirming": action == "erase",
        "missing_confirm": action == "erase" and request.POST.get("step") == "confirm",
    }
    return render(request, "core/privacy_subject.html", context)
