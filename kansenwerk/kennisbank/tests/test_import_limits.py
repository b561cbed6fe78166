"""Resource limits on documents (issue 15): zip bombs, too many parts, huge PDFs, slow reads.

Each refusal names the file and the limit in Dutch, and nothing is stored.
"""

from __future__ import annotations

import io
import json
import zipfile
from io import StringIO

import docx
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfWriter

from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.limits import Limits
from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.readers import read_docx, read_pdf

PARAGRAPH = b"<w:p><w:r><w:t>Leesplezier thuis en op school</w:t></w:r></w:p>"


def _docx(*, paragraphs: int = 1, extra_parts: int = 0) -> bytes:
    """A real Word file whose body is repeated `paragraphs` times (compresses very well)."""
    document = docx.Document()
    document.add_heading("Leesplezier", level=1)
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + PARAGRAPH * paragraphs, 1)
            archive.writestr(info, data)
        for n in range(extra_parts):
            archive.writestr(f"kansenwerk-test/part{n}.xml", b"<a/>")
    return out.getvalue()


def _run(path) -> tuple[dict, CommandError | None]:
    out = StringIO()
    try:
        call_command("import", str(path), "--json", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return json.loads(out.getvalue()), exc
    return json.loads(out.getvalue()), None


@pytest.mark.django_db
def test_zip_bomb_is_refused_before_parsing_and_nothing_is_stored(tmp_path, settings):
    settings.KANSENWERK_IMPORT_MAX_XML_BYTES = 1024 * 1024
    path = tmp_path / "bom.docx"
    path.write_bytes(_docx(paragraphs=40_000))  # ~2.5 MB of XML in a small file
    assert path.stat().st_size < 100_000
    report, error = _run(path)
    assert error is not None and error.returncode == 1
    message = report["documents"][0]["errors"][0]
    assert "bom.docx" in message and "grens is 1.048.576" in message
    assert m.SourceDocument.objects.count() == 0


@pytest.mark.django_db
def test_too_many_parts_is_refused(tmp_path, settings):
    settings.KANSENWERK_IMPORT_MAX_PARTS = 50
    path = tmp_path / "onderdelen.docx"
    path.write_bytes(_docx(extra_parts=60))
    report, error = _run(path)
    assert error is not None
    message = report["documents"][0]["errors"][0]
    assert "onderdelen.docx" in message and "aantal onderdelen" in message
    assert m.SourceDocument.objects.count() == 0


def test_unpacked_size_counts_real_bytes_not_only_the_directory():
    data = _docx(paragraphs=20_000)
    with pytest.raises(ImportProblem) as caught:
        read_docx(data, name="groot.docx", limits=Limits(unpacked_bytes=200_000))
    assert caught.value.code == "over_limit"
    assert "uitgepakte grootte" in caught.value.message_nl


def test_a_normal_word_file_within_the_limits_is_read():
    document = read_docx(_docx(paragraphs=3), name="gewoon.docx", limits=Limits())
    assert [line.text for line in document.lines if line.text][:2] == [
        "Leesplezier thuis en op school",
        "Leesplezier thuis en op school",
    ]


def test_reading_time_is_limited():
    with pytest.raises(ImportProblem) as caught:
        read_docx(_docx(paragraphs=1000), name="traag.docx", limits=Limits(seconds=0))
    assert caught.value.code == "too_slow"
    assert "traag.docx" in caught.value.message_nl


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_with_too_many_pages_is_refused():
    with pytest.raises(ImportProblem) as caught:
        read_pdf(_pdf(12), name="dik.pdf", limits=Limits(pdf_pages=10))
    assert "dik.pdf" in caught.value.message_nl and "pagina's" in caught.value.message_nl


def test_pdf_with_too_many_objects_is_refused():
    with pytest.raises(ImportProblem) as caught:
        read_pdf(_pdf(12), name="objecten.pdf", limits=Limits(pdf_objects=5))
    assert "PDF-objecten" in caught.value.message_nl
