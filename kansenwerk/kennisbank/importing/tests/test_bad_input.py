"""Every kind of bad input raises ImportProblem with a Dutch message that names the file."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from kansenwerk.kennisbank.importing import ImportProblem, parse_file
from kansenwerk.kennisbank.importing.tests.helpers import DATA
from kansenwerk.kennisbank.importing.tests.render import to_pdf


def _problem(path, **kwargs) -> ImportProblem:
    with pytest.raises(ImportProblem) as caught:
        parse_file(path, **kwargs)
    assert path.name in caught.value.message_nl
    return caught.value


def test_empty_file(tmp_path):
    path = tmp_path / "leeg.txt"
    path.write_bytes(b"")
    assert _problem(path).code == "empty"


def test_whitespace_only(tmp_path):
    path = tmp_path / "wit.md"
    path.write_text("  \n\n\t\n")
    assert _problem(path).code == "empty"


def test_binary_file(tmp_path):
    path = tmp_path / "plaatje.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    problem = _problem(path)
    assert problem.code == "binary"
    assert "binaire" in problem.message_nl


def test_cp1252_text_is_decoded(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Café in Zandmeer – overleg\n\nWe praten verder.".encode("cp1252"))
    assert parse_file(path).title.startswith("Café")


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    assert _problem(path).code == "corrupt_pdf"


def test_encrypted_pdf(tmp_path):
    source = to_pdf("# Geheim\n\nDit is vertrouwelijk.", tmp_path / "open.pdf")
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt("wachtwoord")
    path = tmp_path / "geheim.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert _problem(path).code == "encrypted_pdf"


def test_pdf_without_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    problem = _problem(path)
    assert problem.code == "no_text_layer"
    assert "OCR wordt niet uitgevoerd" in problem.message_nl


def test_oversize_file(tmp_path):
    path = tmp_path / "groot.md"
    path.write_text((DATA / "briefing_zandmeer.md").read_text(encoding="utf-8"))
    assert _problem(path, max_bytes=100).code == "too_large"


def test_unsupported_extension(tmp_path):
    path = tmp_path / "notities.xyz"
    path.write_text("tekst")
    assert _problem(path).code == "unsupported_extension"


def test_corrupt_docx(tmp_path):
    path = tmp_path / "kapot.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert _problem(path).code == "corrupt_docx"


def test_missing_file(tmp_path):
    assert _problem(tmp_path / "weg.txt").code == "not_found"
