"""The netwerk pages: region page with filters and gaps, organisation detail, contact
privacy, and the local offer on kennisbank pages."""

import pytest
from django.urls import reverse

from kansenwerk.core.tests.factories import UserFactory

from .factories import ContactPersonFactory, ServiceFactory


def _names(response):
    return [s.name for s in response.context["page"].object_list]


def test_index_lists_regions_and_municipalities(client, network):
    response = client.get(reverse("netwerk:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Regio Noord" in html
    assert "?gemeente=zandmeer" in html


def test_region_page_shows_local_services_only(client, network):
    response = client.get(reverse("netwerk:region", args=["regio-noord"]))
    assert response.status_code == 200
    assert _names(response) == ["Voorleesochtend", "Zomerkamp"]
    assert "Wie kan ik benaderen in Regio Noord?" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"thema": "taal-thuis"}, ["Voorleesochtend", "Zomerkamp"]),  # via direction's theme
        ({"doelgroep": "peuters"}, ["Voorleesochtend"]),
        ({"leeftijd": "3"}, ["Voorleesochtend"]),
        ({"leeftijd": "10"}, ["Zomerkamp"]),
        ({"soort": "welzijn"}, ["Zomerkamp"]),
        ({"q": "kamp"}, ["Zomerkamp"]),
        ({"doelgroep": "ouders", "leeftijd": "10"}, ["Zomerkamp"]),
        ({"doelgroep": "ouders", "soort": "bibliotheek", "leeftijd": "10"}, []),
        ({"gemeente": "zandmeer"}, ["Voorleesochtend"]),
        ({"gemeente": "heidedorp"}, ["Voorleesochtend", "Zomerkamp"]),
        ({"leeftijd": "abc", "soort": "onbekend"}, ["Voorleesochtend", "Zomerkamp"]),
    ],
)
def test_region_page_filters_combine(client, network, params, expected):
    response = client.get(reverse("netwerk:region", args=["regio-noord"]), params)
    assert _names(response) == expected


def test_unknown_region_or_foreign_municipality_is_404(client, network):
    assert client.get(reverse("netwerk:region", args=["nergens"])).status_code == 404
    url = reverse("netwerk:region", args=["regio-noord"])
    assert client.get(url, {"gemeente": "rivierstad"}).status_code == 404


def test_gaps_per_region_and_municipality(client, network):
    response = client.get(reverse("netwerk:region", args=["regio-noord"]))
    assert [d.title for d in response.context["gaps"]] == ["Niemand doet dit"]
    response = client.get(reverse("netwerk:region", args=["regio-noord"]), {"gemeente": "zandmeer"})
    assert [d.title for d in response.context["gaps"]] == ["Zomeraanbod", "Niemand doet dit"]
    response = client.get(reverse("netwerk:region", args=["regio-zuid"]))
    assert len(response.context["gaps"]) == 3
    assert "Wat ontbreekt hier nog?" in response.content.decode()


def test_inactive_services_do_not_count(client, network):
    network["camp"].status = "inactive"
    network["camp"].save()
    response = client.get(reverse("netwerk:region", args=["regio-noord"]))
    assert _names(response) == ["Voorleesochtend"]
    assert "Zomeraanbod" in [d.title for d in response.context["gaps"]]


def test_region_page_query_count_does_not_grow(client, network, django_assert_max_num_queries):
    for n in range(30):
        ServiceFactory(organization=network["library"], name=f"Extra {n:02d}")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("netwerk:region", args=["regio-noord"]))
    assert len(response.context["page"].object_list) == 20


def test_index_and_detail_query_counts(client, network, coordinator, django_assert_max_num_queries):
    for n in range(10):
        ServiceFactory(organization=network["library"], name=f"Extra {n:02d}")
        ContactPersonFactory(organization=network["library"])
    with django_assert_max_num_queries(8):
        client.get(reverse("netwerk:index"))
    client.force_login(coordinator)
    with django_assert_max_num_queries(22):
        client.get(network["library"].get_absolute_url())


def test_organization_detail_shows_services_and_directions(client, network):
    response = client.get(network["library"].get_absolute_url())
    html = response.content.decode()
    assert "Voorleesochtend" in html
    assert "Samen lezen" in html  # the direction it serves
    assert "2 tot en met 6 jaar" in html


def test_contact_persons_only_for_signed_in_users_of_the_region(client, network, region):
    url = network["library"].get_absolute_url()
    assert "Robin Testpersoon" not in client.get(url).content.decode()
    outsider = UserFactory(username="zuid", role="deelnemer", regions=[network["other_region"]])
    client.force_login(outsider)
    assert "Robin Testpersoon" not in client.get(url).content.decode()
    insider = UserFactory(username="noord", role="deelnemer", regions=[region])
    client.force_login(insider)
    assert "Robin Testpersoon" in client.get(url).content.decode()


def test_direction_and_intervention_pages_show_local_offer(client, network):
    url = reverse("kennisbank:detail", args=["oplossingsrichtingen", network["reading"].pk])
    html = client.get(url).content.decode()
    assert "Wie biedt dit aan in de regio?" in html
    assert "Bibliotheek Zandmeer" in html
    url = reverse("kennisbank:detail", args=["interventies", network["intervention"].slug])
    assert "Bibliotheek Zandmeer" in client.get(url).content.decode()
    url = reverse("kennisbank:detail", args=["oplossingsrichtingen", network["unserved"].pk])
    assert "Nog geen organisatie in het netwerk" in client.get(url).content.decode()
