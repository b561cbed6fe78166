"""Verified listings: a sociale kaart that stays true.

Each organisation's contact gets a personal link (no account) to answer "klopt nog"
(the listing and its services are marked verified at once), propose changes (they wait
for the region's coordinator, who sees them as a diff) or report that it stopped (the
coordinator confirms; its services become "opgeheven"). The coordinator sends requests
for a region from the site; `kansenwerk netwerk-verify-requests` sends them
periodically for listings older than KANSENWERK_VERIFY_AFTER_DAYS, with reminders and
a limit per run. Listings unverified for KANSENWERK_VERIFY_STALE_DAYS are marked on
public pages and after KANSENWERK_VERIFY_HIDE_DAYS hidden from them (never deleted).

Every function takes `now` so the tests (and a replay) control the clock.
"""

from __future__ import annotations

import datetime
import os
import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.core.models import Region
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser, signed_in

from .models import Organization, Service, VerificationRequest

# Which organisation fields a contact may propose to change through the link.
EDITABLE_FIELDS = ("name", "description", "website", "email", "phone")
# A coordinator's "send requests" skips listings verified this recently.
RECENTLY_VERIFIED_DAYS = 30

DEFAULTS = {
    "KANSENWERK_VERIFY_AFTER_DAYS": 365,  # ask again when the last check is this old
    "KANSENWERK_VERIFY_REMINDER_DAYS": 14,  # remind when a request is unanswered this long
    "KANSENWERK_VERIFY_MAX_REMINDERS": 2,
    "KANSENWERK_VERIFY_LINK_DAYS": 60,  # a link is valid this long
    "KANSENWERK_VERIFY_LIMIT_PER_RUN": 200,  # e-mails per run of the command
    "KANSENWERK_VERIFY_STALE_DAYS": 548,  # marked "niet recent gecontroleerd" (18 months)
    "KANSENWERK_VERIFY_HIDE_DAYS": 1095,  # hidden from public pages (3 years)
}


def setting(name: str) -> int:
    """A Django setting, else the environment variable of the same name, else the default."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or DEFAULTS[name]
    return int(value)


def _days(name: str) -> datetime.timedelta:
    return datetime.timedelta(days=setting(name))


# Freshness -----------------------------------------------------------------------------


def checked_since() -> Coalesce:
    """When a listing was last known to be true: its last check, or its creation."""
    return Coalesce("last_verified_at", "created_at")


def stale_before(now: datetime.datetime) -> datetime.datetime:
    return now - _days("KANSENWERK_VERIFY_STALE_DAYS")


def hidden_before(now: datetime.datetime) -> datetime.datetime:
    return now - _days("KANSENWERK_VERIFY_HIDE_DAYS")


def is_stale(organization: Organization, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    since = organization.last_verified_at or organization.created_at
    return since < stale_before(now)


def is_hidden(organization: Organization, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    since = organization.last_verified_at or organization.created_at
    return since < hidden_before(now)


def publicly_visible(
    queryset: QuerySet[Organization], *, now: datetime.datetime | None = None
) -> QuerySet[Organization]:
    """Organisations not hidden for being unverified too long."""
    now = now or timezone.now()
    return queryset.alias(checked_since=checked_since()).filter(
        checked_since__gte=hidden_before(now)
    )


# Sending -------------------------------------------------------------------------------


class VerificationLinkError(Exception):
    """A link that cannot be used; `kind` picks the Dutch page that explains why."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "unknown", "used", "expired", "deleted"


def recipient(organization: Organization) -> str:
    """The organisation's contact: a general contact person's e-mail, else any contact
    person's, else the organisation's general address."""
    contacts = sorted(
        (c for c in organization.contacts.all() if c.email),
        key=lambda c: (c.service_id is not None, c.pk),
    )
    return contacts[0].email if contacts else organization.email


def _open_requests(now: datetime.datetime) -> QuerySet[VerificationRequest]:
    return VerificationRequest.objects.filter(answered_at__isnull=True, expires_at__gt=now)


def _enqueue(request_id: int, kind: str) -> None:
    from .tasks import send_verification_email

    send_verification_email.enqueue(request_id=request_id, kind=kind)


def _create_request(
    organization: Organization, *, email: str, now: datetime.datetime
) -> VerificationRequest:
    request = VerificationRequest.objects.create(
        organization=organization,
        organization_name=organization.name,
        region_id=organization.region_id,
        email=email,
        token=secrets.token_urlsafe(32),
        created_at=now,
        sent_at=now,
        expires_at=now + _days("KANSENWERK_VERIFY_LINK_DAYS"),
    )
    transaction.on_commit(partial(_enqueue, request.pk, "request"))
    return request


def _candidates(
    now: datetime.datetime, *, checked_before: datetime.datetime
) -> QuerySet[Organization]:
    """Organisations last known true before `checked_before`, without an open request or a
    review waiting, least recently checked first."""
    busy = VerificationRequest.objects.filter(organization=OuterRef("pk")).filter(
        Q(answered_at__isnull=True, expires_at__gt=now)
        | Q(review=VerificationRequest.Review.PENDING)
    )
    return (
        Organization.objects.annotate(busy=Exists(busy), checked=checked_since())
        .filter(busy=False, checked__lt=checked_before)
        .prefetch_related("contacts")
        .order_by("checked", "pk")
    )


@dataclass
class RunResult:
    requests: int = 0
    reminders: int = 0
    without_address: int = 0
    left_for_next_run: int = 0

    def as_json(self) -> dict[str, int]:
        return {
            "requests": self.requests,
            "reminders": self.reminders,
            "without_address": self.without_address,
            "left_for_next_run": self.left_for_next_run,
        }


@transaction.atomic
def verification_send_for_region(
    *, user: AnyUser | None, region: Region, now: datetime.datetime | None = None
) -> RunResult:
    """The coordinator's "send verification requests" for one region: every organisation
    without an open request that was not verified in the last 30 days."""
    ensure_can_write(user, capability=Capability.NETWERK, region_id=region.pk, action=Action.UPDATE)
    now = now or timezone.now()
    result = RunResult()
    recent = now - datetime.timedelta(days=RECENTLY_VERIFIED_DAYS)
    for organization in _candidates(now, checked_before=recent).filter(region=region):
        email = recipient(organization)
        if not email:
            result.without_address += 1
            continue
        _create_request(organization, email=email, now=now)
        result.requests += 1
    return result


@transaction.atomic
def verification_run(
    *, now: datetime.datetime | None = None, limit: int | None = None
) -> RunResult:
    """The periodic job: reminders for unanswered requests, then new requests for listings
    whose last check is older than KANSENWERK_VERIFY_AFTER_DAYS; at most `limit` e-mails."""
    now = now or timezone.now()
    limit = setting("KANSENWERK_VERIFY_LIMIT_PER_RUN") if limit is None else limit
    result = RunResult()
    due_reminders = (
        _open_requests(now)
        .filter(
            sent_at__lte=now - _days("KANSENWERK_VERIFY_REMINDER_DAYS"),
            reminders_sent__lt=setting("KANSENWERK_VERIFY_MAX_REMINDERS"),
            organization__isnull=False,
        )
        .order_by("sent_at", "pk")
        .select_for_update()
    )
    for request in due_reminders:
        if result.requests + result.reminders >= limit:
            result.left_for_next_run += 1
            continue
        request.sent_at = now
        request.reminders_sent += 1
        request.save(update_fields=["sent_at", "reminders_sent"])
        transaction.on_commit(partial(_enqueue, request.pk, "reminder"))
        result.reminders += 1
    due = _candidates(now, checked_before=now - _days("KANSENWERK_VERIFY_AFTER_DAYS"))
    for organization in due:
        email = recipient(organization)
        if not email:
            result.without_address += 1
            continue
        if result.requests + result.reminders >= limit:
            result.left_for_next_run += 1
            continue
        _create_request(organization, email=email, now=now)
        result.requests += 1
    return result


# Answering through the link -----------------------------------------------------------


def verification_for_token(
    *, token: str, now: datetime.datetime | None = None, lock: bool = False
) -> VerificationRequest:
    """The open request behind a link, or VerificationLinkError saying why not.

    Answering locks the row (`lock`, inside the answer's transaction), so a link posted
    twice at the same moment is answered once and the second gets "al gebruikt"."""
    now = now or timezone.now()
    requests = VerificationRequest.objects.select_related("organization__region")
    if lock:
        requests = requests.select_for_update(of=("self",))
    request = requests.filter(token=token).first() if token else None
    if request is None:
        raise VerificationLinkError("unknown")
    if request.answered_at is not None:
        raise VerificationLinkError("used")
    if request.organization is None:
        raise VerificationLinkError("deleted")
    if request.expires_at <= now:
        raise VerificationLinkError("expired")
    return request


def _mark_verified(organization: Organization, *, by: str, at: datetime.datetime) -> None:
    organization.last_verified_at = at
    organization.verified_by = by
    organization.save(update_fields=["last_verified_at", "verified_by", "updated_at"])
    for service in organization.services.all():
        service.last_verified_at = at
        service.verified_by = by
        # A check is not a change of the offer: last_modified stays (see Service.save).
        service.keep_updated_at = True  # type: ignore[attr-defined]
        service.save(update_fields=["last_verified_at", "verified_by"])


@transaction.atomic
@transaction.atomic
def verification_confirm(*, token: str, now: datetime.datetime | None = None) -> Organization:
    """ "Klopt nog": the listing and its services are verified now, by the link's recipient."""
    now = now or timezone.now()
    request = verification_for_token(token=token, now=now, lock=True)
    organization = request.organization
    assert organization is not None
    _mark_verified(organization, by=request.email, at=now)
    request.answered_at = now
    request.answer = VerificationRequest.Answer.CONFIRMED
    request.save(update_fields=["answered_at", "answer"])
    return organization


def proposed_changes(organization: Organization, data: dict[str, Any]) -> dict[str, Any]:
    """Only the fields that differ, as {field: new value}."""
    return {
        field: data[field]
        for field in EDITABLE_FIELDS
        if field in data and (data[field] or "") != (getattr(organization, field) or "")
    }


@transaction.atomic
def verification_propose(
    *, token: str, data: dict[str, Any], now: datetime.datetime | None = None
) -> VerificationRequest:
    """Changes proposed through the link wait for the coordinator; without any change it
    is a "klopt nog"."""
    now = now or timezone.now()
    request = verification_for_token(token=token, now=now, lock=True)
    organization = request.organization
    assert organization is not None
    changes = proposed_changes(organization, data)
    if not changes:
        verification_confirm(token=token, now=now)
        request.refresh_from_db()
        return request
    request.answered_at = now
    request.answer = VerificationRequest.Answer.EDITED
    request.proposed = changes
    request.review = VerificationRequest.Review.PENDING
    request.save(update_fields=["answered_at", "answer", "proposed", "review"])
    return request


@transaction.atomic
def verification_report_stopped(
    *, token: str, now: datetime.datetime | None = None
) -> VerificationRequest:
    now = now or timezone.now()
    request = verification_for_token(token=token, now=now, lock=True)
    request.answered_at = now
    request.answer = VerificationRequest.Answer.STOPPED
    request.review = VerificationRequest.Review.PENDING
    request.save(update_fields=["answered_at", "answer", "review"])
    return request


# The coordinator's review ------------------------------------------------------------


def review_diff(request: VerificationRequest) -> list[dict[str, Any]]:
    """The proposed changes as rows (field label, current value, proposed value)."""
    organization = request.organization
    rows = []
    for field, new in request.proposed.items():
        if field not in EDITABLE_FIELDS:
            continue
        rows.append(
            {
                "field": field,
                "label": getattr(Organization._meta.get_field(field), "verbose_name", field),
                "old": getattr(organization, field) if organization else "",
                "new": new,
            }
        )
    return rows


@transaction.atomic
def verification_review(
    *,
    user: AnyUser | None,
    request: VerificationRequest,
    approve: bool,
    now: datetime.datetime | None = None,
) -> VerificationRequest:
    """Approve or reject what a contact answered. Approving an edit applies it (checked
    like any edit); approving "gestopt" marks every service "opgeheven". Both count as
    a check at the moment the contact answered."""
    ensure_can_write(
        user, capability=Capability.NETWERK, region_id=request.region_id, action=Action.UPDATE
    )
    now = now or timezone.now()
    if request.review != VerificationRequest.Review.PENDING:
        raise ValidationError(_("Dit antwoord is al beoordeeld."))
    organization = request.organization
    if approve and organization is not None:
        if request.answer == VerificationRequest.Answer.EDITED:
            for field in EDITABLE_FIELDS:
                if field in request.proposed:
                    setattr(organization, field, request.proposed[field])
            organization.full_clean(exclude=["hsds_id"])
            organization.save()
        elif request.answer == VerificationRequest.Answer.STOPPED:
            for service in organization.services.exclude(status=Service.Status.DEFUNCT):
                service.status = Service.Status.DEFUNCT
                service.save()
        assert request.answered_at is not None
        _mark_verified(organization, by=request.email, at=request.answered_at)
    request.review = (
        VerificationRequest.Review.APPROVED if approve else VerificationRequest.Review.REJECTED
    )
    request.reviewed_at = now
    request.reviewed_by = signed_in(user)
    request.save(update_fields=["review", "reviewed_at", "reviewed_by"])
    return request


def pending_reviews(*, region: Region) -> QuerySet[VerificationRequest]:
    return (
        VerificationRequest.objects.filter(region=region, review=VerificationRequest.Review.PENDING)
        .select_related("organization")
        .order_by("answered_at", "pk")
    )
