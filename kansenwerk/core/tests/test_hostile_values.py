"""Hostile values the ORM and the middleware make harmless (core/lookups.py, StripNulMiddleware)."""

from __future__ import annotations

import pytest

from kansenwerk.netwerk.models import Organization, Service
from kansenwerk.netwerk.tests.factories import ServiceFactory

HUGE = 10**20


@pytest.mark.django_db
def test_out_of_range_ids_in_a_list_match_nothing_and_the_rest_still_match():
    service = ServiceFactory()
    organisation = service.organization
    assert not Organization.objects.filter(pk__in=[HUGE]).exists()
    assert not Organization.objects.filter(pk__in=[-HUGE]).exists()
    assert list(Organization.objects.filter(pk__in=[organisation.pk, HUGE])) == [organisation]
    # Through a foreign key and, reversed, through the relation.
    assert list(Service.objects.filter(organization__in=[HUGE, organisation.pk])) == [service]
    assert not Service.objects.filter(organization__in=[HUGE]).exists()
    assert list(Organization.objects.filter(services__in=[service.pk, HUGE])) == [organisation]
    # Excluding nothing keeps everything.
    assert list(Organization.objects.exclude(pk__in=[HUGE])) == [organisation]


@pytest.mark.django_db
def test_a_huge_id_in_a_multiple_choice_form_field_is_a_dutch_form_error():
    from django import forms

    ServiceFactory()

    class Pick(forms.Form):
        organisations = forms.ModelMultipleChoiceField(queryset=Organization.objects.all())

    form = Pick(data={"organisations": [str(HUGE)]})
    assert not form.is_valid()
    assert "organisations" in form.errors


@pytest.mark.django_db
def test_a_nul_byte_in_a_filter_or_a_posted_field_is_taken_out(client):
    """PostgreSQL refuses NUL in text; the middleware removes it before any view runs."""
    response = client.get("/kennisbank/themas/", {"thema": "ou\x00ders", "regio": "\x00"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["thema"] == "ouders"
    response = client.post("/zoeken/", {"q": "ou\x00ders"})
    assert "\x00" not in response.wsgi_request.POST["q"]
