"""Every kind of bad input: a Dutch error naming the file in the JSON, exit code 1, no traceback."""

from __future__ import annotations

import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfWriter

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.tests.helpers import DATA
from kansenwerk.kennisbank.importing.tests.render import to_pdf

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[dict, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *args, "--json", stdout=out, stderr=err)
    except CommandError as exc:
        return json.loads(out.getvalue()), exc
    return json.loads(out.getvalue()), None


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf(tmp_path) -> bytes:
    source = to_pdf("# Geheim\n\nAlleen voor de werkgroep.", tmp_path / "open.pdf")
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt("wachtwoord")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


CASES = {
    "leeg.txt": (lambda tmp: b"", "leeg"),
    "wit.md": (lambda tmp: b"  \n\n\t\n", "witruimte"),
    "plaatje.txt": (lambda tmp: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binair"),
    "kapot.pdf": (lambda tmp: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "beschadigd"),
    "geheim.pdf": (_encrypted_pdf, "versleuteld"),
    "scan.pdf": (lambda tmp: _blank_pdf(), "OCR wordt niet uitgevoerd"),
    "tabel.xlsx": (lambda tmp: b"PK\x03\x04 niet ondersteund", "niet ondersteund"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_file_reports_dutch_error(name, tmp_path):
    make, expected = CASES[name]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    report, error = _run(str(path))
    assert error is not None and error.returncode == 1
    (doc,) = report["documents"]
    assert doc["created"] == 0 and len(doc["errors"]) == 1
    message = doc["errors"][0]
    assert name in message
    assert expected.lower() in message.lower(), message
    assert "Traceback" not in message
    assert report["errors"] == 1
    assert m.SourceDocument.objects.count() == 0


def test_oversize_file_with_small_limit(tmp_path):
    path = tmp_path / "groot.md"
    path.write_text((DATA / "briefing_zandmeer.md").read_text(encoding="utf-8"))
    report, error = _run(str(path), "--max-bytes", "100")
    assert error is not None
    message = report["documents"][0]["errors"][0]
    assert "groot.md" in message and "grens" in message


def test_missing_file(tmp_path):
    report, error = _run(str(tmp_path / "weg.md"))
    assert error is not None
    assert "bestaat niet" in report["documents"][0]["errors"][0]


def test_bad_file_does_not_stop_good_ones(tmp_path):
    (tmp_path / "a-leeg.txt").write_bytes(b"")
    (tmp_path / "b-zandmeer.md").write_text(
        (DATA / "briefing_zandmeer.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "c-notities.csv").write_text("genegeerd: geen ondersteunde extensie")
    report, error = _run(str(tmp_path))
    assert error is not None and error.returncode == 1
    assert [d["path"].rsplit("/", 1)[-1] for d in report["documents"]] == [
        "a-leeg.txt",
        "b-zandmeer.md",
    ]
    assert report["documents"][1]["errors"] == []
    assert report["created"] == report["documents"][1]["created"] > 0


def test_unrecognised_text_becomes_generic_document_with_warning(tmp_path):
    path = tmp_path / "notulen.md"
    path.write_text(
        "# Notulen werkgroep\n\n## Opening\n\nDe voorzitter opent om acht uur.\n\n"
        "## Rondvraag\n\nGeen vragen; de volgende keer praten we over de schooltuin.\n",
        encoding="utf-8",
    )
    report, error = _run(str(path))
    assert error is None
    doc = report["documents"][0]
    assert doc["kind"] == "document" and doc["warnings"]
    assert m.Section.objects.filter(source_document__title=doc["title"]).count() >= 1


def test_human_readable_output_is_dutch(tmp_path):
    path = tmp_path / "zandmeer.md"
    path.write_text((DATA / "briefing_zandmeer.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = StringIO()
    call_command("import", str(path), stdout=out)
    text = out.getvalue()
    assert "zandmeer.md: briefing" in text
    assert "aangemaakt" in text and "Totaal:" in text
