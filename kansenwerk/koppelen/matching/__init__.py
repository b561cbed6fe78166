"""Koppelen matching engine: optimal and stable mentor–mentee matching with Dutch explanations."""

from .people import MatchResult, Pair, Person, Unmatched
from .rules import HardRules, Rules, RulesError, SoftWeights, load_rules

__all__ = [
    "HardRules",
    "MatchResult",
    "Pair",
    "Person",
    "Rules",
    "RulesError",
    "SoftWeights",
    "Unmatched",
    "load_rules",
]
