"""The privacy register: every personal-looking field is declared, and the pages read it."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from kansenwerk.core import privacy

# Field names that usually hold personal data: names, addresses, phone numbers, free text
# about people. A match must be declared in an app's privacy.py or be listed below.
LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|names|email|e_mail|mail|phone|telephone|mobile|contact|contacts|people|"
    r"person|persons|owner|notes?|needs|author|username|address|postcode|gender|birth|"
    r"birthday|bsn)(_|$)"
)

# Fields that match the pattern but hold no personal data, each with the reason.
NOT_PERSONAL = {
    ("core.Region", "name"): "naam van een regio",
    ("core.Municipality", "name"): "naam van een gemeente",
    ("kennisbank.ReadingItem", "author"): "auteur of uitgever van een gepubliceerde bron",
    ("meetups.MeetupReadingItem", "author"): "kopie van ReadingItem.author",
    ("netwerk.TargetGroup", "name"): "naam van een doelgroep",
    ("netwerk.Organization", "name"): "naam van een organisatie",
    ("netwerk.Organization", "email"): "algemeen adres van de organisatie, geen persoon",
    ("netwerk.Organization", "phone"): "algemeen nummer van de organisatie, geen persoon",
    ("netwerk.Service", "name"): "naam van een aanbod",
    ("netwerk.KeptTerm", "name"): "naam van een taxonomieterm uit een ander systeem",
    ("netwerk.VerificationRequest", "organization_name"): "naam van een organisatie",
    ("netwerk.OrganizationProposal", "name"): "naam van de voorgestelde organisatie",
    ("netwerk.OrganizationProposal", "email"): "algemeen adres van de organisatie, geen persoon",
    ("netwerk.OrganizationProposal", "phone"): "algemeen nummer van de organisatie, geen persoon",
    ("netwerk.Service", "email"): "algemeen adres van een aanbod, geen persoon",
    ("netwerk.Location", "name"): "naam van een vestiging",
    ("netwerk.Location", "address"): "adres van een vestiging",
    ("netwerk.Location", "postcode"): "postcode van een vestiging",
    ("meetups.Meetup", "venue_name"): "naam van de locatie van een avond",
    ("meetups.Meetup", "venue_address"): "adres van de locatie van een avond",
    ("meetups.MeetupInitiative", "organisation_name"): "naam van een organisatie",
    ("koppelen.Programme", "name"): "naam van een programma",
    ("koppelen.PostcodeCentroid", "postcode"): "postcodegebied van openbare geodata, geen persoon",
}


def looks_personal(field: models.Field) -> bool:
    if isinstance(field, models.EmailField):
        return True
    text_like = isinstance(field, models.CharField | models.TextField | models.JSONField)
    return text_like and bool(LOOKS_PERSONAL.search(field.name))


def undeclared_personal_fields() -> list[str]:
    missing = []
    for model in apps.get_models(include_auto_created=True):
        if not model.__module__.startswith("kansenwerk."):
            continue
        declared = privacy.personal_fields(model)
        for field in model._meta.concrete_fields:
            key = (model._meta.label, field.name)
            if looks_personal(field) and field.name not in declared and key not in NOT_PERSONAL:
                missing.append(f"{model._meta.label}.{field.name}")
    return missing


def test_every_field_that_looks_personal_is_declared():
    assert undeclared_personal_fields() == [], (
        "Declareer deze velden in <app>/privacy.py (of zet ze met een reden in NOT_PERSONAL)"
    )


def test_the_check_catches_a_new_undeclared_field(monkeypatch):
    from kansenwerk.meetups.models import Registration

    declaration = privacy.declaration_for(Registration)
    fields = {k: v for k, v in declaration.fields.items() if k != "needs"}
    monkeypatch.setitem(
        privacy._DECLARATIONS,
        "meetups.registration",
        privacy.Declaration(**{**declaration.__dict__, "fields": fields}),
    )
    assert undeclared_personal_fields() == ["meetups.Registration.needs"]


def test_allow_list_names_only_existing_fields_and_gives_reasons():
    for (label, name), reason in NOT_PERSONAL.items():
        apps.get_model(label)._meta.get_field(name)
        assert reason.strip()


def test_declarations_name_real_fields_with_all_parts():
    declarations = privacy.declarations()
    apps_declared = {d.model_label.split(".")[0] for d in declarations}
    assert {"core", "meetups", "afspraken", "tafels", "koppelen", "netwerk"} <= apps_declared
    for declaration in declarations:
        for row in declaration.rows():
            assert all(str(row[k]).strip() for k in ("what", "purpose", "retention", "access"))
    from kansenwerk.tafels.models import TablePlan

    assert "last_moves" in privacy.personal_fields(TablePlan)


def test_no_declared_field_is_a_text_source_of_the_search_index():
    from kansenwerk.search import registry

    for search_type in registry.types():
        declared = privacy.personal_fields(search_type.model)
        sources = [search_type.title, search_type.guiding_question, *search_type.body]
        named = {s for s in sources if isinstance(s, str)}
        public_ok = {
            n for n, d in declared.items() if d.role == privacy.Role.TEXT and search_type.audience
        }
        assert not (named & (set(declared) - public_ok)), search_type.key


@pytest.mark.django_db
def test_privacy_statement_shows_the_register(client):
    response = client.get(reverse("core:privacy"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alle persoonsgegevens op een rij" in html
    assert "Contactpersonen van organisaties in het netwerk" in html
    assert "namen van wie bij de laatste herindeling van tafel wisselde" in html


@pytest.mark.django_db
def test_processing_register_is_for_beheerders_only(
    client, beheerder, coordinator, organisator, deelnemer
):
    url = reverse("core:processing_register")
    response = client.get(url)
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    for user in (coordinator, organisator, deelnemer):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(beheerder)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    total = sum(len(d.fields) for d in privacy.declarations())
    assert f"{total} velden met persoonsgegevens" in html
    assert "meetups.Registration.needs" in html
    assert "toestemming (AVG art. 6 lid 1a)" in html
