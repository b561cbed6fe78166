"""Background tasks (django-tasks): the verification e-mails. Tasks take ids, not
objects, so they can run in a separate worker."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from kansenwerk.core.http import site_url

SUBJECTS = {
    "request": gettext_noop("Klopt het nog? %(name)s op de sociale kaart"),
    "reminder": gettext_noop("Herinnering: klopt %(name)s nog op de sociale kaart?"),
}


@task()
def send_verification_email(*, request_id: int, kind: str) -> bool:
    """Send the personal link of one verification request (plain text, Dutch)."""
    from .models import VerificationRequest

    request = (
        VerificationRequest.objects.select_related("organization", "region")
        .filter(pk=request_id, answered_at__isnull=True, organization__isnull=False)
        .first()
    )
    if request is None or kind not in SUBJECTS:
        return False
    with translation.override("nl"):
        context = {
            "request": request,
            "organization": request.organization,
            "link": site_url(reverse("netwerk:verify", args=[request.token])),
            "reminder": kind == "reminder",
        }
        subject = _(SUBJECTS[kind]) % {"name": request.organization_name}
        body = render_to_string("netwerk/email/verification.txt", context)
    EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[request.email]
    ).send()
    return True
