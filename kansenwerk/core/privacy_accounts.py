"""Core's entries in the privacy register: user accounts and who did what in the audit log."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import privacy
from .privacy import Basis, Item, PersonalData, Role, Subject

ACCOUNT_ACCESS = _("de persoon zelf en beheerders")

privacy.declare(
    "core.User",
    title=_("Accounts van beheerders, coördinatoren, organisatoren en deelnemers"),
    purpose=_("Inloggen en vastleggen wie in welke regio wat mag doen."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_("Zolang het account bestaat; na verwijdering wordt het account geanonimiseerd."),
    access=ACCOUNT_ACCESS,
    fields={
        "username": PersonalData(
            _("gebruikersnaam"), role=Role.NAME, erase=lambda u: f"verwijderd-{u.pk}"
        ),
        "first_name": PersonalData(_("voornaam"), role=Role.NAME),
        "last_name": PersonalData(_("achternaam"), role=Role.NAME),
        "email": PersonalData(_("e-mailadres"), role=Role.EMAIL),
    },
)

privacy.declare(
    "core.AuditLogEntry",
    title=_("Auditlog: wie wijzigde wat"),
    purpose=_("Verantwoorden wie welke gegevens heeft gewijzigd."),
    basis=Basis.LEGITIMATE_INTEREST,
    retention=_(
        "Zolang het gewijzigde object bestaat; de naam van wie wijzigde gaat weg als diens "
        "account wordt verwijderd."
    ),
    access=_("beheerders"),
    fields={
        "actor_label": PersonalData(_("gebruikersnaam van wie de wijziging deed"), role=Role.NAME),
    },
)


def _deactivate(item: Item, subject: Subject) -> None:
    from .models import AuditLogEntry

    user = item.instance
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.role = user.Role.DEELNEMER
    user.set_unusable_password()
    user.save(update_fields=["is_active", "is_staff", "is_superuser", "role", "password"])
    user.regions.clear()
    AuditLogEntry.objects.filter(actor=user).update(actor_label=user.username)


def _collect(subject: Subject) -> list[Item]:
    from .models import User

    items = []
    for user in User.objects.filter(email__iexact=subject.email).prefetch_related("regions"):
        full_name = f"{user.first_name} {user.last_name}".strip()
        subject.add_name(full_name)
        items.append(
            Item(
                app="core",
                kind="account",
                instance=user,
                fields={
                    "username": user.username,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "email": user.email,
                    "role": user.role,
                    "regions": [r.name for r in user.regions.all()],
                    "is_active": user.is_active,
                    "date_joined": user.date_joined.isoformat(),
                    "last_login": user.last_login.isoformat() if user.last_login else None,
                },
                erase=_deactivate,
            )
        )
    return items


privacy.provider("core", collect=_collect, order=0)


def _scrub_tasks(subject: Subject, items: list[Item]) -> dict[str, int]:
    """Queued e-mail and other background tasks (django-tasks' database backend).

    A task still waiting that names the subject, or that would mail about an erased record
    (`registration_id=12`), is removed; finished rows keep their outcome without the traces.
    """
    from django.apps import apps as django_apps
    from django.db.models import TextField
    from django.db.models.functions import Cast

    if not django_apps.is_installed("django_tasks_db"):
        return {}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    refs = {
        (f"{i.instance._meta.model_name}_id", i.instance.pk)
        for i in items
        if i.relation == privacy.Relation.SUBJECT
    }
    rows = DBTaskResult.objects.annotate(
        args_text=Cast("args_kwargs", TextField()), return_text=Cast("return_value", TextField())
    )
    deleted = scrubbed = 0
    pending = rows.filter(status=TaskResultStatus.READY)
    for task in pending:
        kwargs = (task.args_kwargs or {}).get("kwargs") or {}
        about_erased = any((key, kwargs.get(key)) in refs for key in kwargs)
        if (
            about_erased
            or privacy.scrub_value(task.args_kwargs, subject=subject) != task.args_kwargs
        ):
            task.delete()
            deleted += 1
    finished = rows.exclude(status=TaskResultStatus.READY)
    pks = privacy.rows_containing(
        finished, ["args_text", "return_text", "traceback"], subject.texts()
    )
    for done in DBTaskResult.objects.filter(pk__in=sorted(pks)):
        done.args_kwargs = privacy.scrub_value(done.args_kwargs, subject=subject)
        done.return_value = privacy.scrub_value(done.return_value, subject=subject)
        done.traceback = privacy.scrub_value(done.traceback, subject=subject)
        done.save(update_fields=["args_kwargs", "return_value", "traceback"])
        scrubbed += 1
    return {"queued_task_deleted": deleted, "task_scrubbed": scrubbed}


privacy.after_erase("tasks", _scrub_tasks)


def _forget_login_attempts(subject: Subject, items: list[Item]) -> dict[str, int]:
    """django-axes keeps failed logins (typed username, address, browser) until the
    lock-out period ends; those typed as this person's address or username go now."""
    from django.apps import apps as django_apps
    from django.db.models import Q

    if not django_apps.is_installed("axes"):
        return {}
    from axes.models import AccessAttempt, AccessFailureLog

    usernames = set(subject.all_emails()) | {
        str(i.fields["username"]) for i in items if i.kind == "account" and i.fields
    }
    match = Q()
    for username in usernames - {""}:
        match |= Q(username__iexact=username)
    if not match:
        return {}
    attempts, _per_model = AccessAttempt.objects.filter(match).delete()
    failures, _per_model = AccessFailureLog.objects.filter(match).delete()
    return {"login_attempt_deleted": attempts + failures}


privacy.after_erase("login_attempts", _forget_login_attempts)
