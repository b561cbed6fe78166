"""Starting and configuring a programme."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kansenwerk.core.models import User
from kansenwerk.core.permissions import Action, Capability, ensure_can_write
from kansenwerk.core.services import apply_fields
from kansenwerk.core.types import AnyUser, signed_in

from ..matching.rules import RulesError, rules_from_overrides
from ..models import DEFAULT_INTAKE_FIELDS, INTAKE_FIELDS, SCREENING_STEPS, Programme
from ..selectors import coordinator_candidates

# Sensible rules per kind of programme; the coordinator can change them afterwards.
KIND_RULES: dict[str, dict[str, Any]] = {
    Programme.Kind.OUDER_OUDER: {"hard": {"require_vog_for_minors": False}},
    Programme.Kind.OUDERE_JONGERE_LEERLING: {
        "hard": {"require_vog_for_minors": False, "min_year_group_gap": 1}
    },
    Programme.Kind.MENTOR_KIND: {"hard": {"require_vog_for_minors": True}},
    Programme.Kind.VRIJWILLIGER_GEZIN: {"hard": {"require_vog_for_minors": True}},
}
KIND_INTAKE: dict[str, tuple[str, ...]] = {
    Programme.Kind.OUDERE_JONGERE_LEERLING: (*DEFAULT_INTAKE_FIELDS, "year_group"),
    Programme.Kind.MENTOR_KIND: (*DEFAULT_INTAKE_FIELDS, "age_band", "needs"),
    Programme.Kind.VRIJWILLIGER_GEZIN: (*DEFAULT_INTAKE_FIELDS, "needs"),
}


def ensure_coordinator(*, user: AnyUser | None, programme: Programme) -> None:
    """Only the programme's coordinators and beheerders may change anything in it."""
    account = signed_in(user)
    if (
        account is not None
        and account.is_active
        and (account.is_beheerder or programme.coordinators.filter(pk=account.pk).exists())
    ):
        return
    raise PermissionDenied(_("Alleen de coördinatoren van dit programma kunnen dit doen."))


def _ensure_coordinators_allowed(*, region_id: int, coordinator_ids: set[int]) -> None:
    allowed = set(
        coordinator_candidates(region_id=region_id)
        .filter(pk__in=coordinator_ids)
        .values_list("pk", flat=True)
    )
    refused = sorted(coordinator_ids - allowed)
    if refused:
        names = ", ".join(
            User.objects.filter(pk__in=refused)
            .order_by("username")
            .values_list("username", flat=True)
        ) or ", ".join(str(pk) for pk in refused)
        raise ValidationError(
            {
                "coordinators": _(
                    "Alleen beheerders en regiocoördinatoren van de regio van dit programma "
                    "kunnen coördinator zijn. Niet toegestaan: %(names)s."
                )
                % {"names": names}
            }
        )


def _with_required_questions(fields) -> list[str]:
    """Languages and availability drive the default hard rules, so they are always asked."""
    return list(dict.fromkeys(["languages", "availability", *fields]))


def _clean_steps(steps: list[str]) -> list[str]:
    """Known screening steps, in their fixed order."""
    unknown = [s for s in steps if s not in SCREENING_STEPS]
    if unknown:
        raise ValidationError(
            {"screening_steps": _("Onbekende stap: %(steps)s") % {"steps": ", ".join(unknown)}}
        )
    return [s for s in SCREENING_STEPS if s in steps]


def _clean_config(*, intake_fields: Any, rules: Any, name: str) -> None:
    unknown = sorted(set(intake_fields or ()) - set(INTAKE_FIELDS))
    if unknown:
        raise ValidationError(
            {"intake_fields": _("Onbekende intakevraag: %(names)s") % {"names": ", ".join(unknown)}}
        )
    try:
        rules_from_overrides(overrides=rules or {}, source=name)
    except RulesError as exc:
        raise ValidationError({"rules": str(exc)}) from exc


@transaction.atomic
def programme_create(
    *,
    user: User,
    name: str,
    kind: str,
    region: Any,
    owner: Any = None,
    description: str = "",
    default_capacity: int = 1,
    retention_months: int = 12,
    intake_fields: list[str] | None = None,
    rules: dict[str, Any] | None = None,
    solution_directions: Any = (),
    interventions: Any = (),
    coordinators: Any = (),
    is_open: bool = False,
    screening_steps: list[str] | None = None,
) -> Programme:
    """Start a programme in `region`; the creator becomes its first coordinator."""
    ensure_can_write(
        user, capability=Capability.KOPPELEN, region_id=region.pk, action=Action.CREATE
    )
    programme = Programme(
        name=name,
        kind=kind,
        region=region,
        owner=owner,
        description=description,
        default_capacity=default_capacity,
        retention_months=retention_months,
        intake_fields=_with_required_questions(
            intake_fields or KIND_INTAKE.get(kind, DEFAULT_INTAKE_FIELDS)
        ),
        rules=rules if rules is not None else KIND_RULES.get(kind, {}),
        is_open=is_open,
        screening_steps=_clean_steps(screening_steps or []),
    )
    coordinator_ids = {user.pk, *(getattr(c, "pk", c) for c in coordinators)}
    _ensure_coordinators_allowed(region_id=region.pk, coordinator_ids=coordinator_ids)
    _clean_config(intake_fields=programme.intake_fields, rules=programme.rules, name=name)
    programme.full_clean(exclude=["intake_fields", "rules", "last_run", "screening_steps"])
    programme.save()
    programme.coordinators.set(coordinator_ids)
    programme.solution_directions.set(solution_directions)
    programme.interventions.set(interventions)
    return programme


@transaction.atomic
def programme_update(
    *, user: AnyUser | None, programme: Programme, data: dict[str, Any]
) -> Programme:
    """Change a programme's settings; a coordinator cannot remove themself (ask another one)."""
    ensure_coordinator(user=user, programme=programme)
    if "intake_fields" in data:
        data = {**data, "intake_fields": _with_required_questions(data["intake_fields"])}
    if "screening_steps" in data:
        data = {**data, "screening_steps": _clean_steps(data["screening_steps"] or [])}
    m2m = apply_fields(programme, data)
    if "region" in data:
        # Moving a programme needs write rights in the new region too.
        ensure_can_write(
            user,
            capability=Capability.KOPPELEN,
            region_id=programme.region_id,
            action=Action.UPDATE,
        )
    _clean_config(intake_fields=programme.intake_fields, rules=programme.rules, name=programme.name)
    programme.full_clean(exclude=["intake_fields", "rules", "last_run", "screening_steps"])
    programme.save()
    if "coordinators" in m2m:
        coordinators = {getattr(c, "pk", c) for c in m2m.pop("coordinators")}
        if not coordinators:
            raise ValidationError(
                {"coordinators": _("Een programma heeft minstens één coördinator.")}
            )
        _ensure_coordinators_allowed(region_id=programme.region_id, coordinator_ids=coordinators)
        programme.coordinators.set(coordinators)
    elif "region" in data:
        # A programme that moves takes its coordinators along only if they may work there.
        _ensure_coordinators_allowed(
            region_id=programme.region_id,
            coordinator_ids=set(programme.coordinators.values_list("pk", flat=True)),
        )
    for name, value in m2m.items():
        getattr(programme, name).set(value)
    return programme
