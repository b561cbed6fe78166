"""Reads of the search index: ranked results with facets, suggestions, spelling help.

`search()` is the one entry point for the page, the CLI, the API and the evaluation:
1. analyse the text (analysis/), repair words no record contains ("bedoelde u …?"),
2. let the database pick the best `CANDIDATES` matches by its own rank,
3. order them with the shared Python ranking (ranking.py) so both databases agree,
4. count facets and the total over all matches: per facet key in SQL (backends.collect),
   expanded into types, regions and themes in Python from the cached keys (facet_keys.py),
   each facet ignoring its own filter so filters combine.
Most of the index is public kennisbank-level information; types registered with an
`audience` (agreements, signals) are found only by users whose role and region allow it
(`Filters.access`, built by `filters_for_user`); the default `Filters()` hides them.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet

from kansenwerk.core.types import AnyUser
from kansenwerk.search import analytics, backends, facet_keys, ranking, registry, vocabulary
from kansenwerk.search.analysis import Query, analyze_query, fold, highlight, suggest_spelling
from kansenwerk.search.models import SearchEntry, SearchFacetKey, SearchFacetKeyTheme
from kansenwerk.search.services import STATS_CACHE_KEY

CANDIDATES = 100  # how many database matches the Python ranking orders (5 pages)
TYPO_TITLES = 30
MAX_QUERY = 200  # characters of a query that are searched; the rest is ignored

# Control and format characters (NUL, escapes, bidi overrides, zero-width joiners) and
# lone surrogates: nothing in the index holds them and databases refuse some (NUL).
_UNSEARCHABLE = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_query(text: str) -> str:
    """A query as every way in searches it: printable characters only, white space folded,
    at most MAX_QUERY characters. Page, API, suggestions and CLI all pass through here."""
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in str(text)
        if ch.isspace() or unicodedata.category(ch) not in _UNSEARCHABLE
    )
    return " ".join(kept.split())[:MAX_QUERY].strip()


def empty_facets() -> dict[str, dict[object, int]]:
    return {"type": {}, "theme": {}, "region": {}}


@dataclass(frozen=True)
class Filters:
    types: tuple[str, ...] = ()
    theme_ids: tuple[int, ...] = ()
    region_ids: tuple[int, ...] = ()
    # Restricted types the searcher may see: (type key, region ids or None for all).
    # A restricted type not listed here is hidden (anonymous visitors, the public API).
    access: tuple[tuple[str, tuple[int, ...] | None], ...] = ()


def access_for_user(user: AnyUser | None) -> tuple[tuple[str, tuple[int, ...] | None], ...]:
    """Which restricted types (and regions) `user` may find, by the pages' own rules."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    out: list[tuple[str, tuple[int, ...] | None]] = []
    for search_type in registry.types():
        if search_type.audience is None:
            continue
        regions = search_type.audience(user)
        if regions is None:
            out.append((search_type.key, None))
        elif regions:
            out.append((search_type.key, tuple(sorted(regions))))
    return tuple(out)


def filters_for_user(
    user: AnyUser | None,
    *,
    types: tuple[str, ...] = (),
    theme_ids: tuple[int, ...] = (),
    region_ids: tuple[int, ...] = (),
) -> Filters:
    return Filters(
        types=types, theme_ids=theme_ids, region_ids=region_ids, access=access_for_user(user)
    )


@dataclass(frozen=True)
class Hidden:
    """The records a searcher may not see, by their facet key's type and region.

    `q` selects the hidden keys in SQL (SearchFacetKey), `hides` decides the same for one
    key in Python (facet counts expanded from the key cache); both must agree.
    """

    denied: frozenset[str]  # restricted types not visible at all
    regional: tuple[tuple[str, frozenset[int]], ...]  # restricted types visible in these regions

    @property
    def q(self) -> Q:
        hidden = Q()
        if self.denied:
            hidden |= Q(type_key__in=sorted(self.denied))
        for key, regions in self.regional:
            hidden |= Q(type_key=key) & ~Q(region_id__in=sorted(regions))
            hidden |= Q(type_key=key, region_id__isnull=True)
        return hidden

    def hides(self, type_key: str, region_id: int | None) -> bool:
        if type_key in self.denied:
            return True
        for key, regions in self.regional:
            if type_key == key and (region_id is None or region_id not in regions):
                return True
        return False


def hidden_for(filters: Filters) -> Hidden | None:
    """What the searcher may not see (None: nothing hidden)."""
    restricted = [t.key for t in registry.types() if t.audience is not None]
    if not restricted:
        return None
    allowed = dict(filters.access)
    denied = frozenset(k for k in restricted if k not in allowed)
    regional = tuple(
        (key, frozenset(regions)) for key, regions in allowed.items() if regions is not None
    )
    if not denied and not regional:
        return None  # this searcher may see every restricted record
    return Hidden(denied=denied, regional=regional)


def _access_q(filters: Filters) -> Q | None:
    """Facet keys the searcher may not see (None: none hidden)."""
    hidden = hidden_for(filters)
    return None if hidden is None else hidden.q


@dataclass
class Hit:
    entry: SearchEntry
    score: float
    query: Query
    snippet: str = ""  # HTML-escaped, with <mark> around matched words; see attach_snippets

    @property
    def type_label(self) -> str:
        search_type = registry.by_key(self.entry.type_key)
        return str(search_type.type_label) if search_type else self.entry.type_key

    def as_json(self) -> dict:
        return {
            "type": self.entry.type_key,
            "title": self.entry.title,
            "location": self.entry.location,
            "url": self.entry.url,
            "snippet": self.snippet,
            "score": self.score,
        }


@dataclass
class Outcome:
    text: str
    hits: list[Hit] = field(default_factory=list)  # all ranked hits (at most CANDIDATES)
    total: int = 0  # all matches, also those beyond the ranked hits
    facets: dict[str, dict[object, int]] = field(default_factory=empty_facets)
    suggestion: str | None = None  # "bedoelde u …?" text
    corrected: bool = False  # the hits are for the suggestion, not the typed text


def search(
    *,
    text: str,
    filters: Filters = Filters(),
    with_facets: bool = True,
    limit: int = CANDIDATES,
) -> Outcome:
    """Ranked hits for `text` within `filters`; see the module docstring."""
    with backends.planner_hints():
        return _search(text=text, filters=filters, with_facets=with_facets, limit=limit)


def _search(*, text: str, filters: Filters, with_facets: bool, limit: int) -> Outcome:
    text = clean_query(text)
    outcome = Outcome(text=text)
    # The beheerders' tuning and the collection statistics in one cache read (production
    # keeps its cache in the database: one query instead of two).
    cached = cache.get_many([analytics.TUNING_CACHE_KEY, STATS_CACHE_KEY])
    tuning = cached.get(analytics.TUNING_CACHE_KEY) or analytics.tuning()
    extra_synonyms = tuning.synonym_lines
    query = analyze_query(text, extra_synonyms=extra_synonyms)
    if not query.groups:
        return outcome
    keys = _key_filters(filters)
    # Collection statistics over the whole index, so the score of a record does not
    # depend on which other records happen to be candidates.
    total, avg = cached.get(STATS_CACHE_KEY) or collection_stats()

    found = backends.groups_found(query)
    dfs: list[int] | None = found
    typo_ids: list[int] = []
    if not all(found):  # a word no record contains: a typo?
        neighbours = functools.cache(_visible_neighbours(filters))  # one text may be asked twice
        repaired, all_spelled = _repair_spelling(text, query, found, neighbours=neighbours)
        # Titles that merely look like the text are only considered when a word is unknown
        # and the vocabulary did not correct every unknown word: the corrected words find
        # those titles by their words, and the trigram look-up was the costliest statement
        # of a typo query (SQLite "verdaad": 40 of 80 ms at 30,000 records).
        if not all_spelled:
            typo_ids = _typo_title_ids(text, keys=keys, neighbours=neighbours)
        if repaired:
            outcome.suggestion = repaired
            outcome.corrected = not any(found)
            query = analyze_query(f"{text} {repaired}", extra_synonyms=extra_synonyms)
            dfs = None  # another query: the database counts its groups in the pass below
    collected = backends.collect(
        query,
        keys=keys,
        extra_ids=typo_ids,
        limit=CANDIDATES,
        total_entries=total,
        counts=with_facets,
        dfs=dfs,
    )
    ranked = set(collected.ids)
    ids = collected.ids + [i for i in typo_ids if i not in ranked]
    entries = SearchEntry.objects.defer("text", "updated_at").in_bulk(ids)
    candidates = [_candidate(entries[i]) for i in ids if i in entries]
    folded_text = fold(text).strip()
    weights = {t.key: t.rank_weight for t in registry.types()}
    scored = []
    for candidate in candidates:
        entry = entries[candidate.id]
        value = ranking.score(
            query=query,
            candidate=candidate,
            dfs=collected.dfs,
            total=total,
            avg_length=avg,
            folded_text=folded_text,
        )
        weight = weights.get(entry.type_key, 1.0)
        if weight != 1.0 and not ranking.title_looks_like(folded_text, candidate.title_folded):
            value = round(value * weight, 6)
        if value > 0:
            scored.append((value, entry))
    order = {t.key: n for n, t in enumerate(registry.types())}
    scored.sort(key=lambda s: (-s[0], order.get(s[1].type_key, 99), s[1].title_folded, s[1].pk))
    scored = _pinned_first(scored, pinned_ids=tuning.pinned_entry_ids(text), keys=keys)
    outcome.hits = [Hit(entry=e, score=round(v, 4), query=query) for v, e in scored[:limit]]
    if with_facets:
        outcome.facets, outcome.total = _facets(collected, filters)
    else:
        outcome.total = len(outcome.hits)
    return outcome


def _pinned_first(
    scored: list[tuple[float, SearchEntry]], *, pinned_ids: list[int], keys: backends.KeyFilters
) -> list[tuple[float, SearchEntry]]:
    """Records a beheerder pinned for this query first (within the searcher's filters and
    rights), in pin order, whether or not they match the words; then the ranked rest."""
    if not pinned_ids:
        return scored
    visible = keys.visible(
        SearchEntry.objects.defer("text", "updated_at").filter(pk__in=pinned_ids)
    )
    found = visible.in_bulk()
    pinned = [found[pk] for pk in pinned_ids if pk in found]
    if not pinned:
        return scored
    top = (scored[0][0] if scored else 0.0) + len(pinned)
    head = [(top - n, entry) for n, entry in enumerate(pinned)]
    return head + [(v, e) for v, e in scored if e.pk not in found]


STATS_SECONDS = 60


def collection_stats() -> tuple[int, float]:
    """(number of entries, average length), cached: a full scan per query is too slow at 100k.

    Index writes clear the cache (services.py); another process may use figures up to
    STATS_SECONDS old, which shifts scores slightly but never which records match.
    """
    cached = cache.get(STATS_CACHE_KEY)
    if cached is None:
        stats = SearchEntry.objects.aggregate(total=Count("id"), avg=Avg("length"))
        cached = (stats["total"], round(float(stats["avg"] or 1.0), 3))
        cache.set(STATS_CACHE_KEY, cached, STATS_SECONDS)
    return cached


def suggestions(*, text: str, limit: int = 8, filters: Filters = Filters()) -> list[SearchEntry]:
    """Titles for the type-ahead list: records holding every word typed so far, the last
    one also as a prefix, best first by the database's own rank.

    Every word (AND), unlike the search itself: each keystroke narrows the list, and the
    match stays small enough to rank per keystroke (PostgreSQL, 100,000 records:
    "ouders ka" 255 ms with OR, ~20 ms with AND).
    """
    text = clean_query(text)
    query = analyze_query(text)
    if query.is_empty or len(text) < 2:
        return []
    expr = backends.expression(query, prefix=True, mode="and")
    if not expr:
        return []
    scope = hidden_entries = None
    hidden = _access_q(filters)
    if hidden is not None and backends.is_postgres():  # see _key_filters
        keys = SearchFacetKey.objects.exclude(hidden).values("id")
        scope = SearchEntry.objects.filter(facet_key__in=keys).values("id")
    elif hidden is not None:
        keys = SearchFacetKey.objects.filter(hidden).values("id")
        hidden_entries = SearchEntry.objects.filter(facet_key__in=keys).values("id")
    with backends.planner_hints():
        ids = backends.ranked_ids(expr, scope=scope, hidden=hidden_entries, limit=limit)
    entries = SearchEntry.objects.in_bulk(ids)
    return [entries[i] for i in ids if i in entries]


def _key_filters(filters: Filters) -> backends.KeyFilters:
    """The facet keys allowed by the filters and the keys of the records the searcher may
    not see (the facet counts apply each facet's filters in Python: `_facets`)."""

    hidden = _access_q(filters)
    # PostgreSQL tests NOT IN row by row (measured: 100x slower); there the hidden keys
    # are left out of the allowed keys (a semi-join), on SQLite by the few hidden ids.
    exclude_in_allowed = hidden is not None and backends.is_postgres()

    allowed: QuerySet | None = None
    if exclude_in_allowed:
        allowed = SearchFacetKey.objects.exclude(hidden)
    elif filters.types or filters.region_ids or filters.theme_ids:
        allowed = SearchFacetKey.objects.all()
    if allowed is not None:
        if filters.types:
            allowed = allowed.filter(type_key__in=filters.types)
        if filters.region_ids:
            allowed = allowed.filter(region_id__in=filters.region_ids)
        if filters.theme_ids:
            allowed = allowed.filter(
                pk__in=SearchFacetKeyTheme.objects.filter(theme_id__in=filters.theme_ids).values(
                    "key_id"
                )
            )
        allowed = allowed.values("id")
    return backends.KeyFilters(
        all=allowed,
        hidden=None
        if hidden is None or exclude_in_allowed
        else SearchFacetKey.objects.filter(hidden).values("id"),
    )


def _facets(
    collected: backends.Collected, filters: Filters
) -> tuple[dict[str, dict[object, int]], int]:
    """Counts per type, theme and region, and the exact total within all filters.

    The database counted the matches per facet key (type + region + themes, see
    backends.collect); they are expanded here from the per-process key cache
    (facet_keys.py), leaving out the keys of records the searcher may not see: types and
    regions within the theme filter, themes within the type and region filters. Each facet
    applies the other facets' filters, so choosing a type still shows the counts of the
    other types.
    """
    key_counts = collected.key_counts
    key_of = facet_keys.lookup(key_counts).get
    hidden = hidden_for(filters)
    wanted_types, wanted_regions = set(filters.types), set(filters.region_ids)
    wanted_themes = frozenset(filters.theme_ids)
    # Plain dicts and one decision per (type, region): up to ~5,000 matched keys per
    # search in the 100,000-record bench (a kennisbank has hundreds of keys in all).
    types: dict[object, int] = {}
    regions: dict[object, int] = {}
    themes: dict[object, int] = {}
    total = 0
    # Per (type, region): (visible, type within the filter, region within the filter).
    decided: dict[tuple[str, int | None], tuple[bool, bool, bool]] = {}
    for key_id, count in key_counts.items():
        key = key_of(key_id)
        if key is None:  # no such key row (never expected): not counted, as by a join
            continue
        type_key, region_id, theme_ids = key
        decision = decided.get((type_key, region_id))
        if decision is None:
            decision = decided[(type_key, region_id)] = (
                hidden is None or not hidden.hides(type_key, region_id),
                not wanted_types or type_key in wanted_types,
                not wanted_regions or region_id in wanted_regions,
            )
        visible, type_ok, region_ok = decision
        if not visible:
            continue
        if type_ok and region_ok:
            for theme_id in theme_ids:
                themes[theme_id] = themes.get(theme_id, 0) + count
        if wanted_themes and wanted_themes.isdisjoint(theme_ids):
            continue
        if region_ok:
            types[type_key] = types.get(type_key, 0) + count
        if type_ok and region_id is not None:
            regions[region_id] = regions.get(region_id, 0) + count
        if type_ok and region_ok:
            total += count
    return {"type": types, "theme": themes, "region": regions}, total


def _candidate(entry: SearchEntry) -> ranking.Candidate:
    return ranking.Candidate(
        id=entry.pk,
        fields={
            "title": entry.title_tokens.split(),
            "question": entry.question_tokens.split(),
            "body": entry.body_tokens.split(),
        },
        length=entry.length,
        title_folded=entry.title_folded,
    )


def attach_snippets(*, hits: list[Hit]) -> list[Hit]:
    """Fill in the highlighted snippets of the hits that are shown, in one query.

    Snippets are made only for shown hits because highlighting is the costliest step
    per hit and a page shows 20 of up to CANDIDATES ranked hits.
    """
    texts = dict(
        SearchEntry.objects.filter(pk__in=[h.entry.pk for h in hits]).values_list("pk", "text")
    )
    for hit in hits:
        hit.snippet = highlight(
            texts.get(hit.entry.pk) or hit.entry.title, hit.query, max_chars=240
        )
    return hits


def _visible_neighbours(filters: Filters) -> Callable:
    """`backends.title_neighbours` without titles the searcher may not see, so "bedoelde u"
    never suggests a word from a hidden agreement."""
    hidden = _access_q(filters)
    if hidden is None:
        return backends.title_neighbours

    def neighbours(word: str, *, limit: int = 30) -> list[tuple[int, str]]:
        rows = backends.title_neighbours(word, limit=limit)
        if not rows:
            return rows
        hidden_keys = SearchFacetKey.objects.filter(hidden).values("id")
        visible = set(
            SearchEntry.objects.filter(pk__in=[pk for pk, _ in rows])
            .exclude(facet_key__in=hidden_keys)
            .values_list("pk", flat=True)
        )
        return [row for row in rows if row[0] in visible]

    return neighbours


def _typo_title_ids(text: str, *, keys: backends.KeyFilters, neighbours: Callable) -> list[int]:
    """Entries within the filters whose title looks like the typed text.

    Only titles similar enough to earn the ranking's title bonus are kept, so every
    typo hit counted in the facets also has a score.
    """
    folded = fold(text).strip()
    if len(folded) < 5:
        return []
    similar = [
        pk
        for pk, title in neighbours(folded, limit=TYPO_TITLES)
        if ranking.title_looks_like(folded, title)
    ]
    if not similar:
        return []
    found = keys.visible(SearchEntry.objects.filter(pk__in=similar))
    return sorted(found.values_list("pk", flat=True))


_WORD_RE = re.compile(r"\w+")


def _repair_spelling(
    text: str, query: Query, dfs: list[int], *, neighbours: Callable
) -> tuple[str | None, bool]:
    """The text with unknown words replaced by close index words (or None), and whether
    the vocabulary corrected every unknown word (no title trigrams were needed).

    A word is unknown when its group matches no record. It is corrected to the closest,
    most frequent word of the public index (symmetric delete, vocabulary.py); failing
    that, candidate words come from titles that share trigrams with it (FTS5 trigram / pg_trgm), including two adjacent
    title words written as one ("voorlees express" for "voorleesexpres").
    """
    replacements: dict[str, str] = {}
    all_spelled = True
    corrector = vocabulary.speller()
    for group, df in zip(query.groups, dfs, strict=True):
        if df:
            continue
        if " " in group.source or len(group.source) < 4:
            all_spelled = False
            continue
        corrected = corrector.correct(group.source)
        if corrected:
            replacements[group.source] = corrected
            continue
        all_spelled = False
        vocabulary_words: set[str] = set()
        for _pk, title in neighbours(group.source, limit=TYPO_TITLES):
            words = _WORD_RE.findall(title)
            vocabulary_words.update(words)
            vocabulary_words.update(a + b for a, b in itertools.pairwise(words))
        better = suggest_spelling(group.source, vocabulary_words)
        if better and better != group.source:
            replacements[group.source] = better
    if not replacements:
        return None, False
    repaired = _WORD_RE.sub(lambda m: replacements.get(fold(m.group(0)), m.group(0)), text)
    return repaired, all_spelled
