"""Table hosts without an account: the link on the table card, its page, and the JSON API."""

import datetime
import json
import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, Signal
from kansenwerk.meetups.models import MeetupDirection
from kansenwerk.meetups.tests.factories import (
    MeetupFactory,
    MeetupThemeFactory,
    RegistrationFactory,
)
from kansenwerk.netwerk.models import Organization
from kansenwerk.tafels.links import current_plan, table_links_for_plan
from kansenwerk.tafels.models import TableLink, TablePlan, TableSeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(region):
    """A meetup tonight with two themes, each with directions, and a finished plan."""
    meetup = MeetupFactory(
        region=region,
        title="Kansenavond Oost",
        starts_at=timezone.now() + datetime.timedelta(hours=2),
    )
    reading = MeetupThemeFactory(
        meetup=meetup,
        title="Lezen in de buurt",
        slug="lezen",
        position=0,
        guiding_question="Hoe komen meer kinderen thuis aan boeken?",
    )
    sport = MeetupThemeFactory(meetup=meetup, title="Bewegen na school", slug="bewegen", position=1)
    own = [
        MeetupDirection.objects.create(
            meetup_theme=reading,
            position=i,
            number=f"1.{i + 1}",
            title=title,
            questions=[f"Vraag bij {title.lower()}?"],
        )
        for i, title in enumerate(["Boekenkast in de wijk", "Voorlezen op het plein"])
    ]
    other = MeetupDirection.objects.create(
        meetup_theme=sport, position=0, number="2.1", title="Gratis sportclub"
    )
    plan = TablePlan.objects.create(
        meetup=meetup, run_state=TablePlan.RunState.DONE, status=TablePlan.Status.FINAL
    )
    for i in range(8):
        theme = reading if i < 4 else sport
        registration = RegistrationFactory(meetup=meetup, theme=theme, theme_choice_1=theme)
        TableSeat.objects.create(
            plan=plan,
            round=1,
            meetup_theme=theme,
            table_number=1 if i < 4 else 2,
            registration=registration,
        )
    return {
        "meetup": meetup,
        "reading": reading,
        "sport": sport,
        "plan": plan,
        "directions": own,
        "other_direction": other,
    }


def _link(evening, theme="reading"):
    table_links_for_plan(plan=evening["plan"])
    return TableLink.objects.get(meetup=evening["meetup"], meetup_theme=evening[theme])


def _api(client, token, body, **extra):
    return client.post(
        f"/api/tables/{token}/agreements",
        data=json.dumps(body) if not isinstance(body, (str, bytes)) else body,
        content_type="application/json",
        **extra,
    )


def _body(**extra):
    body = {
        "what": "Een boekenkast in de hal van de sporthal",
        "owner_name": "Noor de Wit",
        "owner_email": "noor@voorbeeld.invalid",
        "with_whom": "Bibliotheek en buurthuis",
        "due": "2031-05-01",
    }
    body.update(extra)
    return body


def test_links_are_made_once_and_stay_the_same(evening):
    first = table_links_for_plan(plan=evening["plan"])
    again = table_links_for_plan(plan=evening["plan"])
    assert [(r.round, r.table, r.theme) for r in first] == [
        (1, 1, "Lezen in de buurt"),
        (1, 2, "Bewegen na school"),
    ]
    assert [r.token for r in first] == [r.token for r in again]
    assert TableLink.objects.count() == 2
    assert len({r.token for r in first}) == 2 and all(len(r.token) == 20 for r in first)
    link = TableLink.objects.get(meetup_theme=evening["reading"])
    assert link.expires_at == evening["meetup"].starts_at + datetime.timedelta(days=3)
    # A new plan for the same tables keeps the codes already printed.
    newer = TablePlan.objects.create(meetup=evening["meetup"], run_state=TablePlan.RunState.DONE)
    for seat in evening["plan"].seats.all():
        TableSeat.objects.create(
            plan=newer,
            round=1,
            meetup_theme=seat.meetup_theme,
            table_number=seat.table_number,
            registration=seat.registration,
        )
    assert [r.token for r in table_links_for_plan(plan=newer)] == [r.token for r in first]


def test_api_creates_agreement_on_the_links_table_and_mails_the_owner(
    client, evening, django_capture_on_commit_callbacks, settings
):
    settings.KANSENWERK_SITE_URL = "https://kansen.example.org"
    link = _link(evening)
    direction = evening["directions"][1]
    organisation = Organization.objects.create(
        region=evening["meetup"].region, name="Buurthuis Oost"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(
            client, link.token, _body(direction=direction.pk, organisations=[organisation.pk])
        )
    assert response.status_code == 201, response.content
    data = response.json()
    agreement = Agreement.objects.get(pk=data["id"])
    assert data["owner_link"] == f"https://kansen.example.org/afspraken/a/{agreement.token}/"
    assert agreement.meetup == evening["meetup"]
    assert agreement.meetup_theme == evening["reading"]
    assert agreement.meetup_direction == direction
    assert agreement.table_label == "Tafel 1"
    assert agreement.people == "Bibliotheek en buurthuis"
    assert agreement.due_date == datetime.date(2031, 5, 1)
    assert list(agreement.organizations.all()) == [organisation]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["noor@voorbeeld.invalid"]
    assert "Kansenavond Oost" in message.subject
    assert data["owner_link"] in message.body
    assert "Noor de Wit" in message.body


def test_api_retry_with_same_uuid_is_one_agreement_and_one_mail(
    client, evening, django_capture_on_commit_callbacks
):
    link = _link(evening)
    body = _body(client_uuid=str(uuid.uuid4()))
    with django_capture_on_commit_callbacks(execute=True):
        first = _api(client, link.token, body)
        again = _api(client, link.token, body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert Agreement.objects.count() == 1 and len(mail.outbox) == 1
    # The same uuid from another table does not hand out that table's owner link.
    sport = _link(evening, "sport")
    stolen = _api(client, sport.token, body)
    assert stolen.status_code == 400 and "client_uuid" in stolen.json()["errors"]


def test_api_errors_are_dutch_and_name_the_field(client, evening):
    link = _link(evening)
    empty = _api(client, link.token, _body(what="  ", owner_name="", owner_email="geen-adres"))
    assert empty.status_code == 400
    errors = empty.json()["errors"]
    assert set(errors) == {"what", "owner_name", "owner_email"}
    assert errors["what"] == ["Schrijf op wat u afspreekt."]
    assert "e-mailadres" in errors["owner_email"][0]
    no_date = _api(client, link.token, _body(due=None, owner_email="nee"))
    assert no_date.status_code == 400
    assert set(no_date.json()["errors"]) == {"due", "owner_email"}  # every problem at once
    assert "klaar" in no_date.json()["errors"]["due"][0]
    bad_date = _api(client, link.token, _body(due="1 mei"))
    assert bad_date.status_code == 422
    assert bad_date.json()["errors"]["due"] == [
        "Vul de datum in als JJJJ-MM-DD, bijvoorbeeld 2027-03-01."
    ]
    wrong_type = _api(client, link.token, _body(direction="de eerste"))
    assert wrong_type.status_code == 422 and "direction" in wrong_type.json()["errors"]
    huge = _api(client, link.token, _body(direction=10**20, organisations=[1] * 51))
    assert huge.status_code == 422
    assert huge.json()["errors"]["organisations"] == ["Kies hoogstens 50 organisaties."]
    assert "direction" in huge.json()["errors"]
    not_json = _api(client, link.token, "what=koffie")
    assert not_json.status_code == 422
    assert not_json.json()["errors"]["__all__"] == ["Stuur de afspraak als JSON."]
    too_long = _api(client, link.token, _body(owner_name="x" * 201, what="y" * 5000))
    assert too_long.status_code == 400
    assert set(too_long.json()["errors"]) == {"what", "owner_name"}
    assert Agreement.objects.count() == 0


def test_api_refuses_direction_and_organisation_from_elsewhere(client, evening, other_region):
    link = _link(evening)
    other_theme = _api(client, link.token, _body(direction=evening["other_direction"].pk))
    assert other_theme.status_code == 400
    assert "thema van deze tafel" in other_theme.json()["errors"]["direction"][0]
    far = Organization.objects.create(region=other_region, name="Ver weg")
    elsewhere = _api(client, link.token, _body(organisations=[far.pk]))
    assert elsewhere.status_code == 400 and "organisations" in elsewhere.json()["errors"]
    assert Agreement.objects.count() == 0


def test_api_wrong_and_expired_token(client, evening):
    wrong = _api(client, "bestaatnietbestaatni", _body())
    assert wrong.status_code == 404
    assert "bestaat niet" in wrong.json()["errors"]["token"][0]
    link = _link(evening)
    link.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    link.save()
    expired = _api(client, link.token, _body())
    assert expired.status_code == 410
    assert "verlopen" in expired.json()["errors"]["token"][0]
    assert Agreement.objects.count() == 0


def test_every_way_in_mails_the_owner(
    client, evening, organisator, django_capture_on_commit_callbacks
):
    """The organiser's own table page goes through the same service, so it mails too."""
    client.force_login(organisator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("afspraken:table_agreement", args=[evening["meetup"].slug]),
            {
                "afspraak-what": "Leesclub op vrijdag",
                "afspraak-owner_name": "Ali Bakker",
                "afspraak-owner_email": "ali@voorbeeld.invalid",
                "afspraak-due_date": "2031-01-01",
            },
        )
        client.post(
            reverse("afspraken:table_agreement", args=[evening["meetup"].slug]),
            {
                "afspraak-what": "Zonder e-mail",
                "afspraak-owner_name": "Ria",
                "afspraak-due_date": "2031-01-01",
            },
        )
    assert Agreement.objects.count() == 2
    assert [m.to for m in mail.outbox] == [["ali@voorbeeld.invalid"]]
    token = Agreement.objects.get(owner_name="Ali Bakker").token
    assert f"/afspraken/a/{token}/" in mail.outbox[0].body


def test_link_page_without_login_shows_table_theme_and_only_its_directions(
    client, evening, django_assert_max_num_queries
):
    link = _link(evening)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("afspraken:table_link", args=[link.token]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    body = response.content.decode()
    assert "Lezen in de buurt" in body and "Hoe komen meer kinderen thuis aan boeken?" in body
    assert 'data-table="1">Tafel 1</h1>' in body
    form = response.context["agreement_form"]
    assert list(form.fields["direction"].queryset) == evening["directions"]
    assert "Gratis sportclub" not in body
    assert f'data-api-url="/api/tables/{link.token}/agreements"' in body
    assert "<script>" not in body


def test_link_page_form_post_without_javascript(
    client, evening, django_capture_on_commit_callbacks
):
    link = _link(evening, "sport")
    url = reverse("afspraken:table_link", args=[link.token])
    bad = client.post(url, {"what": "", "owner_name": "Kim", "due": "2031-02-02"})
    assert bad.status_code == 400 and "Dit veld is verplicht." in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            url,
            {
                "what": "Sportdag met de scholen",
                "owner_name": "Kim Jansen",
                "owner_email": "kim@voorbeeld.invalid",
                "due": "2031-02-02",
                "direction": evening["other_direction"].pk,
            },
        )
    assert ok.status_code == 302 and ok["Location"] == url
    agreement = Agreement.objects.get()
    assert (agreement.meetup_theme, agreement.table_label) == (evening["sport"], "Tafel 2")
    assert len(mail.outbox) == 1
    # A direction of the other theme is not a choice on this table's form.
    refused = client.post(
        url,
        {
            "what": "x",
            "owner_name": "y",
            "due": "2031-02-02",
            "direction": evening["directions"][0].pk,
        },
    )
    assert refused.status_code == 400 and Agreement.objects.count() == 1
    signal = client.post(
        reverse("afspraken:table_link_signal", args=[link.token]),
        {"signaal-text": "Meer gymzalen na vier uur", "signaal-level": "gemeente"},
    )
    assert signal.status_code == 302
    assert Signal.objects.get().table_label == "Tafel 2"
    assert Signal.objects.get().meetup_theme == evening["sport"]


def test_link_page_wrong_or_expired(client, evening):
    assert client.get(reverse("afspraken:table_link", args=["onbekend"])).status_code == 404
    link = _link(evening)
    link.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    link.save()
    response = client.get(reverse("afspraken:table_link", args=[link.token]))
    assert response.status_code == 410 and "verlopen" in response.content.decode()


def test_link_suggestions_show_organisations_not_contact_people(client, evening):
    from kansenwerk.netwerk.models import ContactPerson

    link = _link(evening)
    org = Organization.objects.create(region=evening["meetup"].region, name="Bibliotheek Oost")
    ContactPerson.objects.create(
        organization=org, name="Bibi Geheim", email="bibi@voorbeeld.invalid"
    )
    response = client.get(
        reverse("afspraken:table_link_suggestions", args=[link.token]), {"owner_name": "Bibli"}
    )
    body = response.content.decode()
    assert "Bibliotheek Oost" in body and "Bibi Geheim" not in body


def test_commands_print_links_and_agreements_as_json(client, evening, settings):
    settings.KANSENWERK_SITE_URL = "https://kansen.example.org/"
    out = StringIO()
    call_command("table-links", evening["meetup"].slug, "--json", stdout=out)
    rows = json.loads(out.getvalue())
    tokens = dict(TableLink.objects.values_list("table_number", "token"))
    assert rows == [
        {
            "round": 1,
            "table": 1,
            "theme": "Lezen in de buurt",
            "url": f"https://kansen.example.org/afspraken/t/{tokens[1]}/",
        },
        {
            "round": 1,
            "table": 2,
            "theme": "Bewegen na school",
            "url": f"https://kansen.example.org/afspraken/t/{tokens[2]}/",
        },
    ]
    link = TableLink.objects.get(table_number=1)
    _api(client, link.token, _body(direction=evening["directions"][0].pk))
    out = StringIO()
    call_command("agreements", "--meetup", evening["meetup"].slug, "--json", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["what"] == "Een boekenkast in de hal van de sporthal"
    assert row["owner_name"] == "Noor de Wit"
    assert row["with_whom"] == "Bibliotheek en buurthuis"
    assert (row["due"], row["status"]) == ("2031-05-01", "gepland")
    assert (row["theme"], row["table"]) == ("Lezen in de buurt", "Tafel 1")
    assert row["direction"] == "1.1 Boekenkast in de wijk"


def test_table_links_command_without_plan_says_so(region):
    from django.core.management.base import CommandError

    meetup = MeetupFactory(region=region)
    with pytest.raises(CommandError, match="nog geen tafelindeling"):
        call_command("table-links", meetup.slug, "--json")
    assert current_plan(meetup=meetup) is None


def test_api_describes_the_table_for_other_tools(client, evening):
    link = _link(evening)
    organisation = Organization.objects.create(region=evening["meetup"].region, name="Buurthuis")
    data = client.get(f"/api/tables/{link.token}").json()
    assert (data["table"], data["round"], data["theme"]) == (1, 1, "Lezen in de buurt")
    assert data["guiding_question"] == "Hoe komen meer kinderen thuis aan boeken?"
    assert [d["id"] for d in data["directions"]] == [d.pk for d in evening["directions"]]
    assert data["directions"][0]["questions"] == ["Vraag bij boekenkast in de wijk?"]
    assert data["organisations"] == [{"id": organisation.pk, "name": "Buurthuis"}]
    assert client.get("/api/tables/onbekend").status_code == 404


def test_openapi_documents_the_request_body(client, db):
    schema = client.get("/api/openapi.json").json()
    body = schema["paths"]["/api/tables/{token}/agreements"]["post"]["requestBody"]
    properties = body["content"]["application/json"]["schema"]["properties"]
    assert {"what", "owner_name", "owner_email", "with_whom", "due", "direction"} <= set(properties)
    assert "organisations" in properties
