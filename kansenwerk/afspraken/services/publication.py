"""Publishing the meetup report to its participants: a secret link, sent by e-mail.

Who gets it: everyone who was confirmed or checked in (not the waiting list, not who
cancelled), whose data has not been pseudonymised and who left an e-mail address. The
e-mails are queued per person after the transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kansenwerk.afspraken.models import ReportPublication, new_token
from kansenwerk.afspraken.tasks import send_report_published
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.types import AnyUser, signed_in
from kansenwerk.meetups.models import Meetup, Registration

RECIPIENT_STATUSES = (Registration.Status.CONFIRMED, Registration.Status.ATTENDED)


def report_recipients(*, meetup: Meetup) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(
            meetup=meetup, status__in=RECIPIENT_STATUSES, pseudonymised_at__isnull=True
        )
        .exclude(email="")
        .order_by("id")
    )


def report_publish(*, user: AnyUser | None, meetup: Meetup) -> ReportPublication:
    """Publish (or publish again after withdrawing, with a new link) and mail every
    participant the link. Refused before the meetup has started and when it is live."""
    ensure_can_write(
        user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=Action.UPDATE
    )
    if meetup.starts_at > timezone.now():
        raise ValidationError(_("Het verslag kan pas worden gedeeld als de meetup is begonnen."))

    with transaction.atomic():
        Meetup.objects.select_for_update().filter(pk=meetup.pk).first()
        publication = ReportPublication.objects.filter(meetup=meetup).first()
        if publication is not None and publication.is_active:
            raise ValidationError(
                _("Het verslag is al gedeeld op %(date)s.")
                % {"date": timezone.localtime(publication.published_at).strftime("%d-%m-%Y %H:%M")}
            )
        recipients = list(report_recipients(meetup=meetup).values_list("pk", flat=True))
        if publication is None:
            publication = ReportPublication(meetup=meetup)
        else:
            publication.token = new_token()  # the withdrawn link stays dead
        publication.published_at = timezone.now()
        publication.published_by = signed_in(user)
        publication.withdrawn_at = None
        publication.recipients = len(recipients)
        publication.save()
        publication_id = publication.pk

        def enqueue_all() -> None:
            for registration_id in recipients:
                send_report_published.enqueue(
                    registration_id=registration_id, publication_id=publication_id
                )

        transaction.on_commit(enqueue_all)
    return publication


def report_withdraw(*, user: AnyUser | None, meetup: Meetup) -> ReportPublication:
    """Stop the public link (it answers 410 from now on)."""
    ensure_can_write(
        user, capability=Capability.MEETUPS, region_id=meetup.region_id, action=Action.UPDATE
    )
    with transaction.atomic():
        publication = ReportPublication.objects.select_for_update().filter(meetup=meetup).first()
        if publication is None or not publication.is_active:
            raise ValidationError(_("Het verslag is niet gedeeld."))
        publication.withdrawn_at = timezone.now()
        publication.save(update_fields=["withdrawn_at"])
    return publication
