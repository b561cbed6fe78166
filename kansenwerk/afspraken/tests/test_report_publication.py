"""After the evening: the report shared with participants (no login, no personal data),
the organisation kinds it counts, and the agreements CSV's formula neutralisation."""

import csv
import datetime
import io
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import ReportPublication
from kansenwerk.afspraken.services.publication import report_publish, report_withdraw
from kansenwerk.afspraken.tests.factories import AgreementFactory, SignalFactory
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.tests.factories import MeetupFactory, RegistrationFactory
from kansenwerk.netwerk.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

S = Registration.Status


@pytest.fixture
def evening(meetup, meetup_theme):
    """Who came, who did not, and what was agreed (with names that must stay private)."""
    people = {
        "present": RegistrationFactory(
            meetup=meetup, name="Mirjam Aanwezig", status=S.ATTENDED, organisation_kind="ggd"
        ),
        "confirmed": RegistrationFactory(meetup=meetup, name="Karim Aangemeld", status=S.CONFIRMED),
        "waiting": RegistrationFactory(meetup=meetup, name="Wim Wachtend", status=S.WAITLISTED),
        "cancelled": RegistrationFactory(meetup=meetup, name="Anna Afgemeld", status=S.CANCELLED),
        "no_email": RegistrationFactory(
            meetup=meetup, name="Bas Zonderpost", status=S.ATTENDED, email=""
        ),
    }
    library = OrganizationFactory(region=meetup.region, name="Bibliotheek Centrum")
    agreement = AgreementFactory(
        meetup=meetup,
        meetup_theme=meetup_theme,
        what="Elke maand een voorleesochtend in de wijk",
        owner_name="Olga Eigenaar",
        owner_email="olga@voorbeeld.invalid",
        people="Pieter Metwie en zijn team",
    )
    agreement.organizations.add(library)
    SignalFactory(meetup=meetup, text="Meer tolken bij gesprekken met ouders")
    return people


def test_publish_mails_participants_a_link_to_a_report_without_names(
    client, meetup, organisator, evening, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = report_publish(user=organisator, meetup=meetup)
    assert publication.recipients == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [evening["present"].email, evening["confirmed"].email]
    )
    message = mail.outbox[0]
    assert message.subject == f"Het verslag van {meetup.title}"
    link = reverse("afspraken:public_report", args=[publication.token])
    assert f"https://kansenwerk.test{link}" in message.body or link in message.body
    client.logout()
    response = client.get(link)
    body = response.content.decode()
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex" and response["Referrer-Policy"] == "no-referrer"
    assert "Elke maand een voorleesochtend in de wijk" in body
    assert "Bibliotheek Centrum" in body and "Meer tolken bij gesprekken met ouders" in body
    assert "GGD" in body  # the kind of organisation, counted
    for private in (
        "Olga Eigenaar",
        "olga@voorbeeld.invalid",
        "Pieter Metwie",
        "Mirjam Aanwezig",
        "Karim Aangemeld",
        evening["present"].email,
    ):
        assert private not in body
    pdf = client.get(reverse("afspraken:public_report_pdf", args=[publication.token]))
    assert pdf.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils (pdftotext) ontbreekt"
    text = subprocess.run(  # noqa: S603 (fixed arguments, our own PDF)
        [pdftotext, "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "voorleesochtend" in text and "Olga" not in text and "Pieter" not in text


def test_publish_rules_withdraw_and_publish_again(client, meetup, organisator, evening):
    first = report_publish(user=organisator, meetup=meetup)
    with pytest.raises(ValidationError) as exc:
        report_publish(user=organisator, meetup=meetup)
    assert "al gedeeld" in exc.value.messages[0]
    old_link = reverse("afspraken:public_report", args=[first.token])
    report_withdraw(user=organisator, meetup=meetup)
    gone = client.get(old_link)
    assert gone.status_code == 410 and "ingetrokken" in gone.content.decode()
    again = report_publish(user=organisator, meetup=meetup)
    assert again.pk == first.pk and again.token != first.token
    assert client.get(old_link).status_code == 404  # the old secret is gone altogether
    assert client.get(reverse("afspraken:public_report", args=[again.token])).status_code == 200
    assert client.get(reverse("afspraken:public_report", args=["onzin"])).status_code == 404


def test_publish_only_after_the_start_and_by_organisers(region, other_region, deelnemer):
    from kansenwerk.core.tests.factories import UserFactory

    future = MeetupFactory(region=region, starts_at=timezone.now() + datetime.timedelta(days=3))
    organiser = UserFactory(role="organisator", regions=[region])
    with pytest.raises(ValidationError):
        report_publish(user=organiser, meetup=future)
    past = MeetupFactory(region=region, starts_at=timezone.now() - datetime.timedelta(days=3))
    with pytest.raises(PermissionDenied):
        report_publish(user=deelnemer, meetup=past)
    with pytest.raises(PermissionDenied):
        report_publish(user=UserFactory(role="organisator", regions=[other_region]), meetup=past)
    assert not ReportPublication.objects.exists()


def test_publish_through_the_report_page(
    client, meetup, organisator, evening, django_capture_on_commit_callbacks
):
    client.force_login(organisator)
    page = client.get(reverse("afspraken:report", args=[meetup.slug])).content.decode()
    assert "Publiceren en deelnemers mailen" in page and "2 deelnemers" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("afspraken:report_publish", args=[meetup.slug]),
            {"action": "publish"},
            follow=True,
        )
    body = response.content.decode()
    assert "Het verslag is gedeeld: 2 deelnemers krijgen de link per e-mail." in body
    assert "Link intrekken" in body and len(mail.outbox) == 2
    publication = ReportPublication.objects.get()
    assert publication.published_by == organisator
    entry = publication.audit_history().get(action="create")
    assert entry.actor == organisator and "token" not in entry.changes
    client.post(reverse("afspraken:report_publish", args=[meetup.slug]), {"action": "withdraw"})
    publication.refresh_from_db()
    assert publication.withdrawn_at is not None


def test_report_counts_kinds_from_registration(client, meetup, organisator):
    RegistrationFactory(meetup=meetup, status=S.ATTENDED, organisation_kind="school_po")
    RegistrationFactory(meetup=meetup, status=S.ATTENDED, organisation_kind="school_po")
    RegistrationFactory(meetup=meetup, status=S.ATTENDED, organisation_kind="")
    client.force_login(organisator)
    report = client.get(reverse("afspraken:report", args=[meetup.slug])).context["report"]
    assert [(r["label"], r["count"]) for r in report["by_kind"]] == [
        ("School (primair onderwijs)", 2),
        ("Onbekend", 1),
    ]


FORMULAS = ["=HYPERLINK(1)", "+1", "-1+1", "@A1", "\tX", "\rY"]


def test_agreements_csv_neutralises_formulas(client, meetup, organisator):
    for value in FORMULAS:
        AgreementFactory(meetup=meetup, what=value, owner_name=value, people=value)
    client.force_login(organisator)
    response = client.get(reverse("afspraken:agreements_csv", args=[meetup.slug]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffid;thema")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == len(FORMULAS) + 1
    seen = sorted(row[4] for row in rows[1:])
    assert seen == sorted("'" + v for v in FORMULAS)
    for row in rows[1:]:
        assert row[4] == row[5] == row[7] and row[4].startswith("'")
