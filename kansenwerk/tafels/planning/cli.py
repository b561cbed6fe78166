"""File-level entry points: plan tables from a participants CSV, or solve an MDGPLIB file."""

from __future__ import annotations

import csv
from pathlib import Path

from .engine import plan_tables
from .mdgp import read_mdgp, solve_grouping
from .model import Participant, Plan, PlanningError, PlanRequest, TableSize, Theme

__all__ = ["plan_mdgp", "plan_tables_csv", "plan_to_dict", "read_participants_csv"]

REQUIRED_COLUMNS = ("name", "organisation", "profession", "theme1", "theme2")
_TRUE = {"1", "ja", "j", "yes", "y", "true", "waar", "x"}


def read_participants_csv(path: str | Path) -> list[Participant]:
    """Read participants; columns name, organisation, profession, theme1, theme2 and
    optionally id, organisation_kind, facilitator. Comma or semicolon separated."""
    p = Path(path)
    if not p.is_file():
        raise PlanningError(f"Bestand {p} bestaat niet.")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanningError(f"{p} is geen UTF-8-tekstbestand (CSV verwacht).") from exc
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise PlanningError(
            f"{p}: kolom(men) {', '.join(missing)} ontbreken; "
            f"verwacht: {', '.join(REQUIRED_COLUMNS)}."
        )
    participants = []
    for line, row in enumerate(reader, start=2):

        def cell(name: str, row: dict = row) -> str:
            return (row.get(columns.get(name, ""), "") or "").strip()

        if not any(cell(c) for c in REQUIRED_COLUMNS):
            continue  # blank line
        if not cell("name"):
            raise PlanningError(f"{p}, regel {line}: de naam ontbreekt.")
        themes = tuple(t for t in (cell("theme1"), cell("theme2")) if t)
        participants.append(
            Participant(
                id=cell("id") or f"r{line}",
                name=cell("name"),
                # An empty organisation must not make strangers look like colleagues.
                organisation=cell("organisation") or f"(geen organisatie, regel {line})",
                profession=cell("profession") or "anders",
                organisation_kind=cell("organisation_kind"),
                themes=themes,
                facilitator=cell("facilitator").lower() in _TRUE,
            )
        )
    if not participants:
        raise PlanningError(f"{p} bevat geen deelnemers.")
    return participants


def plan_to_dict(plan: Plan) -> dict:
    """The JSON shape of a plan: tables with member names, score terms, seconds."""
    people = plan.request.by_id()
    return {
        "tables": [
            {
                "round": t.round,
                "theme": t.theme,
                "table": t.number,
                "members": [people[m].name for m in t.members],
                "member_ids": list(t.members),
            }
            for t in plan.tables
        ],
        "score": plan.score.as_dict(),
        "seconds": plan.seconds,
    }


def plan_tables_csv(
    path: str | Path,
    *,
    table_size: int,
    rounds: int = 1,
    seconds: float = 5.0,
    min_table_size: int | None = None,
    rotate_themes: bool = False,
    seed: int = 0,
) -> dict:
    """Plan tables for the participants in a CSV and return the JSON-ready result."""
    participants = read_participants_csv(path)
    size = TableSize.fixed(table_size)
    if min_table_size is not None:
        size = TableSize(minimum=min_table_size, maximum=table_size)
    names: dict[str, None] = {}
    for person in participants:
        for theme in person.themes:
            names.setdefault(theme, None)
    if not names:
        raise PlanningError(f"{path}: geen enkele deelnemer heeft een thema gekozen.")
    request = PlanRequest(
        participants=tuple(participants),
        themes=tuple(Theme(name) for name in names),
        table_size=size,
        rounds=rounds,
        seconds=seconds,
        rotate_themes=rotate_themes,
        seed=seed,
    )
    return plan_to_dict(plan_tables(request=request))


def plan_mdgp(path: str | Path, *, seconds: float = 10.0, seed: int = 0) -> dict:
    """Solve one MDGPLIB instance and return objective, groups (item indices) and seconds."""
    p = Path(path)
    if not p.is_file():
        raise PlanningError(f"Bestand {p} bestaat niet.")
    try:
        instance = read_mdgp(p)
    except ValueError as exc:
        raise PlanningError(f"{p}: {exc}") from exc
    result = solve_grouping(
        distances=instance.distances,
        lower=instance.lower,
        upper=instance.upper,
        seconds=seconds,
        seed=seed,
    )
    return {
        "instance": instance.name,
        "objective": round(result.objective, 3),
        "groups": result.groups(),
        "seconds": round(result.seconds, 3),
        "iterations": result.iterations,
    }
