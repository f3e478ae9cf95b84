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
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


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
