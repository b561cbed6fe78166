"""Search respects rights: names of people are never indexed, and agreements and signals are
found only by those who may open them (the same rule as the pages), never anonymously."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kansenwerk.afspraken.tests.factories import AgreementFactory, SignalFactory
from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.kennisbank.tests.factories import InterventionFactory
from kansenwerk.search.models import SearchEntry
from kansenwerk.search.selectors import Filters, filters_for_user, search
from kansenwerk.tafels.tests.factories import MeetupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(region):
    meetup = MeetupFactory(region=region)
    return AgreementFactory(
        meetup=meetup,
        what="Zomerleesclub in de wijkbibliotheek",
        owner_name="Harmke Zwolsman",
        people="Tjitske Oosterbroek en Wendel Ploeg",
    )


def titles(outcome) -> list[str]:
    return [hit.entry.title for hit in outcome.hits]


def test_names_of_people_are_not_in_the_index(agreement):
    InterventionFactory(
        title="Taalmaatjes", people=[{"name": "Gerrit Lammerink", "role": "trekker"}]
    )
    entries = " ".join(f"{e.title} {e.text} {e.body_tokens}" for e in SearchEntry.objects.all())
    for name in ("Oosterbroek", "oosterbroek", "Zwolsman", "Lammerink", "lammerink"):
        assert name not in entries
    assert "trekker" in entries  # the role stays findable
    outcome = search(text="Oosterbroek", filters=Filters(access=(("afspraken", None),)))
    assert outcome.hits == []


def test_agreements_only_for_who_may_open_them(agreement, region, other_region, organisator):
    SignalFactory(meetup=agreement.meetup, text="Meer ruimte in de wijkbibliotheek")
    assert titles(search(text="wijkbibliotheek")) == []  # anonymous / default filters
    mine = search(text="wijkbibliotheek", filters=filters_for_user(organisator))
    assert {h.entry.type_key for h in mine.hits} == {"afspraken", "signalen"}
    elsewhere = UserFactory(username="org-zuid", role="organisator", regions=[other_region])
    assert titles(search(text="wijkbibliotheek", filters=filters_for_user(elsewhere))) == []
    deelnemer = UserFactory(username="deeln", role="deelnemer", regions=[region])
    assert titles(search(text="wijkbibliotheek", filters=filters_for_user(deelnemer))) == []
    beheerder = UserFactory(username="beh", role="beheerder")
    assert len(search(text="wijkbibliotheek", filters=filters_for_user(beheerder)).hits) == 2


def test_pages_and_api_apply_the_same_rights(client, agreement, organisator):
    response = client.get("/api/search", {"q": "wijkbibliotheek"})
    assert response.status_code == 200 and response.json() == []
    page = client.get(reverse("search:search"), {"q": "wijkbibliotheek"}).content.decode()
    assert "Zomerleesclub" not in page
    suggestions = client.get(reverse("search:suggestions"), {"q": "zomerlees"}).content.decode()
    assert "Zomerleesclub" not in suggestions
    client.force_login(organisator)
    assert [h["type"] for h in client.get("/api/search", {"q": "wijkbibliotheek"}).json()] == [
        "afspraken"
    ]
    page = client.get(reverse("search:search"), {"q": "wijkbibliotheek"}).content.decode()
    assert "Zomerleesclub" in page
    suggestions = client.get(reverse("search:suggestions"), {"q": "zomerlees"}).content.decode()
    assert "Zomerleesclub" in suggestions


def test_reindex_migration_drops_names_indexed_before(agreement):
    import importlib

    from django.apps import apps

    entry = SearchEntry.objects.get(model_label="afspraken.agreement", object_id=agreement.pk)
    SearchEntry.objects.filter(pk=entry.pk).update(text="Tjitske Oosterbroek")  # as before
    migration = importlib.import_module(
        "kansenwerk.search.migrations.0007_reindex_without_personal_data"
    )
    migration.reindex(apps, None)
    entry = SearchEntry.objects.get(model_label="afspraken.agreement", object_id=agreement.pk)
    assert "Oosterbroek" not in entry.text


def test_spelling_help_never_suggests_words_from_hidden_titles(agreement, organisator):
    # "Zomerleesclub" exists only in a hidden agreement: no "bedoelde u" for anonymous.
    assert search(text="zomerleesclob").suggestion is None
    assert search(text="zomerleesclob", filters=filters_for_user(organisator)).suggestion


def _fts_terms(prefix: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kw_vocab USING fts5vocab(main, search_fts, 'row')"
        )
        cursor.execute("SELECT term FROM temp.kw_vocab WHERE term LIKE %s", [prefix + "%"])
        return [row[0] for row in cursor.fetchall()]


def test_erased_name_leaves_the_full_text_index(region):
    from django.db import connection

    from kansenwerk.core.privacy import privacy_erase

    AgreementFactory(
        meetup=MeetupFactory(region=region),
        what="Brakwater-Quendolijn regelt de leesochtend",
        owner_name="Brakwater-Quendolijn",
        owner_email="bq@voorbeeld.test",
    )
    entry = SearchEntry.objects.get(model_label="afspraken.agreement")
    assert "brakwater" in entry.title_tokens.lower()
    privacy_erase(email="bq@voorbeeld.test")
    entry.refresh_from_db()
    assert "brakwater" not in entry.title_tokens.lower()
    if connection.vendor == "sqlite":
        assert _fts_terms("brakwater") == []
