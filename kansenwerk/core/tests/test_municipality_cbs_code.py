"""CBS municipality codes: the forms people type, the format and uniqueness checks, and a
beheerder editing them in the admin (both databases)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kansenwerk.core.models import Municipality, municipality_name_key, normalize_cbs_code
from kansenwerk.core.services import municipality_cbs_code_set
from kansenwerk.core.tests.factories import MunicipalityFactory


@pytest.mark.parametrize("text", ["GM0402", "gm0402", "GM 0402", "0402", "402", " 402 "])
def test_the_forms_of_one_code(text):
    assert normalize_cbs_code(text) == "GM0402"


@pytest.mark.parametrize("text", ["", "GM", "GM04020", "12345", "0", "GM0000", "Hilversum", "4O2"])
def test_texts_that_are_no_code(text):
    assert normalize_cbs_code(text) is None


def test_name_spellings_that_match():
    assert municipality_name_key("'s-Hertogenbosch") == municipality_name_key("s Hertogenbosch")
    assert municipality_name_key("Súdwest-Fryslân") == municipality_name_key("sudwest fryslan")
    assert municipality_name_key("Bergen (NH)") != municipality_name_key("Bergen (L)")


@pytest.mark.django_db
def test_service_normalizes_and_checks(region):
    town = MunicipalityFactory(name="Zandmeer", region=region)
    municipality_cbs_code_set(municipality=town, cbs_code="363")
    town.refresh_from_db()
    assert town.cbs_code == "GM0363"
    other = MunicipalityFactory(name="Heidedorp", region=region)
    with pytest.raises(ValidationError) as caught:
        municipality_cbs_code_set(municipality=other, cbs_code="GM0363")
    assert "Deze CBS-code hoort al bij een andere gemeente." in caught.value.messages
    with pytest.raises(ValidationError) as caught:
        municipality_cbs_code_set(municipality=other, cbs_code="GM36A")
    assert any("GM met vier cijfers" in m for m in caught.value.messages)
    other.refresh_from_db()
    assert other.cbs_code == ""
    # Any number of municipalities may have no code yet.
    MunicipalityFactory(name="Rivierstad", region=region)
    assert Municipality.objects.filter(cbs_code="").count() == 2


@pytest.mark.django_db
def test_beheerder_edits_the_code_in_the_admin(client, beheerder, region):
    beheerder.is_staff = beheerder.is_superuser = True
    beheerder.save()
    client.force_login(beheerder)
    MunicipalityFactory(name="Heidedorp", region=region, cbs_code="GM0363")
    town = MunicipalityFactory(name="Zandmeer", region=region)
    url = reverse("admin:core_municipality_change", args=[town.pk])

    def post(code):
        return client.post(
            url, {"name": town.name, "slug": town.slug, "region": region.pk, "cbs_code": code}
        )

    response = post("GM0363")
    assert response.status_code == 200
    assert "Deze CBS-code hoort al bij een andere gemeente." in response.content.decode()
    response = post("GM12A")
    assert response.status_code == 200
    assert "GM met vier cijfers" in response.content.decode()
    town.refresh_from_db()
    assert town.cbs_code == ""
    assert post("402").status_code == 302
    town.refresh_from_db()
    assert town.cbs_code == "GM0402"
