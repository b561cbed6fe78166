"""Background tasks (django-tasks): e-mails to registrants.

The periodic jobs (waiting list, pseudonymising) are management commands that call the
registration service directly; services enqueue these tasks, tasks never call services.

Tasks take ids, not objects, so they can run in a separate worker
(`kansenwerk db_worker` with django_tasks_db in production).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from kansenwerk.core.http import site_url
from kansenwerk.meetups.calendar import meetup_ics
from kansenwerk.meetups.models import Registration
from kansenwerk.meetups.selectors import waitlist_position, waitlist_reason


def _queue_in_transaction(task_: Task) -> bool:
    """True when the task queue is a table in the database we write to (django_tasks_db)."""
    return (
        isinstance(task_.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def enqueue_on_commit(task_: Task, **kwargs: Any) -> None:
    """Enqueue `task_` so that it runs only if the caller's transaction commits.

    With the database queue the task row is written inside the caller's transaction: a
    worker only sees it after the commit and a rollback takes it away, so nothing is lost
    or sent twice, and the write costs one commit instead of two (registration throughput,
    issue 15). Any other backend (immediate in tests, a broker) is enqueued on commit.
    """
    if _queue_in_transaction(task_):
        task_.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task_.enqueue(**kwargs))


SUBJECTS = {
    "confirmation": gettext_noop("U bent aangemeld voor %(title)s"),
    "waitlisted": gettext_noop("U staat op de wachtlijst voor %(title)s"),
    "invitation": gettext_noop("Er is een plaats vrij bij %(title)s: bevestig uw komst"),
    "expired": gettext_noop("Uw uitnodiging voor %(title)s is verlopen"),
    "cancelled": gettext_noop("U bent afgemeld voor %(title)s"),
    "reminder": gettext_noop("Herinnering: %(title)s"),
    "changed": gettext_noop("Uw gegevens voor %(title)s zijn aangepast"),
    "moved": gettext_noop("U zit bij een ander thema op %(title)s"),
    "promoted": gettext_noop("U hebt een plaats bij %(title)s"),
}


@task()
def send_registration_email(*, registration_id: int, kind: str) -> bool:
    """Send one e-mail about a registration (plain text + HTML, Dutch)."""
    registration = (
        Registration.objects.select_related("meetup", "meetup__region", "theme")
        .filter(pk=registration_id, pseudonymised_at__isnull=True)
        .first()
    )
    if registration is None or not registration.email or kind not in SUBJECTS:
        return False
    meetup = registration.meetup
    with translation.override("nl"):
        context = {
            "registration": registration,
            "meetup": meetup,
            "position": waitlist_position(registration=registration),
            "waitlist": waitlist_reason(registration=registration),
            "manage_url": site_url(
                reverse("meetups:registration_manage", args=[registration.token])
            ),
            "meetup_url": site_url(meetup.get_absolute_url()),
            "briefing_url": site_url(reverse("meetups:briefing", args=[meetup.slug])),
            "privacy_url": site_url(reverse("core:privacy")),
        }
        subject = _(SUBJECTS[kind]) % {"title": meetup.title}
        text = render_to_string(f"meetups/email/{kind}.txt", context)
        html = render_to_string(
            "meetups/email/base.html", {**context, "body": text, "subject": subject}
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(html, "text/html")
    if kind in ("confirmation", "reminder", "invitation", "promoted", "moved"):
        message.attach(f"{meetup.slug}.ics", meetup_ics(meetup=meetup), "text/calendar")
    message.send()
    return True


@task()
def send_message_to_registrants(*, meetup_id: int, subject: str, body: str) -> int:
    """An organiser's message to everyone who holds a place or waits.

    Tries every address over one connection; when any fails, the task fails (after the
    others were tried), so the organiser's page shows the failure instead of "sent".
    """
    statuses = [*Registration.HOLDING, Registration.Status.WAITLISTED]
    sent, failed = 0, 0
    with get_connection() as connection:
        for registration in Registration.objects.filter(
            meetup_id=meetup_id, status__in=statuses, pseudonymised_at__isnull=True
        ).exclude(email=""):
            manage = site_url(reverse("meetups:registration_manage", args=[registration.token]))
            footer = _("Uw aanmelding bekijken of afmelden: %(url)s") % {"url": manage}
            try:
                EmailMultiAlternatives(
                    subject=subject,
                    body=f"{body}\n\n-- \n{footer}\n",
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[registration.email],
                    connection=connection,
                ).send()
            except Exception:
                failed += 1
            else:
                sent += 1
    if failed:
        raise RuntimeError(f"{failed} of {sent + failed} messages could not be sent")
    return sent
