"""Importing the real seeds finds sentences about effect, attaches them, and sets no level."""

from __future__ import annotations

import pytest

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.evidence.models import EvidenceProfile, EvidenceStatement
from kansenwerk.kennisbank.importing.store import import_documents

pytestmark = pytest.mark.django_db

S = EvidenceStatement


def _import(seeds_dir, *prefixes):
    paths = [p for p in sorted(seeds_dir.iterdir()) if p.name[:3] in prefixes]
    report = import_documents(paths=paths)
    assert not any(d.errors for d in report.documents)
    return report


def test_inspiratiekaart_statements(seeds_dir):
    _import(seeds_dir, "003")
    kaart = m.SourceDocument.objects.get(kind="inspiratiekaart")
    found = S.objects.filter(source_document=kaart)
    assert found.count() >= 15
    assert set(found.values_list("status", flat=True)) == {S.Status.PROPOSED}
    # The five interventions named as proven: one statement per list item, the fifth a caveat.
    listed = found.exclude(subject="").order_by("source_line")
    assert [s.subject for s in listed] == [
        "Beste leerkracht + beste schoolleider",
        "Extra begeleiding / tutoring / extra lestijd",
        "Ouderbetrokkenheid",
        "Effectieve zorg/ondersteuning",
        "Belevingswereld vergroten",
    ]
    assert [s.kind for s in listed] == [S.Kind.CLAIM] * 4 + [S.Kind.CAVEAT]
    tutoring = m.Intervention.objects.get(title__startswith="Extra begeleiding")
    horizon = m.Intervention.objects.get(title="Belevingswereld van leerlingen vergroten")
    assert listed[1].intervention == tutoring
    assert listed[4].intervention == horizon
    assert "bewezen" in listed[4].text and "nog niet volledig" in listed[4].text
    # Sentences inside an intervention's part of the card attach to it by line.
    assert tutoring.evidence_statements.filter(text__contains="EEF, 2018").exists()
    assert tutoring.evidence_statements.filter(text__contains="effectief bewezen").exists()
    assert horizon.evidence_statements.filter(text__contains="IMC Basis").exists()
    # Every statement knows where it came from.
    assert all(s.source_line for s in found)
    # An import never sets a level.
    assert not EvidenceProfile.objects.exists()


def test_bundel_statements_and_reimport_keeps_review(seeds_dir, beheerder):
    _import(seeds_dir, "004")
    bundel = m.SourceDocument.objects.get(title="Land vol kansen")
    found = S.objects.filter(source_document=bundel)
    texts = list(found.values_list("text", flat=True))
    assert any("werkzame elementen" in t for t in texts)
    assert any("bewezen effectieve methode" in t for t in texts)
    assert any("Impactevaluatie" in t for t in texts)
    hoogeveen = found.get(text__contains="bewezen effectieve methode")
    assert hoogeveen.intervention and hoogeveen.intervention.title == "Verbindende aanpak"
    hoogeveen.status = S.Status.CONFIRMED
    hoogeveen.save()
    count = found.count()
    # The same file again: nothing new, the review kept.
    m.SourceFile.objects.all().delete()
    _import(seeds_dir, "004")
    assert S.objects.filter(source_document=bundel).count() == count
    hoogeveen.refresh_from_db()
    assert hoogeveen.status == S.Status.CONFIRMED
    assert not EvidenceProfile.objects.exists()
