"""Registrations by hand (add, edit, move, promote), "thema vol" versus "meetup vol",
the organisation kind, field lengths, cancel confirmation and expired personal links."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone

from kansenwerk.core.models import AuditLogEntry
from kansenwerk.meetups import selectors
from kansenwerk.meetups.models import Profession, Registration
from kansenwerk.meetups.services import registration as svc
from kansenwerk.netwerk.tests.factories import OrganizationFactory

from .factories import MeetupFactory, MeetupThemeFactory, RegistrationFactory

S = Registration.Status
API = "/api/meetups/{slug}/registrations"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("verbinding verbroken")


@pytest.fixture
def evening(region):
    """A meetup with 6 places and two small themes of 2 places plus one open theme."""
    meetup = MeetupFactory(region=region, capacity=6)
    taal = MeetupThemeFactory(meetup=meetup, title="Taal thuis", slug="taal", capacity=2)
    zorg = MeetupThemeFactory(meetup=meetup, title="Zorg op school", slug="zorg", capacity=2)
    open_theme = MeetupThemeFactory(meetup=meetup, title="Vrije tijd", slug="vrij")
    return meetup, taal, zorg, open_theme


def _fill(meetup, theme, n):
    return [
        RegistrationFactory(meetup=meetup, theme_choice_1=theme, theme=theme, status=S.CONFIRMED)
        for _ in range(n)
    ]


def _add(user, meetup, **kwargs):
    values = {
        "user": user,
        "meetup": meetup,
        "name": "Noor Hendriks",
        "email": "noor@voorbeeld.invalid",
        "profession": Profession.JEUGDWERKER,
        "consent": True,
    }
    values.update(kwargs)
    return svc.registration_add(**values)


# --- services ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_by_hand_confirms_and_mails(organisator, evening, django_capture_on_commit_callbacks):
    meetup, taal, _zorg, _open = evening
    with django_capture_on_commit_callbacks(execute=True):
        person = _add(organisator, meetup, theme=taal, organisation_kind="bibliotheek")
    assert (person.status, person.theme, person.channel) == (S.CONFIRMED, taal, "organiser")
    assert person.organisation_kind == "bibliotheek"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["noor@voorbeeld.invalid"]
    assert mail.outbox[0].subject.startswith("U bent aangemeld")


@pytest.mark.django_db
def test_add_by_hand_says_which_is_full(organisator, evening):
    meetup, taal, _zorg, open_theme = evening
    _fill(meetup, taal, 2)
    with pytest.raises(ValidationError) as exc:
        _add(organisator, meetup, theme=taal)
    message = exc.value.messages[0]
    assert "Het thema ‘Taal thuis’ is vol (2 van 2)" in message
    assert "‘Zorg op school’ en ‘Vrije tijd’" in message
    over = _add(organisator, meetup, theme=taal, over_capacity=True)
    assert over.status == S.CONFIRMED and over.theme == taal
    _fill(meetup, open_theme, 3)  # 6 of 6 places taken
    with pytest.raises(ValidationError) as exc:
        _add(organisator, meetup, theme=open_theme, email="ander@voorbeeld.invalid")
    assert "De meetup is vol (6 van 6 plaatsen)" in exc.value.messages[0]
    waiting = _add(
        organisator, meetup, theme=open_theme, email="wacht@voorbeeld.invalid", waitlist=True
    )
    assert (waiting.status, waiting.theme) == (S.WAITLISTED, None)


@pytest.mark.django_db
def test_add_by_hand_checks_rights_consent_and_lengths(deelnemer, organisator, evening):
    meetup, taal, _zorg, _open = evening
    with pytest.raises(PermissionDenied):
        _add(deelnemer, meetup, theme=taal)
    with pytest.raises(ValidationError) as exc:
        _add(
            organisator,
            meetup,
            theme=taal,
            consent=False,
            name="x" * 201,
            organisation="o" * 301,
            organisation_kind="kerk",
        )
    errors = exc.value.message_dict
    assert errors["name"] == ["Gebruik hoogstens 200 tekens (nu 201)."]
    assert errors["organisation"] == ["Gebruik hoogstens 300 tekens (nu 301)."]
    assert "soort organisatie" in errors["organisation_kind"][0]
    assert "toestemming" in errors["consent"][0]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_update_by_hand_mails_and_keeps_personal_data_out_of_the_audit_log(
    organisator, evening, django_capture_on_commit_callbacks
):
    meetup, taal, _zorg, _open = evening
    person = RegistrationFactory(meetup=meetup, theme=taal, status=S.CONFIRMED, name="Eva Smit")
    with django_capture_on_commit_callbacks(execute=True):
        svc.registration_update(
            user=organisator,
            registration=person,
            name="Eva Smit-de Wit",
            email=person.email,
            organisation="Bibliotheek Oost",
            organisation_kind="bibliotheek",
            profession=Profession.BIBLIOTHEEK,
            needs="",
        )
    person.refresh_from_db()
    assert (person.name, person.organisation_kind) == ("Eva Smit-de Wit", "bibliotheek")
    assert "aangepast" in mail.outbox[0].subject
    assert "Eva Smit-de Wit" in mail.outbox[0].body and "Bibliotheek" in mail.outbox[0].body
    entry = AuditLogEntry.objects.filter(action="update").latest("id")
    assert entry.changes["organisation_kind"] == ["", "bibliotheek"]
    assert "name" not in entry.changes and "organisation" not in entry.changes
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # nothing changed: no e-mail
        svc.registration_update(
            user=organisator,
            registration=person,
            name="Eva Smit-de Wit",
            email=person.email,
            organisation="Bibliotheek Oost",
            organisation_kind="bibliotheek",
            profession=Profession.BIBLIOTHEEK,
        )
    assert mail.outbox == []


@pytest.mark.django_db
def test_move_between_themes(organisator, evening, django_capture_on_commit_callbacks):
    meetup, taal, zorg, open_theme = evening
    person = RegistrationFactory(meetup=meetup, theme_choice_1=taal, theme=taal, status=S.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        moved = svc.registration_move(user=organisator, registration=person, theme=zorg)
    assert moved.theme == zorg and moved.theme_choice_1 == taal
    assert "ander thema" in mail.outbox[0].subject and "Zorg op school" in mail.outbox[0].body
    _fill(meetup, taal, 2)
    with pytest.raises(ValidationError) as exc:
        svc.registration_move(user=organisator, registration=person, theme=taal)
    assert "Het thema ‘Taal thuis’ is vol (2 van 2)" in exc.value.messages[0]
    assert (
        svc.registration_move(
            user=organisator, registration=person, theme=taal, over_capacity=True
        ).theme
        == taal
    )
    waiting = RegistrationFactory(meetup=meetup, status=S.WAITLISTED)
    with pytest.raises(ValidationError) as exc:
        svc.registration_move(user=organisator, registration=waiting, theme=open_theme)
    assert "Plaats geven" in exc.value.messages[0]


@pytest.mark.django_db
def test_promote_from_the_waiting_list(organisator, evening, django_capture_on_commit_callbacks):
    meetup, taal, zorg, open_theme = evening
    _fill(meetup, taal, 2)
    _fill(meetup, open_theme, 4)  # 6 of 6 taken
    first = RegistrationFactory(
        meetup=meetup, theme_choice_1=taal, theme_choice_2=zorg, status=S.WAITLISTED
    )
    second = RegistrationFactory(meetup=meetup, theme_choice_1=zorg, status=S.WAITLISTED)
    with pytest.raises(ValidationError) as exc:
        svc.registration_promote(user=organisator, registration=second)
    assert "De meetup is vol" in exc.value.messages[0]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = svc.registration_promote(
            user=organisator, registration=second, over_capacity=True
        )
    # Out of arrival order, on purpose: the organiser decides; first choice with room.
    assert (promoted.status, promoted.theme) == (S.CONFIRMED, zorg)
    assert mail.outbox[0].subject.startswith("U hebt een plaats bij")
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    first.refresh_from_db()
    assert first.status == S.WAITLISTED
    with pytest.raises(ValidationError):
        svc.registration_promote(user=organisator, registration=promoted)


@pytest.mark.django_db
def test_waitlist_reason_and_messages(evening, django_capture_on_commit_callbacks):
    meetup, taal, zorg, open_theme = evening
    _fill(meetup, taal, 2)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = svc.registration_create(
            meetup=meetup,
            name="Sem Bakker",
            email="sem@voorbeeld.invalid",
            profession=Profession.OUDER,
            theme_choices=[taal],
            consent=True,
            waitlist_if_theme_full=True,
        )
    assert waiting.status == S.WAITLISTED
    assert selectors.waitlist_reason(registration=waiting) == {
        "reason": "theme_full",
        "themes_with_room": [zorg, open_theme],
    }
    body = mail.outbox[0].body
    assert "Het thema ‘Taal thuis’" in body and "de meetup zelf heeft nog plaats" in body
    assert "Zorg op school, Vrije tijd" in body
    assert "Taal thuis is vol" not in body
    _fill(meetup, open_theme, 4)
    assert selectors.waitlist_reason(registration=waiting)["reason"] == "meetup_full"


# --- API ----------------------------------------------------------------------------------


def _payload(**overrides):
    data = {
        "name": "Lotte Visser",
        "email": "lotte@voorbeeld.invalid",
        "profession": "intern_begeleider",
        "theme_choices": ["taal"],
        "consent": True,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_api_theme_full_is_409_with_themes_that_have_room(client, evening):
    meetup, taal, _zorg, _open = evening
    _fill(meetup, taal, 2)
    r = client.post(API.format(slug=meetup.slug), _payload(), content_type="application/json")
    assert r.status_code == 409
    body = r.json()
    assert body["themes_with_room"] == ["zorg", "vrij"]
    assert "Het thema ‘Taal thuis’ is vol" in body["errors"]["theme_choices"][0]
    r = client.post(
        API.format(slug=meetup.slug),
        _payload(waitlist_if_theme_full=True),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["status"] == "waitlisted" and r.json()["waitlist_reason"] == "theme_full"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", "N" * 5000, "Gebruik hoogstens 200 tekens (nu 5000)."),
        ("organisation", "O" * 5000, "Gebruik hoogstens 300 tekens (nu 5000)."),
        ("needs", "w" * 5000, "Gebruik hoogstens 1000 tekens (nu 5000)."),
        ("email", "a" * 250 + "@voorbeeld.invalid", "Gebruik hoogstens 254 tekens (nu 268)."),
        ("organisation_kind", "kerkgenootschap-met-een-te-lange-code", "soort organisatie"),
    ],
)
def test_api_too_long_or_unknown_values_are_a_dutch_400(client, evening, field, value, expected):
    meetup = evening[0]
    r = client.post(
        API.format(slug=meetup.slug), _payload(**{field: value}), content_type="application/json"
    )
    assert r.status_code == 400
    assert expected in r.json()["errors"][field][0]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_api_stores_organisation_kind_or_takes_it_from_the_netwerk(client, evening):
    meetup = evening[0]
    OrganizationFactory(region=meetup.region, name="Jeugdhuis De Brug", kind="jeugdhulp")
    client.post(
        API.format(slug=meetup.slug),
        _payload(organisation="jeugdhuis de brug", theme_choices=["vrij"]),
        content_type="application/json",
    )
    client.post(
        API.format(slug=meetup.slug),
        _payload(email="b@voorbeeld.invalid", organisation_kind="ggd", theme_choices=["vrij"]),
        content_type="application/json",
    )
    kinds = dict(Registration.objects.values_list("email", "organisation_kind"))
    assert kinds == {"lotte@voorbeeld.invalid": "jeugdhulp", "b@voorbeeld.invalid": "ggd"}


# --- public pages ---------------------------------------------------------------------------


def _form(theme, **overrides):
    data = {
        "name": "Fenna de Boer",
        "email": "fenna@voorbeeld.invalid",
        "organisation": "",
        "organisation_kind": "",
        "profession": "leerkracht_po",
        "theme_choice_1": theme.pk,
        "needs": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_form_says_theme_full_offers_others_and_the_waiting_list(client, evening):
    meetup, taal, _zorg, _open_theme = evening
    _fill(meetup, taal, 2)
    url = reverse("meetups:register", args=[meetup.slug])
    page = client.get(url).content.decode()
    assert "Sommige thema's zijn vol; de meetup zelf heeft nog plaats." in page
    assert "Deze meetup is vol" not in page
    response = client.post(url, _form(taal))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Het thema ‘Taal thuis’ is vol; de meetup zelf heeft nog plaats." in body
    assert "‘Zorg op school’ en ‘Vrije tijd’" in body
    assert 'name="waitlist_if_theme_full"' in body
    assert not Registration.objects.filter(email="fenna@voorbeeld.invalid").exists()
    response = client.post(url, _form(taal, waitlist_if_theme_full="on"))
    registration = Registration.objects.get(email="fenna@voorbeeld.invalid")
    assert registration.status == S.WAITLISTED
    page = client.get(response["Location"]).content.decode()
    assert "Het thema ‘Taal thuis’ is vol; de meetup zelf heeft nog plaats." in page
    assert "De meetup is vol" not in page
    detail = client.get(meetup.get_absolute_url()).content.decode()
    assert detail.count("Thema vol") == 1


@pytest.mark.django_db
def test_form_prefills_and_stores_organisation_kind(client, evening):
    meetup, _taal, _zorg, open_theme = evening
    OrganizationFactory(region=meetup.region, name="Basisschool De Wilg", kind="school_po")
    OrganizationFactory(name="Basisschool De Wilg", kind="gemeente")  # another region
    lookup = reverse("meetups:organisation_kind", args=[meetup.slug])
    fragment = client.get(lookup, {"organisation": "basisschool de wilg"}, HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert '<option value="school_po" selected>' in html
    assert "Ingevuld uit het netwerk van de regio" in html
    unknown = client.get(lookup, {"organisation": "Onbekend", "organisation_kind": "ggd"})
    assert '<option value="ggd" selected>' in unknown.content.decode()
    page = client.get(reverse("meetups:register", args=[meetup.slug])).content.decode()
    assert f'hx-get="{lookup}"' in page and 'id="soort-organisatie"' in page
    # Without JavaScript the server matches the name on submit.
    client.post(
        reverse("meetups:register", args=[meetup.slug]),
        _form(open_theme, organisation="Basisschool De Wilg"),
    )
    assert Registration.objects.get().organisation_kind == "school_po"


@pytest.mark.django_db
def test_personal_link_expires_after_the_retention_period(client, region):
    meetup = MeetupFactory(
        region=region,
        retention_months=3,
        starts_at=timezone.now() - datetime.timedelta(days=95),
    )
    person = RegistrationFactory(meetup=meetup, status=S.ATTENDED)
    for name in ("meetups:registration_manage", "meetups:registration_cancel_confirm"):
        response = client.get(reverse(name, args=[person.token]))
        assert response.status_code == 410
        body = response.content.decode()
        assert "Deze link is verlopen" in body and "3 maanden na de meetup" in body
        assert person.name not in body
    recent = MeetupFactory(
        region=region,
        retention_months=3,
        starts_at=timezone.now() - datetime.timedelta(days=80),
    )
    fresh = RegistrationFactory(meetup=recent, status=S.ATTENDED)
    assert client.get(reverse("meetups:registration_manage", args=[fresh.token])).status_code == 200


# --- organiser pages --------------------------------------------------------------------------


@pytest.mark.django_db
def test_registrations_list_shows_ingedeeld_bij_in_bounded_queries(
    client, organisator, evening, django_assert_max_num_queries
):
    meetup, taal, zorg, open_theme = evening
    for n in range(15):
        theme = (taal, zorg, open_theme)[n % 3]
        RegistrationFactory(
            meetup=meetup,
            theme_choice_1=theme,
            theme_choice_2=open_theme,
            theme=open_theme,
            status=S.CONFIRMED,
            organisation_kind="wijkteam",
        )
    RegistrationFactory(meetup=meetup, theme_choice_1=taal, status=S.WAITLISTED)
    client.force_login(organisator)
    url = reverse("meetups:registrations", args=[meetup.slug])
    with django_assert_max_num_queries(11):  # one more to look for a final table plan
        body = client.get(url).content.decode()
    assert "Ingedeeld bij" in body and "Wijkteam" in body
    assert body.count("Plaats geven") == 1 and body.count("Wijzigen of verplaatsen") == 15
    for _n in range(15):
        RegistrationFactory(meetup=meetup, theme=taal, status=S.CONFIRMED)
    with django_assert_max_num_queries(11):  # the same number for twice as many rows
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_organiser_adds_moves_promotes_and_cancels_through_the_pages(
    client, organisator, evening, django_capture_on_commit_callbacks
):
    meetup, taal, zorg, open_theme = evening
    client.force_login(organisator)
    add = reverse("meetups:registration_add", args=[meetup.slug])
    assert client.get(add).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add,
            {
                "name": "Daan Mulder",
                "email": "daan@voorbeeld.invalid",
                "profession": "schoolleider",
                "theme": taal.pk,
                "organisation_kind": "school_vo",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    daan = Registration.objects.get(name="Daan Mulder")
    assert (daan.status, daan.theme, daan.organisation_kind) == (S.CONFIRMED, taal, "school_vo")
    history = daan.audit_history()
    entry = history.filter(action="create").get()
    assert entry.actor == organisator
    edit = reverse("meetups:registration_edit", args=[meetup.slug, daan.pk])
    assert "Naar een ander thema" in client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meetups:registration_move", args=[meetup.slug, daan.pk]), {"theme": zorg.pk}
        )
    daan.refresh_from_db()
    assert daan.theme == zorg
    moved = history.filter(action="update").latest("id")
    assert moved.actor == organisator and moved.changes["theme_id"] == [taal.pk, zorg.pk]
    # A full theme: the message says the theme, not the meetup, is full.
    _fill(meetup, taal, 2)
    response = client.post(
        reverse("meetups:registration_move", args=[meetup.slug, daan.pk]),
        {"theme": taal.pk},
        follow=True,
    )
    assert "Het thema ‘Taal thuis’ is vol (2 van 2)" in response.content.decode()
    waiting = RegistrationFactory(meetup=meetup, theme_choice_1=taal, status=S.WAITLISTED)
    page = client.get(reverse("meetups:registration_edit", args=[meetup.slug, waiting.pk]))
    assert "Plaats geven" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("meetups:registration_promote", args=[meetup.slug, waiting.pk]),
            {"theme": open_theme.pk},
        )
    waiting.refresh_from_db()
    assert (waiting.status, waiting.theme) == (S.CONFIRMED, open_theme)
    cancel = reverse("meetups:registration_cancel", args=[meetup.slug, daan.pk])
    page = client.get(cancel)
    assert "Ja, annuleer deze aanmelding" in page.content.decode()
    daan.refresh_from_db()
    assert daan.status == S.CONFIRMED  # looking at the question cancels nothing
    client.post(cancel)
    daan.refresh_from_db()
    assert daan.status == S.CANCELLED


@pytest.mark.django_db
def test_other_region_cannot_manage_registrations(client, other_region, evening):
    from kansenwerk.core.tests.factories import UserFactory

    meetup = evening[0]
    person = RegistrationFactory(meetup=meetup, status=S.CONFIRMED)
    stranger = UserFactory(role="organisator", regions=[other_region])
    client.force_login(stranger)
    for name in ("registration_edit", "registration_cancel"):
        assert (
            client.get(reverse(f"meetups:{name}", args=[meetup.slug, person.pk])).status_code == 403
        )
    response = client.post(
        reverse("meetups:registration_promote", args=[meetup.slug, person.pk]), {}
    )
    assert response.status_code == 403


FORMULAS = ["=1+1", "+31 6 1234", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.django_db
def test_registration_exports_neutralise_formulas(client, organisator, evening):
    meetup = evening[0]
    for n, value in enumerate(FORMULAS):
        RegistrationFactory(
            meetup=meetup, name=value, organisation=value, needs=value, email=f"f{n}@x.invalid"
        )
    client.force_login(organisator)
    text = client.get(reverse("meetups:export_csv", args=[meetup.slug])).content.decode()
    import csv

    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    for row, value in zip(rows[1:], FORMULAS, strict=True):
        assert row[0] == row[2] == row[7] == "'" + value
    from openpyxl import load_workbook

    xlsx = client.get(reverse("meetups:export_xlsx", args=[meetup.slug])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    for index, value in enumerate(FORMULAS, start=2):
        for column in ("A", "C", "H"):
            cell = sheet[f"{column}{index}"]
            assert cell.data_type == "s" and cell.value == value


@pytest.mark.django_db
def test_message_subject_with_line_break_is_refused(client, organisator, evening):
    meetup = evening[0]
    RegistrationFactory(meetup=meetup, status=S.CONFIRMED)
    client.force_login(organisator)
    response = client.post(
        reverse("meetups:message", args=[meetup.slug]),
        {"subject": "Parkeren\r\nBcc: iedereen@voorbeeld.invalid", "body": "Achter het gebouw."},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Het onderwerp moet op één regel staan" in body
    assert "wordt verstuurd" not in body and mail.outbox == []


@pytest.mark.django_db
def test_message_send_failure_is_shown(client, organisator, evening, settings):
    meetup = evening[0]
    RegistrationFactory(meetup=meetup, status=S.CONFIRMED)
    RegistrationFactory(meetup=meetup, status=S.WAITLISTED)
    client.force_login(organisator)
    url = reverse("meetups:message", args=[meetup.slug])
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    response = client.post(url, {"subject": "Parkeren", "body": "Achter het gebouw."})
    body = response.content.decode()
    assert response.status_code == 400
    assert "niet (helemaal) verstuurd" in body and "wordt verstuurd" not in body
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(url, {"subject": "Parkeren", "body": "Achter het gebouw."}, follow=True)
    assert "Het bericht is verstuurd aan 2 personen." in response.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_queued_message_has_a_status_page(client, organisator, evening, settings):
    meetup = evening[0]
    RegistrationFactory(meetup=meetup, status=S.CONFIRMED)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(organisator)
    response = client.post(
        reverse("meetups:message", args=[meetup.slug]),
        {"subject": "Parkeren", "body": "Achter het gebouw."},
    )
    assert response.status_code == 302 and "/bericht/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "staat klaar en wordt zo verstuurd" in page
    other = MeetupFactory(region=meetup.region)
    result_id = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    elsewhere = reverse("meetups:message_status", args=[other.slug, result_id])
    assert client.get(elsewhere).status_code == 404


@pytest.mark.django_db
def test_promote_an_invited_person_keeps_their_own_place(organisator, evening):
    meetup, taal, _zorg, open_theme = evening
    _fill(meetup, open_theme, 4)
    invited = RegistrationFactory(
        meetup=meetup,
        theme_choice_1=taal,
        theme=taal,
        status=S.INVITED,
        invited_until=timezone.now() + datetime.timedelta(hours=5),
    )
    _fill(meetup, taal, 1)  # 6 of 6, the invitation included
    promoted = svc.registration_promote(user=organisator, registration=invited)
    assert (promoted.status, promoted.theme, promoted.invited_until) == (S.CONFIRMED, taal, None)


@pytest.mark.django_db
def test_waiting_for_a_full_theme_switch_to_one_with_room(
    client, evening, django_capture_on_commit_callbacks
):
    meetup, taal, zorg, _open_theme = evening
    _fill(meetup, taal, 2)
    waiting = svc.registration_create(
        meetup=meetup,
        name="Sem Bakker",
        email="sem@voorbeeld.invalid",
        profession=Profession.OUDER,
        theme_choices=[taal],
        consent=True,
        waitlist_if_theme_full=True,
    )
    page = reverse("meetups:registration_manage", args=[waiting.token])
    body = client.get(page).content.decode()
    assert "Liever meteen een plaats?" in body and f'value="{zorg.pk}"' in body
    switch = reverse("meetups:registration_switch_theme", args=[waiting.token])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(switch, {"theme": zorg.pk}, follow=True)
    assert "U hebt een plaats bij het thema ‘Zorg op school’" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.theme, waiting.theme_choice_1, waiting.theme_choice_2) == (
        S.CONFIRMED,
        zorg,
        zorg,
        taal,
    )
    assert mail.outbox[-1].subject.startswith("U bent aangemeld")
    # Too late: a theme that filled up in the meantime keeps the person waiting.
    other = svc.registration_create(
        meetup=meetup,
        name="Lin Vos",
        email="lin@voorbeeld.invalid",
        profession=Profession.OUDER,
        theme_choices=[taal],
        consent=True,
        waitlist_if_theme_full=True,
    )
    _fill(meetup, zorg, 1)
    with pytest.raises(ValidationError) as exc:
        svc.registration_switch_theme(registration=other, theme=zorg)
    assert "inmiddels ook vol" in exc.value.messages[0]
    other.refresh_from_db()
    assert other.status == S.WAITLISTED
    assert client.post(switch, {"theme": "x"}).status_code == 302
