"""The home page: it shows what several apps hold, so it lives above them all (beside urls.py)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import render

from kansenwerk.core.models import Region
from kansenwerk.kennisbank import selectors as kennisbank_selectors


def home(request):
    return render(
        request,
        "core/home.html",
        {
            "themes": kennisbank_selectors.theme_choices()[:12],
            "regions": Region.objects.annotate(n=Count("municipalities")).order_by("name"),
        },
    )
