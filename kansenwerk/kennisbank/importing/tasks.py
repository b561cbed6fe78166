"""The background task behind the upload page: import a job's files and record progress."""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django_tasks import task

from kansenwerk.kennisbank.importing.problems import translate as _
from kansenwerk.kennisbank.importing.report import DocumentResult
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.models import ImportJob

logger = logging.getLogger(__name__)


def upload_storage() -> FileSystemStorage:
    """Uploads live on disk under MEDIA_ROOT whatever the default storage is: the readers need
    real files, and the kept originals are the provenance of what was imported."""
    return FileSystemStorage(location=settings.MEDIA_ROOT)


@task()
def run_import_job(job_id: int) -> None:
    """Import every file of the job; the page polls `processed`/`results` while this runs."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.created_by is None:  # the uploader is gone: never fall back to command-line rights
        job.status = ImportJob.Status.FAILED
        job.error = _("De gebruiker die deze import startte bestaat niet meer.")
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at", "updated_at"])
        return
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status", "updated_at"])

    def progress(result: DocumentResult) -> None:
        entry = result.as_json()
        entry["name"] = Path(result.path).name
        if entry["duplicate_of"]:
            entry["duplicate_of_name"] = Path(entry["duplicate_of"]).name
        job.results.append(entry)
        job.processed = len(job.results)
        job.save(update_fields=["results", "processed", "updated_at"])

    try:
        import_documents(
            paths=[Path(upload_storage().path(item["stored"])) for item in job.files],
            user=job.created_by,
            max_bytes=settings.KANSENWERK_MAX_IMPORT_BYTES,
            on_document=progress,
        )
    except Exception:  # the per-document errors are in results; this is the unexpected rest
        logger.exception("Import job %s failed", job_id)
        job.status = ImportJob.Status.FAILED
        job.error = _("De import is onverwacht gestopt. Probeer het opnieuw of meld het.")
    else:
        job.status = ImportJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", "updated_at"])
