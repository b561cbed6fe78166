"""The vendor-specific SQL of search: match, candidate rank, counts, title trigrams.

`collect()` gives, for an analysed query within filters, what the Python ranking and the
facets need: the document frequency of each group, the best candidates by the database's
own rank, and the match counts per facet key (selectors.py expands them into type, region
and theme counts from the per-process key cache, facet_keys.py).
- SQLite: FTS5 matches and bm25 (three statements; FTS5 doclists make this cheap).
- PostgreSQL: one statement over the postings table (models.SearchPosting, kept by
  triggers): index-only scans give each group's matches with their impacts and facet keys,
  so neither the ranking nor the counts visit the matching rows. The tsvector and its GIN
  index still decide phrases (verified per candidate), type-ahead prefixes and snippets.
  Before the postings, ts_rank_cd and the facet counts read every matching row
  (~1.5 us each plus the rank): 200-300 ms for a word in 15 % of 100,000 records.
Everything else (filters, facet totals, the final order) is shared Django ORM or Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kansenwerk.search.analysis import Group, Query, fold, to_fts5, to_tsquery
from kansenwerk.search.analysis.query_syntax import Mode, fts5_quote, tsquery_quote
from kansenwerk.search.models import SearchFacet

# Native rank weights for picking candidates: title, guiding question, body.
FTS5_WEIGHTS = (4.0, 2.0, 1.0)
FTS5_WEIGHTS_SQL = ", ".join(str(w) for w in FTS5_WEIGHTS)
TSRANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"  # D, C (body), B (question), A (title)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def planner_hints() -> Iterator[None]:
    """On PostgreSQL: run the block's queries with sequential scans discouraged, no JIT.

    The planner estimates a common word's match (10-20 % of the rows) cheaper by a
    sequential scan than by the GIN index, but it does not cost reading (detoasting)
    every row's tsvector to test it: measured 25 ms instead of 2 ms per statement at
    10,000 records. Discouraging a plan adds a huge cost to it, and that cost switched
    on JIT compilation for small statements that still had such a node (a scan of the
    few facet keys): ~250 ms of compiling for a 1 ms statement, measured on the typo
    path at 30,000 records. `SET LOCAL` (set_config(..., true)) inside a transaction or
    savepoint keeps the settings to this block; the previous values are restored after
    (in a transaction of its own, the commit ends them: one statement per search).
    """
    if not is_postgres():
        yield
        return
    if not connection.in_atomic_block:
        # Our own transaction: the settings end with it, one statement in all.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
            )
            yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('jit'),"
            " set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
        )
        seqscan, jit = cursor.fetchone()[:2]
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)",
                (seqscan, jit),
            )


def expression(query: Query, *, prefix: bool = False, mode: Mode = "or") -> str:
    """The vendor's match expression for `query` ("" when there is nothing to match)."""
    if is_postgres():
        return to_tsquery(query, prefix=prefix, mode=mode)
    return to_fts5(query, prefix=prefix, mode=mode)


def matching(expr: str, extra_ids: list[int] | tuple[int, ...] = ()) -> RawSQL:
    """SQLite: a subquery of the ids of the entries matching `expr`, plus `extra_ids`.

    The extra ids are a UNION, not an OR in the outer query: an OR made SQLite test
    every row instead of using the full-text index.
    """
    extra_ids = [int(i) for i in extra_ids]
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
    if extra_ids:
        placeholders = ", ".join(["%s"] * len(extra_ids))
        sql += f" UNION SELECT id FROM search_searchentry WHERE id IN ({placeholders})"
    return RawSQL(sql, [expr, *extra_ids])  # noqa: S611 (constants and placeholders only)


def ranked_ids(
    expr: str, *, scope: QuerySet | None, limit: int, hidden: QuerySet | None = None
) -> list[int]:
    """The ids of the best `limit` matches by the database's own rank.

    `scope`: a queryset of the SearchEntry ids allowed (None: all); `hidden`: one of the
    ids left out (None: none). Restricted records are left out by `hidden`, not by a
    scope of every other id: SQLite built the scope's 100,000 ids into a temporary
    index for every statement, while the hidden records are few.
    """
    scope_sql, scope_params = "", []
    if scope is not None:
        sql, params = scope.query.sql_with_params()
        scope_sql, scope_params = f" AND e.id IN ({sql})", list(params)
    hidden_sql, hidden_params = "", []
    if hidden is not None:
        sql, params = hidden.query.sql_with_params()
        hidden_sql, hidden_params = f" AND {{id}} NOT IN ({sql})", list(params)
    with connection.cursor() as cursor:
        if is_postgres():
            # ts_rank, not ts_rank_cd: cover density costs ~5x more per match for
            # queries with many alternatives (15,205 matches: 203 ms against 44 ms).
            cursor.execute(
                "SELECT e.id FROM search_searchentry e, to_tsquery('simple', %s) q"
                " WHERE e.document @@ q"
                + scope_sql
                + hidden_sql.format(id="e.id")
                + f" ORDER BY ts_rank('{TSRANK_WEIGHTS}', e.document, q) DESC, e.id LIMIT %s",
                (expr, *scope_params, *hidden_params, limit),
            )
        elif scope is None:
            # Without filters the index table is not needed: rank inside FTS5 alone.
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                + hidden_sql.format(id="rowid")
                + f" ORDER BY bm25(search_fts, {FTS5_WEIGHTS_SQL}), rowid LIMIT %s",
                (expr, *hidden_params, limit),
            )
        else:
            cursor.execute(
                "SELECT e.id FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid"
                " WHERE search_fts MATCH %s"
                + scope_sql
                + hidden_sql.format(id="e.id")
                + f" ORDER BY bm25(search_fts, {FTS5_WEIGHTS_SQL}), e.id LIMIT %s",
                (expr, *scope_params, *hidden_params, limit),
            )
        return [row[0] for row in cursor.fetchall()]


def group_counts(query: Query) -> list[int]:
    """SQLite: how many entries match each group of `query` (document frequencies)."""
    if not query.groups:
        return []
    exprs = [to_fts5(Query(text=query.text, groups=(group,))) for group in query.groups]
    columns = ", ".join(
        "(SELECT count(*) FROM search_fts WHERE search_fts MATCH %s)" for _ in exprs
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", exprs)
        row = cursor.fetchone()
    return [int(n or 0) for n in row]


def groups_found(query: Query) -> list[int]:
    """Per group of `query`: more than 0 when some record of the index matches it.

    Asked before the full pass, so a query with an unknown word (a typo) is repaired
    first and collected once, not collected, repaired and collected again.
    SQLite: the exact document frequencies (`collect` takes them back as `dfs`);
    PostgreSQL: 1 or 0 from EXISTS over the postings, which stops at the first match.
    """
    if not is_postgres():
        return group_counts(query)
    selects, params = [], []
    for number, group in enumerate(query.groups):
        parts = _group_hits(number, group)
        if not parts:
            selects.append("FALSE")
            continue
        selects.append(f"EXISTS ({' UNION ALL '.join(sql for sql, _ in parts)})")
        params += [p for _, part_params in parts for p in part_params]
    if not selects:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        return [int(bool(found)) for found in cursor.fetchone()]


def title_neighbours(word: str, *, limit: int = 30) -> list[tuple[int, str]]:
    """(id, folded title) of entries whose title shares many trigrams with `word`."""
    folded = fold(word)
    if len(folded) < 3:
        return []
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT id, title_folded FROM search_searchentry WHERE %s <%% title_folded"
                " ORDER BY word_similarity(%s, title_folded) DESC, id LIMIT %s",
                (folded, folded, limit),
            )
        else:
            cursor.execute(
                "SELECT e.id, e.title_folded FROM search_trgm t JOIN search_searchentry e"
                " ON e.id = t.rowid WHERE search_trgm MATCH %s ORDER BY t.rank, e.id LIMIT %s",
                (_trigram_match(folded), limit),
            )
        return [(row[0], row[1]) for row in cursor.fetchall()]


def _trigram_match(folded: str) -> str:
    """The FTS5 trigram expression for titles that may hold `folded` with one typo.

    ORing every trigram made FTS5 rank a large share of all titles (common trigrams
    such as "ing" occur everywhere: ~100 ms at 100,000 records). One edit changes only
    one half of a word, so a title holding either half as a substring is a candidate;
    the halves are rare, so only a few titles are ranked. Short words keep the ORed
    trigrams.
    """
    if len(folded) >= 6:
        middle = len(folded) // 2
        return f"{fts5_quote(folded[:middle])} OR {fts5_quote(folded[middle:])}"
    grams = sorted({folded[i : i + 3] for i in range(len(folded) - 2)})
    return " OR ".join(fts5_quote(g) for g in grams)


@dataclass
class Collected:
    """What one search needs from the database (see `collect`)."""

    dfs: list[int]  # matches per query group, in the whole index
    ids: list[int]  # the best candidates within the filters, best first
    # Facet key id -> number of matches (every match, whatever the filters; the hidden
    # keys are left out by the caller, selectors._facets).
    key_counts: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyFilters:
    """Facet-key subqueries (querysets of SearchFacetKey ids; None: no filter)."""

    all: QuerySet | None = None  # within every filter: ranking and typo titles
    # Keys of records the searcher may not see, left out of the above. (The facet counts
    # leave them out in Python: selectors._facets.)
    hidden: QuerySet | None = None

    def visible(self, entries: QuerySet) -> QuerySet:
        """`entries` (SearchEntry) narrowed to those within every filter and visible."""
        if self.all is not None:
            entries = entries.filter(facet_key__in=self.all)
        if self.hidden is not None:
            entries = entries.exclude(facet_key__in=self.hidden)
        return entries


def collect(
    query: Query,
    *,
    keys: KeyFilters,
    extra_ids: list[int] | tuple[int, ...] = (),
    limit: int,
    total_entries: int,
    counts: bool = True,
    dfs: list[int] | None = None,
) -> Collected:
    """Document frequencies, the best `limit` candidates and the facet counts of `query`.

    `extra_ids` (typo titles) join the match set without a rank of their own.
    `total_entries` (N for the idf of the PostgreSQL candidate rank) comes from the
    caller's cached collection statistics. `dfs`: SQLite's document frequencies of
    `query` when the caller has them already (`groups_found`).
    """
    if not query.groups:
        return Collected(dfs=[], ids=[])
    extra_ids = [int(i) for i in extra_ids]
    if is_postgres():
        return _collect_postgres(query, keys, extra_ids, limit, total_entries, counts)
    expr = to_fts5(query)
    scope = hidden = None
    if keys.all is not None:
        scope = SearchFacet.objects.filter(facet_key__in=keys.all).values("entry_id")
    if keys.hidden is not None:
        hidden = SearchFacet.objects.filter(facet_key__in=keys.hidden).values("entry_id")
    collected = Collected(
        dfs=group_counts(query) if dfs is None else dfs,
        ids=ranked_ids(expr, scope=scope, hidden=hidden, limit=limit),
    )
    if counts:
        match = matching(expr, extra_ids)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.facet_key, count(*) FROM search_searchfacet f"
                f" WHERE f.entry_id IN ({match.sql}) AND f.facet_key IS NOT NULL"
                " GROUP BY f.facet_key",
                match.params,
            )
            collected.key_counts = {int(key): int(n) for key, n in cursor.fetchall()}
    return collected


def _key_filter(
    column: str, allowed: QuerySet | None, hidden: QuerySet | None = None
) -> tuple[str, list]:
    """SQL keeping the facet keys in `column` that are allowed and not hidden."""
    clauses, params = ["1 = 1"], []
    for negate, keys in ((False, allowed), (True, hidden)):
        if keys is not None:
            sql, key_params = keys.query.sql_with_params()
            clauses.append(f"{column} {'NOT IN' if negate else 'IN'} ({sql})")
            params += list(key_params)
    return " AND ".join(clauses), params


# -- PostgreSQL: one statement over the postings ----------------------------------------------
def _collect_postgres(
    query: Query,
    keys: KeyFilters,
    extra_ids: list[int],
    limit: int,
    total_entries: int,
    counts: bool,
) -> Collected:
    """See the module docstring. Rows: (0, id, score), (1, group, df), (2, facet key, count).

    The idf of each group is computed once (in `d`), not once per matching record.
    """
    hits: list[str] = []
    params: list = []
    for number, group in enumerate(query.groups):
        for sql, group_params in _group_hits(number, group):
            hits.append(sql)
            params += group_params
    n = len(query.groups)
    if not hits and not extra_ids:
        return Collected(dfs=[0] * n, ids=[])
    if extra_ids:
        hits.append(
            "SELECT -1 AS g, id AS entry_id, 0::real AS impact, facet_key"
            " FROM search_searchentry WHERE id = ANY(%s)"
        )
        params.append(extra_ids)
    maxima = ", ".join(f"max(impact) FILTER (WHERE g = {i}) AS m{i}" for i in range(n))
    dfs = ", ".join(
        f"count(m{i}) AS d{i},"
        f" ln(1 + (%s::float8 - count(m{i}) + 0.5) / (count(m{i}) + 0.5)) AS w{i}"
        for i in range(n)
    )
    score = " + ".join(f"coalesce(e.m{i}, 0) * d.w{i}" for i in range(n))
    scope_sql, scope_params = _key_filter("e.facet_key", keys.all, keys.hidden)
    sql = (
        f"WITH hits AS ({' UNION ALL '.join(hits)}),"
        f" e AS MATERIALIZED (SELECT entry_id, facet_key, {maxima} FROM hits"
        " GROUP BY entry_id, facet_key),"
        f" d AS MATERIALIZED (SELECT {dfs} FROM e),"
        f" top AS (SELECT e.entry_id, {score} AS score FROM e, d WHERE {scope_sql}"
        " ORDER BY score DESC, e.entry_id LIMIT %s)"
        " SELECT 0 AS kind, entry_id AS a, score AS v FROM top"
        + "".join(f" UNION ALL SELECT 1, {i}, d{i} FROM d" for i in range(n))
    )
    params += [float(total_entries)] * n + scope_params + [limit]
    if counts:
        sql += (
            " UNION ALL SELECT 2, facet_key, count(*) FROM e"
            " WHERE facet_key IS NOT NULL GROUP BY facet_key"
        )
    dfs_found = [0] * n
    scored: list[tuple[float, int]] = []
    key_counts: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, a, value in rows:
        if kind == 0:
            scored.append((float(value), int(a)))
        elif kind == 1:
            dfs_found[int(a)] = int(value)
        else:
            key_counts[int(a)] = int(value)
    scored.sort(key=lambda s: (-s[0], s[1]))
    return Collected(dfs=dfs_found, ids=[pk for _, pk in scored], key_counts=key_counts)


def _group_hits(number: int, group: Group) -> list[tuple[str, list]]:
    """SELECTs of (g, entry_id, impact, facet_key) for every alternative of one group.

    Single terms: one index-only scan. Conjunctions: the postings of each part joined
    on the entry (both sides ordered by entry id: a merge join). Phrases: the same join,
    then the entry's tsvector decides adjacency (only the rows holding every part are read).
    """
    parts: list[tuple[str, list]] = []
    conjunctions, phrases = _needed(group)
    if group.terms:
        parts.append(
            (
                f"SELECT {number} AS g, entry_id, impact, facet_key FROM search_searchposting"
                " WHERE term = ANY(%s)",
                [sorted(group.terms)],
            )
        )
    for sequence in conjunctions:
        parts.append(_joined(number, sequence, phrase=False))
    for sequence in phrases:
        parts.append(_joined(number, sequence, phrase=True))
    return parts


def _needed(group: Group) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """The conjunctions and phrases of `group` that can add a match, sorted.

    An alternative is left out when another one matches every record it matches: a
    sequence holding one of the group's single terms, a phrase holding all words of a
    conjunction, a conjunction holding all words of a shorter one. Its impact (the least
    of its words) is never above that other alternative's, so neither the matches nor
    the candidate scores change; a phrase left out is one less tsvector check per row
    ("betrokkenheid van ouders" also matches ouder & betrok: 20 ms at 100,000 records).
    """
    terms = set(group.terms)
    conjunctions = [set(c) for c in group.conjunctions]

    def covered(words: set[str], *, proper: bool) -> bool:
        if words & terms:
            return True
        return any(c <= words and (c != words or not proper) for c in conjunctions)

    kept_conjunctions = [c for c in sorted(group.conjunctions) if not covered(set(c), proper=True)]
    kept_phrases = [p for p in sorted(group.phrases) if not covered(set(p), proper=False)]
    return kept_conjunctions, kept_phrases


def _joined(number: int, sequence: tuple[str, ...], *, phrase: bool) -> tuple[str, list]:
    terms = sorted(set(sequence))
    joins = "".join(
        f" JOIN search_searchposting p{i} ON p{i}.term = %s AND p{i}.entry_id = p0.entry_id"
        for i in range(1, len(terms))
    )
    impacts = ", ".join(f"p{i}.impact" for i in range(len(terms)))
    sql = (
        f"SELECT {number} AS g, p0.entry_id, LEAST({impacts}) AS impact, p0.facet_key"
        f" FROM search_searchposting p0{joins} WHERE p0.term = %s"
    )
    params: list = [*terms[1:], terms[0]]
    if phrase and len(sequence) > 1:
        sql += (
            " AND EXISTS (SELECT 1 FROM search_searchentry x WHERE x.id = p0.entry_id"
            " AND x.document @@ to_tsquery('simple', %s))"
        )
        params.append(" <-> ".join(tsquery_quote(t) for t in sequence))
    return sql, params
