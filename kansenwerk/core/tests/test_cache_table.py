"""`migrate` makes the database cache table that production settings use (issue 20)."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_cache_migration_creates_the_database_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kansenwerk_test_cache",
        }
    }
    assert "kansenwerk_test_cache" not in connection.introspection.table_names()
    migration = importlib.import_module("kansenwerk.core.migrations.0005_cache_table")
    migration.create_cache_table(None, SimpleNamespace(connection=connection))
    assert "kansenwerk_test_cache" in connection.introspection.table_names()
    migration.create_cache_table(None, SimpleNamespace(connection=connection))  # twice: no-op
