"""Render an analysed Query as an SQLite FTS5 MATCH expression or a PostgreSQL tsquery.

Both renderings quote every token, so nothing a user types (quotes, parentheses,
NEAR, AND/OR/NOT, `*`, `:`, `&|!`) can reach the query syntax as an operator: the
analyzer already reduced the input to stems, and quoting makes each stem a literal.
Both expect the index to hold the output of `analyze()` joined by spaces (FTS5:
tokenize="unicode61 remove_diacritics 0 tokenchars '.'"; PostgreSQL:
to_tsvector('simple', ...)).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from kansenwerk.search.analysis.analyzer import Group, Query
from kansenwerk.search.analysis.stemming import stem

Mode = Literal["or", "and"]
_COLUMN_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fts5_quote(token: str) -> str:
    """Quote a token as an FTS5 string literal ("" escapes a quote)."""
    return '"' + token.replace('"', '""') + '"'


def tsquery_quote(token: str) -> str:
    """Quote a token as a tsquery lexeme ('' escapes a quote, \\\\ a backslash)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def to_fts5(
    query: Query,
    *,
    mode: Mode = "or",
    prefix: bool = False,
    columns: Sequence[str] | None = None,
) -> str:
    """Return an FTS5 MATCH expression for `query`; "" when there is nothing to search.

    `prefix=True` adds the last typed word as a prefix alternative (type-ahead).
    `columns` limits the match to those FTS5 columns (identifiers only).
    """
    groups = [_fts5_group(group) for group in query.groups]
    if prefix and query.prefix:
        alternatives = sorted({query.prefix, stem(query.prefix)})
        prefix_expr = " OR ".join(f"{fts5_quote(token)} *" for token in alternatives)
        if groups:
            groups[-1] = f"({groups[-1]} OR {prefix_expr})"
        else:
            groups.append(f"({prefix_expr})")
    if not groups:
        return ""
    expression = f" {mode.upper()} ".join(groups)
    if columns:
        for column in columns:
            if not _COLUMN_RE.match(column):
                raise ValueError(f"Invalid FTS5 column name: {column!r}")
        expression = "{" + " ".join(columns) + "} : (" + expression + ")"
    return expression


def to_tsquery(query: Query, *, mode: Mode = "or", prefix: bool = False) -> str:
    """Return a to_tsquery('simple', …) string for `query`; "" when there is nothing to search."""
    groups = [_tsquery_group(group) for group in query.groups]
    if prefix and query.prefix:
        alternatives = sorted({query.prefix, stem(query.prefix)})
        prefix_expr = " | ".join(f"{tsquery_quote(token)}:*" for token in alternatives)
        if groups:
            groups[-1] = f"({groups[-1]} | {prefix_expr})"
        else:
            groups.append(f"({prefix_expr})")
    if not groups:
        return ""
    return (" & " if mode == "and" else " | ").join(groups)


def _fts5_group(group: Group) -> str:
    alternatives = [fts5_quote(term) for term in sorted(group.terms)]
    alternatives += [
        "(" + " + ".join(fts5_quote(t) for t in phrase) + ")" for phrase in sorted(group.phrases)
    ]
    alternatives += [
        "(" + " AND ".join(fts5_quote(t) for t in conj) + ")" for conj in sorted(group.conjunctions)
    ]
    return "(" + " OR ".join(alternatives) + ")"


def _tsquery_group(group: Group) -> str:
    alternatives = [tsquery_quote(term) for term in sorted(group.terms)]
    alternatives += [
        "(" + " <-> ".join(tsquery_quote(t) for t in phrase) + ")"
        for phrase in sorted(group.phrases)
    ]
    alternatives += [
        "(" + " & ".join(tsquery_quote(t) for t in conj) + ")"
        for conj in sorted(group.conjunctions)
    ]
    return "(" + " | ".join(alternatives) + ")"
