"""Login throttling with django-axes: the Dutch lock-out page, the audit entry, the unlock.

django-axes counts failed logins on /inloggen/ and the admin login per account and per
client address (settings: AXES_*). After `AXES_FAILURE_LIMIT` failures the account (or
the address) is locked for `AXES_COOLOFF_TIME`, even for the right password. This module
answers in Dutch on the login page, writes one audit entry when a lock starts (the
account's id, never a typed name that is not an account) and lets a beheerder lift the
lock of an account (the user admin's action "Inlogblokkade opheffen").
"""

from __future__ import annotations

import datetime
import ipaddress
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .audit import record_change
from .http import client_ip
from .models import AuditLogEntry, User


def axes_client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the project's client address (KANSENWERK_PROXY_COUNT), or
    None when it is not an IP address (axes stores it in an IP column)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def cool_off_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    if isinstance(cool_off, datetime.timedelta):
        return max(1, round(cool_off.total_seconds() / 60))
    return max(1, round(float(cool_off) * 60))  # axes reads a number as hours


def lockout_message() -> str:
    minutes = cool_off_minutes()
    if minutes % 60 == 0:
        hours = minutes // 60
        wait = ngettext("%(n)d uur", "%(n)d uur", hours) % {"n": hours}
    else:
        wait = ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}
    return _(
        "Er is te vaak een verkeerd wachtwoord ingevuld. Inloggen is daarom %(wait)s "
        "geblokkeerd, ook met het juiste wachtwoord. Probeer het daarna opnieuw, of vraag "
        "een beheerder om de blokkade op te heffen."
    ) % {"wait": wait}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page again, with the Dutch lock-out message (429)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not next_url and request.path.startswith("/admin/"):
        next_url = "/admin/"
    return render(
        request,
        "core/login.html",
        {
            "form": AuthenticationForm(request),
            "next": next_url,
            "lockout_message": lockout_message(),
        },
        status=429,
    )


def _locked_by_account(username: str) -> bool:
    from axes.models import AccessAttempt
    from django.db.models import Sum

    failures = AccessAttempt.objects.filter(username=username).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def record_lockout(*, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    """Receiver of axes' `user_locked_out`: one audit entry when a lock starts.

    axes sends the signal again for every attempt during the lock; only the attempt that
    reached the limit carries `axes_failures_since_start` equal to it.
    """
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    account = User.objects.filter(username=username).first() if username else None
    by_account = bool(username) and _locked_by_account(username or "")
    changes = {
        "locked_by": [None, "account" if by_account else "address"],
        "minutes": [None, cool_off_minutes()],
    }
    if account is not None:
        record_change(instance=account, action=AuditLogEntry.Action.LOCKOUT, changes=changes)
        return
    # No such account: note that an address was locked, without the name that was typed.
    from django.contrib.contenttypes.models import ContentType

    from .actor import current_actor

    AuditLogEntry.objects.create(
        actor=None,
        actor_label="",
        source=current_actor().source,
        action=AuditLogEntry.Action.LOCKOUT,
        content_type=ContentType.objects.get_for_model(User),
        object_id="",
        object_repr=_("onbekend account"),
        changes=changes,
    )


@transaction.atomic
def login_unlock(*, user: Any, account: User) -> int:
    """A beheerder lifts the lock of an account; returns how many counted failures went."""
    from axes.utils import reset

    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_beheerder):
        raise PermissionDenied(_("Alleen beheerders kunnen een inlogblokkade opheffen."))
    removed = reset(username=account.get_username())
    record_change(
        instance=account,
        action=AuditLogEntry.Action.UNLOCK,
        changes={"failures_removed": [None, removed]},
    )
    return removed


def connect_signals() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(record_lockout, dispatch_uid="kansenwerk_login_lockout")
