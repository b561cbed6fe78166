"""Reads behind the upload page, with the rights check in one place."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kansenwerk.kennisbank.models import ImportJob

IMPORT_ROLES = frozenset({"beheerder", "regiocoordinator"})


def can_import(user: Any) -> bool:
    """Beheerders and regiocoördinatoren may upload documents (per-region rights apply later)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_beheerder or user.role in IMPORT_ROLES


def ensure_can_import(user: Any) -> None:
    if not can_import(user):
        raise PermissionDenied(
            _("Alleen beheerders en regiocoördinatoren kunnen documenten importeren.")
        )


def import_jobs_for_user(*, user: Any, limit: int = 10) -> QuerySet[ImportJob]:
    """Recent jobs the user may see: all for a beheerder, their own for a coördinator."""
    ensure_can_import(user)
    qs = ImportJob.objects.defer("results")
    if not user.is_beheerder:
        qs = qs.filter(created_by=user)
    return qs[:limit]


def import_job_for_user(*, user: Any, job_id: int) -> ImportJob:
    ensure_can_import(user)
    try:
        job = ImportJob.objects.get(pk=job_id)
    except ImportJob.DoesNotExist:
        raise Http404 from None
    if not user.is_beheerder and job.created_by_id != user.pk:
        raise PermissionDenied(_("Deze import is door iemand anders gestart."))
    return job
