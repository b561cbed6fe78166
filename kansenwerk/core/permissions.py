"""Who may write what, in one place.

Every write right in kansenwerk is region-scoped: a beheerder may do everything,
a regiocoördinator edits the kennisbank, the netwerk and meetups of their own
regions, an organisator runs meetups in their own regions, a deelnemer only reads.
Records without a region are national: only a beheerder edits them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class Capability(StrEnum):
    KENNISBANK = "kennisbank"
    NETWERK = "netwerk"
    MEETUPS = "meetups"
    KOPPELEN = "koppelen"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


# Which roles (besides beheerder) may write a capability in their own regions.
_REGIONAL_WRITERS: dict[Capability, frozenset[str]] = {
    Capability.KENNISBANK: frozenset({"regiocoordinator"}),
    Capability.NETWERK: frozenset({"regiocoordinator"}),
    Capability.MEETUPS: frozenset({"regiocoordinator", "organisator"}),
    Capability.KOPPELEN: frozenset({"regiocoordinator"}),
}


def region_id_of(obj: Any) -> int | None:
    """The region an object belongs to (None: national)."""
    getter = getattr(obj, "permission_region_id", None)
    if callable(getter):
        return getter()
    return getattr(obj, "region_id", None)


def can_write(
    user: Any, *, capability: Capability, region_id: int | None, action: Action = Action.UPDATE
) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_beheerder:
        return True
    if user.role not in _REGIONAL_WRITERS[capability]:
        return False
    if region_id is None:
        return False
    return region_id in user.region_ids()


def writable_region_ids(user: Any, *, capability: Capability) -> frozenset[int] | None:
    """Regions a user may write in; None means: all of them (beheerder)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_beheerder:
        return None
    if user.role not in _REGIONAL_WRITERS[capability]:
        return frozenset()
    return user.region_ids()


def ensure_can_write(
    user: Any, *, capability: Capability, region_id: int | None, action: Action
) -> None:
    if not can_write(user, capability=capability, region_id=region_id, action=action):
        raise PermissionDenied(_("U hebt geen rechten om dit te wijzigen in deze regio."))
