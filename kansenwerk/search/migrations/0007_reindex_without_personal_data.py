"""Rebuild the entries that held names of people: agreements (the "met wie" field) and
interventions (the names of people involved). Both are no longer text sources
(afspraken/search.py, kennisbank/search.py); the facets do not change."""

from django.db import migrations

RELABELLED = {"afspraken.agreement", "afspraken.signal", "kennisbank.intervention"}


def reindex(apps, schema_editor):
    from kansenwerk.search import registry, services

    types = [t for t in registry.types() if t.model._meta.label_lower in RELABELLED]
    if types:
        services.reindex(types=types, build_vocabulary=False)  # table: 0009
        from kansenwerk.search.privacy import forget_deleted_terms

        forget_deleted_terms()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_facet_keys_postings"),
        ("core", "0005_cache_table"),  # saving indexed records touches the cache
        ("afspraken", "0002_agreement_covering_indexes"),
        ("kennisbank", "0002_importjob"),
        ("meetups", "0002_organisation_links"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
