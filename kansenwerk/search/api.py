"""GET /api/search: the same ranking as the search page and `kansenwerk search --json`."""

from __future__ import annotations

from ninja import Query, Router, Schema

from kansenwerk.search import analytics, registry
from kansenwerk.search.models import SearchQueryDay
from kansenwerk.search.selectors import attach_snippets, filters_for_user, search

router = Router(tags=["zoeken"])


class SearchHit(Schema):
    type: str
    title: str
    location: str
    url: str
    snippet: str
    score: float


class SearchParams(Schema):
    q: str
    type: list[str] = []
    limit: int = 10


@router.get("/search", response=list[SearchHit], summary="Zoeken in alles")
def search_api(request, params: Query[SearchParams]):
    known = {t.key for t in registry.types()}
    types = tuple(t for t in params.type if t in known)
    limit = max(1, min(params.limit, 100))
    # Anonymous callers never get restricted types (agreements, signals); a signed-in
    # session gets what its role and region allow, as on /zoeken/.
    filters = filters_for_user(request.user, types=types)
    outcome = search(text=params.q[:200], filters=filters, with_facets=False)
    # The same log as the page (no user, no IP; e-mail- or phone-like queries are skipped).
    # Without facets the exact total is not counted; the ranked hits stand in for it.
    analytics.query_record(
        text=outcome.text, results=outcome.total, source=SearchQueryDay.Source.API
    )
    return [hit.as_json() for hit in attach_snippets(hits=outcome.hits[:limit])]
