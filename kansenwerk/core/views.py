"""Site-wide pages: home, regions, privacy statement and the Dutch error pages."""

from __future__ import annotations

from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from .models import Region


def region_list(request):
    regions = Region.objects.annotate(n=Count("municipalities")).order_by("name")
    return render(request, "core/region_list.html", {"regions": regions})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return render(
        request,
        "core/region_detail.html",
        {"region": region, "municipalities": region.municipalities.all()},
    )


API_PREFIX = "/api/"


def _api_error(request, status: int, message: str):
    """Under /api/ an error is JSON, like the API's own errors (core/api_errors.py)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"errors": {"__all__": [message]}}, status=status)
    return None


def error_400(request, exception=None):
    return _api_error(request, 400, _("Het verzoek is ongeldig.")) or render(
        request, "errors/400.html", status=400
    )


def error_403(request, exception=None):
    return _api_error(request, 403, _("U heeft hier geen toegang toe.")) or render(
        request, "errors/403.html", {"exception": exception}, status=403
    )


def error_404(request, exception=None):
    return _api_error(request, 404, _("Niet gevonden.")) or render(
        request, "errors/404.html", status=404
    )


def error_500(request):
    return _api_error(
        request, 500, _("Er ging iets mis aan onze kant. Probeer het later opnieuw.")
    ) or render(request, "errors/500.html", status=500)
