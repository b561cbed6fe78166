"""Public and organiser pages: registration form, personal link, briefing, feeds, exports, check-in."""

import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory, ThemeFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.services.meetup import meetup_theme_add

from .factories import MeetupFactory, RegistrationFactory


def form_data(**overrides):
    data = {
        "name": "Fenna de Boer",
        "email": "fenna@voorbeeld.invalid",
        "organisation": "Basisschool De Wilg",
        "profession": "leerkracht_po",
        "needs": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_register_through_form_and_manage_link(
    client, meetup, themes, django_capture_on_commit_callbacks
):
    url = reverse("meetups:register", args=[meetup.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert 'href="/privacy/#meetups"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, form_data(theme_choice_1=themes[0].pk, theme_choice_2=themes[1].pk)
        )
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetups:registration_manage", args=[registration.token])
    assert registration.theme == themes[0] and registration.channel == "web"
    assert len(mail.outbox) == 1 and registration.token in mail.outbox[0].body
    page = client.get(response["Location"]).content.decode()
    assert "Fenna de Boer" in page and "U bent aangemeld" in page
    # Cancelling asks first: the old one-click POST leads to the confirmation page.
    confirm = reverse("meetups:registration_cancel_confirm", args=[registration.token])
    assert client.post(response["Location"], {"action": "cancel"})["Location"] == confirm
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    page = client.get(confirm).content.decode()
    assert "Ja, meld mij af" in page and "Nee, ik blijf aangemeld" in page
    assert registration.status == "confirmed"
    client.post(confirm)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    manage = reverse("meetups:registration_manage", args=[registration.token])
    client.post(manage, {"action": "delete"})  # without the confirmation tick: nothing happens
    assert Registration.objects.exists()
    response = client.post(manage, {"action": "delete", "confirm": "1"})
    assert response.status_code == 302
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_form_errors_in_dutch(client, meetup, themes):
    url = reverse("meetups:register", args=[meetup.slug])
    response = client.post(url, form_data(email="fout", consent="", profession=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Vul een geldig e-mailadres in" in body
    assert "Geef toestemming" in body
    assert 'aria-invalid="true"' in body
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_honeypot_stores_nothing(client, meetup, themes):
    url = reverse("meetups:register", args=[meetup.slug])
    response = client.post(
        url, form_data(theme_choice_1=themes[0].pk, website="http://spam.invalid")
    )
    assert response.status_code == 200
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_ip(client, settings, region):
    settings.KANSENWERK_RATE_LIMITS = "on"
    cache.clear()
    meetup = MeetupFactory(region=region, capacity=50)
    url = reverse("meetups:register", args=[meetup.slug])
    for n in range(10):
        client.post(url, form_data(email=f"p{n}@voorbeeld.invalid"))
    response = client.post(url, form_data(email="nog1@voorbeeld.invalid"))
    assert "te veel aanmeldingen" in response.content.decode()
    assert Registration.objects.count() == 10
    cache.clear()


@pytest.mark.django_db
def test_rate_limit_counts_the_client_behind_our_proxy(client, settings, region):
    # Behind nginx every request comes from 127.0.0.1: the limit must follow the client
    # named in X-Forwarded-For, or ten registrations would close the form for everyone.
    settings.KANSENWERK_RATE_LIMITS = "on"
    settings.KANSENWERK_PROXY_COUNT = 1
    cache.clear()
    meetup = MeetupFactory(region=region, capacity=50)
    url = reverse("meetups:register", args=[meetup.slug])
    for n in range(10):
        client.post(
            url, form_data(email=f"p{n}@voorbeeld.invalid"), HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
    busy = client.post(
        url, form_data(email="nog1@voorbeeld.invalid"), HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert "te veel aanmeldingen" in busy.content.decode()
    other = client.post(
        url, form_data(email="ander@voorbeeld.invalid"), HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert "te veel aanmeldingen" not in other.content.decode()
    assert Registration.objects.count() == 11
    cache.clear()


@pytest.mark.django_db
def test_accept_invitation_through_link(client, meetup):
    invited = RegistrationFactory(meetup=meetup, status="invited")
    page = client.get(reverse("meetups:registration_manage", args=[invited.token])).content.decode()
    assert "Ja, ik kom" in page
    client.post(reverse("meetups:registration_manage", args=[invited.token]), {"action": "accept"})
    invited.refresh_from_db()
    assert invited.status == "confirmed"


@pytest.mark.django_db
def test_unknown_token_404(client):
    assert client.get(reverse("meetups:registration_manage", args=["nope"])).status_code == 404


@pytest.fixture
def planned(region):
    meetup = MeetupFactory(region=region, capacity=30)
    for _ in range(3):
        theme = ThemeFactory()
        SolutionDirectionFactory(theme=theme)
        SolutionDirectionFactory(theme=theme)
        meetup_theme_add(user=None, meetup=meetup, theme=theme)
    return meetup


@pytest.mark.django_db
def test_public_pages_and_feeds(client, planned, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get(reverse("meetups:index")).status_code == 200
    with django_assert_max_num_queries(10):
        page = client.get(planned.get_absolute_url())
    assert page.status_code == 200 and planned.title in page.content.decode()
    with django_assert_max_num_queries(10):
        briefing = client.get(reverse("meetups:briefing", args=[planned.slug]))
    body = briefing.content.decode()
    assert body.count("<h1") == 1 and "Oplossingsrichtingen" in body
    ics = client.get(reverse("meetups:ics", args=[planned.slug]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and planned.title.encode() in ics.content
    feed = client.get(reverse("meetups:region_agenda_ics", args=[planned.region.slug]))
    assert feed.content.count(b"BEGIN:VEVENT") == 1
    agenda = client.get(reverse("meetups:region_agenda", args=[planned.region.slug]))
    assert planned.title in agenda.content.decode()


@pytest.mark.django_db
def test_briefing_pdf_is_tagged_a4_with_title_and_links(client, planned):
    from pypdf import PdfReader

    response = client.get(reverse("meetups:briefing_pdf", args=[planned.slug]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == f"Briefing {planned.title}"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert "/Metadata" in root  # PDF/UA-1 XMP metadata
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)
    assert len(reader.pages) >= 5  # cover, contents, introduction, one page per theme
    text = reader.pages[1].extract_text()
    assert "Inhoud" in text
    links = [a for p in reader.pages for a in (p.get("/Annots") or [])]
    assert links, "table of contents links are kept"
    assert "pagina 3 van" in reader.pages[2].extract_text()


@pytest.mark.django_db
def test_organiser_pages(client, organisator, planned, django_assert_max_num_queries):
    themes = list(planned.themes.all())
    for n in range(12):
        RegistrationFactory(
            meetup=planned, theme_choice_1=themes[n % 3], theme=themes[n % 3], status="confirmed"
        )
    client.force_login(organisator)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("meetups:manage_list")).status_code == 200
    with django_assert_max_num_queries(16):
        page = client.get(reverse("meetups:registrations", args=[planned.slug]))
    assert page.status_code == 200 and "Per beroep of rol" in page.content.decode()
    with django_assert_max_num_queries(14):
        assert client.get(reverse("meetups:checkin_list", args=[planned.slug])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("meetups:manage_meetup", args=[planned.slug])).status_code == 200
    theme = themes[0]
    assert (
        client.get(reverse("meetups:theme_edit", args=[planned.slug, theme.pk])).status_code == 200
    )


@pytest.mark.django_db
def test_exports(client, organisator, meetup):
    RegistrationFactory(meetup=meetup, name="Ali Öztürk", organisation="School & Co")
    RegistrationFactory(meetup=meetup, status="waitlisted")
    client.force_login(organisator)
    csv = client.get(reverse("meetups:export_csv", args=[meetup.slug])).content.decode("utf-8")
    assert csv.startswith("\ufeffNaam;E-mailadres")
    assert "Ali Öztürk" in csv and "School & Co" in csv
    from openpyxl import load_workbook

    xlsx = client.get(reverse("meetups:export_xlsx", args=[meetup.slug]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Naam" and sheet["A2"].value == "Ali Öztürk"
    assert sheet["J3"].value == "1"  # waiting-list position (every cell is text)


@pytest.mark.django_db
def test_checkin_toggle_htmx_and_walk_in(client, organisator, meetup, themes):
    person = RegistrationFactory(meetup=meetup, status="confirmed")
    client.force_login(organisator)
    url = reverse("meetups:checkin_toggle", args=[meetup.slug, person.pk])
    response = client.post(url, {"present": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="persoon-{person.pk}"' in response.content.decode()
    person.refresh_from_db()
    assert person.status == "attended"
    response = client.post(
        reverse("meetups:checkin", args=[meetup.slug]),
        {
            "name": "Binnenloper Bas",
            "profession": "ouder",
            "organisation": "",
            "theme": themes[0].pk,
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get(name="Binnenloper Bas").status == "attended"


@pytest.mark.django_db
def test_message_all(client, organisator, meetup, django_capture_on_commit_callbacks):
    RegistrationFactory(meetup=meetup, status="confirmed")
    RegistrationFactory(meetup=meetup, status="waitlisted")
    RegistrationFactory(meetup=meetup, status="cancelled")
    client.force_login(organisator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meetups:message", args=[meetup.slug]),
            {"subject": "Parkeren", "body": "Parkeer achter."},
        )
    assert len(mail.outbox) == 2
    assert "/meetups/aanmelding/" in mail.outbox[0].body


@pytest.mark.django_db
def test_plan_a_meetup_through_the_pages(client, organisator, region):
    theme = ThemeFactory(title="Leesplezier")
    direction = SolutionDirectionFactory(theme=theme, title="Voorleesouders")
    client.force_login(organisator)
    response = client.post(
        reverse("meetups:create"),
        {
            "region": region.pk,
            "title": "Voorjaarsavond",
            "starts_at": "2030-03-12T19:00",
            "ends_at": "2030-03-12T21:30",
            "capacity": 40,
            "retention_months": 12,
            "invitation_hours": 48,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    slug = response["Location"].rstrip("/").split("/")[-1]
    client.post(reverse("meetups:manage_meetup", args=[slug]), {"theme": theme.pk})
    meetup_theme = theme.meetup_themes.get()
    copy = meetup_theme.directions.get()
    assert copy.source_direction == direction
    client.post(
        reverse("meetups:direction_edit", args=[slug, copy.pk]),
        {"title": "Voorleesouders in de wijk", "text": "Eigen tekst", "questions": "Wie?\n\nWaar?"},
    )
    copy.refresh_from_db()
    direction.refresh_from_db()
    assert copy.title == "Voorleesouders in de wijk" and copy.questions == ["Wie?", "Waar?"]
    assert direction.title == "Voorleesouders"  # the kennisbank stays unchanged
    response = client.post(
        reverse("meetups:status", args=[slug]), {"action": "publish"}, follow=True
    )
    assert "twee tot vier" in response.content.decode()
    ThemeFactory(title="Ouders")
    client.post(
        reverse("meetups:manage_meetup", args=[slug]),
        {"theme": theme.__class__.objects.get(title="Ouders").pk},
    )
    client.post(reverse("meetups:status", args=[slug]), {"action": "publish"})
    assert client.get(f"/meetups/{slug}/").status_code == 200


@pytest.mark.django_db
def test_initiative_suggestions_from_netwerk_and_earlier_meetups(client, organisator, region):
    from kansenwerk.meetups.models import MeetupInitiative
    from kansenwerk.meetups.selectors import initiative_suggestions
    from kansenwerk.netwerk.models import Organization, Service

    theme = ThemeFactory(title="Taal thuis")
    earlier = MeetupFactory(region=region)
    earlier_theme = meetup_theme_add(user=None, meetup=earlier, theme=theme)
    MeetupInitiative.objects.create(meetup_theme=earlier_theme, title="Taalcafé Noord")
    org = Organization.objects.create(name="Stichting Leesmaatjes", region=region)
    service = Service.objects.create(organization=org, name="Voorleesbezoek aan huis")
    service.themes.add(theme)
    meetup = MeetupFactory(region=region)
    meetup_theme = meetup_theme_add(user=None, meetup=meetup, theme=theme)
    titles = [s["title"] for s in initiative_suggestions(meetup_theme=meetup_theme)]
    assert titles[:1] == ["Taalcafé Noord"]
    assert "Voorleesbezoek aan huis" in titles and "Stichting Leesmaatjes" in titles
    client.force_login(organisator)
    key = next(
        s["key"]
        for s in initiative_suggestions(meetup_theme=meetup_theme)
        if s["title"] == "Voorleesbezoek aan huis"
    )
    client.post(
        reverse("meetups:theme_edit", args=[meetup.slug, meetup_theme.pk]),
        {"part": "suggestion", "key": key},
    )
    added = meetup_theme.initiatives.get()
    assert added.organisation == org and added.organisation_name == "Stichting Leesmaatjes"


@pytest.mark.django_db
def test_full_theme_marked_in_form(client, region):
    from .factories import MeetupThemeFactory

    meetup = MeetupFactory(region=region)
    full = MeetupThemeFactory(meetup=meetup, title="Kleine tafel", capacity=1)
    RegistrationFactory(meetup=meetup, theme=full, theme_choice_1=full, status="confirmed")
    body = client.get(reverse("meetups:register", args=[meetup.slug])).content.decode()
    assert "Kleine tafel (thema vol" in body


@pytest.mark.django_db
def test_register_page_of_full_meetup_says_waiting_list_before_the_form(client, meetup, themes):
    meetup.capacity = 1
    meetup.save()
    RegistrationFactory(meetup=meetup, theme=themes[0])
    page = client.get(reverse("meetups:register", args=[meetup.slug])).content.decode()
    assert "Deze meetup is vol. U komt op de wachtlijst." in page
    assert "Aanmelden voor de wachtlijst</button>" in page


@pytest.mark.django_db
def test_past_meetup_no_longer_invites_registration(client, meetup, themes):
    import datetime

    from django.utils import timezone

    meetup.starts_at = timezone.now() - datetime.timedelta(days=2)
    meetup.ends_at = None
    meetup.save()
    page = client.get(meetup.get_absolute_url()).content.decode()
    assert "Aanmelden kan niet meer." in page
    assert reverse("meetups:register", args=[meetup.slug]) not in page
    assert "plaatsen vrij" not in page
    response = client.get(reverse("meetups:register", args=[meetup.slug]))
    assert response.status_code == 302 and response["Location"] == meetup.get_absolute_url()


@pytest.mark.django_db
def test_register_form_refuses_a_theme_that_is_not_this_meetups(client, meetup, themes, region):
    """The form finds a posted theme among the meetup's own themes (read once): another
    meetup's theme, text or a huge number is a Dutch error beside the field, not a 500."""
    from .factories import MeetupThemeFactory

    other = MeetupThemeFactory(meetup=MeetupFactory(region=region), slug="elders")
    url = reverse("meetups:register", args=[meetup.slug])
    for value in (other.pk, "abc", "99999999999999999999", "-1"):
        response = client.post(url, form_data(theme_choice_1=value))
        assert response.status_code == 400, value
        assert "Selecteer een geldige keuze" in response.content.decode(), value
    assert not Registration.objects.exists()
    # The meetup's own themes, as first and second choice, are taken as they are.
    response = client.post(url, form_data(theme_choice_1=themes[1].pk, theme_choice_2=themes[0].pk))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.theme_choice_1, registration.theme_choice_2) == (themes[1], themes[0])
