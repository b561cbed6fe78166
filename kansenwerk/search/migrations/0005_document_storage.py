"""Keep the PostgreSQL tsvector inline (STORAGE MAIN) so ranking does not detoast it.

The wide index row (snippet text and token columns) exceeds the 2 kB TOAST threshold, and by
default the tsvector was moved out of line like the text: ts_rank_cd then fetched it from the
TOAST table for every match (~20 us each, 600 ms for a common word at 100,000 records).
With STORAGE MAIN the text columns are moved out first and the (compressed) tsvector stays
in the heap row. Applies to rows written from now on; `kansenwerk reindex` rewrites old rows.
"""

from django.db import migrations


def _storage(value):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE search_searchentry ALTER COLUMN document SET STORAGE {value}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facets")]

    operations = [migrations.RunPython(_storage("MAIN"), _storage("EXTENDED"))]
