"""Verified listings with an injected clock: request, reminder, "klopt nog", an edit that
waits for the coordinator (shown as a diff), "gestopt", expiry, marking and hiding, the
freshness figures, and the Dutch pages for links that cannot be used."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kansenwerk.netwerk import selectors
from kansenwerk.netwerk import services_verification as verification
from kansenwerk.netwerk.models import Organization, Service, VerificationRequest

DAY = datetime.timedelta(days=1)
SETTINGS = {
    "KANSENWERK_VERIFY_AFTER_DAYS": 365,
    "KANSENWERK_VERIFY_REMINDER_DAYS": 14,
    "KANSENWERK_VERIFY_MAX_REMINDERS": 2,
    "KANSENWERK_VERIFY_LINK_DAYS": 60,
    "KANSENWERK_VERIFY_LIMIT_PER_RUN": 200,
    "KANSENWERK_VERIFY_STALE_DAYS": 548,
    "KANSENWERK_VERIFY_HIDE_DAYS": 1095,
}


@pytest.fixture(autouse=True)
def _settings():
    with override_settings(**SETTINGS):
        yield


@pytest.fixture
def clock():
    """The moment "now" of the tests: the network was created two years before it."""
    return timezone.now() + 2 * 365 * DAY


def _token(message) -> str:
    return re.search(r"/netwerk/controle/([^/]+)/", message.body).group(1)


def test_the_periodic_run_requests_reminds_and_respects_its_limit(
    network, clock, django_capture_on_commit_callbacks
):
    library = network["library"]  # has a contact person with an e-mail address
    network["welfare"].email = "welzijn@example.org"
    network["welfare"].save()
    with django_capture_on_commit_callbacks(execute=True):
        first = verification.verification_run(now=clock, limit=1)
    assert (first.requests, first.left_for_next_run) == (1, 1)
    assert first.without_address == 1  # the third has no address at all
    assert len(mail.outbox) == 1
    assert "Klopt het nog?" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        second = verification.verification_run(now=clock, limit=10)
    assert second.requests == 1
    # Nothing new the next day: both have an open request.
    assert verification.verification_run(now=clock + DAY).requests == 0
    # A reminder after 14 days, at most two, and none after the link expired.
    with django_capture_on_commit_callbacks(execute=True):
        reminded = verification.verification_run(now=clock + 15 * DAY)
    assert reminded.reminders == 2
    assert "Herinnering" in mail.outbox[-1].subject
    verification.verification_run(now=clock + 30 * DAY)
    assert verification.verification_run(now=clock + 45 * DAY).reminders == 0
    assert VerificationRequest.objects.filter(reminders_sent=2).count() == 2
    # After expiry (60 days) a new request goes out.
    late = verification.verification_run(now=clock + 61 * DAY)
    assert late.requests == 2
    request = VerificationRequest.objects.filter(organization=library).first()
    assert request.email == "robin@example.org"  # the contact person, not the general address


def test_command_runs_the_job_and_reports(network, capsys, django_capture_on_commit_callbacks):
    Organization.objects.update(created_at=timezone.now() - 400 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("netwerk-verify-requests", "--json")
    out = capsys.readouterr().out
    assert '"requests": 1' in out
    assert len(mail.outbox) == 1


def test_klopt_nog_marks_the_listing_and_its_services_verified(network, clock):
    library = network["library"]
    request = verification._create_request(library, email="robin@example.org", now=clock)
    verification.verification_confirm(token=request.token, now=clock + DAY)
    library.refresh_from_db()
    assert library.last_verified_at == clock + DAY
    assert library.verified_by == "robin@example.org"
    service = library.services.get()
    assert service.last_verified_at == clock + DAY
    # A check is not a change of the offer: last_modified stays.
    assert service.updated_at < clock
    with pytest.raises(verification.VerificationLinkError) as info:
        verification.verification_confirm(token=request.token, now=clock + 2 * DAY)
    assert info.value.kind == "used"


def test_an_edit_waits_for_the_coordinator_who_sees_a_diff(network, clock, coordinator):
    library = network["library"]
    request = verification._create_request(library, email="robin@example.org", now=clock)
    data = {
        "name": library.name,
        "description": "Nieuwe beschrijving",
        "website": library.website,
        "email": library.email,
        "phone": "0900-222 2222",
    }
    answered = verification.verification_propose(token=request.token, data=data, now=clock)
    assert answered.review == VerificationRequest.Review.PENDING
    library.refresh_from_db()
    assert library.phone == "0900-111 1111"  # nothing applied yet
    assert library.last_verified_at is None
    diff = {row["field"]: (row["old"], row["new"]) for row in verification.review_diff(answered)}
    assert diff == {
        "description": ("Helpt gezinnen in de wijk.", "Nieuwe beschrijving"),
        "phone": ("0900-111 1111", "0900-222 2222"),
    }
    verification.verification_review(
        user=coordinator, request=answered, approve=True, now=clock + DAY
    )
    library.refresh_from_db()
    assert library.phone == "0900-222 2222"
    assert library.last_verified_at == clock  # when the contact answered


def test_stopped_is_confirmed_by_the_coordinator(network, clock, coordinator, other_region):
    library = network["library"]
    request = verification._create_request(library, email="robin@example.org", now=clock)
    answered = verification.verification_report_stopped(token=request.token, now=clock)
    assert Service.objects.get(name="Voorleesochtend").status == "active"
    from kansenwerk.core.tests.factories import UserFactory

    outsider = UserFactory(role="regiocoordinator", regions=[other_region])
    with pytest.raises(PermissionDenied):
        verification.verification_review(user=outsider, request=answered, approve=True)
    verification.verification_review(user=coordinator, request=answered, approve=True)
    assert Service.objects.get(name="Voorleesochtend").status == "defunct"


def test_stale_listings_are_marked_and_later_hidden_not_deleted(client, network):
    now = timezone.now()
    library = network["library"]
    region_url = f"/netwerk/{network['region'].slug}/"
    Organization.objects.filter(pk=library.pk).update(
        created_at=now - 600 * DAY, last_verified_at=now - 600 * DAY
    )
    page = client.get(region_url).content.decode()
    assert "Voorleesochtend" in page
    detail = client.get(library.get_absolute_url()).content.decode()
    assert "Niet recent gecontroleerd" in detail
    assert "Gecontroleerd op" in detail
    Organization.objects.filter(pk=library.pk).update(last_verified_at=now - 1200 * DAY)
    assert "Voorleesochtend" not in client.get(region_url).content.decode()
    hidden = client.get(library.get_absolute_url())
    assert hidden.status_code == 404
    assert Organization.objects.filter(pk=library.pk).exists()
    assert "Zomerkamp" in client.get(region_url).content.decode()


def test_coordinator_still_sees_a_hidden_listing(client, network, coordinator):
    library = network["library"]
    Organization.objects.filter(pk=library.pk).update(
        created_at=timezone.now() - 1200 * DAY, last_verified_at=None
    )
    client.force_login(coordinator)
    response = client.get(library.get_absolute_url())
    assert response.status_code == 200
    assert "Nog niet gecontroleerd" in response.content.decode()


def test_freshness_per_region_and_nationally(network, clock):
    library, welfare, far = network["library"], network["welfare"], network["far"]
    Organization.objects.update(created_at=clock - 700 * DAY)
    Organization.objects.filter(pk=library.pk).update(last_verified_at=clock - 10 * DAY)
    Organization.objects.filter(pk=welfare.pk).update(last_verified_at=clock - 400 * DAY)
    Organization.objects.filter(pk=far.pk).update(created_at=clock - 1200 * DAY)
    north = selectors.region_freshness(region=network["region"], now=clock)
    assert (north.total, north.verified_recently, north.stale, north.hidden) == (2, 1, 0, 0)
    assert north.share == 50
    national = selectors.freshness_by_region(now=clock)
    south = national[network["other_region"].pk]
    assert (south.total, south.verified_recently, south.stale, south.hidden) == (1, 0, 1, 1)


def test_the_link_pages(client, network, clock):
    library = network["library"]
    now = timezone.now()
    request = verification._create_request(library, email="robin@example.org", now=now)
    url = f"/netwerk/controle/{request.token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Klopt Bibliotheek Zandmeer nog?" in page.content.decode()
    assert 'name="robots" content="noindex' in page.content.decode()
    done = client.post(
        url,
        {
            "actie": "wijzig",
            "wijzig-name": library.name,
            "wijzig-description": "Anders",
            "wijzig-website": "geen url",
            "wijzig-email": library.email,
            "wijzig-phone": library.phone,
        },
    )
    assert done.status_code == 200  # the form with an error, nothing stored
    assert VerificationRequest.objects.get(pk=request.pk).answered_at is None
    done = client.post(url, {"actie": "klopt"})
    assert "Bedankt" in done.content.decode()
    used = client.get(url)
    assert used.status_code == 410
    assert "al gebruikt" in used.content.decode()

    expired = verification._create_request(library, email="a@example.org", now=now - 90 * DAY)
    response = client.get(f"/netwerk/controle/{expired.token}/")
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()

    gone = verification._create_request(network["welfare"], email="b@example.org", now=now)
    network["welfare"].delete()
    response = client.post(f"/netwerk/controle/{gone.token}/", {"actie": "klopt"})
    assert response.status_code == 410
    assert "niet meer op de sociale kaart" in response.content.decode()

    unknown = client.get("/netwerk/controle/bestaat-niet/")
    assert unknown.status_code == 404
    assert "kennen we niet" in unknown.content.decode()


def test_the_coordinator_page_sends_requests_and_reviews(
    client, network, coordinator, django_capture_on_commit_callbacks
):
    library = network["library"]
    Organization.objects.update(created_at=timezone.now() - 400 * DAY)
    client.force_login(coordinator)
    url = f"/netwerk/{network['region'].slug}/controle/"
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"actie": "versturen"}, follow=True)
    assert "1 controleverzoeken verstuurd" in response.content.decode()
    token = _token(mail.outbox[0])
    client.logout()
    client.post(
        f"/netwerk/controle/{token}/",
        {
            "actie": "wijzig",
            "wijzig-name": "Bieb Zandmeer",
            "wijzig-description": library.description,
            "wijzig-website": library.website,
            "wijzig-email": library.email,
            "wijzig-phone": library.phone,
        },
    )
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "<del>Bibliotheek Zandmeer</del>" in page
    assert "<ins>Bieb Zandmeer</ins>" in page
    pending = VerificationRequest.objects.get(review="pending")
    client.post(url, {"verzoek": pending.pk, "actie": "goedkeuren"})
    library.refresh_from_db()
    assert library.name == "Bieb Zandmeer"
    assert library.last_verified_at is not None
    assert client.post(url, {"verzoek": "x", "actie": "goedkeuren"}).status_code == 404


def test_outsiders_cannot_open_the_coordinator_page(client, network, other_region):
    from kansenwerk.core.tests.factories import UserFactory

    client.force_login(UserFactory(role="regiocoordinator", regions=[other_region]))
    assert client.get(f"/netwerk/{network['region'].slug}/controle/").status_code == 403


def test_regio_inzicht_shows_freshness_per_region_and_compares_regions(client, network, beheerder):
    now = timezone.now()
    Organization.objects.filter(pk=network["library"].pk).update(last_verified_at=now - 5 * DAY)
    client.force_login(beheerder)
    region_page = client.get(f"/regio-inzicht/{network['region'].slug}/").content.decode()
    assert "Sociale kaart gecontroleerd in de laatste 12 maanden" in region_page
    assert "50% (1 van 2 organisaties)" in region_page
    national = client.get("/regio-inzicht/landelijk/")
    if national.status_code == 404:  # the national view's address
        from django.urls import reverse

        national = client.get(reverse("regio:national"))
    body = national.content.decode()
    assert "Sociale kaart gecontroleerd (12 maanden)" in body
    assert "50%" in body and "0%" in body
