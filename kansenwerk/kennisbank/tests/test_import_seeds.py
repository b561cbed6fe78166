"""Importing the five seed documents gives the structure read from them by hand, once."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from kansenwerk.core.models import AuditLogEntry, Region
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.management.commands.stats import KINDS

pytestmark = pytest.mark.django_db


def _import_json(*paths) -> dict:
    out = StringIO()
    call_command("import", *[str(p) for p in paths], "--json", stdout=out)
    return json.loads(out.getvalue())


def _stats() -> dict:
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_seeds_import_with_full_structure(seeds_dir):
    report = _import_json(seeds_dir)
    docs = {d["path"].rsplit("/", 1)[-1][:3]: d for d in report["documents"]}
    assert report["errors"] == 0
    assert [docs[p]["kind"] for p in ("000", "001", "002", "003", "004")] == [
        "briefing",
        "briefing",
        "briefing",
        "inspiratiekaart",
        "interventiebundel",
    ]
    for doc in report["documents"]:
        assert set(doc["counts"]) == {
            "themes",
            "solution_directions",
            "reading_items",
            "initiatives",
            "interventions",
            "practice_examples",
            "sources",
            "lessons",
        }
        assert len(doc["sha256"]) == 64 and doc["errors"] == []

    # 000 and 001 are two extractions of one PDF: one document, two files, one set of records.
    assert docs["000"]["duplicate_of"] is None
    assert docs["001"]["duplicate_of"] == docs["000"]["path"]
    assert docs["001"]["created"] == 0
    # 001 is the better extraction: it repairs the records 000 left damaged (test_import_repair).
    assert docs["001"]["updated"] == len(docs["001"]["repaired"]) > 0
    hilversum = m.SourceDocument.objects.get(files__path=docs["000"]["path"])
    assert hilversum.files.count() == 2
    assert hilversum.region.name == "Hilversum"
    assert docs["000"]["region"] == "Hilversum"
    assert any("Amersfoort" in w for w in docs["000"]["warnings"])
    assert docs["000"]["themes"] == [
        {"title": "Taal centraal", "solution_directions": 5, "reading_items": 4, "initiatives": 4}
        | {"url": docs["000"]["themes"][0]["url"]},
        {
            "title": "De grote oversteek",
            "solution_directions": 5,
            "reading_items": 3,
            "initiatives": 0,
            "url": docs["000"]["themes"][1]["url"],
        },
        {
            "title": "Zorgen vs. lesgeven",
            "solution_directions": 3,
            "reading_items": 4,
            "initiatives": 5,
            "url": docs["000"]["themes"][2]["url"],
        },
    ]

    themes = list(m.Theme.objects.filter(source_document=hilversum).order_by("number"))
    assert [t.title for t in themes] == [
        "Taal centraal",
        "De grote oversteek",
        "Zorgen vs. lesgeven",
    ]
    assert [
        list(t.solution_directions.order_by("position").values_list("number", flat=True))
        for t in themes
    ] == [
        ["1.1", "1.2", "1.3", "1.4", "1.5"],
        ["2.1", "2.2", "2.3", "2.4", "2.5"],
        ["3.1", "3.2", "3.3"],
    ]
    assert [t.reading_items.count() for t in themes] == [4, 3, 4]
    assert [t.initiatives.count() for t in themes] == [4, 0, 5]
    assert themes[0].guiding_question.startswith("Hoe voorkomen we gezamenlijk")
    direction = themes[0].solution_directions.get(number="1.1")
    assert direction.import_key == "theme:1/direction:1.1"
    assert direction.region == hilversum.region
    assert direction.source_line_start and direction.source_line_end >= direction.source_line_start
    assert themes[0].reading_items.filter(medium="podcast").exists()
    assert list(themes[0].initiatives.order_by("position").values_list("title", flat=True))[:2] == [
        "Voorlees Express",
        "De schoolschrijver",
    ]
    assert all(t.region_id == hilversum.region_id for t in themes)

    # 002: a theme without a header and directions numbered 7.x under theme 2.
    achterhoek = m.SourceDocument.objects.get(files__path=docs["002"]["path"])
    assert achterhoek.region.name == "Achterhoek"
    a_themes = list(achterhoek.theme_set.order_by("number"))
    assert [t.title for t in a_themes] == [
        "De moeilijk te bereiken ouder",
        "De kracht van het team/netwerk",
    ]
    assert list(a_themes[1].solution_directions.values_list("number", flat=True)) == [
        "7.1",
        "7.2",
        "7.3",
    ]
    assert [t.reading_items.count() for t in a_themes] == [3, 3]

    # 003: inspiratiekaart.
    kaart = m.SourceDocument.objects.get(files__path=docs["003"]["path"])
    assert kaart.kind == "inspiratiekaart" and kaart.region is None
    interventions = list(kaart.intervention_set.order_by("pk"))
    assert [i.title for i in interventions] == [
        "Extra begeleiding/ tutoring/ extra lestijd",
        "Een effectieve samenwerking met jeugdzorg en andere zorg externen",
        "Belevingswereld van leerlingen vergroten",
    ]
    assert [i.practice_examples.count() for i in interventions] == [4, 5, 4]
    assert all(i.goal for i in interventions)
    assert m.PracticeExample.objects.get(title="Gezinsklass").place == "Assen"
    assert m.Source.objects.filter(source_document=kaart).count() == 7
    lists = {s.heading.lower(): s.text.splitlines() for s in kaart.section_set.all()}
    assert len(lists["oorzaken"]) == 4 and len(lists["bewezen interventies"]) == 5
    assert docs["003"]["interventions"][0]["practice_examples"] == 4

    # 004: interventiebundel.
    bundel = m.SourceDocument.objects.get(files__path=docs["004"]["path"])
    assert bundel.title == "Land vol kansen"
    assert bundel.theme_set.count() == 6
    assert bundel.lesson_set.count() == 10
    assert m.Source.objects.filter(source_document=bundel).count() == 26
    b_interventions = bundel.intervention_set.order_by("pk")
    assert b_interventions.count() == 15
    places = [i["place"] for i in docs["004"]["interventions"]]
    assert places[:5] == [
        "Gorinchem",
        "Amersfoort",
        "Midden-Groningen",
        "Oldenzaal",
        "Súdwest-Fryslân",
    ]
    community = b_interventions.get(title="Community-aanpak Gelijke Kansen")
    assert community.place == "Den Bosch"
    assert community.people[0] == {
        "name": "Kim Blatter van den Dungen",
        "role": "Projectleider Gelijke Kansen",
    }
    overstap = b_interventions.get(title="Een soepele en succesvolle overstap van po naar vo")
    assert [t.title for t in overstap.themes.all()] == ["Soepele overgang"]
    assert b_interventions.get(title="Verbindende aanpak").sources.count() == 3
    assert bundel.lesson_set.get(number=8).title == "Ga ongemak niet uit de weg"

    stats = _stats()
    assert {key: stats[key] for key in KINDS} == {
        "themes": 3 + 2 + 6,
        "solution_directions": 13 + 8,
        "reading_items": 11 + 6,
        "initiatives": 9,
        "interventions": 3 + 15,
        "practice_examples": 13,
        "sources": 7 + 26,
        "lessons": 10,
        "sections": 4,
        "documents": 4,
        "files": 5,
    }


def test_second_run_changes_nothing(seeds_dir):
    first = import_documents(paths=[seeds_dir])
    assert first.ok and first.created > 0
    audit_rows = AuditLogEntry.objects.count()
    regions = Region.objects.count()
    second = _import_json(seeds_dir)
    assert (second["created"], second["updated"], second["errors"]) == (0, 0, 0)
    # The first run's updates are 001 repairing 000's records; all unchanged the second time.
    assert second["unchanged"] == first.created + first.unchanged + first.updated
    assert AuditLogEntry.objects.count() == audit_rows
    assert Region.objects.count() == regions
    assert m.SourceFile.objects.count() == 5


def test_import_is_logged_as_import(seeds_dir, beheerder):
    import_documents(paths=[next(seeds_dir.glob("002_*"))], user=beheerder)
    entries = AuditLogEntry.objects.filter(action="create", content_type__model="theme")
    assert entries.count() == 2
    assert {(e.source, e.actor_id) for e in entries} == {("import", beheerder.pk)}


def test_dry_run_writes_nothing(seeds_dir):
    report = _import_json_dry(seeds_dir)
    assert report["dry_run"] is True and report["created"] > 0
    assert _stats()["documents"] == 0
    assert AuditLogEntry.objects.count() == 0


def _import_json_dry(path) -> dict:
    out = StringIO()
    call_command("import", str(path), "--json", "--dry-run", stdout=out)
    return json.loads(out.getvalue())


def test_imported_record_page_shows_provenance(client, seeds_dir):
    import_documents(paths=[next(seeds_dir.glob("002_*"))])
    direction = m.SolutionDirection.objects.get(number="7.1")
    response = client.get(direction.get_absolute_url())
    text = response.content.decode()
    assert "Bron" in text
    assert f"regels {direction.source_line_start}–{direction.source_line_end}" in text
    assert direction.source_document.get_absolute_url() in text
