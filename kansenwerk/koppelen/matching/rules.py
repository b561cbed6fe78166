"""Matching rules (hard constraints and soft weights), loaded from TOML over documented defaults."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kansenwerk.core.i18n import _

DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.toml")


class RulesError(ValueError):
    """A rules file that cannot be used; the message is Dutch and names the file and key."""


@dataclass(frozen=True)
class HardRules:
    min_shared_languages: int = 1
    min_shared_availability: int = 1
    max_distance_km: float | None = None
    require_vog_for_minors: bool = True
    gender_preference_is_hard: bool = False
    min_year_group_gap: int = 0
    same_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SoftWeights:
    shared_interests: float = 3.0
    interests_saturation: int = 3
    distance: float = 2.0
    distance_scale_km: float = 10.0
    extra_availability: float = 0.5
    home_language: float = 1.0
    gender_preference: float = 1.0
    shared_needs: float = 1.0
    attributes: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    hard: HardRules = HardRules()
    soft: SoftWeights = SoftWeights()
    maximize_matches: bool = True


def _merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _check_keys(*, section: str, given: Mapping[str, Any], allowed: set[str], source: str) -> None:
    unknown = sorted(set(given) - allowed)
    if unknown:
        raise RulesError(
            _(
                "%(source)s: onbekende instelling(en) in [%(section)s]: %(keys)s; "
                "toegestaan: %(allowed)s"
            )
            % {
                "source": source,
                "section": section,
                "keys": ", ".join(unknown),
                "allowed": ", ".join(sorted(allowed)),
            }
        )


def rules_from_mapping(*, data: Mapping[str, Any], source: str = "regels") -> Rules:
    """Build Rules from parsed TOML (already merged over the defaults); raises RulesError
    in Dutch."""
    hard = dict(data.get("hard", {}))
    soft = dict(data.get("soft", {}))
    objective = dict(data.get("objective", {}))
    _check_keys(
        section="hard", given=hard, allowed=set(HardRules.__dataclass_fields__), source=source
    )
    _check_keys(
        section="soft", given=soft, allowed=set(SoftWeights.__dataclass_fields__), source=source
    )
    _check_keys(section="objective", given=objective, allowed={"maximize_matches"}, source=source)
    try:
        max_km = float(hard.get("max_distance_km", 0) or 0)
        hard_rules = HardRules(
            min_shared_languages=int(hard.get("min_shared_languages", 1)),
            min_shared_availability=int(hard.get("min_shared_availability", 1)),
            max_distance_km=max_km if max_km > 0 else None,
            require_vog_for_minors=bool(hard.get("require_vog_for_minors", True)),
            gender_preference_is_hard=bool(hard.get("gender_preference_is_hard", False)),
            min_year_group_gap=int(hard.get("min_year_group_gap", 0)),
            same_attributes=tuple(str(name) for name in hard.get("same_attributes", ())),
        )
        attributes = {str(k): float(v) for k, v in dict(soft.pop("attributes", {})).items()}
        weights = SoftWeights(
            **{key: type(getattr(SoftWeights, key))(value) for key, value in soft.items()},
            attributes=attributes,
        )
    except (TypeError, ValueError) as exc:
        raise RulesError(
            _(
                "%(source)s: ongeldige waarde (%(error)s); gebruik getallen, true/false of "
                "een lijst van namen"
            )
            % {"source": source, "error": exc}
        ) from exc
    negative = [
        key for key, value in vars(weights).items() if isinstance(value, float) and value < 0
    ]
    if negative or weights.interests_saturation < 1 or weights.distance_scale_km <= 0:
        raise RulesError(
            _(
                "%(source)s: gewichten mogen niet negatief zijn en "
                "interests_saturation/distance_scale_km moeten positief zijn"
            )
            % {"source": source}
        )
    return Rules(
        hard=hard_rules,
        soft=weights,
        maximize_matches=bool(objective.get("maximize_matches", True)),
    )


def load_rules(*, path: str | Path | None = None) -> Rules:
    """Read the default rules, then the file at `path` on top of them (missing keys keep
    their default)."""
    defaults = tomllib.loads(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    if path is None:
        return rules_from_mapping(data=defaults, source=DEFAULT_RULES_PATH.name)
    source = str(path)
    try:
        override = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RulesError(_("%(source)s: bestand niet gevonden") % {"source": source}) from exc
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(
            _("%(source)s: geen geldige TOML (%(error)s)") % {"source": source, "error": exc}
        ) from exc
    return rules_from_mapping(data=_merged(defaults, override), source=source)


def rules_from_overrides(*, overrides: Mapping[str, Any], source: str = "regels") -> Rules:
    """Rules from a mapping shaped like the TOML file (as a programme stores it), merged over
    the defaults; raises RulesError in Dutch."""
    defaults = tomllib.loads(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    return rules_from_mapping(data=_merged(defaults, dict(overrides)), source=source)
