"""Commands and settings: region-create, loaddemo idempotence, check --deploy with production settings."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from kansenwerk.core.models import AuditLogEntry, Municipality, Region
from kansenwerk.kennisbank.models import Intervention, Theme


@pytest.mark.django_db
def test_region_create_attaches_municipalities(capsys):
    call_command("region-create", "Westhoek", municipality=["Duinrand", "Polderwijk"])
    region = Region.objects.get(name="Westhoek")
    assert set(region.municipalities.values_list("name", flat=True)) == {"Duinrand", "Polderwijk"}
    # Running it again with another municipality adds it without duplicating the region.
    call_command("region-create", "westhoek", municipality=["Kreekdorp"])
    assert Region.objects.filter(name__iexact="westhoek").count() == 1
    assert Municipality.objects.get(name="Kreekdorp").region == region
    assert "Westhoek" in capsys.readouterr().out


@pytest.mark.django_db
def test_loaddemo_is_idempotent():
    call_command("loaddemo")
    counts = (Region.objects.count(), Theme.objects.count(), Intervention.objects.count())
    audit_rows = AuditLogEntry.objects.count()
    call_command("loaddemo")
    assert (Region.objects.count(), Theme.objects.count(), Intervention.objects.count()) == counts
    assert AuditLogEntry.objects.count() == audit_rows
    assert counts[0] >= 3 and counts[1] >= 3
    # Demo municipalities carry their real CBS codes; a demo file of figures uses them.
    assert Municipality.objects.get(name="Doetinchem").cbs_code == "GM0222"
    from kansenwerk.regio.models import IndicatorValue

    assert IndicatorValue.objects.filter(municipality__name="Doetinchem").exists()


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-1234567890",
        "ALLOWED_HOSTS": "kansenwerk.example.org",
        "KANSENWERK_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "kansenwerk.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kansenwerk.settings.production",
        "KANSENWERK_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "kansenwerk.manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_are_dutch_even_for_english_browsers(client):
    """Without a full English catalogue the site stays Dutch, whatever the browser asks."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert '<html lang="nl"' in body
    assert "Samen werken aan gelijke kansen" in body
    assert "<title>Samen werken aan gelijke kansen – kansenwerk</title>" in body
