"""Plain data for the matcher: the people on both sides and the outcome of a matching run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    """One participant; mentors and mentees share the shape, `capacity` only matters for mentors.

    Sets hold the values as the coordinator typed them; comparisons are case-insensitive.
    """

    id: str
    languages: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    postcode: str | None = None
    capacity: int = 1
    home_language: str | None = None
    gender: str | None = None
    gender_preference: str | None = None
    has_vog: bool = False
    is_minor: bool = False
    year_group: int | None = None
    needs: frozenset[str] = frozenset()
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Pair:
    """A proposed (or locked) mentor–mentee pair with its fit and Dutch explanation."""

    mentor: str
    mentee: str
    score: float
    reasons: tuple[str, ...]
    locked: bool = False
    # The criteria that apply to this pair, met or not, and the best fit possible for the mentee.
    points: tuple[tuple[str, bool], ...] = ()
    best: float = 0.0


@dataclass(frozen=True)
class Unmatched:
    """Somebody left without a partner, with a Dutch reason that tells the coordinator whom
    to recruit."""

    id: str
    side: str  # "mentee" or "mentor"
    reason: str


@dataclass(frozen=True)
class MatchResult:
    """The outcome of one run; `as_dict` gives the documented JSON shape."""

    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]
    method: str

    @property
    def total_score(self) -> float:
        return round(sum(pair.score for pair in self.pairs), 3)

    def as_dict(self) -> dict:
        return {
            "pairs": [
                {
                    "mentor": pair.mentor,
                    "mentee": pair.mentee,
                    "score": pair.score,
                    "reasons": list(pair.reasons),
                    "locked": pair.locked,
                }
                for pair in self.pairs
            ],
            "unmatched": [
                {"id": item.id, "side": item.side, "reason": item.reason} for item in self.unmatched
            ],
            "total_score": self.total_score,
            "method": self.method,
        }
