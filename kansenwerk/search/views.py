"""Search pages: /zoeken/ (results, facets, pagination) and /zoeken/suggesties/ (HTMX)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansenwerk.core.models import Region
from kansenwerk.search import analytics, registry
from kansenwerk.search.models import SearchEntry
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
        if "pagina" not in request.GET:  # a new search, not the next page of one
            analytics.query_record(text=text, results=outcome.total)
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
def result_click(request, entry_id: int):
    """Count a click on a result of the query (no user, no IP), then go to the record."""
    url = SearchEntry.objects.filter(pk=entry_id).values_list("url", flat=True).first()
    if not url or not url.startswith("/") or url.startswith("//"):
        raise Http404
    analytics.click_record(text=clean_query(request.GET.get("q", "")))
    return HttpResponseRedirect(url)


def _ensure_beheerder(request) -> None:
    if not (request.user.is_authenticated and request.user.is_beheerder):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def insights(request):
    """What searchers do not find, with one-click synonyms and pinned results (beheerder)."""
    _ensure_beheerder(request)
    if request.method == "POST":
        return _insights_action(request)
    pin_query = clean_query(request.GET.get("vastpinnen", ""))
    find = clean_query(request.GET.get("zoek", "")) or pin_query
    candidates = run_search(text=find, with_facets=False).hits[:10] if pin_query else []
    context = {
        "report": analytics.query_report(),
        "report_days": analytics.REPORT_DAYS,
        "promotions": analytics.promotions(),
        "synonyms": analytics.synonyms(),
        "pin_query": pin_query,
        "find": find,
        "candidates": candidates,
    }
    return render(request, "search/insights.html", context)


def _insights_action(request):
    action = request.POST.get("action")
    query = clean_query(request.POST.get("query", ""))
    try:
        if action == "synonym":
            target = clean_query(request.POST.get("target", ""))
            analytics.synonym_create(line=f"{query} => {target}", reason=_("zoekinzicht"))
            messages.success(request, _("Synoniem toegevoegd; het werkt meteen."))
        elif action == "synonym-line":
            analytics.synonym_create(
                line=request.POST.get("line", ""), reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Synoniem toegevoegd; het werkt meteen."))
        elif action == "pin":
            entry_id = _ints([request.POST.get("entry", "")])
            analytics.promotion_create(query=query, entry_id=entry_id[0] if entry_id else 0)
            messages.success(request, _("Resultaat vastgepind."))
        elif action == "unpin":
            analytics.promotion_delete(
                promotion_id=(_ints([request.POST.get("id", "")]) or (0,))[0]
            )
        elif action == "delete-synonym":
            analytics.synonym_delete(synonym_id=(_ints([request.POST.get("id", "")]) or (0,))[0])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("search:insights")


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
