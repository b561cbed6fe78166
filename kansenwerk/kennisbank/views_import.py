"""The upload page: beheerders and regiocoördinatoren drop documents in; a task imports them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .importing.readers import SUPPORTED_EXTENSIONS
from .importing.selectors import ensure_can_import, import_job_for_user, import_jobs_for_user
from .importing.tasks import run_import_job, upload_storage
from .models import ImportJob, SourceDocument

COUNT_LABELS = {
    "themes": gettext_lazy("thema's"),
    "solution_directions": gettext_lazy("oplossingsrichtingen"),
    "reading_items": gettext_lazy("leesitems"),
    "initiatives": gettext_lazy("initiatieven"),
    "interventions": gettext_lazy("interventies"),
    "practice_examples": gettext_lazy("praktijkvoorbeelden"),
    "sources": gettext_lazy("bronnen"),
    "lessons": gettext_lazy("geleerde lessen"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Django's documented recipe for a multi-file field: clean each file, return a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data:
                # An empty selection must raise "required" (the documented recipe lets it
                # through and starts an import of nothing).
                if self.required:
                    single(None, initial)  # raises the "required" error
                return []
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Documenten"),
        error_messages={"required": gettext_lazy("Kies minstens één bestand om te importeren.")},
        help_text=gettext_lazy(
            "Kies één of meer bestanden (.txt, .md, .pdf met tekstlaag of .docx), "
            "elk hoogstens %(limit)s."
        ),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["files"].help_text = self.fields["files"].help_text % {
            "limit": filesizeformat(max_bytes)
        }

    def clean_files(self):
        files = self.cleaned_data["files"]
        too_large = [f.name for f in files if f.size > self.max_bytes]
        if too_large:
            raise forms.ValidationError(
                _("Te groot (meer dan %(limit)s): %(names)s. Kies een kleiner bestand.")
                % {"limit": filesizeformat(self.max_bytes), "names": ", ".join(too_large)}
            )
        return files


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    ensure_can_import(request.user)
    max_bytes = settings.KANSENWERK_MAX_IMPORT_BYTES
    posted = request.method == "POST"
    form = ImportUploadForm(
        request.POST if posted else None, request.FILES if posted else None, max_bytes=max_bytes
    )
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        with transaction.atomic():
            job = ImportJob.objects.create(created_by=request.user, total=len(files))
            storage, stored = upload_storage(), []
            for upload in files:
                name = get_valid_filename(upload.name) or "document"
                saved = storage.save(f"imports/{job.pk}/{name}", upload)
                stored.append({"name": upload.name, "stored": saved})
            job.files = stored
            job.save(update_fields=["files"])
        # Outside the transaction: a database-backed worker must see the job when it starts.
        run_import_job.enqueue(job.pk)
        return redirect(job.get_absolute_url())
    return render(
        request,
        "kennisbank/import/upload.html",
        {"form": form, "jobs": import_jobs_for_user(user=request.user)},
    )


@login_required
def import_job(request, pk: int):
    job = import_job_for_user(user=request.user, job_id=pk)
    template = (
        "kennisbank/import/_progress.html"
        if getattr(request, "htmx", False)
        else "kennisbank/import/job.html"
    )
    results = _present(job.results)
    # A finished job whose files were all refused must not look like a success.
    failed_count = sum(1 for r in results if r.get("errors"))
    return render(request, template, {"job": job, "results": results, "failed_count": failed_count})


def _present(results: list[dict]) -> list[dict]:
    """Per-file results with Dutch labels for kind and counts, ready for the template."""
    kinds = dict(SourceDocument.Kind.choices)
    shown = []
    for result in results:
        counts = result.get("counts") or {}
        shown.append(
            {
                **result,
                "kind_label": kinds.get(result.get("kind"), ""),
                "count_rows": [
                    (label, counts[key]) for key, label in COUNT_LABELS.items() if counts.get(key)
                ],
            }
        )
    return shown
