"""Agreements: rights, idempotent recording, every status change, the owner's link."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kansenwerk.afspraken.models import Agreement, AgreementStatus, ProgressUpdate
from kansenwerk.afspraken.services.agreements import (
    TRANSITIONS,
    agreement_create,
    agreement_link_renew,
    agreement_link_revoke,
    agreement_progress_add,
)
from kansenwerk.afspraken.tests.factories import AgreementFactory
from kansenwerk.core.tests.factories import UserFactory
from kansenwerk.meetups.tests.factories import MeetupFactory, MeetupThemeFactory

pytestmark = pytest.mark.django_db

S = AgreementStatus
DUE = datetime.date(2030, 3, 1)


def _create(user, meetup, **extra):
    return agreement_create(
        user=user,
        meetup=meetup,
        what="Samen een leesochtend",
        owner_name="Jet",
        due_date=DUE,
        **extra,
    )


@pytest.mark.parametrize(
    ("role", "own_region", "allowed"),
    [
        ("beheerder", True, True),
        ("beheerder", False, True),
        ("regiocoordinator", True, True),
        ("regiocoordinator", False, False),
        ("organisator", True, True),
        ("organisator", False, False),
        ("deelnemer", True, False),
        ("deelnemer", False, False),
    ],
)
def test_who_may_record_agreements(region, other_region, role, own_region, allowed):
    user = UserFactory(role=role, regions=[region])
    meetup = MeetupFactory(region=region if own_region else other_region)
    if allowed:
        agreement, created = _create(user, meetup)
        assert created and agreement.meetup == meetup
    else:
        with pytest.raises(PermissionDenied):
            _create(user, meetup)


def test_anonymous_cannot_record(meetup):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        _create(AnonymousUser(), meetup)


def test_same_client_uuid_records_once(organisator, meetup):
    key = uuid.uuid4()
    first, created = _create(organisator, meetup, client_uuid=key)
    again, created_again = _create(organisator, meetup, client_uuid=key)
    assert created and not created_again
    assert first.pk == again.pk
    assert Agreement.objects.count() == 1


def test_direction_sets_theme_and_kennisbank_direction(organisator, meetup):
    from kansenwerk.kennisbank.tests.factories import SolutionDirectionFactory
    from kansenwerk.meetups.models import MeetupDirection

    theme = MeetupThemeFactory(meetup=meetup)
    source = SolutionDirectionFactory()
    direction = MeetupDirection.objects.create(
        meetup_theme=theme, source_direction=source, title="Voorlezen"
    )
    agreement, _ = _create(organisator, meetup, meetup_direction=direction)
    assert agreement.meetup_theme == theme
    assert agreement.solution_direction == source


def test_theme_of_another_meetup_is_refused(organisator, meetup, region):
    other_theme = MeetupThemeFactory(meetup=MeetupFactory(region=region))
    with pytest.raises(ValidationError) as exc:
        _create(organisator, meetup, meetup_theme=other_theme)
    assert "meetup_theme" in exc.value.error_dict


def test_empty_what_is_refused_in_dutch(organisator, meetup):
    with pytest.raises(ValidationError) as exc:
        agreement_create(user=organisator, meetup=meetup, what=" ", owner_name="Jet", due_date=DUE)
    assert "Schrijf op wat u afspreekt." in exc.value.messages


ALL_PAIRS = [(old, new) for old in S.values for new in S.values if old != new]


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_every_status_change(organisator, meetup, old, new):
    agreement = AgreementFactory(meetup=meetup, status=old)
    if new in TRANSITIONS[old]:
        update = agreement_progress_add(agreement=agreement, user=organisator, new_status=new)
        agreement.refresh_from_db()
        assert agreement.status == new
        assert update.new_status == new
    else:
        with pytest.raises(ValidationError):
            agreement_progress_add(agreement=agreement, user=organisator, new_status=new)
        agreement.refresh_from_db()
        assert agreement.status == old
        assert not ProgressUpdate.objects.exists()


def test_transition_table_reopens_and_finishes():
    assert S.GEREED in TRANSITIONS[S.GEPLAND]
    assert S.GEREED in TRANSITIONS[S.BEZIG]
    assert TRANSITIONS[S.GEREED] == {S.BEZIG}
    assert S.GEREED not in TRANSITIONS[S.VERVALLEN]


def test_progress_needs_text_or_status(organisator, meetup):
    agreement = AgreementFactory(meetup=meetup)
    with pytest.raises(ValidationError):
        agreement_progress_add(agreement=agreement, user=organisator, text="  ")
    update = agreement_progress_add(
        agreement=agreement, user=organisator, text="Eerste overleg gehad"
    )
    assert update.new_status == "" and agreement.status == S.GEPLAND


def test_progress_date_not_in_future(organisator, meetup):
    agreement = AgreementFactory(meetup=meetup)
    with pytest.raises(ValidationError):
        agreement_progress_add(
            agreement=agreement,
            user=organisator,
            text="x",
            date=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_other_region_cannot_add_progress(other_region, meetup):
    outsider = UserFactory(role="organisator", regions=[other_region])
    agreement = AgreementFactory(meetup=meetup)
    with pytest.raises(PermissionDenied):
        agreement_progress_add(agreement=agreement, user=outsider, text="Gedaan")


# -- the personal link ----------------------------------------------------------------


def test_link_opens_one_agreement_and_nothing_else(client, meetup):
    mine = AgreementFactory(meetup=meetup, what="Mijn eigen leesplan")
    AgreementFactory(meetup=meetup, what="Geheime andere afspraak")
    response = client.get(reverse("afspraken:owner", args=[mine.token]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mijn eigen leesplan" in body
    assert "Geheime andere afspraak" not in body
    assert response["Referrer-Policy"] == "same-origin"
    # the link gives no access to organiser pages
    assert client.get(reverse("afspraken:detail", args=[mine.pk])).status_code == 302
    assert client.get(reverse("afspraken:report", args=[meetup.slug])).status_code == 302


def test_owner_updates_status_through_link(client, meetup):
    agreement = AgreementFactory(meetup=meetup)
    url = reverse("afspraken:owner", args=[agreement.token])
    response = client.post(url, {"new_status": "bezig", "text": "We zijn begonnen"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == S.BEZIG
    update = agreement.updates.get()
    assert update.by_owner and update.text == "We zijn begonnen"
    response = client.post(url, {"new_status": "vervallen", "text": ""})
    agreement.refresh_from_db()
    assert agreement.status == S.VERVALLEN


def test_owner_sees_dutch_error_for_impossible_change(client, meetup):
    agreement = AgreementFactory(meetup=meetup, status=S.GEREED)
    response = client.post(
        reverse("afspraken:owner", args=[agreement.token]), {"new_status": "vervallen"}
    )
    assert response.status_code == 400
    assert "kan de status niet" in response.content.decode()


def test_unknown_token_is_404(client, meetup):
    AgreementFactory(meetup=meetup)
    assert client.get(reverse("afspraken:owner", args=["bestaat-niet"])).status_code == 404


def test_revoked_link_is_gone_and_renewed_link_works(client, organisator, meetup):
    agreement = AgreementFactory(meetup=meetup)
    old = agreement.token
    agreement_link_revoke(user=organisator, agreement=agreement)
    response = client.get(reverse("afspraken:owner", args=[old]))
    assert response.status_code == 410
    assert (
        client.post(reverse("afspraken:owner", args=[old]), {"new_status": "bezig"}).status_code
        == 410
    )
    agreement.refresh_from_db()
    assert agreement.status == S.GEPLAND
    agreement_link_renew(user=organisator, agreement=agreement)
    assert client.get(reverse("afspraken:owner", args=[old])).status_code == 404
    assert client.get(reverse("afspraken:owner", args=[agreement.token])).status_code == 200


def test_revoke_through_page_needs_rights(client, meetup, other_region, organisator):
    agreement = AgreementFactory(meetup=meetup)
    outsider = UserFactory(role="organisator", regions=[other_region])
    client.force_login(outsider)
    assert client.post(reverse("afspraken:link", args=[agreement.pk])).status_code == 403
    client.force_login(organisator)
    assert client.post(reverse("afspraken:link", args=[agreement.pk])).status_code == 302
    agreement.refresh_from_db()
    assert agreement.token_revoked_at is not None


def test_owner_data_stays_out_of_audit_log(organisator, meetup):
    from kansenwerk.core.models import AuditLogEntry

    agreement, _ = _create(organisator, meetup, owner_email="jet@voorbeeld.invalid")
    from django.contrib.contenttypes.models import ContentType

    entry = AuditLogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Agreement),
        object_id=str(agreement.pk),
        action="create",
    )
    assert "owner_email" not in entry.changes and "token" not in entry.changes


def test_owner_page_says_when_an_open_agreement_is_past_its_date(client, meetup):
    today = timezone.localdate()
    late = AgreementFactory(meetup=meetup, due_date=today - datetime.timedelta(days=3))
    on_time = AgreementFactory(meetup=meetup, due_date=today + datetime.timedelta(days=3))
    page = client.get(reverse("afspraken:owner", args=[late.token])).content.decode()
    assert "over de datum" in page
    page = client.get(reverse("afspraken:owner", args=[on_time.token])).content.decode()
    assert "over de datum" not in page
