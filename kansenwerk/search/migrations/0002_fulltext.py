"""Full-text structures beside search_searchentry, for the database vendor in use.

SQLite: external-content FTS5 tables kept in sync by triggers (the same transaction as
the row change). PostgreSQL: a generated tsvector column with weights A/B/C and a GIN
index, plus pg_trgm for typo-tolerant title matching.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title_tokens, question_tokens, body_tokens,
        content='search_searchentry', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '.'")""",
    """CREATE VIRTUAL TABLE search_trgm USING fts5(
        title_folded, content='search_searchentry', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_tokens, question_tokens, body_tokens)
        VALUES (new.id, new.title_tokens, new.question_tokens, new.body_tokens);
        INSERT INTO search_trgm(rowid, title_folded) VALUES (new.id, new.title_folded);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, question_tokens, body_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.question_tokens, old.body_tokens);
        INSERT INTO search_trgm(search_trgm, rowid, title_folded)
        VALUES ('delete', old.id, old.title_folded);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_tokens, question_tokens, body_tokens)
        VALUES ('delete', old.id, old.title_tokens, old.question_tokens, old.body_tokens);
        INSERT INTO search_trgm(search_trgm, rowid, title_folded)
        VALUES ('delete', old.id, old.title_folded);
        INSERT INTO search_fts(rowid, title_tokens, question_tokens, body_tokens)
        VALUES (new.id, new.title_tokens, new.question_tokens, new.body_tokens);
        INSERT INTO search_trgm(rowid, title_folded) VALUES (new.id, new.title_folded);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_trgm",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')
        || setweight(to_tsvector('simple'::regconfig, question_tokens), 'B')
        || setweight(to_tsvector('simple'::regconfig, body_tokens), 'C')) STORED""",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
    """CREATE INDEX search_entry_title_trgm ON search_searchentry
        USING gin (title_folded gin_trgm_ops)""",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
