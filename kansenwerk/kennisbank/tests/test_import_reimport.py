"""Re-importing: changed documents update in place, hand edits are reported, failures roll back."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kansenwerk.core.models import Municipality, Region
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.importing.tests.helpers import DATA
from kansenwerk.kennisbank.importing.tests.render import to_docx, to_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(tmp_path):
    path = tmp_path / "zandmeer.md"
    shutil.copy(DATA / "briefing_zandmeer.md", path)
    return path


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _pks():
    return {
        model.__name__: sorted(model.objects.values_list("import_key", "pk"))
        for model in (m.Theme, m.SolutionDirection, m.ReadingItem, m.Initiative)
    }


def test_changed_document_updates_records_in_place(briefing):
    first = import_documents(paths=[briefing])
    assert first.ok
    before = _pks()
    _edit(
        briefing,
        "Een wisselcollectie in elke klas",
        "Een wisselcollectie van prentenboeken in elke klas",
    )
    second = import_documents(paths=[briefing])
    doc = second.documents[0]
    assert doc.errors == [] and doc.created == 0
    assert doc.updated == 2  # the direction and the document's full text
    assert _pks() == before
    direction = m.SolutionDirection.objects.get(number="1.1")
    assert "prentenboeken" in direction.text
    assert m.SourceDocument.objects.count() == 1
    assert m.SourceFile.objects.count() == 1


def test_changed_title_keeps_the_document_and_numbered_records(briefing):
    import_documents(paths=[briefing])
    document = m.SourceDocument.objects.get()
    direction = m.SolutionDirection.objects.get(number="4.2")
    _edit(briefing, "4.2 Een maatje uit de brugklas", "4.2 Een buddy uit de brugklas")
    report = import_documents(paths=[briefing])
    assert report.documents[0].updated >= 1
    assert m.SourceDocument.objects.get().pk == document.pk
    direction.refresh_from_db()
    assert direction.title == "Een buddy uit de brugklas"


def test_hand_edit_is_not_overwritten_and_reported(briefing):
    import_documents(paths=[briefing])
    theme = m.Theme.objects.get(number=1)
    theme.guiding_question = "Een vraag die de coördinator zelf formuleerde?"
    theme.save()
    # Unchanged document: the hand edit stays and nothing is reported as a conflict.
    quiet = import_documents(paths=[briefing]).documents[0]
    assert quiet.conflicts == [] and quiet.updated == 0
    _edit(briefing, "met plezier leest?", "elke dag met plezier leest?")
    out = StringIO()
    call_command("import", str(briefing), "--json", stdout=out)
    doc = json.loads(out.getvalue())["documents"][0]
    theme.refresh_from_db()
    assert theme.guiding_question == "Een vraag die de coördinator zelf formuleerde?"
    assert doc["conflicts"] == [
        {
            "model": "theme",
            "pk": theme.pk,
            "label": "Lezen in het dorp",
            "fields": ["guiding_question"],
        }
    ]
    warning = next(w for w in doc["warnings"] if w.startswith("Conflict"))
    assert "Lezen in het dorp" in warning and "leidende vraag" in warning


def test_records_gone_from_the_document_are_deleted_unless_edited(briefing):
    import_documents(paths=[briefing])
    edited = m.ReadingItem.objects.get(title__startswith="Voorlezen met opa")
    edited.author = "Radio Veld en de bibliotheek"
    edited.save()
    _edit(briefing, "- Leesplezier op het platteland - Karin de Boer, Dorpskrant (artikel)\n", "")
    _edit(briefing, "- Voorlezen met opa en oma - Radio Veld (podcast)\n", "")
    doc = import_documents(paths=[briefing]).documents[0]
    assert doc.deleted == 1
    assert not m.ReadingItem.objects.filter(title__startswith="Leesplezier").exists()
    assert m.ReadingItem.objects.filter(pk=edited.pk).exists()
    assert {(e["label"][:9], e["kept"]) for e in doc.missing} == {
        ("Leesplezi", False),
        ("Voorlezen", True),
    }


def test_same_content_in_docx_and_pdf_is_one_document(briefing, tmp_path):
    markdown = briefing.read_text(encoding="utf-8")
    docx = to_docx(markdown, tmp_path / "zandmeer-bijlage.docx")
    pdf = to_pdf(markdown, tmp_path / "zandmeer-gedrukt.pdf")
    report = import_documents(paths=[briefing, docx, pdf])
    assert report.ok
    _first, second, third = report.documents
    assert second.duplicate_of == str(briefing) and third.duplicate_of == str(briefing)
    assert second.created == third.created == 0
    assert m.SourceDocument.objects.get().files.count() == 3
    assert sorted(m.SourceFile.objects.values_list("format", flat=True)) == ["docx", "md", "pdf"]
    assert m.Theme.objects.count() == 2


def test_region_from_municipality_and_new_region_warning(tmp_path):
    noord = Region.objects.create(name="Noordkust")
    Municipality.objects.create(name="Zandmeer", region=noord)
    path = tmp_path / "zandmeer.md"
    shutil.copy(DATA / "briefing_zandmeer.md", path)
    doc = import_documents(paths=[path]).documents[0]
    assert doc.region == "Noordkust"
    assert not any("aangemaakt" in w for w in doc.warnings)
    assert set(m.Theme.objects.values_list("region_id", flat=True)) == {noord.pk}

    other = tmp_path / "elders.md"
    other.write_text(
        (DATA / "briefing_zandmeer.md")
        .read_text(encoding="utf-8")
        .replace("ZANDMEER", "VEENHOEK")
        .replace("Zandmeer", "Veenhoek"),
        encoding="utf-8",
    )
    doc = import_documents(paths=[other]).documents[0]
    assert doc.region == "Veenhoek"
    assert any("Veenhoek" in w and "aangemaakt" in w for w in doc.warnings)


def test_bundel_links_municipality_and_themes(tmp_path):
    path = tmp_path / "ooststrand.md"
    shutil.copy(DATA / "bundel_ooststrand.md", path)
    doc = import_documents(paths=[path]).documents[0]
    assert doc.kind == "interventiebundel" and doc.errors == []
    intervention = m.Intervention.objects.exclude(place="").first()
    assert intervention.people and set(intervention.people[0]) == {"name", "role"}


def test_failure_mid_document_rolls_back_only_that_document(tmp_path, seeds_dir, monkeypatch):
    good = tmp_path / "zandmeer.md"
    shutil.copy(DATA / "briefing_zandmeer.md", good)
    bad = tmp_path / "achterhoek.txt"
    shutil.copy(next(seeds_dir.glob("002_*")), bad)
    original = m.SolutionDirection.save

    def failing_save(self, *args, **kwargs):
        if self.number == "7.2":
            raise RuntimeError("schijf vol")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(m.SolutionDirection, "save", failing_save)
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", str(bad), str(good), "--json", stdout=out)
    assert caught.value.returncode == 1
    report = json.loads(out.getvalue())
    failed, imported = report["documents"]
    assert failed["errors"] and "achterhoek.txt" in failed["errors"][0]
    assert "niets van dit document" in failed["errors"][0]
    assert failed["created"] == 0
    assert imported["errors"] == [] and imported["created"] > 0
    assert list(m.SourceDocument.objects.values_list("title", flat=True)) == [imported["title"]]
    assert not Region.objects.filter(name="Achterhoek").exists()
    assert not m.Theme.objects.filter(title__startswith="De moeilijk").exists()
    assert m.SourceFile.objects.count() == 1


def test_pdf_import_records_pages_and_matches_plain_text(client, tmp_path):
    markdown = (DATA / "bundel_ooststrand.md").read_text(encoding="utf-8")
    pdf = to_pdf(markdown, tmp_path / "ooststrand.pdf")
    (doc,) = import_documents(paths=[pdf]).documents
    plain = tmp_path / "ooststrand-tekst.md"
    plain.write_text(markdown, encoding="utf-8")
    (same,) = import_documents(paths=[plain], dry_run=True).documents
    assert doc.errors == [] and doc.counts == same.counts
    assert [i["title"] for i in doc.interventions] == [i["title"] for i in same.interventions]
    assert same.duplicate_of == str(pdf)  # same content as the PDF already imported
    interventions = m.Intervention.objects.order_by("source_page")
    assert [i.source_page for i in interventions] == [2, 3]
    assert m.SourceFile.objects.get().format == "pdf"
    html = client.get(interventions[0].get_absolute_url()).content.decode()
    assert "pagina 2" in html
