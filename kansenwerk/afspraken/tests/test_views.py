"""Pages: the table host page (offline-safe posts), report with exports, query counts."""

import datetime
import uuid

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, AgreementStatus, Signal
from kansenwerk.afspraken.selectors import previous_agreements_for
from kansenwerk.afspraken.tests.factories import AgreementFactory, SignalFactory
from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.tests.factories import MeetupFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _agreement_post(**extra):
    data = {
        "afspraak-what": "Samen een voorleesochtend",
        "afspraak-owner_name": "Esra Yilmaz",
        "afspraak-owner_email": "esra@voorbeeld.invalid",
        "afspraak-due_date": "2030-04-01",
        "afspraak-table_label": "Tafel 2",
    }
    data.update(extra)
    return data


def test_table_page_for_organiser_only(client, meetup, organisator, deelnemer):
    url = reverse("afspraken:table", args=[meetup.slug])
    assert client.get(url).status_code == 302
    client.force_login(deelnemer)
    assert client.get(url).status_code == 403
    client.force_login(organisator)
    response = client.get(url + "?tafel=Tafel+4")
    assert response.status_code == 200
    body = response.content.decode()
    assert "afspraken/table.js" in body and "<script>" not in body
    assert 'value="Tafel 4"' in body


def test_offline_retry_with_same_uuid_records_once(client, meetup, organisator):
    client.force_login(organisator)
    url = reverse("afspraken:table_agreement", args=[meetup.slug])
    data = _agreement_post(**{"afspraak-client_uuid": str(uuid.uuid4())})
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    again = client.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == 201 and first.json()["created"] is True
    assert again.status_code == 200 and again.json()["created"] is False
    assert first.json()["id"] == again.json()["id"]
    assert Agreement.objects.count() == 1
    assert Agreement.objects.get().table_label == "Tafel 2"


def test_json_errors_name_the_field(client, meetup, organisator):
    client.force_login(organisator)
    url = reverse("afspraken:table_agreement", args=[meetup.slug])
    response = client.post(
        url, _agreement_post(**{"afspraak-what": ""}), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "what" in response.json()["errors"]


def test_form_post_without_javascript(client, meetup, organisator):
    client.force_login(organisator)
    response = client.post(
        reverse("afspraken:table_agreement", args=[meetup.slug]), _agreement_post()
    )
    assert response.status_code == 302
    assert "tafel=Tafel" in response["Location"]
    response = client.post(
        reverse("afspraken:table_signal", args=[meetup.slug]),
        {"signaal-text": "Meer tijd voor overleg met de wijk", "signaal-level": "landelijk"},
    )
    assert response.status_code == 302
    assert Signal.objects.get().level == "landelijk"


def test_owner_suggestions_from_netwerk(client, meetup, organisator, other_region):
    from kansenwerk.netwerk.models import ContactPerson, Organization

    org = Organization.objects.create(name="Bibliotheek Noorderlicht", region=meetup.region)
    ContactPerson.objects.create(
        organization=org, name="Lotte Kok", email="lotte@voorbeeld.invalid"
    )
    Organization.objects.create(name="Bibliotheek Elders", region=other_region)
    client.force_login(organisator)
    url = reverse("afspraken:owner_suggestions", args=[meetup.slug])
    body = client.get(
        url, {"afspraak-owner_name": "biblio"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Bibliotheek Noorderlicht" in body and "Lotte Kok" in body
    assert "Bibliotheek Elders" not in body


def test_report_counts_and_exports(client, meetup, meetup_theme, coordinator, other_region):
    RegistrationFactory.create_batch(
        3, meetup=meetup, status=Registration.Status.ATTENDED, profession="ouder"
    )
    RegistrationFactory(
        meetup=meetup, status=Registration.Status.ATTENDED, profession="jeugdwerker"
    )
    RegistrationFactory(
        meetup=meetup, status=Registration.Status.CANCELLED, profession="jeugdwerker"
    )
    AgreementFactory(meetup=meetup, meetup_theme=meetup_theme, what="Voorlezen in de wijk")
    AgreementFactory(meetup=meetup, what="Zonder thema", status=AgreementStatus.GEREED)
    SignalFactory(meetup=meetup, text="Meer geld voor tolken")
    client.force_login(coordinator)
    response = client.get(reverse("afspraken:report", args=[meetup.slug]))
    report = response.context["report"]
    assert report["attendance_total"] == 4
    assert [(r["key"], r["count"]) for r in report["by_profession"]] == [
        ("ouder", 3),
        ("jeugdwerker", 1),
    ]
    assert {c["status"]: c["count"] for c in report["status_counts"]} == {
        "gepland": 1,
        "bezig": 0,
        "gereed": 1,
        "vervallen": 0,
    }
    body = response.content.decode()
    assert "Voorlezen in de wijk" in body and "Meer geld voor tolken" in body

    csv = client.get(reverse("afspraken:agreements_csv", args=[meetup.slug]))
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;thema;oplossingsrichting")
    assert "Voorlezen in de wijk" in text and len(text.splitlines()) == 3

    ics = client.get(reverse("afspraken:deadlines_ics", args=[meetup.slug]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics.content.count(b"BEGIN:VEVENT") == 2

    pdf = client.get(reverse("afspraken:report_pdf", args=[meetup.slug]))
    assert pdf.content.startswith(b"%PDF")

    outsider = UserFactory(role="regiocoordinator", regions=[other_region])
    client.force_login(outsider)
    assert client.get(reverse("afspraken:report", args=[meetup.slug])).status_code == 403
    assert client.get(reverse("afspraken:agreements_csv", args=[meetup.slug])).status_code == 403


def test_report_query_count(
    client, meetup, meetup_theme, organisator, django_assert_max_num_queries
):
    for _ in range(15):
        AgreementFactory(meetup=meetup, meetup_theme=meetup_theme)
        SignalFactory(meetup=meetup)
    client.force_login(organisator)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("afspraken:report", args=[meetup.slug])).status_code == 200


def test_index_query_count(client, region, organisator, django_assert_max_num_queries):
    for _ in range(8):
        m = MeetupFactory(region=region)
        AgreementFactory.create_batch(2, meetup=m)
    client.force_login(organisator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("afspraken:index"))
    assert response.status_code == 200
    assert response.context["meetups"][0].agreement_count == 2


def test_detail_progress_and_timeline(client, meetup, organisator):
    agreement = AgreementFactory(meetup=meetup)
    client.force_login(organisator)
    url = reverse("afspraken:detail", args=[agreement.pk])
    response = client.post(url, {"new_status": "bezig", "text": "Eerste gesprek gevoerd"})
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Eerste gesprek gevoerd" in body and agreement.token in body


def test_previous_agreements_in_next_briefing(region, other_region):
    now = timezone.now()
    old = MeetupFactory(region=region, starts_at=now - datetime.timedelta(days=200))
    previous = MeetupFactory(region=region, starts_at=now - datetime.timedelta(days=100))
    elsewhere = MeetupFactory(region=other_region, starts_at=now - datetime.timedelta(days=50))
    upcoming = MeetupFactory(region=region, starts_at=now + datetime.timedelta(days=20))
    AgreementFactory(meetup=old, what="Heel oud")
    AgreementFactory(meetup=previous, what="Vorige keer afgesproken", status=AgreementStatus.GEREED)
    AgreementFactory(meetup=elsewhere, what="Andere regio")
    data = previous_agreements_for(upcoming)
    assert data["previous"] == previous
    assert [a.what for a in data["agreements"]] == ["Vorige keer afgesproken"]
    html = Template('{% include "afspraken/includes/previous_agreements.html" %}').render(
        Context({"meetup": upcoming})
    )
    assert "Vorige keer afgesproken" in html and "Andere regio" not in html
    assert previous_agreements_for(old)["previous"] is None


def test_agreements_and_signals_are_searchable(meetup, meetup_theme):
    from kansenwerk.search import registry

    AgreementFactory(
        meetup=meetup, meetup_theme=meetup_theme, what="Huiswerkklas in de bibliotheek"
    )
    SignalFactory(meetup=meetup, text="Structureel geld voor tolken")
    assert registry.by_key("afspraken") is not None
    assert registry.by_key("signalen") is not None
    from kansenwerk.search.models import SearchEntry

    assert SearchEntry.objects.filter(title__icontains="Huiswerkklas").exists()


def test_published_briefing_web_and_pdf_show_previous_agreements(client, region):
    from io import BytesIO

    from django.urls import reverse
    from pypdf import PdfReader

    now = timezone.now()
    previous = MeetupFactory(region=region, starts_at=now - datetime.timedelta(days=90))
    upcoming = MeetupFactory(
        region=region, starts_at=now + datetime.timedelta(days=20), status="published"
    )
    AgreementFactory(meetup=previous, what="Leesclub starten in de bibliotheek")
    web = client.get(reverse("meetups:briefing", kwargs={"slug": upcoming.slug}))
    assert web.status_code == 200
    assert "Leesclub starten in de bibliotheek" in web.content.decode()
    pdf = client.get(reverse("meetups:briefing_pdf", kwargs={"slug": upcoming.slug}))
    assert pdf.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Leesclub starten" in text
