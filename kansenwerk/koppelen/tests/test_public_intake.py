"""Public sign-up without an account: consent, duplicates, the personal link, withdrawal."""

import re
import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from kansenwerk.core.audit import AuditedModel  # noqa: F401  (signals connected)
from kansenwerk.koppelen.models import Match, Participant, Programme
from kansenwerk.koppelen.services import intake

from .factories import MatchFactory, ParticipantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_programme(region, programme_coordinator):
    return ProgrammeFactory(
        name="Leesvrienden",
        kind=Programme.Kind.MENTOR_KIND,
        region=region,
        is_open=True,
        coordinators=[programme_coordinator],
    )


def _mentee_post(**extra):
    data = {
        "display_name": "Kiki",
        "filled_in_by": "ouder",
        "languages": "Nederlands, Turks",
        "availability": ["wo-middag"],
        "postcode_area": "3511",
        "interests": "lezen",
        "home_language": "",
        "age_band": "8-11",
        "email": "ouder@example.org",
        "parental_consent": "on",
        "consent": "on",
    }
    data.update(extra)
    return data


def _link(message) -> str:
    found = re.search(r"http\S+/koppelen/mijn-aanmelding/\S+/", message.body)
    assert found, message.body
    return found.group(0)


def test_anonymous_visitor_sees_open_programmes_not_a_login_page(client, open_programme):
    ProgrammeFactory(name="Gesloten programma", region=open_programme.region)
    response = client.get(reverse("koppelen:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Leesvrienden" in body and "Gesloten programma" not in body
    page = client.get(reverse("koppelen:programme_public", args=[open_programme.pk]))
    assert page.status_code == 200
    assert "Hoe koppelen we?" in page.content.decode()


def test_closed_programme_has_no_public_form(client, programme):
    url = reverse("koppelen:intake_form", args=[programme.pk, "mentee"])
    assert client.get(url).status_code == 404


def test_parent_signs_up_a_child_and_gets_a_personal_link(client, open_programme):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    form = client.get(url).content.decode()
    assert "Waarom:" in form
    response = client.post(url, _mentee_post())
    assert response.status_code == 302
    child = Participant.objects.get(programme=open_programme)
    assert child.display_name == "Kiki" and child.is_minor and child.parental_consent
    assert child.consent_at is not None and child.signed_up_publicly
    assert child.token_hash and len(child.token_hash) == 64
    assert len(mail.outbox) == 1
    assert "Kiki" not in mail.outbox[0].subject  # no names in the subject line
    link = _link(mail.outbox[0])
    manage = client.get(link)
    assert manage.status_code == 200 and "Kiki" in manage.content.decode()


def test_a_refusing_mail_server_loses_no_sign_up(client, open_programme, monkeypatch):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    response = client.post(url, _mentee_post())
    assert response.status_code == 302  # the confirmation, not a server error
    assert Participant.objects.filter(programme=open_programme, display_name="Kiki").exists()


def test_under_16_without_parental_consent_is_refused(client, open_programme):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    response = client.post(url, _mentee_post(parental_consent="", filled_in_by="professional"))
    assert response.status_code == 400
    assert "toestemming van een ouder" in response.content.decode()
    assert not Participant.objects.exists()


def test_16_year_old_needs_no_parental_consent(open_programme):
    result = intake.public_signup(
        programme=open_programme,
        side="mentee",
        data={
            "display_name": "Sam",
            "filled_in_by": "professional",
            "languages": ["Nederlands"],
            "availability": ["wo-middag"],
            "age_band": "16-17",
        },
        email="mentor@school.example",
        consent=True,
    )
    assert not result.participant.parental_consent


def test_no_consent_no_data(client, open_programme):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    response = client.post(url, _mentee_post(consent=""))
    assert response.status_code == 400
    assert not Participant.objects.exists()


@pytest.mark.parametrize("postcode", ["0000", "abcd", "12345", "<script>"])
def test_nonsense_postcode_gets_a_dutch_message(client, open_programme, postcode):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    response = client.post(url, _mentee_post(postcode_area=postcode))
    assert response.status_code == 400
    assert "postcode" in response.content.decode().lower()
    assert not Participant.objects.exists()


def test_duplicate_sign_up_is_recognised_and_sends_a_fresh_link(client, open_programme):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    client.post(url, _mentee_post())
    response = client.post(url, _mentee_post(display_name=" kiki ", email="OUDER@example.org"))
    assert response.status_code == 302  # same confirmation: the form does not reveal sign-ups
    assert Participant.objects.count() == 1
    assert len(mail.outbox) == 2 and "al aangemeld" in mail.outbox[1].body
    assert client.get(_link(mail.outbox[0])).status_code == 404  # the old link is replaced
    assert client.get(_link(mail.outbox[1])).status_code == 200
    # A brother of Kiki, by the same parent, is a new sign-up.
    client.post(url, _mentee_post(display_name="Bram"))
    assert Participant.objects.count() == 2


def test_personal_link_changes_answers(client, open_programme):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    client.post(url, _mentee_post())
    link = _link(mail.outbox[0])
    data = _mentee_post(postcode_area="1055")
    for key in ("email", "consent", "parental_consent"):
        data.pop(key)
    response = client.post(link, data)
    assert response.status_code == 302
    assert Participant.objects.get().postcode_area == "1055"


def test_withdrawal_frees_the_partner_and_kills_the_link(client, open_programme):
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    client.post(url, _mentee_post())
    child = Participant.objects.get()
    mentor = ParticipantFactory(programme=open_programme, side="mentor")
    MatchFactory(programme=open_programme, mentor=mentor, mentee=child, status="locked")
    link = _link(mail.outbox[0])
    response = client.post(link + "intrekken/")
    assert response.status_code == 200
    child.refresh_from_db()
    assert child.withdrawn_at is not None and child.token_hash == ""
    assert not Match.objects.exists()  # the unconfirmed pair is gone; the mentor is free
    assert client.get(link).status_code == 404
    # No pair ever started: consent withdrawn means the personal data goes now.
    child.refresh_from_db()
    assert child.pseudonymised_at is not None
    assert child.display_name != "Kiki" and child.email == "" and child.postcode_area == ""
    assert "Uw gegevens zijn verwijderd" in response.content.decode()


def test_withdrawal_ends_a_started_pair(open_programme):
    mentor = ParticipantFactory(programme=open_programme, side="mentor")
    child = ParticipantFactory(programme=open_programme, side="mentee")
    match = MatchFactory(programme=open_programme, mentor=mentor, mentee=child, status="accepted")
    intake.participant_withdraw(participant=mentor)
    match.refresh_from_db()
    assert match.status == "ended" and match.early_end_reason == "mentor_gestopt"
    mentor.refresh_from_db()
    assert mentor.pseudonymised_at is None  # kept for the retention period, like ended pairs


@pytest.mark.parametrize("token", ["x", "a" * 200, "../../etc", "%00"])
def test_unknown_links_are_404(client, token):
    response = client.get(f"/koppelen/mijn-aanmelding/{token}/")
    assert response.status_code == 404


def test_public_sign_ups_of_minors_stay_with_the_coordinators(
    client, open_programme, programme_coordinator
):
    from kansenwerk.core.tests.factories import UserFactory

    client.post(reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"]), _mentee_post())
    child = Participant.objects.get()
    other = UserFactory(role="regiocoordinator", regions=[open_programme.region])
    client.force_login(other)
    assert client.get(child.get_absolute_url()).status_code == 403
    client.force_login(programme_coordinator)
    assert client.get(child.get_absolute_url()).status_code == 200


def test_email_and_token_stay_out_of_the_audit_log(open_programme):
    from kansenwerk.core.models import AuditLogEntry

    intake.public_signup(
        programme=open_programme,
        side="mentor",
        data={"display_name": "Joke", "languages": ["Nederlands"], "availability": ["ma-avond"]},
        email="joke@example.org",
        consent=True,
    )
    logged = " ".join(str(e.changes) for e in AuditLogEntry.objects.all())
    assert "joke@example.org" not in logged and "Joke" not in logged


def test_too_many_sign_ups_from_one_address_get_a_429(client, open_programme, settings):
    from django.core.cache import cache

    settings.KANSENWERK_RATE_LIMITS = "on"
    cache.clear()
    url = reverse("koppelen:intake_form", args=[open_programme.pk, "mentee"])
    statuses = [
        client.post(url, _mentee_post(display_name=f"Kind {i}")).status_code for i in range(11)
    ]
    assert statuses[:10] == [302] * 10 and statuses[10] == 429
    cache.clear()
