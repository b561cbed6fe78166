"""The kennisbank upload page in a real browser: choose files, import, read the result."""

from __future__ import annotations

import os

import pytest

from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.kennisbank.importing.tests.helpers import DATA
from kansenwerk.kennisbank.models import ImportJob

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KANSENWERK_SCREENSHOTS")  # a folder: save screenshots there to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_upload_and_result_pages(page, visit, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    login(UserFactory(role="beheerder", username="importeur"))
    visit("/kennisbank/importeren/")
    assert page.locator("h1").inner_text() == "Documenten importeren"
    _shot(page, "import-upload")

    bad = tmp_path / "plaatje.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 20)
    page.get_by_label("Documenten").set_input_files(
        [str(DATA / "briefing_zandmeer.md"), str(DATA / "bundel_ooststrand.md"), str(bad)]
    )
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_url("**/kennisbank/importeren/*/")
    assert page.locator("h1").inner_text() == "Resultaat van de import"
    assert page.get_by_text("3 van 3 bestanden verwerkt").is_visible()
    assert page.get_by_text("plaatje.txt: dit is geen leesbare tekst").is_visible()
    assert_accessible(page)
    _shot(page, "import-result")
    assert ImportJob.objects.get().status == "done"

    page.get_by_role("link", name="Lezen in het dorp").click()
    assert page.locator("h1").inner_text() == "Lezen in het dorp"
    assert page.get_by_text("Bron:").is_visible()
    _shot(page, "import-theme")
