"""A side's private numbers must not move anything the other side is shown (found in review: the union's
discount rate moved the pay per member the district saw; the district's limits moved the union's count)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bargaining.cli import app

LAUSD = Path(__file__).resolve().parents[2] / "cases" / "lausd-2019"


def _view(folder: Path, side: str) -> dict[str, object]:
    args = ["analyze", str(folder), "--as", side, "-f", "json", "--no-chart", "--max-packages", "5000"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _copy_with(tmp_path: Path, name: str, pattern: str, replacement: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(LAUSD, folder)
    text = (folder / "case.yaml").read_text()
    changed, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1, pattern
    (folder / "case.yaml").write_text(changed)
    return folder


def test_the_unions_discount_rate_does_not_move_the_districts_view(tmp_path: Path) -> None:
    original = _view(LAUSD, "employer")
    steeper = _copy_with(tmp_path, "rate", r"(discount_rate:\s*)[0-9.]+", r"\g<1>0.15")
    assert _view(steeper, "employer") == original


def test_the_districts_limits_do_not_move_the_unions_view(tmp_path: Path) -> None:
    original = _view(LAUSD, "union")
    limited = _copy_with(tmp_path, "limits", r"(\n  employer:\n)", r"\1    limits: {cost: 1000000000}\n")
    assert _view(limited, "union") == original
