"""Search pages: /zoeken/ (results, facets, pagination) and /zoeken/suggesties/ (HTMX)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kansenwerk.core.models import Region
from kansenwerk.search import registry
from kansenwerk.search.selectors import (
    Filters,
    attach_snippets,
    clean_query,
    filters_for_user,
    suggestions,
)
from kansenwerk.search.selectors import search as run_search

PER_PAGE = 20
MAX_ID = 2**31 - 1  # larger numbers are no record's id (and overflow PostgreSQL's integer)


def _ints(values: list[str]) -> tuple[int, ...]:
    """Ids from the query string; anything that is not a plausible id is ignored."""
    return tuple(
        sorted({int(v) for v in values if v.isascii() and v.isdigit() and int(v) <= MAX_ID})
    )


@require_GET
def search(request):
    text = clean_query(request.GET.get("q", ""))
    known = {t.key for t in registry.types()}
    filters = filters_for_user(
        request.user,
        types=tuple(sorted({t for t in request.GET.getlist("soort") if t in known})),
        theme_ids=_ints(request.GET.getlist("thema")),
        region_ids=_ints(request.GET.getlist("regio")),
    )
    context = {"query": text, "filters": filters}
    if text:
        outcome = run_search(text=text, filters=filters)
        page = Paginator(outcome.hits, PER_PAGE).get_page(request.GET.get("pagina"))
        attach_snippets(hits=list(page.object_list))
        context |= {
            "outcome": outcome,
            "page": page,
            "facets": _facet_groups(outcome.facets, filters),
            "querystring": _querystring(text, filters),
            "suggestion_url": "?" + urlencode({"q": outcome.suggestion or ""}),
            "more_than_shown": outcome.total > len(outcome.hits),
        }
    return render(request, "search/search.html", context)


@require_GET
def suggest(request):
    text = clean_query(request.GET.get("q", ""))
    filters = filters_for_user(request.user)
    entries = suggestions(text=text, filters=filters) if text else []
    labels = {t.key: t.type_label for t in registry.types()}
    items = [{"entry": e, "type_label": labels.get(e.type_key, e.type_key)} for e in entries]
    return render(request, "search/suggestions.html", {"items": items, "query": text})


def _querystring(text: str, filters: Filters) -> str:
    pairs = [("q", text)]
    pairs += [("soort", t) for t in filters.types]
    pairs += [("thema", str(t)) for t in filters.theme_ids]
    pairs += [("regio", str(r)) for r in filters.region_ids]
    return urlencode(pairs)


def _facet_groups(facets: dict, filters: Filters) -> list[dict]:
    """Facet values with names and counts, chosen values first; zero counts only if chosen."""
    themes = registry.facet_labels("theme", set(facets["theme"]) | set(filters.theme_ids))
    regions = Region.objects.in_bulk(set(facets["region"]) | set(filters.region_ids))
    type_options = [
        {"value": t.key, "label": t.type_label, "count": facets["type"].get(t.key, 0)}
        for t in registry.types()
        if facets["type"].get(t.key) or t.key in filters.types
    ]
    theme_options = sorted(
        (
            {"value": str(pk), "label": themes[pk], "count": facets["theme"].get(pk, 0)}
            for pk in set(facets["theme"]) | set(filters.theme_ids)
            if pk in themes
        ),
        key=lambda o: (-o["count"], str(o["label"]).lower()),
    )
    region_options = sorted(
        (
            {"value": str(pk), "label": regions[pk].name, "count": facets["region"].get(pk, 0)}
            for pk in set(facets["region"]) | set(filters.region_ids)
            if pk in regions
        ),
        key=lambda o: str(o["label"]).lower(),
    )
    chosen = {
        "soort": set(filters.types),
        "thema": {str(t) for t in filters.theme_ids},
        "regio": {str(r) for r in filters.region_ids},
    }
    groups: list[dict[str, Any]] = [
        {"name": "soort", "legend": _("Soort"), "options": type_options},
        {"name": "thema", "legend": _("Thema"), "options": theme_options},
        {"name": "regio", "legend": _("Regio"), "options": region_options},
    ]
    for group in groups:
        for option in group["options"]:
            option["checked"] = option["value"] in chosen[group["name"]]
    return [g for g in groups if g["options"]]
