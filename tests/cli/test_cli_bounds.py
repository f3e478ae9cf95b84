"""Issue 10: the CLI answers hostile or absurd input with a located message and a documented exit code.

Each test reproduces a finding of the review first (exit 70 "internal error", a hang, ``inf`` in a CSV).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app

SMALL_CASE = Path(__file__).parents[1] / "storage" / "fixtures" / "small-case"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    """Exit code and output, with Rich's usage-error box undone so a message reads as one line."""
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, " ".join(result.output.replace("│", " ").split())


def _laughs(levels: int) -> str:
    text = "&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"
    for level in range(1, levels):
        text = f"&l{level} [{text}, " + ", ".join([f"*l{level - 1}"] * 8) + "]"
    return text


@pytest.fixture()
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    code, out = run("import", str(SMALL_CASE), "--db", url)
    assert code == 0, out
    return url


def test_record_field_with_a_billion_laughs_is_refused_at_once(db: str) -> None:
    started = time.perf_counter()
    code, out = run(
        "record", "small-case", "--type", "session", "--date", "2019-01-03", "--field", f"x={_laughs(10)}",
        "--db", db,
    )  # fmt: skip
    assert time.perf_counter() - started < 5  # before: it hung
    assert code == 1, out
    assert "is not a YAML value: " in out and "expands to more than" in out


def test_record_refuses_year_0001(db: str) -> None:
    code, out = run("record", "small-case", "--type", "session", "--date", "0001-01-10", "--db", db)
    assert code == 1, out
    assert "0001-01-10 is out of range: expected a date from 1900-01-01 to 2199-12-31" in out
    assert "datetime" not in out


def test_a_note_that_is_a_date_is_explained_without_a_python_repr(db: str) -> None:
    code, out = run(
        "record", "small-case", "--type", "session", "--date", "2019-01-03", "--field", "note=2019-01-03",
        "--db", db,
    )  # fmt: skip
    assert code == 1, out
    assert "note: expected text, got 2019-01-03; put it in quotes" in out
    assert "datetime" not in out


def test_validate_of_a_far_future_horizon_is_a_located_error(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(SMALL_CASE, folder)
    text = (folder / "case.yaml").read_text()
    start = text.index("horizon:")
    end = text.index("\n", start)
    (folder / "case.yaml").write_text(text[:start] + "horizon: {first: 9998-99, last: 9999-00}" + text[end:])
    code, out = run("validate", str(folder))
    assert code == 1, out  # before: 70, "internal error: ValueError: year 10000 is out of range"
    assert "horizon.first: 9998-99 is out of range: expected a fiscal year from 1900 to 2198" in out


def _case_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(SMALL_CASE, folder)
    text = (folder / "case.yaml").read_text()
    assert old in text
    (folder / "case.yaml").write_text(text.replace(old, new, 1))
    return folder


def test_an_xlsx_in_a_missing_folder_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "costs.xlsx"
    code, out = run("cost", str(SMALL_CASE), "--format", "xlsx", "--output", str(target))
    assert code == 2, out  # before: 70, "internal error: FileNotFoundError: ...costs.xlsx.partial"
    assert "does not exist; create it first" in out
    assert not target.parent.exists()


def test_a_huge_count_is_a_located_error(tmp_path: Path) -> None:
    folder = _case_with(tmp_path, "members: 4}", "members: 99999999999999999999999999}")
    code, out = run("validate", str(folder))
    assert code == 1, out
    assert "union.members: Input should be less than or equal to 100000000" in out


def test_an_amount_costing_to_infinity_writes_no_csv(tmp_path: Path) -> None:
    folder = _case_with(
        tmp_path,
        '      - {type: raise, percent: 2, effective: 2018-07-01, article: "2"}',
        "      - {type: one_time, amount: 1e308, paid: 2018-10-15}\n"
        "      - {type: one_time, amount: 1e308, paid: 2018-10-15}",
    )
    target = tmp_path / "costs.csv"
    code, out = run("cost", str(folder), "--format", "csv", "--output", str(target))
    assert code == 1, out  # before: exit 0 and "inf" in the CSV
    assert "amount: Input should be less than or equal to 10000000" in out
    assert not target.exists()


def test_import_of_a_folder_with_a_linked_roster_is_refused(tmp_path: Path) -> None:
    # Before: load_case followed the link while storage kept only regular files, so the web's costs
    # (read from what was stored) differed from what validate had costed, and verify said ok.
    folder = tmp_path / "case"
    shutil.copytree(SMALL_CASE, folder)
    (tmp_path / "roster.csv").write_bytes((folder / "roster.csv").read_bytes())
    (folder / "roster.csv").unlink()
    (folder / "roster.csv").symlink_to(tmp_path / "roster.csv")
    url = f"sqlite:///{tmp_path / 'b.db'}"
    code, out = run("import", str(folder), "--db", url)
    assert code == 1, out
    assert "'roster.csv' is a symbolic link; copy the file in" in out
    code, out = run("verify", "--db", url)
    assert "small-case" not in out
