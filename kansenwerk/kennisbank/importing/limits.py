"""Resource limits for imported documents, checked before and while parsing.

The upload size limit alone does not protect the server: a 30 KB .docx can unpack to
hundreds of megabytes of XML (a "zip bomb"), and a small PDF can declare thousands of pages
or objects. These checks run before python-docx or pypdf parse anything, and a time budget
stops a document that is slow to read. Every refusal is an ImportProblem that names the
file and the limit, so nothing is stored. The limits are settings (README, Configuration).
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass

from kansenwerk.kennisbank.importing.problems import ImportProblem
from kansenwerk.kennisbank.importing.problems import translate as _

MB = 1024 * 1024
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int = 200 * MB  # all parts of a .docx together, images included
    xml_bytes: int = 8 * MB  # the XML parts that are parsed (text, styles, numbering)
    parts: int = 2000  # files inside a .docx
    pdf_pages: int = 1000
    pdf_objects: int = 500_000
    seconds: float = 60.0  # reading one document

    @classmethod
    def from_settings(cls) -> Limits:
        try:
            from django.conf import settings

            return cls(
                unpacked_bytes=settings.KANSENWERK_IMPORT_MAX_UNPACKED_BYTES,
                xml_bytes=settings.KANSENWERK_IMPORT_MAX_XML_BYTES,
                parts=settings.KANSENWERK_IMPORT_MAX_PARTS,
                pdf_pages=settings.KANSENWERK_IMPORT_MAX_PDF_PAGES,
                pdf_objects=settings.KANSENWERK_IMPORT_MAX_PDF_OBJECTS,
                seconds=settings.KANSENWERK_IMPORT_SECONDS,
            )
        except Exception:  # outside Django (scripts, unit tests of the parsers)
            return cls()


class Budget:
    """The time one document may take to read; `check()` between pages or paragraphs."""

    def __init__(self, *, name: str, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ImportProblem(
                "too_slow",
                _(
                    "%(name)s: het lezen duurt langer dan %(seconds)s seconden; het document "
                    "is te groot of te ingewikkeld. Splits het op of sla het op als .txt."
                )
                % {"name": self.name, "seconds": f"{self.seconds:g}"},
            )


def _refuse(name: str, what: str, value: int, limit: int) -> ImportProblem:
    return ImportProblem(
        "over_limit",
        _("%(name)s: %(what)s is %(value)s; de grens is %(limit)s.")
        % {
            "name": name,
            "what": what,
            "value": f"{value:,}".replace(",", "."),
            "limit": f"{limit:,}".replace(",", "."),
        },
    )


def check_zip(data: bytes, *, name: str, limits: Limits, budget: Budget) -> None:
    """Refuse a .docx whose parts are too many or unpack to too much, before parsing it.

    The sizes in the zip directory can lie, so each part is also decompressed (in chunks,
    never more than the limit plus one chunk) and its real size counted.
    """
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip at all: the Word reader says it is damaged
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise _refuse(name, _("het aantal onderdelen"), len(infos), limits.parts)
        declared = sum(info.file_size for info in infos)
        if declared > limits.unpacked_bytes:
            raise _refuse(name, _("de uitgepakte grootte (bytes)"), declared, limits.unpacked_bytes)
        unpacked = xml = 0
        for info in infos:
            is_xml = info.filename.endswith((".xml", ".rels"))
            try:
                with archive.open(info) as part:
                    while chunk := part.read(CHUNK):
                        unpacked += len(chunk)
                        xml += len(chunk) if is_xml else 0
                        if unpacked > limits.unpacked_bytes:
                            raise _refuse(
                                name,
                                _("de uitgepakte grootte (bytes)"),
                                unpacked,
                                limits.unpacked_bytes,
                            )
                        if xml > limits.xml_bytes:
                            raise _refuse(
                                name, _("de hoeveelheid tekst-XML (bytes)"), xml, limits.xml_bytes
                            )
                        budget.check()
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                raise ImportProblem(
                    "corrupt_docx",
                    _("%(name)s: het Word-bestand is beschadigd of onleesbaar.") % {"name": name},
                ) from None


def check_pdf(reader, *, name: str, limits: Limits) -> None:
    """Refuse a PDF that declares too many objects or pages, before extracting text."""
    try:
        objects = int(reader.trailer.get("/Size", 0))
    except (TypeError, ValueError):
        objects = 0
    if objects > limits.pdf_objects:
        raise _refuse(name, _("het aantal PDF-objecten"), objects, limits.pdf_objects)
    pages = len(reader.pages)
    if pages > limits.pdf_pages:
        raise _refuse(name, _("het aantal pagina's"), pages, limits.pdf_pages)
