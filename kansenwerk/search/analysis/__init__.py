"""Dutch text analysis for kansenwerk search, shared by the SQLite and PostgreSQL indexes.

Index: store " ".join(analyze(text)). Search: q = analyze_query(text); match with
to_fts5(q) or to_tsquery(q); show highlight(text, q); offer suggest_spelling(word, vocab).
"""

from kansenwerk.search.analysis.analyzer import Group, Query, analyze, analyze_query
from kansenwerk.search.analysis.highlight import highlight
from kansenwerk.search.analysis.normalize import fold, tokenize
from kansenwerk.search.analysis.query_syntax import to_fts5, to_tsquery
from kansenwerk.search.analysis.spelling import suggest_spelling

__all__ = [
    "Group",
    "Query",
    "analyze",
    "analyze_query",
    "fold",
    "highlight",
    "suggest_spelling",
    "to_fts5",
    "to_tsquery",
    "tokenize",
]
