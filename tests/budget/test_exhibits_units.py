"""``bargain exhibits`` in a case of several units: each unit's table on its own roster (``--unit``).

The two-unit case of tests/unitscase.py, its four offers raising pay from 1 Jul 2017, the classified
(ECSEA) ones for custodians only. The district's (EUSD's) BA step 1 in 2017-18 is 50,000 among North
50,200 and South 48,000: rank 2 of 3, one of two peers paid less (50%).
At ECSEA's table the custodians are the role with the most FTE (1 against the clerk's 0.5), so its offers
move the cell: 1% -> 50,500 and 3% -> 51,500, both above North: rank 1, both peers paid less (100%).
On the teachers' roster (ETA, whose context the command used for every offer before) a custodians' raise
moves no one and the cell would stay at 50,000.
At ETA's table its 2% and 4% (every role) give 51,000 and 52,000: rank 1 (100%).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bargaining.cli import app
from unitscase import tables_case, write

COMPARABLES = """district,fiscal_year,benchmark,value,moves_with_raise,source
EUSD,2017-18,BA step 1,50000,yes,assumption
North USD,2017-18,BA step 1,50200,yes,assumption
South USD,2017-18,BA step 1,48000,yes,assumption
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    document = tables_case()
    for proposal in document["proposals"]:
        if proposal["unit"] == "ECSEA":
            proposal["terms"][0]["roles"] = ["custodian"]
    document["comparables"] = "comparables.csv"
    (tmp_path / "comparables.csv").write_text(COMPARABLES)
    return write(tmp_path, document)


def _exhibits(folder: Path, *args: str) -> tuple[dict[str, Any], str]:
    result = CliRunner().invoke(app, ["exhibits", str(folder), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def _after(document: dict[str, Any]) -> dict[str, tuple[float, int, float]]:
    (row,) = document["benchmarks"]
    assert (row["before"]["value"], row["before"]["rank"], row["before"]["percentile"]) == (50_000, 2, 50.0)
    return {pid: (s["value"], s["rank"], s["percentile"]) for pid, s in row["after"].items()}


def test_the_classified_offers_are_worked_on_the_classified_roster(folder: Path) -> None:
    after = _after(_exhibits(folder, "--unit", "ECSEA")[0])
    assert after == {
        "ecsea-union": (pytest.approx(51_500), 1, 100.0),
        "ecsea-district": (pytest.approx(50_500), 1, 100.0),
    }


def test_the_teachers_table_shows_only_the_teachers_offers(folder: Path) -> None:
    after = _after(_exhibits(folder, "--unit", "ETA")[0])
    assert after == {
        "eta-union": (pytest.approx(52_000), 1, 100.0),
        "eta-district": (pytest.approx(51_000), 1, 100.0),
    }


def test_without_unit_the_latest_proposals_table_is_used_and_said(folder: Path) -> None:
    # The latest offer (1 Jun 2017) is ECSEA's: its table, as analyze and mediate choose.
    document, said = _exhibits(folder)
    assert set(_after(document)) == {"ecsea-union", "ecsea-district"}
    assert "ECSEA" in said and "--unit" in said


def test_an_unknown_unit_is_a_located_error(folder: Path) -> None:
    result = CliRunner().invoke(app, ["exhibits", str(folder), "--unit", "SEIU"])
    assert result.exit_code == 1
    assert "--unit" in result.stderr and "'SEIU'" in result.stderr and "ETA, ECSEA" in result.stderr
