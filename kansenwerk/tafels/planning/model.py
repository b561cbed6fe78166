"""Data types of the meetup table planner: request, plan, score breakdown, violations."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

__all__ = [
    "Move",
    "Participant",
    "Plan",
    "PlanRequest",
    "PlanningError",
    "Score",
    "Table",
    "TableSize",
    "Theme",
    "Violation",
    "Weights",
]


class PlanningError(ValueError):
    """The request cannot be planned; the message says why, in Dutch."""


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    organisation: str
    profession: str
    organisation_kind: str = ""
    themes: tuple[str, ...] = ()  # ordered choices, first choice first
    facilitator: bool = False
    # The theme the confirmation e-mail promised: round 1 sits there, whatever else.
    promised: str = ""


@dataclass(frozen=True)
class Theme:
    name: str
    capacity: int | None = None  # most participants the theme can seat per round


@dataclass(frozen=True)
class TableSize:
    minimum: int
    maximum: int

    @classmethod
    def fixed(cls, size: int) -> TableSize:
        """A fixed size N seats at most N; half-empty tables are the smallest allowed."""
        if size < 2:
            raise PlanningError("Een tafel moet minstens 2 plaatsen hebben.")
        return cls(minimum=max(2, math.ceil(size / 2)), maximum=size)

    def __post_init__(self) -> None:
        if self.minimum < 1 or self.maximum < self.minimum:
            raise PlanningError(
                f"Ongeldige tafelgrootte: minimum {self.minimum}, maximum {self.maximum}."
            )


@dataclass(frozen=True)
class Weights:
    """Weights of the reported objective. Hard rules are enforced lexicographically in the
    search; these weights only rank plans in the reported total."""

    mixed_profession: float = 1.0
    mixed_kind: float = 1.0
    same_organisation: float = 50.0
    repeat: float = 3.0  # above profession + kind, so meeting someone new wins
    theme_second: float = 2.0
    theme_other: float = 5.0
    facilitator: float = 20.0
    keep_rule: float = 50.0
    size_spread: float = 5.0


@dataclass(frozen=True)
class PlanRequest:
    participants: tuple[Participant, ...]
    themes: tuple[Theme, ...]
    table_size: TableSize
    rounds: int = 1
    seconds: float = 5.0
    keep_apart: tuple[tuple[str, str], ...] = ()
    keep_together: tuple[tuple[str, str], ...] = ()
    facilitator_per_table: bool = False
    rotate_themes: bool = False  # round r prefers the r-th choice first
    seed: int = 0
    weights: Weights = field(default_factory=Weights)

    def by_id(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    def preferences(self, participant: Participant, round_index: int) -> tuple[str, ...]:
        """Themes in the order the plan wants them for one round (0-based), intended first.

        Round 1 starts at the promised theme (else the first choice). Keeping themes, every
        round wants that theme again; rotating, the rounds alternate between it and the
        other choice, so round 2 goes to the second choice.
        """
        known = {t.name for t in self.themes}
        choices = tuple(t for t in participant.themes if t in known)
        anchor = participant.promised if participant.promised in known else ""
        if not anchor:
            if not choices:
                return ()
            anchor = choices[0]
        others = tuple(t for t in choices if t != anchor)
        if self.rotate_themes and others and round_index % 2 == 1:
            return (others[0], anchor, *others[1:])
        return (anchor, *others)

    def choice_rank(self, participant: Participant, theme: str) -> int | None:
        """0 for the person's first choice, 1 for the second; None when not chosen."""
        return participant.themes.index(theme) if theme in participant.themes else None


@dataclass(frozen=True)
class Table:
    round: int  # 1-based
    theme: str
    number: int  # 1-based within round and theme
    members: tuple[str, ...]  # participant ids

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.round, self.theme, self.number)


@dataclass(frozen=True)
class Move:
    round: int
    participant_id: str
    from_table: tuple[int, str, int] | None  # None: a late arrival placed
    to_table: tuple[int, str, int] | None  # None: a no-show removed


@dataclass(frozen=True)
class Score:
    mixed_profession_pairs: int
    mixed_kind_pairs: int
    same_organisation_pairs: int
    unavoidable_same_organisation_pairs: int
    theme_first_choice: int
    theme_second_choice: int
    theme_other: int  # placed in a theme they did not choose (or a 3rd+ choice)
    tables_without_facilitator: int
    extra_facilitators: int
    keep_apart_violations: int
    keep_together_violations: int
    repeat_pairs: int
    size_spread: int  # sum over themes of (largest - smallest table - 1), when positive
    oversize_tables: int
    undersize_tables: int
    upper_bound_mixed_profession: int
    quality_pct: float  # mixed-profession pairs as a percentage of the upper bound
    objective: float

    def as_dict(self) -> dict[str, float | int]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    tables: tuple[Table, ...]
    score: Score
    seconds: float
    moves: tuple[Move, ...] = ()

    def tables_in_round(self, round_number: int) -> list[Table]:
        return [t for t in self.tables if t.round == round_number]

    def table_of(self, participant_id: str, round_number: int) -> Table | None:
        for table in self.tables:
            if table.round == round_number and participant_id in table.members:
                return table
        return None


@dataclass(frozen=True)
class Violation:
    code: str
    severity: str  # "fout" (a hard rule) or "waarschuwing"
    round: int
    theme: str
    table: int | None
    participant_ids: tuple[str, ...]
    message: str
