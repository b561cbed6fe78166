"""Facet keys (type + region + themes per entry) and, on PostgreSQL, the postings table.

The keys replace the per-entry theme rows and the type/region copy on SearchFacet.

`SearchPosting` rows are derived from each entry's tsvector by statement-level triggers
(transition tables: one INSERT ... SELECT per statement, so bulk writes stay bulk; sorted
by term, which makes the index inserts ~25 % faster), in the same transaction as the
entry. A full rebuild (services.bulk_rebuild) switches them off for its transaction and
writes all postings at once. Impact = the BM25 term-frequency part of ranking.py (title 4,
question 2, body 1; k1 1.2, b 0.5) with a fixed average length of 100 words: it only
picks the candidates that ranking.py then scores exactly. Existing entries get their
facet keys and postings here.
"""

import django.db.models.deletion
from django.db import migrations, models


POSTGRES_UP = [
    "ALTER TABLE search_searchposting ALTER COLUMN impact TYPE real",
    "ALTER TABLE search_searchposting DROP CONSTRAINT search_searchposting_pkey",
    """ALTER TABLE search_searchposting ADD CONSTRAINT search_searchposting_pkey
        PRIMARY KEY (term, entry_id) INCLUDE (impact, facet_key)""",
    # Index-only scans skip only pages that VACUUM marked all-visible; by default autovacuum
    # waits for inserts of 20 % of the table (1.4 million postings at 100,000 records).
    """ALTER TABLE search_searchposting SET (autovacuum_vacuum_insert_scale_factor = 0.01,
        autovacuum_vacuum_scale_factor = 0.05)""",
    # Weighted term frequency: every position counts 1, title (A) 3 more, question (B) 1 more.
    # Plain SQL expressions, so PostgreSQL inlines them (a FROM clause made them 4x slower).
    """CREATE FUNCTION search_posting_tf(weights text[]) RETURNS float8
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT cardinality(weights)::float8 + 3 * cardinality(array_positions(weights, 'A'))
            + cardinality(array_positions(weights, 'B'))
    $$""",
    # tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / 100)) with k1 1.2, b 0.5.
    """CREATE FUNCTION search_posting_impact(weights text[], length integer) RETURNS real
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT (2.2::float8 * search_posting_tf(weights)
            / (search_posting_tf(weights) + 0.6::float8 + 0.006::float8 * length))::real
    $$""",
    """CREATE FUNCTION search_postings_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('kansenwerk.defer_postings', true) = 'on' THEN
            RETURN NULL;  -- services.bulk_rebuild() rebuilds every posting at its end
        END IF;
        INSERT INTO search_searchposting (term, entry_id, impact, facet_key)
        SELECT u.lexeme, n.id, search_posting_impact(u.weights, n.length), n.facet_key
        FROM new_rows n, unnest(n.document) u ORDER BY 1, 2;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_postings_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('kansenwerk.defer_postings', true) = 'on' THEN
            RETURN NULL;  -- services.bulk_rebuild() rebuilds every posting at its end
        END IF;
        DELETE FROM search_searchposting p USING old_rows o, unnest(o.document) u
        WHERE p.term = u.lexeme AND p.entry_id = o.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_postings_insert AFTER INSERT ON search_searchentry
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION search_postings_add()""",
    """CREATE TRIGGER search_entry_postings_delete AFTER DELETE ON search_searchentry
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
        EXECUTE FUNCTION search_postings_remove()""",
    # An update removes the old postings, then adds the new ones (triggers of one event
    # fire in name order).
    """CREATE TRIGGER search_entry_postings_update_1 AFTER UPDATE ON search_searchentry
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
        EXECUTE FUNCTION search_postings_remove()""",
    """CREATE TRIGGER search_entry_postings_update_2 AFTER UPDATE ON search_searchentry
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION search_postings_add()""",
    """INSERT INTO search_searchposting (term, entry_id, impact, facet_key)
        SELECT u.lexeme, e.id, search_posting_impact(u.weights, e.length), e.facet_key
        FROM search_searchentry e, unnest(e.document) u ORDER BY 1, 2""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS search_entry_postings_insert ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_postings_delete ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_postings_update_1 ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_postings_update_2 ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_postings_add()",
    "DROP FUNCTION IF EXISTS search_postings_remove()",
    "DROP FUNCTION IF EXISTS search_posting_impact(text[], integer)",
    "DROP FUNCTION IF EXISTS search_posting_tf(text[])",
]


def _postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def fill_facet_keys(apps, schema_editor):
    """A facet key for every existing entry (type, region and its themes)."""
    entry_model = apps.get_model("search", "SearchEntry")
    facet_model = apps.get_model("search", "SearchFacet")
    theme_model = apps.get_model("search", "SearchEntryTheme")
    key_model = apps.get_model("search", "SearchFacetKey")
    key_theme_model = apps.get_model("search", "SearchFacetKeyTheme")
    themes: dict[int, set[int]] = {}
    for entry_id, theme_id in theme_model.objects.values_list("entry_id", "theme_id"):
        themes.setdefault(entry_id, set()).add(theme_id)
    keys: dict[str, int] = {}
    by_key: dict[int, list[int]] = {}
    for pk, type_key, region_id in entry_model.objects.values_list("pk", "type_key", "region_id"):
        theme_ids = sorted(themes.get(pk, ()))
        signature = f"{type_key}|{'' if region_id is None else region_id}|" + ",".join(
            str(t) for t in theme_ids
        )
        if signature not in keys:
            key = key_model.objects.create(
                signature=signature, type_key=type_key, region_id=region_id
            )
            key_theme_model.objects.bulk_create(
                key_theme_model(key=key, theme_id=t) for t in theme_ids
            )
            keys[signature] = key.pk
        by_key.setdefault(keys[signature], []).append(pk)
    for key_id, pks in by_key.items():
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            entry_model.objects.filter(pk__in=chunk).update(facet_key=key_id)
            facet_model.objects.filter(entry_id__in=chunk).update(facet_key=key_id)


def empty_index(apps, schema_editor):
    # Plain SQL: the model state at this point still names the dropped theme table.
    # (PostgreSQL: TRUNCATE, since deletes leave deferred foreign-key checks pending,
    # which the ALTER TABLEs that follow refuse.)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("TRUNCATE search_searchfacet, search_searchentry")
    else:
        schema_editor.execute("DELETE FROM search_searchfacet")
        schema_editor.execute("DELETE FROM search_searchentry")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0005_document_storage'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchFacetKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signature', models.CharField(max_length=600, unique=True, verbose_name='kenmerk')),
                ('type_key', models.CharField(max_length=40, verbose_name='soort')),
                ('region_id', models.IntegerField(blank=True, null=True, verbose_name='regio-id')),
            ],
            options={
                'verbose_name': 'facetsleutel',
                'verbose_name_plural': 'facetsleutels',
            },
        ),
        migrations.CreateModel(
            name='SearchPosting',
            fields=[
                ('pk', models.CompositePrimaryKey('term', 'entry_id', blank=True, editable=False, primary_key=True, serialize=False)),
                ('term', models.TextField()),
                ('entry_id', models.IntegerField()),
                ('impact', models.FloatField()),
                ('facet_key', models.IntegerField(null=True)),
            ],
            options={
                'verbose_name': 'zoekterm van zoekindexregel',
                'verbose_name_plural': 'zoektermen van zoekindexregels',
                'managed': True,
            },
        ),
        migrations.AddField(
            model_name='searchentry',
            name='facet_key',
            field=models.IntegerField(blank=True, null=True, verbose_name='facetsleutel'),
        ),
        migrations.AddField(
            model_name='searchfacet',
            name='facet_key',
            field=models.IntegerField(blank=True, null=True, verbose_name='facetsleutel'),
        ),
        migrations.CreateModel(
            name='SearchFacetKeyTheme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('theme_id', models.IntegerField(db_index=True, verbose_name='thema-id')),
                ('key', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='themes', to='search.searchfacetkey')),
            ],
            options={
                'verbose_name': 'thema van facetsleutel',
                'verbose_name_plural': "thema's van facetsleutels",
                'constraints': [models.UniqueConstraint(fields=('key', 'theme_id'), name='search_facet_key_theme')],
            },
        ),
        migrations.RunPython(fill_facet_keys, migrations.RunPython.noop),
        # The keys hold the themes and the type and region now.
        migrations.RemoveField(model_name='searchfacet', name='region_id'),
        migrations.RemoveField(model_name='searchfacet', name='type_key'),
        migrations.DeleteModel(name='SearchEntryTheme'),
        # Going back: the old columns cannot be filled from the keys, so the index is
        # emptied first; `kansenwerk reindex` rebuilds it under the old code.
        migrations.RunPython(migrations.RunPython.noop, empty_index),
        migrations.RunPython(_postgres(POSTGRES_UP), _postgres(POSTGRES_DOWN)),
    ]
