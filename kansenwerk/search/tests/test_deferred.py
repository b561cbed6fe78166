"""Deferred indexing: one bulk index write per block, same result as indexing every save."""

from __future__ import annotations

import shutil

import pytest
from django.db import transaction

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing import store
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.importing.tests.helpers import DATA
from kansenwerk.kennisbank.tests.factories import InterventionFactory, ThemeFactory
from kansenwerk.search import indexing, services
from kansenwerk.search.models import SearchEntry, SearchFacet, SearchFacetKey
from kansenwerk.search.selectors import search

pytestmark = pytest.mark.django_db


def _index_snapshot() -> dict:
    """Everything the index holds per record, independent of row ids."""
    entries = {
        (e.model_label, e.object_id): (
            e.type_key,
            e.title,
            e.location,
            e.url,
            e.region_id,
            e.title_tokens,
            e.question_tokens,
            e.body_tokens,
            e.length,
            tuple(e.theme_ids()),
            e.facet.facet_key == e.facet_key,
        )
        for e in SearchEntry.objects.select_related("facet")
    }
    assert SearchFacet.objects.count() == len(entries)
    return entries


def test_block_indexes_once_at_the_end(region):
    with indexing.deferred():
        theme = ThemeFactory(title="Samen lezen met opa en oma", region=region)
        assert not SearchEntry.objects.exists()  # nothing written while the block runs
        theme.title = "Samen voorlezen met grootouders"
        theme.save()
    entry = SearchEntry.objects.get()
    assert entry.title == "Samen voorlezen met grootouders"
    assert entry.facet.facet_key == entry.facet_key
    assert SearchFacetKey.objects.get(pk=entry.facet_key).region_id == region.pk
    assert [h.entry.object_id for h in search(text="grootouders").hits] == [theme.pk]


def test_delete_in_block_removes_the_row(region):
    theme = ThemeFactory(title="Buitenspelen na school", region=region)
    assert SearchEntry.objects.count() == 1
    with indexing.deferred():
        theme.delete()
        assert SearchEntry.objects.count() == 1
    assert not SearchEntry.objects.exists()
    assert not SearchFacet.objects.exists()


def test_saved_then_deleted_leaves_nothing(region):
    with indexing.deferred():
        theme = ThemeFactory(title="Een thema dat niet blijft", region=region)
        theme.delete()
    assert not SearchEntry.objects.exists()


def test_error_in_block_leaves_no_rows(region):
    with pytest.raises(RuntimeError), transaction.atomic(), indexing.deferred():
        ThemeFactory(title="Mislukt thema", region=region)
        raise RuntimeError("stop")
    assert not m.Theme.objects.exists()
    assert not SearchEntry.objects.exists()


def test_m2m_changes_in_block_are_indexed(region):
    theme = ThemeFactory(title="Taal thuis", region=region)
    intervention = InterventionFactory(title="Voorleesbus in de wijk", region=region)
    with indexing.deferred():
        theme.interventions.add(intervention)
    row = SearchEntry.objects.get(model_label="kennisbank.intervention")
    assert row.theme_ids() == [theme.pk]


@pytest.fixture
def documents(tmp_path):
    for name in ("briefing_zandmeer.md", "bundel_ooststrand.md", "inspiratiekaart_heidedorp.md"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def test_import_leaves_the_index_exactly_in_sync(documents):
    report = import_documents(paths=[documents])
    assert report.ok
    imported = _index_snapshot()
    assert len(imported) > 20
    services.reindex()  # the reference: every record indexed from scratch
    assert _index_snapshot() == imported
    title = m.Theme.objects.order_by("pk").first().title
    assert any(h.entry.title == title for h in search(text=title).hits)


def test_reimport_after_edit_keeps_index_in_sync(documents):
    import_documents(paths=[documents])
    path = documents / "briefing_zandmeer.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("brugklas", "brugjaar"), encoding="utf-8"
    )
    import_documents(paths=[documents])
    imported = _index_snapshot()
    services.reindex()
    assert _index_snapshot() == imported


def test_failed_document_leaves_no_index_rows(documents, monkeypatch):
    original = store._DocumentImport._sync_records

    def broken(self):
        original(self)  # every record saved (and noted for indexing), then a failure
        assert m.Theme.objects.exists()
        raise RuntimeError("sync failed")

    monkeypatch.setattr(store._DocumentImport, "_sync_records", broken)
    report = import_documents(paths=[documents / "briefing_zandmeer.md"])
    assert not report.ok
    assert not m.Theme.objects.exists()
    assert not SearchEntry.objects.exists()
    assert not SearchFacet.objects.exists()


def test_dry_run_leaves_no_index_rows(documents):
    import_documents(paths=[documents], dry_run=True)
    assert not m.Theme.objects.exists()
    assert not SearchEntry.objects.exists()
