"""Create the database cache table during `migrate`.

Production uses Django's database cache (rate limits, search statistics), and saving any
indexed record touches that cache — including data migrations (search 0007). With the table
made by a separate `createcachetable` step, a fresh install failed inside `migrate`. This
migration makes it part of `migrate`; for other cache backends `createcachetable` does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_personal_link_and_login_lockout")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
