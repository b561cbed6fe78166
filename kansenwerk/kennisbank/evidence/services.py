"""Writes to evidence profiles and statements: the page, the command and the API call these.

A recognition level is set only by a beheerder, here; an import adds statements as
`proposed` and never touches a level. Every save is in the audit log (core.audit), so
removing a level keeps what it was, who set it and when.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from kansenwerk.core.types import AnyUser, signed_in

from .extract import FoundStatement, Lines, find_statements
from .models import (
    DIRECTION_PREFIX,
    DOCUMENT_ONLY,
    INTERVENTION_PREFIX,
    EvidenceProfile,
    EvidenceStatement,
    Level,
)

if TYPE_CHECKING:
    from kansenwerk.kennisbank import models as m
else:
    from .kb import m

PROFILE_FIELDS = (
    "level",
    "scheme",
    "committee",
    "assessed_on",
    "url",
    "reason",
    "intl_source",
    "intl_strand",
    "intl_impact_months",
    "intl_cost_rating",
    "intl_evidence_strength",
    "intl_url",
    "effective_elements",
    "age_min",
    "age_max",
    "school_types",
    "cost_band",
    "cost_unit",
)
MATCH_THRESHOLD = 85  # rapidfuzz token_set_ratio for a list item naming a record


def ensure_beheerder(user: AnyUser | None) -> None:
    account = signed_in(user)
    if not (account is not None and account.is_active and account.is_beheerder):
        raise PermissionDenied(_("Alleen een beheerder beoordeelt het bewijs van interventies."))


@transaction.atomic
def profile_update(*, user: AnyUser | None, intervention: m.Intervention, data: dict[str, Any]):
    """Set (part of) an intervention's evidence profile; the beheerder becomes its reviewer."""
    ensure_beheerder(user)
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Onbekende velden: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    profile, _created = EvidenceProfile.objects.select_for_update().get_or_create(
        intervention=intervention
    )
    level_before = profile.level
    for name, value in data.items():
        setattr(profile, name, value)
    if profile.level != level_before:
        profile.reviewed_by = signed_in(user)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_clear_level(
    *, user: AnyUser | None, intervention: m.Intervention
) -> EvidenceProfile | None:
    """Back to 'niet beoordeeld'; the earlier level stays readable in the audit log."""
    ensure_beheerder(user)
    profile = EvidenceProfile.objects.filter(intervention=intervention).first()
    if profile is None:
        return None
    profile.level = Level.NOT_ASSESSED
    profile.reviewed_by = signed_in(user)
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def statement_create(*, user: AnyUser | None, data: dict[str, Any]) -> EvidenceStatement:
    ensure_beheerder(user)
    statement = EvidenceStatement(status=EvidenceStatement.Status.CONFIRMED, **data)
    statement.full_clean()
    statement.save()
    return statement


@transaction.atomic
def statement_review(
    *, user: AnyUser | None, statement: EvidenceStatement, status: str
) -> EvidenceStatement:
    """Confirm or reject a found statement (moving it is `statement_move`)."""
    ensure_beheerder(user)
    if status not in EvidenceStatement.Status.values:
        raise ValidationError(_("Onbekende beoordeling: kies bevestigen of afwijzen."))
    statement.status = status
    statement.full_clean()
    statement.save()
    return statement


def move_target(target: str) -> tuple[m.Intervention | None, m.SolutionDirection | None]:
    """The record a move names: `interventie:<id>`, `oplossingsrichting:<id>` or
    `document` (the statement is then about the whole document)."""
    target = (target or "").strip()
    if target == DOCUMENT_ONLY:
        return None, None
    prefix, _sep, key = target.partition(":")
    # Within the range of a database integer: a longer number would be a 500 on PostgreSQL.
    if key.isascii() and key.isdigit() and len(key) <= 10 and int(key) < 2**31:
        if f"{prefix}:" == INTERVENTION_PREFIX:
            intervention = m.Intervention.objects.filter(pk=int(key)).first()
            if intervention is not None:
                return intervention, None
        elif f"{prefix}:" == DIRECTION_PREFIX:
            direction = m.SolutionDirection.objects.filter(pk=int(key)).first()
            if direction is not None:
                return None, direction
    raise ValidationError(
        {
            "target": _(
                "Kies een interventie, een oplossingsrichting of 'alleen het document'; "
                "deze keuze bestaat niet (meer)."
            )
        }
    )


@transaction.atomic
def statement_move(
    *, user: AnyUser | None, statement: EvidenceStatement, target: str
) -> EvidenceStatement:
    """Attach a statement to another intervention or solution direction, or to its document
    only. Its review status stays as it was; the audit log records the move."""
    ensure_beheerder(user)
    intervention, direction = move_target(target)
    statement = EvidenceStatement.objects.select_for_update().get(pk=statement.pk)
    statement.intervention = intervention
    statement.solution_direction = direction
    statement.full_clean()
    statement.save()
    return statement


def _targets(document: m.SourceDocument) -> dict[str, Any]:
    """Records a list item may name: the document's own first, then everything else."""
    choices: dict[str, Any] = {}
    models: tuple[Any, ...] = (m.Intervention, m.SolutionDirection)
    for model in models:
        objs = model.objects.only("pk", "title", "source_document_id")
        for obj in sorted(objs, key=lambda o: (o.source_document_id != document.pk, o.pk)):
            choices.setdefault(obj.title, obj)
    return choices


def _by_lines(document: m.SourceDocument) -> list[tuple[int, int, Any]]:
    spans: list[tuple[int, int, Any]] = []
    models: tuple[Any, ...] = (m.Intervention, m.SolutionDirection)
    for model in models:
        for obj in model.objects.filter(
            source_document=document, source_line_start__isnull=False
        ).only("pk", "title", "source_line_start", "source_line_end"):
            spans.append((obj.source_line_start, obj.source_line_end or obj.source_line_start, obj))
    return sorted(spans, key=lambda span: span[1] - span[0])  # narrowest first


def _attach(found: FoundStatement, spans, targets: dict[str, Any]) -> Any:
    if found.subject:
        best = process.extractOne(found.subject, list(targets), scorer=fuzz.token_set_ratio)
        if best and best[1] >= MATCH_THRESHOLD:
            return targets[best[0]]
        return None
    for start, end, obj in spans:
        if start <= found.line <= end:
            return obj
    return None


def extract_for_document(document: m.SourceDocument, lines: Lines) -> list[EvidenceStatement]:
    """Find evidence statements in a document's lines and store them as proposals.

    Run by the importer inside the document's transaction. Re-importing keeps a
    statement's review (matched by its text); it never sets a level.
    """
    found = find_statements(lines)
    existing = {s.import_key: s for s in document.evidence_statements.all()}
    spans, targets = _by_lines(document), _targets(document)
    stored = []
    for item in found:
        statement = existing.get(item.key) or EvidenceStatement(
            source_document=document, import_key=item.key
        )
        target = _attach(item, spans, targets) if statement.pk is None else None
        statement.text = item.text
        statement.kind = item.kind
        statement.source_page = item.page
        statement.source_line = item.line
        statement.subject = item.subject[:300]
        if target is not None:
            field = "intervention" if isinstance(target, m.Intervention) else "solution_direction"
            setattr(statement, field, target)
        statement.save()
        stored.append(statement)
    return stored
