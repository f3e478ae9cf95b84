"""``bargain reference``: base rates and the list, on the fixture class and on the bundled one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "analysis" / "reference_fixture"
MONTH = 365.25 / 12


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["reference", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_gives_the_hand_worked_rates_of_the_fixture() -> None:
    code, out, _ = _run(str(FIXTURE), "--format", "json")
    assert code == 0
    document = json.loads(out)
    rates = document["base_rates"]
    # worked in tests/analysis/test_reference_rates.py
    assert rates["disputes"] == 4 and rates["share_struck"] == 0.75 and rates["median_strike_days"] == 7.5
    assert rates["mean_share_of_gap"] == pytest.approx(0.5)
    assert rates["median_months_to_agreement"] == pytest.approx(91 / MONTH)
    alpha = next(row for row in document["disputes"] if row["id"] == "alpha-2019")
    assert (alpha["district_last_raise_percent"], alpha["union_last_raise_percent"]) == (4, 8)
    assert alpha["settlement_raise_percent"] == 5 and alpha["share_of_gap"] == pytest.approx(0.25)
    assert alpha["sources"] == [
        {"key": "s", "title": "Fixture", "url": "https://example.org/alpha", "published": "2019-04-03"}
    ]
    assert document["excluded"] == []


def test_an_excluded_id_is_left_out_and_reported() -> None:
    code, out, _ = _run(str(FIXTURE), "--exclude", "beta-2020", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["excluded"] == [{"id": "beta-2020", "reason": "named by id"}]
    assert [row["id"] for row in document["disputes"]] == ["alpha-2019", "delta-2022", "gamma-2021"]
    assert document["base_rates"]["disputes"] == 3


def test_the_disputes_of_a_case_are_left_out() -> None:
    code, out, _ = _run("--case", str(ROOT / "cases" / "lausd-2019"), "--format", "json")
    assert code == 0
    excluded = json.loads(out)["excluded"]
    assert [e["id"] for e in excluded] == ["lausd-utla-2019"]


def test_an_unknown_id_is_bad_input() -> None:
    code, _, err = _run(str(FIXTURE), "--exclude", "nowhere-2000")
    assert code == 1
    assert "--exclude: no dispute with id nowhere-2000" in err


def test_bad_data_prints_located_errors_and_no_traceback(tmp_path: Path) -> None:
    text = (FIXTURE / "beta.yaml").read_text().replace("percent: 4.5, source: s", "percent: 4.5")
    (tmp_path / "beta.yaml").write_text(text)
    code, out, err = _run(str(tmp_path))
    assert code == 1 and out == ""
    assert f"{tmp_path / 'beta.yaml'}:12: settlement.raises[0].source: required key is missing" in err
    assert "Traceback" not in err


def test_the_table_states_the_rates_in_words_with_their_counts() -> None:
    code, out, _ = _run(str(FIXTURE))
    assert code == 0
    assert "3 of 4 ended in a strike (75%)." in out
    assert "median of 7.5 school days (2 strikes with a known length)" in out
    assert "on average 50% of the way" in out
    assert "alpha-2019" in out and "25%" in out


def test_the_bundled_class_prints() -> None:
    code, out, _ = _run()
    assert code == 0
    assert "lausd-utla-2019" in out and "denver-dcta-2025" in out


def test_the_note_on_how_disputes_were_chosen_is_the_shipped_class_s_only() -> None:
    # The note describes the bundled class; a user's folder of disputes gets the page without it.
    heading = "## How the disputes were chosen"
    code, bundled, _ = _run("--format", "markdown")
    assert code == 0 and heading in bundled
    assert bundled.index("## Base rates") < bundled.index(heading) < bundled.index("## Summary")
    code, fixture, _ = _run(str(FIXTURE), "--format", "markdown")
    assert code == 0 and heading not in fixture
