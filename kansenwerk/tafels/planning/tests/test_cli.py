"""CSV and MDGP entry points."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansenwerk.tafels.planning.cli import plan_mdgp, plan_tables_csv
from kansenwerk.tafels.planning.model import PlanningError

SAMPLE = Path(__file__).resolve().parents[4].parent / "shared" / "mdgp" / "RanReal_n060_ss_04.txt"


def _csv(tmp_path: Path, rows: list[str], sep: str = ",") -> Path:
    path = tmp_path / "deelnemers.csv"
    header = sep.join(["name", "organisation", "profession", "theme1", "theme2"])
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_plan_tables_csv_returns_tables_score_and_seconds(tmp_path: Path) -> None:
    professions = ["leerkracht po", "jeugdwerker", "ouder", "bibliotheek"]
    rows = [f"Mens {i};School {i % 5};{professions[i % 4]};Taal;Lezen" for i in range(14)]
    result = plan_tables_csv(_csv(tmp_path, rows, sep=";"), table_size=5, rounds=2, seconds=0.2)
    assert set(result) >= {"tables", "score", "seconds"}
    for r in (1, 2):
        seated = [m for t in result["tables"] if t["round"] == r for m in t["members"]]
        assert sorted(seated) == sorted(f"Mens {i}" for i in range(14))
    assert all(len(t["members"]) <= 5 for t in result["tables"])
    assert {
        "mixed_profession_pairs",
        "same_organisation_pairs",
        "repeat_pairs",
        "quality_pct",
    } <= set(result["score"])
    assert result["score"]["same_organisation_pairs"] == 0


def test_missing_column_gives_dutch_error(tmp_path: Path) -> None:
    path = tmp_path / "fout.csv"
    path.write_text("name,organisation\nAnna,School\n", encoding="utf-8")
    with pytest.raises(PlanningError, match="ontbreken"):
        plan_tables_csv(path, table_size=4)
    with pytest.raises(PlanningError, match="bestaat niet"):
        plan_tables_csv(tmp_path / "weg.csv", table_size=4)


def test_plan_mdgp_returns_groups_of_all_items() -> None:
    result = plan_mdgp(SAMPLE, seconds=0.2)
    assert sorted(i for g in result["groups"] for i in g) == list(range(60))
    assert [len(g) for g in result["groups"]] == [10] * 6
    assert result["objective"] > 18050.80
