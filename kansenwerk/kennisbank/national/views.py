"""The beheerder's national-theme pages: list and decide, create, edit, merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansenwerk.kennisbank import models as m

from . import selectors, services
from .forms import MergeForm, NationalThemeForm, ThemeDecisionForm


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def overview(request):
    services.ensure_beheerder(request.user)
    themes = list(selectors.theme_review_list())
    nationals = list(selectors.national_theme_list())
    return render(
        request,
        "kennisbank/national/overview.html",
        {
            "nationals": nationals,
            "themes": themes,
            "waiting": sum(1 for t in themes if t.national_theme_status != "bevestigd"),
            "statuses": m.NationalThemeStatus,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    services.ensure_beheerder(request.user)
    form = NationalThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            national = services.national_theme_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Het landelijke thema '%(title)s' is aangemaakt.") % {"title": national.title},
            )
            return redirect("kennisbank:national_themes")
    return render(
        request,
        "kennisbank/national/form.html",
        {"form": form, "national": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def update(request, pk):
    services.ensure_beheerder(request.user)
    national = selectors.national_theme_get(pk=pk)
    initial = {"title": national.title, "description": national.description}
    form = NationalThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.national_theme_update(
                user=request.user, national_theme=national, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Het landelijke thema is opgeslagen."))
            return redirect("kennisbank:national_themes")
    return render(
        request,
        "kennisbank/national/form.html",
        {"form": form, "national": national},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request, pk):
    services.ensure_beheerder(request.user)
    source = selectors.national_theme_get(pk=pk)
    form = MergeForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.national_theme_merge(user=request.user, source=source, target=target)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("'%(source)s' is samengevoegd met '%(target)s'.")
                % {"source": source.title, "target": target.title},
            )
            return redirect("kennisbank:national_themes")
    return render(
        request,
        "kennisbank/national/merge.html",
        {"form": form, "national": source, "themes": source.themes.order_by("title")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def decide(request, pk):
    services.ensure_beheerder(request.user)
    theme = selectors.theme_get(pk=pk)
    form = ThemeDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een landelijk thema uit de lijst."))
        return redirect("kennisbank:national_themes")
    national = form.cleaned_data["national_theme"]
    services.theme_national_theme_confirm(user=request.user, theme=theme, national_theme=national)
    if national is None:
        text = _("'%(theme)s' hoort bij geen landelijk thema.") % {"theme": theme.title}
    else:
        text = _("'%(theme)s' hoort bij het landelijke thema '%(national)s'.") % {
            "theme": theme.title,
            "national": national.title,
        }
    messages.success(request, text)
    return redirect("kennisbank:national_themes")


@login_required
@require_POST
def resuggest(request):
    suggestions = services.national_themes_resuggest(user=request.user)
    changed = sum(1 for s in suggestions if s.changed)
    messages.success(
        request,
        _("Voorstellen opnieuw berekend: %(n)d thema('s) kregen een ander voorstel.")
        % {"n": changed},
    )
    return redirect("kennisbank:national_themes")
