"""At the door: table cards with the theme's content and the host's QR link, the door list,
the hosts' links page, and who may see them."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.meetups.models import MeetupDirection
from kansenwerk.tafels.door import door_rows, sort_key
from kansenwerk.tafels.models import TableLink, TablePlan, TableSeat
from kansenwerk.tafels.pdf import print_cards
from kansenwerk.tafels.qr import qr_svg_data_uri

from .factories import MeetupFactory, MeetupThemeFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(region):
    meetup = MeetupFactory(region=region, title="Kansenavond West")
    themes = [
        MeetupThemeFactory(
            meetup=meetup,
            title="Samen lezen",
            slug="lezen",
            position=0,
            guiding_question="Wat maakt dat een kind thuis een boek pakt?",
        ),
        MeetupThemeFactory(
            meetup=meetup,
            title="Ouders aan tafel",
            slug="ouders",
            position=1,
            guiding_question="Hoe voelen ouders zich welkom op school?",
        ),
    ]
    MeetupDirection.objects.create(
        meetup_theme=themes[0],
        position=0,
        number="1.1",
        title="Leeskring in de bibliotheek",
        questions=["Wie leidt de eerste kring?", "Welke boeken kiezen de kinderen zelf?"],
    )
    MeetupDirection.objects.create(
        meetup_theme=themes[1], position=0, number="2.1", title="Koffieochtend met de leerkracht"
    )
    plan = TablePlan.objects.create(
        meetup=meetup, rounds=2, run_state=TablePlan.RunState.DONE, status=TablePlan.Status.FINAL
    )
    # Names typed in every way people type them: the list reads as a person expects.
    names = ["émile Bakker", "Zoë Smit", "anna de Vries", "Bram Ouali", "Özlem Kaya", "Daan Peters"]
    for i, name in enumerate(names):
        registration = RegistrationFactory(meetup=meetup, name=name, theme=themes[i % 2])
        TableSeat.objects.create(
            plan=plan,
            round=1,
            meetup_theme=themes[i % 2],
            table_number=1 + i % 2,
            registration=registration,
            is_facilitator=i == 0,
        )
        if i != 5:  # Daan goes home after round 1
            TableSeat.objects.create(
                plan=plan,
                round=2,
                meetup_theme=themes[(i + 1) % 2],
                table_number=1 + (i + 1) % 2,
                registration=registration,
            )
    return {"meetup": meetup, "plan": plan, "themes": themes}


def _pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_cards_carry_guiding_question_directions_and_host_link(
    client, organisator, evening, settings
):
    settings.KANSENWERK_SITE_URL = "https://kansen.example.org"
    client.force_login(organisator)
    response = client.get(reverse("tafels:cards_pdf", kwargs={"plan_id": evening["plan"].pk}))
    assert response.status_code == 200
    pages, text = _pdf_text(response.content)
    assert pages == 8  # four tables (2 per round), front and back
    assert "Wat maakt dat een kind thuis een boek pakt?" in text
    assert "Hoe voelen ouders zich welkom op school?" in text
    assert "1.1 Leeskring in de bibliotheek" in text
    assert "Wie leidt de eerste kring?" in text and "Welke boeken kiezen de kinderen zelf?" in text
    assert "2.1 Koffieochtend met de leerkracht" in text
    links = list(TableLink.objects.filter(meetup=evening["meetup"]))
    assert len(links) == 4
    for link in links:
        assert f"kansen.example.org/afspraken/t/{link.token}/" in text
    # Each front's QR code encodes that table's link.
    cards = print_cards(plan=evening["plan"])
    by_table = {(lk.round, lk.meetup_theme_id, lk.table_number): lk for lk in links}
    for card in cards:
        link = by_table[(card.table.round, card.table.theme_id, card.table.number)]
        assert card.link.url == f"https://kansen.example.org/afspraken/t/{link.token}/"
        assert card.qr == qr_svg_data_uri(card.link.url)
    # Printing again gives the same codes.
    again = client.get(reverse("tafels:cards_pdf", kwargs={"plan_id": evening["plan"].pk}))
    assert TableLink.objects.filter(meetup=evening["meetup"]).count() == 4
    _, text_again = _pdf_text(again.content)
    assert sorted(re.findall(r"/afspraken/t/(\w+)/", text_again)) == sorted(
        link.token for link in links
    )


def test_door_list_is_alphabetical_and_shows_every_round(evening):
    rows = door_rows(plan=evening["plan"])
    assert [r.name for r in rows] == [
        "anna de Vries",
        "Bram Ouali",
        "Daan Peters",
        "émile Bakker",
        "Özlem Kaya",
        "Zoë Smit",
    ]
    assert [r.letter for r in rows] == ["A", "B", "D", "E", "O", "Z"]
    daan = rows[2]
    assert daan.places[0].table == 2 and daan.places[1] is None
    emile = rows[3]
    assert emile.places[0].is_facilitator and emile.places[1].theme == "Ouders aan tafel"
    assert [r.name for r in door_rows(plan=evening["plan"], query="ozl")] == ["Özlem Kaya"]
    assert sort_key("Émile") == "emile"


def test_door_page_and_pdf_for_organisers_of_the_region_only(
    client, evening, organisator, deelnemer, other_region
):
    plan_id = evening["plan"].pk
    page = reverse("tafels:door", kwargs={"plan_id": plan_id})
    pdf = reverse("tafels:door_pdf", kwargs={"plan_id": plan_id})
    links = reverse("tafels:host_links", kwargs={"plan_id": plan_id})
    for url in (page, pdf, links):
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(deelnemer)
    for url in (page, pdf, links):
        assert client.get(url).status_code == 403
    client.force_login(UserFactory(role="organisator", username="elders", regions=[other_region]))
    for url in (page, pdf, links):
        assert client.get(url).status_code == 403
    client.force_login(organisator)
    response = client.get(page)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    order = [html.index(n) for n in ("anna de Vries", "Bram Ouali", "émile Bakker", "Zoë Smit")]
    assert order == sorted(order)
    assert "Ronde 2:" in html and "niet ingedeeld" in html
    found = client.get(page, {"naam": "bram"}).content.decode()
    assert "Bram Ouali" in found and "Zoë Smit" not in found
    response = client.get(pdf)
    assert response["Content-Type"] == "application/pdf"
    _, text = _pdf_text(response.content)
    assert text.index("anna de Vries") < text.index("Bram Ouali") < text.index("Zoë Smit")
    assert "Tafel in ronde 2" in text


def test_door_page_query_count_does_not_grow_with_people(
    client, evening, organisator, django_assert_max_num_queries
):
    client.force_login(organisator)
    url = reverse("tafels:door", kwargs={"plan_id": evening["plan"].pk})
    with django_assert_max_num_queries(8):
        client.get(url)
    plan = evening["plan"]
    for _ in range(20):
        registration = RegistrationFactory(meetup=plan.meetup, theme=evening["themes"][0])
        TableSeat.objects.create(
            plan=plan,
            round=1,
            meetup_theme=evening["themes"][0],
            table_number=3,
            registration=registration,
        )
    with django_assert_max_num_queries(8):
        client.get(url)


def test_host_links_page_lists_every_table(client, evening, organisator):
    client.force_login(organisator)
    html = client.get(
        reverse("tafels:host_links", kwargs={"plan_id": evening["plan"].pk})
    ).content.decode()
    for link in TableLink.objects.filter(meetup=evening["meetup"]):
        assert f"/afspraken/t/{link.token}/" in html


def test_overview_pdf_puts_the_theme_beside_each_table(client, evening, organisator):
    client.force_login(organisator)
    response = client.get(reverse("tafels:overview_pdf", kwargs={"plan_id": evening["plan"].pk}))
    pages, text = _pdf_text(response.content)
    assert pages == 1  # two small rounds share one page
    assert "Tafel 1 · Samen lezen" in text and "Tafel 2 · Ouders aan tafel" in text
    assert "Ronde 1" in text and "Ronde 2" in text
