"""The upload page: who may use it, a successful upload, the progress page, and hostile content."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kansenwerk.core.models import Municipality
from kansenwerk.kennisbank import models as m
from kansenwerk.kennisbank.importing.store import import_documents
from kansenwerk.kennisbank.importing.tests.helpers import DATA

pytestmark = pytest.mark.django_db

UPLOAD = reverse("kennisbank:import")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _briefing(name: str = "zandmeer.md") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / "briefing_zandmeer.md").read_bytes())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("deelnemer", 403),
        ("organisator", 403),
        ("coordinator", 200),
        ("beheerder", 200),
    ],
)
def test_upload_page_rights(client, request, role, status):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(UPLOAD)
    assert response.status_code == status
    if status == 200:
        assert b'type="file"' in response.content and b"multiple" in response.content


@pytest.mark.parametrize("role", ["deelnemer", "organisator"])
def test_upload_post_forbidden(client, request, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(UPLOAD, {"files": [_briefing()]})
    assert response.status_code == 403
    assert not m.ImportJob.objects.exists()


def test_beheerder_uploads_and_sees_result(client, beheerder, media, django_assert_max_num_queries):
    client.force_login(beheerder)
    bad = SimpleUploadedFile("plaatje.txt", b"\x89PNG\r\n\x1a\n\x00\x00" * 20)
    response = client.post(UPLOAD, {"files": [_briefing(), bad]})
    job = m.ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == "done" and (job.processed, job.total) == (2, 2)
    assert job.created_by == beheerder
    assert (media / job.files[0]["stored"]).is_file()  # kept under MEDIA_ROOT
    assert job.results[0]["created"] > 0 and job.results[1]["errors"]
    assert m.Theme.objects.filter(title="Lezen in het dorp").exists()

    with django_assert_max_num_queries(6):
        page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Klaar" in html and "2 van 2 bestanden verwerkt" in html
    # One of the two was refused: the summary says so instead of looking like a success.
    assert "1 bestand is niet geïmporteerd" in html and "utrecht-alert--warning" in html
    assert "every 2s" not in html  # finished: no more polling
    theme = m.Theme.objects.get(title="Lezen in het dorp")
    assert theme.get_absolute_url() in html
    assert "plaatje.txt: dit is geen leesbare tekst" in html
    assert "Gevonden: 2 thema" in html and "4 oplossingsrichtingen" in html

    listing = client.get(UPLOAD).content.decode()
    assert job.get_absolute_url() in listing


def test_running_job_polls_and_htmx_gets_partial(client, beheerder):
    job = m.ImportJob.objects.create(created_by=beheerder, total=3, processed=1)
    client.force_login(beheerder)
    html = client.get(job.get_absolute_url()).content.decode()
    assert f'hx-get="{job.get_absolute_url()}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "Vernieuw deze pagina" in html
    assert "1 van 3 bestanden verwerkt" in html
    partial = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="import-progress"') or "<html" not in partial
    assert "<html" not in partial


def test_job_of_someone_else(client, beheerder, coordinator, other_region):
    from kansenwerk.core.tests.factories import UserFactory

    job = m.ImportJob.objects.create(created_by=coordinator, total=1)
    other = UserFactory(role="regiocoordinator", regions=[other_region])
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 403
    client.force_login(beheerder)
    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get(reverse("kennisbank:import_job", args=[job.pk + 99])).status_code == 404


def test_coordinator_imports_only_in_own_region(client, coordinator, region, other_region):
    client.force_login(coordinator)
    Municipality.objects.create(name="Zandmeer", region=region)
    client.post(UPLOAD, {"files": [_briefing()]})
    assert m.ImportJob.objects.get().results[0]["errors"] == []
    assert set(m.Theme.objects.values_list("region_id", flat=True)) == {region.pk}

    m.ImportJob.objects.all().delete()
    Municipality.objects.filter(name="Zandmeer").update(region=other_region)
    text = (DATA / "briefing_zandmeer.md").read_text(encoding="utf-8")
    text = text.replace("Zandmeer", "Heikant").replace("ZANDMEER", "HEIKANT")
    Municipality.objects.create(name="Heikant", region=other_region)
    client.post(UPLOAD, {"files": [SimpleUploadedFile("heikant.md", text.encode())]})
    (result,) = m.ImportJob.objects.get().results
    assert "geen rechten" in result["errors"][0] and "Regio Zuid" in result["errors"][0]
    assert not m.SourceDocument.objects.filter(title__icontains="heikant").exists()


def test_coordinator_cannot_import_national_or_other_documents(client, coordinator, tmp_path):
    # An inspiratiekaart is national: only a beheerder writes it.
    client.force_login(coordinator)
    kaart = (DATA / "inspiratiekaart_heidedorp.md").read_bytes()
    client.post(UPLOAD, {"files": [SimpleUploadedFile("kaart.md", kaart)]})
    (result,) = m.ImportJob.objects.get().results
    assert "landelijk" in result["errors"][0]
    assert not m.Intervention.objects.exists()


def test_upload_too_large_is_refused(client, beheerder, settings):
    settings.KANSENWERK_MAX_IMPORT_BYTES = 100
    client.force_login(beheerder)
    response = client.post(UPLOAD, {"files": [_briefing()]})
    assert response.status_code == 200
    assert "Te groot" in response.content.decode()
    assert not m.ImportJob.objects.exists()


def test_hostile_content_is_shown_as_text(client, tmp_path):
    source = (DATA / "briefing_zandmeer.md").read_text(encoding="utf-8")
    source = source.replace("Lezen in het dorp", "Lezen <script>alert(1)</script> in het dorp", 1)
    source = source.replace(
        "Een wisselcollectie in elke klas", "Een <img src=x onerror=alert(2)> wisselcollectie"
    )
    source = source.replace(
        "- Voorlezen met opa en oma - Radio Veld (podcast)",
        "- [Voorlezen met opa en oma](javascript:alert) - Radio Veld (podcast)\n"
        "- [Lezen op de boerderij](https://example.org/boerderij) - Boerenbond (artikel)",
    )
    path = tmp_path / "vijandig.md"
    path.write_text(source, encoding="utf-8")
    doc = import_documents(paths=[path]).documents[0]
    assert any("javascript:alert" in w and "niet overgenomen" in w for w in doc.warnings)
    theme = m.Theme.objects.get(number=1)
    assert "<script>" in theme.title  # stored as data...
    assert m.ReadingItem.objects.get(title="Voorlezen met opa en oma").url == ""
    assert m.ReadingItem.objects.get(title="Lezen op de boerderij").url.startswith("https://")
    direction = m.SolutionDirection.objects.get(number="1.1")
    for url in (theme.get_absolute_url(), direction.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html  # ...and rendered as text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "alert(1)" not in html
        assert "<img src=x" not in html
        assert "javascript:" not in html
    theme_html = client.get(theme.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(2)&gt;" in theme_html
    assert 'href="https://example.org/boerderij"' in theme_html


def test_empty_upload_is_refused_by_the_form(client, beheerder):
    client.force_login(beheerder)
    response = client.post(UPLOAD, {"files": [SimpleUploadedFile("leeg.txt", b"")]})
    assert response.status_code == 200
    assert not m.ImportJob.objects.exists()
    assert "utrecht-form-field-error-message" in response.content.decode()


def test_job_without_uploader_never_runs_with_command_line_rights(tmp_path):
    from kansenwerk.kennisbank.importing.tasks import run_import_job

    job = m.ImportJob.objects.create(
        created_by=None, total=1, files=[{"name": "x.md", "stored": "x.md"}]
    )
    run_import_job.enqueue(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.processed == 0


def test_empty_upload_asks_for_a_file(client, coordinator):
    """Pressing Importeren without choosing a file explains what to do instead of
    starting an import of nothing."""
    client.force_login(coordinator)
    response = client.post(UPLOAD, {})
    assert response.status_code == 200
    assert not m.ImportJob.objects.exists()
    assert "Kies minstens één bestand om te importeren." in response.content.decode()
