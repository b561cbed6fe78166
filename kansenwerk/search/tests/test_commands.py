import json

import pytest
from django.core.management import CommandError, call_command

from kansenwerk.search.models import SearchEntry


@pytest.mark.django_db
def test_search_json_contract(capsys, corpus):
    call_command("search", "ouders school", "--json", "--limit", "3")
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    for row in rows:
        assert {"type", "title", "location", "url", "snippet", "score"} <= set(row)
    assert rows[0]["title"] == "Ouders betrekken bij het leren"
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


@pytest.mark.django_db
def test_search_type_filter_and_text_output(capsys, corpus):
    call_command("search", "ouders", "--type", "interventies")
    out = capsys.readouterr().out
    assert "[interventies] Voorlees Express" in out
    assert "[themas]" not in out
    with pytest.raises(CommandError):
        call_command("search", "ouders", "--type", "onzin")


@pytest.mark.django_db
def test_reindex_command(capsys, corpus):
    SearchEntry.objects.all().delete()
    call_command("reindex")
    assert "Zoekindex opgebouwd: 6 records" in capsys.readouterr().out
    assert SearchEntry.objects.count() == 6


@pytest.mark.django_db
def test_api_gives_the_cli_ranking(client, capsys, corpus):
    call_command("search", "ouders school", "--json", "--limit", "3")
    cli = json.loads(capsys.readouterr().out)
    response = client.get("/api/search", {"q": "ouders school", "limit": 3})
    assert response.status_code == 200
    assert response.json() == cli
