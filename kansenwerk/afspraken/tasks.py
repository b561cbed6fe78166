"""Background tasks (django-tasks): the reminder e-mails to agreement owners."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from kansenwerk.afspraken.models import Agreement, ReportPublication
from kansenwerk.core.http import site_url

SUBJECTS = {
    "before": gettext_noop("Herinnering: uw afspraak is op %(date)s klaar"),
    "overdue": gettext_noop("Hoe staat het met uw afspraak? De datum %(date)s is voorbij"),
}


@task()
def send_agreement_reminder(*, agreement_id: int, kind: str) -> bool:
    """One reminder e-mail to an agreement's owner (plain text + HTML, Dutch)."""

    agreement = (
        Agreement.objects.select_related("meetup", "meetup__region", "meetup_theme")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None or not agreement.owner_email or kind not in SUBJECTS:
        return False
    with translation.override("nl"):
        link = ""
        if agreement.token_revoked_at is None:
            link = site_url(reverse("afspraken:owner", kwargs={"token": agreement.token}))
        context = {"agreement": agreement, "meetup": agreement.meetup, "link": link, "kind": kind}
        subject = _(SUBJECTS[kind]) % {"date": date_format(agreement.due_date, "j F Y")}
        text = render_to_string(f"afspraken/email/{kind}.txt", context)
        html = render_to_string(
            "afspraken/email/base.html", {**context, "body": text, "subject": subject}
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[agreement.owner_email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


@task()
def send_report_published(*, registration_id: int, publication_id: int) -> bool:
    """Tell one participant that the report is online, with the link (no login needed)."""
    from kansenwerk.meetups.models import Registration

    publication = (
        ReportPublication.objects.select_related("meetup", "meetup__region")
        .filter(pk=publication_id, withdrawn_at__isnull=True)
        .first()
    )
    registration = Registration.objects.filter(
        pk=registration_id, pseudonymised_at__isnull=True
    ).first()
    if publication is None or registration is None or not registration.email:
        return False
    if registration.meetup_id != publication.meetup_id:
        return False
    meetup = publication.meetup
    with translation.override("nl"):
        context = {
            "meetup": meetup,
            "registration": registration,
            "link": site_url(
                reverse("afspraken:public_report", kwargs={"token": publication.token})
            ),
        }
        subject = _("Het verslag van %(title)s") % {"title": meetup.title}
        text = render_to_string("afspraken/email/report_published.txt", context)
        html = render_to_string(
            "afspraken/email/base.html", {**context, "body": text, "subject": subject}
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True


@task()
def send_agreement_owner_link(*, agreement_id: int) -> bool:
    """The e-mail to a new agreement's owner with the personal link (no account needed)."""

    agreement = (
        Agreement.objects.select_related("meetup", "meetup__region", "meetup_theme")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None or not agreement.owner_email or agreement.token_revoked_at is not None:
        return False
    with translation.override("nl"):
        link = site_url(reverse("afspraken:owner", kwargs={"token": agreement.token}))
        context = {"agreement": agreement, "meetup": agreement.meetup, "link": link}
        subject = _("Uw afspraak van %(meetup)s: uw persoonlijke link") % {
            "meetup": agreement.meetup.title
        }
        text = render_to_string("afspraken/email/created.txt", context)
        html = render_to_string(
            "afspraken/email/base.html", {**context, "body": text, "subject": subject}
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[agreement.owner_email],
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
