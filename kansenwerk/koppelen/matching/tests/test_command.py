"""The `match` management command: JSON output and Dutch CommandErrors (skipped when Django
cannot start)."""

from __future__ import annotations

import io
import json
import os

import pytest


@pytest.fixture
def call_command():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.test")
    try:
        import django

        django.setup()
        from django.core.management import call_command
    except Exception as exc:  # settings belong to another part of the tree
        pytest.skip(f"Django not configured: {exc}")
    return call_command


def test_command_prints_json_and_refuses_bad_files(tmp_path, call_command):
    from django.core.management.base import CommandError

    mentors = tmp_path / "mentoren.csv"
    mentees = tmp_path / "mentees.csv"
    mentors.write_text(
        "id,capacity,languages,availability,interests,postcode\nr1,1,Pools,za-ochtend,,2011\n"
    )
    mentees.write_text("id,languages,availability,interests,postcode\ne1,Pools,za-ochtend,,2012\n")
    out = io.StringIO()
    call_command("match", str(mentors), str(mentees), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert [(p["mentor"], p["mentee"]) for p in result["pairs"]] == [("r1", "e1")]
    mentors.write_text(
        "id,capacity,languages,availability,interests,postcode\nr1,-2,Pools,za-ochtend,,2011\n"
    )
    with pytest.raises(CommandError, match=r"mentoren\.csv, regel 2: capacity"):
        call_command("match", str(mentors), str(mentees), "--json")
