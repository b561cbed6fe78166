"""Kennisbank pages: lists paginate and filter, detail pages link both ways, text stays text."""

import pytest
from django.urls import reverse

from kansenwerk.core.tests.factories import RegionFactory
from kansenwerk.kennisbank.models import ReadingItem
from kansenwerk.kennisbank.registry import KINDS

from .factories import (
    InitiativeFactory,
    InterventionFactory,
    PracticeExampleFactory,
    ReadingItemFactory,
    SolutionDirectionFactory,
    SourceDocumentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def list_url(kind, **params):
    from urllib.parse import urlencode

    url = reverse("kennisbank:list", kwargs={"kind": kind})
    return f"{url}?{urlencode(params)}" if params else url


def test_every_list_page_renders_with_empty_state(client):
    for kind in KINDS:
        response = client.get(list_url(kind.key))
        assert response.status_code == 200
        assert "Geen resultaten" in response.content.decode()


def test_unknown_kind_is_404(client):
    assert client.get("/kennisbank/onzin/").status_code == 404
    assert client.get("/kennisbank/themas/bestaat-niet/").status_code == 404
    assert client.get("/kennisbank/oplossingsrichtingen/abc/").status_code == 404


def test_list_paginates_25_per_page(client):
    theme = ThemeFactory()
    SolutionDirectionFactory.create_batch(30, theme=theme)
    first = client.get(list_url("oplossingsrichtingen"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(list_url("oplossingsrichtingen", pagina=2))
    assert len(second.context["page"].object_list) == 5
    # A page number out of range or garbage shows the nearest valid page, not an error.
    assert client.get(list_url("oplossingsrichtingen", pagina="abc")).status_code == 200
    assert client.get(list_url("oplossingsrichtingen", pagina=99)).context["page"].number == 2


def test_filters_by_theme_type_and_region_combine(client):
    north, south = RegionFactory(name="Noord"), RegionFactory(name="Zuid")
    taal, ouders = ThemeFactory(title="Taal"), ThemeFactory(title="Ouders")
    ReadingItemFactory(theme=taal, title="Taal-podcast", medium="podcast", region=north)
    ReadingItemFactory(theme=taal, title="Taal-rapport", medium="rapport", region=north)
    ReadingItemFactory(theme=ouders, title="Ouder-podcast", medium="podcast", region=south)
    ReadingItemFactory(theme=ouders, title="Landelijke podcast", medium="podcast", region=None)

    def titles(**params):
        response = client.get(list_url("lezen", **params))
        return sorted(obj.title for obj in response.context["page"].object_list)

    assert titles(thema=taal.slug) == ["Taal-podcast", "Taal-rapport"]
    assert titles(soort="podcast") == ["Landelijke podcast", "Ouder-podcast", "Taal-podcast"]
    assert titles(soort="podcast", regio=north.slug) == ["Taal-podcast"]
    assert titles(thema=ouders.slug, soort="podcast", regio="landelijk") == ["Landelijke podcast"]
    assert titles(thema=ouders.slug, soort="rapport") == []


def test_intervention_theme_filter_goes_through_m2m_without_duplicates(client):
    a, b = ThemeFactory(title="A"), ThemeFactory(title="B")
    item = InterventionFactory(title="Dubbel gekoppeld")
    item.themes.set([a, b])
    response = client.get(list_url("interventies", thema=a.slug))
    assert [o.title for o in response.context["page"].object_list] == ["Dubbel gekoppeld"]


def test_list_pages_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    theme = ThemeFactory()
    SolutionDirectionFactory.create_batch(20, theme=theme, region=RegionFactory(name="R"))
    ReadingItemFactory.create_batch(20, theme=theme)
    PracticeExampleFactory.create_batch(20)
    for key in ("oplossingsrichtingen", "lezen", "praktijkvoorbeelden", "themas"):
        with django_assert_max_num_queries(8):
            assert client.get(list_url(key)).status_code == 200


def test_theme_and_direction_and_intervention_link_both_ways(client):
    theme = ThemeFactory(title="Overstap")
    direction = SolutionDirectionFactory(theme=theme, title="Maatjes", number="3.1")
    intervention = InterventionFactory(title="Brugmaatjes")
    intervention.themes.add(theme)
    intervention.solution_directions.add(direction)
    example = PracticeExampleFactory(intervention=intervention, title="Maatjes op school X")

    theme_page = client.get(theme.get_absolute_url()).content.decode()
    assert direction.get_absolute_url() in theme_page
    assert intervention.get_absolute_url() in theme_page

    direction_page = client.get(direction.get_absolute_url()).content.decode()
    assert theme.get_absolute_url() in direction_page
    assert intervention.get_absolute_url() in direction_page

    intervention_page = client.get(intervention.get_absolute_url()).content.decode()
    assert direction.get_absolute_url() in intervention_page
    assert theme.get_absolute_url() in intervention_page
    assert example.get_absolute_url() in intervention_page

    example_page = client.get(example.get_absolute_url()).content.decode()
    assert intervention.get_absolute_url() in example_page


def test_provenance_is_shown(client):
    document = SourceDocumentFactory(title="Briefing Zandmeer")
    theme = ThemeFactory(source_document=document, source_page=3)
    direction = SolutionDirectionFactory(
        theme=theme, source_document=document, source_line_start=10, source_line_end=24
    )
    assert "Bron: " in client.get(theme.get_absolute_url()).content.decode()
    assert "Briefing Zandmeer, pagina 3" in client.get(theme.get_absolute_url()).content.decode()
    assert "regels 10–24" in client.get(direction.get_absolute_url()).content.decode()
    document_page = client.get(document.get_absolute_url()).content.decode()
    assert theme.get_absolute_url() in document_page


def test_text_is_escaped_not_rendered_as_html(client):
    theme = ThemeFactory(
        title="<script>alert('x')</script>Thema",
        introduction='<img src=x onerror="alert(1)">',
    )
    InitiativeFactory(theme=theme, title="<b>vet</b>")
    body = client.get(theme.get_absolute_url()).content.decode()
    assert "<script>alert" not in body
    assert "&lt;script&gt;" in body
    assert "<img src=x" not in body
    assert "<b>vet</b>" not in body


def test_reading_item_rejects_javascript_urls():
    from django.core.exceptions import ValidationError

    item = ReadingItem(title="Gevaarlijk", url="javascript:alert(1)")
    with pytest.raises(ValidationError):
        item.full_clean()


def test_questions_and_people_are_edited_one_per_line(client, beheerder):
    theme = ThemeFactory()
    client.force_login(beheerder)
    response = client.post(
        reverse("kennisbank:create", kwargs={"kind": "oplossingsrichtingen"}),
        {
            "theme": theme.pk,
            "number": "2.1",
            "title": "Nieuwe richting",
            "text": "Tekst",
            "questions": "Eerste vraag?\n\n  Tweede vraag?  \n",
        },
    )
    assert response.status_code == 302
    direction = theme.solution_directions.get(title="Nieuwe richting")
    assert direction.questions == ["Eerste vraag?", "Tweede vraag?"]
    response = client.post(
        reverse("kennisbank:create", kwargs={"kind": "interventies"}),
        {"title": "Met mensen", "people": "Anna – leerkracht\nBram: jeugdwerker\nCees"},
    )
    assert response.status_code == 302
    from kansenwerk.kennisbank.models import Intervention

    assert Intervention.objects.get(title="Met mensen").people == [
        {"name": "Anna", "role": "leerkracht"},
        {"name": "Bram", "role": "jeugdwerker"},
        {"name": "Cees", "role": ""},
    ]


def test_required_fields_give_dutch_errors(client, beheerder):
    client.force_login(beheerder)
    response = client.post(reverse("kennisbank:create", kwargs={"kind": "themas"}), {"title": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()


def test_import_link_only_for_those_who_may_import(client, beheerder, coordinator, deelnemer):
    url = reverse("kennisbank:index")
    import_url = reverse("kennisbank:import")
    assert import_url not in client.get(url).content.decode()
    client.force_login(deelnemer)
    assert import_url not in client.get(url).content.decode()
    for user in (coordinator, beheerder):
        client.force_login(user)
        assert import_url in client.get(url).content.decode()
