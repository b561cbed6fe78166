"""Search page. A simple title search until the Dutch search engine lands (issue 5)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from kansenwerk.kennisbank.registry import KINDS


def search(request):
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        for kind in KINDS:
            q = Q()
            for field in kind.search_fields:
                q |= Q(**{f"{field}__icontains": query})
            for obj in kind.model.objects.filter(q)[:50]:
                results.append({"kind": kind, "object": obj})
    page = Paginator(results, 20).get_page(request.GET.get("pagina"))
    return render(request, "search/search.html", {"query": query, "page": page})
