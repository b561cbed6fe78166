"""The vendor-specific SQL of search: match, native rank, per-group counts, title trigrams.

Everything else (filters, facets, the final order) is shared Django ORM or Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from kansenwerk.search.analysis import Query, fold, to_fts5, to_tsquery
from kansenwerk.search.analysis.query_syntax import fts5_quote

# Native rank weights for picking candidates: title, guiding question, body.
FTS5_WEIGHTS = (4.0, 2.0, 1.0)
FTS5_WEIGHTS_SQL = ", ".join(str(w) for w in FTS5_WEIGHTS)
TSRANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"  # D, C (body), B (question), A (title)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def planner_hints() -> Iterator[None]:
    """On PostgreSQL: run the block's queries with sequential scans discouraged.

    The planner estimates a common word's match (10-20 % of the rows) cheaper by a
    sequential scan than by the GIN index, but it does not cost reading (detoasting)
    every row's tsvector to test it: measured 25 ms instead of 2 ms per statement at
    10,000 records. `SET LOCAL` (set_config(..., true)) inside a transaction or
    savepoint keeps the setting to this block; the previous value is restored after.
    """
    if not is_postgres():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        previous = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        try:
            yield
        finally:
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", (previous,))


def expression(query: Query, *, prefix: bool = False) -> str:
    """The vendor's match expression for `query` ("" when there is nothing to match)."""
    if is_postgres():
        return to_tsquery(query, prefix=prefix)
    return to_fts5(query, prefix=prefix)


def matching(expr: str, extra_ids: list[int] | tuple[int, ...] = ()) -> RawSQL:
    """A subquery of the ids of the entries matching `expr`, plus `extra_ids` (pk__in=...).

    The extra ids are a UNION, not an OR in the outer query: an OR made both
    databases test every row instead of using the full-text index.
    """
    extra_ids = [int(i) for i in extra_ids]
    if is_postgres():
        # OFFSET 0 plans the match on its own (GIN bitmap scan).
        sql = "SELECT id FROM search_searchentry WHERE document @@ to_tsquery('simple', %s)"
        params: list = [expr]
        if extra_ids:
            sql += " UNION SELECT id FROM search_searchentry WHERE id = ANY(%s)"
            params.append(extra_ids)
        return RawSQL(f"SELECT id FROM ({sql}) m OFFSET 0", params)  # noqa: S611 (constants)
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
    if extra_ids:
        placeholders = ", ".join(["%s"] * len(extra_ids))
        sql += f" UNION SELECT id FROM search_searchentry WHERE id IN ({placeholders})"
    return RawSQL(sql, [expr, *extra_ids])  # noqa: S611 (constants and placeholders only)


def ranked_ids(expr: str, *, scope: QuerySet | None, limit: int) -> list[int]:
    """The ids of the best `limit` matches by the database's own rank."""
    scope_sql, scope_params = "", ()
    if scope is not None:
        sql, scope_params = scope.values("id").query.sql_with_params()
        scope_sql = f" AND e.id IN ({sql})"
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                "SELECT e.id FROM search_searchentry e, to_tsquery('simple', %s) q"
                " WHERE e.document @@ q" + scope_sql + f" ORDER BY ts_rank_cd('{TSRANK_WEIGHTS}',"
                " e.document, q) DESC, e.id LIMIT %s",
                (expr, *scope_params, limit),
            )
        elif scope is None:
            # Without filters the index table is not needed: rank inside FTS5 alone.
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
                f" ORDER BY bm25(search_fts, {FTS5_WEIGHTS_SQL}), rowid LIMIT %s",
                (expr, limit),
            )
        else:
            cursor.execute(
                "SELECT e.id FROM search_fts f JOIN search_searchentry e ON e.id = f.rowid"
                " WHERE search_fts MATCH %s" + scope_sql + f" ORDER BY bm25(search_fts, "
                f"{FTS5_WEIGHTS_SQL}), e.id LIMIT %s",
                (expr, *scope_params, limit),
            )
        return [row[0] for row in cursor.fetchall()]


def group_counts(query: Query) -> list[int]:
    """How many entries match each group of `query` (document frequencies for idf)."""
    if not query.groups:
        return []
    singles = [Query(text=query.text, groups=(group,)) for group in query.groups]
    with connection.cursor() as cursor:
        if is_postgres():
            # One count per group, each answered by the GIN index (no recheck, so the
            # tsvectors are not read); a FILTER over one scan would detoast every match.
            exprs = [to_tsquery(q) for q in singles]
            columns = ", ".join(
                "(SELECT count(*) FROM search_searchentry"
                " WHERE document @@ to_tsquery('simple', %s))"
                for _ in exprs
            )
            cursor.execute(f"SELECT {columns}", exprs)
        else:
            exprs = [to_fts5(q) for q in singles]
            columns = ", ".join(
                "(SELECT count(*) FROM search_fts WHERE search_fts MATCH %s)" for _ in exprs
            )
            cursor.execute(f"SELECT {columns}", exprs)
        row = cursor.fetchone()
    return [int(n or 0) for n in row]


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
