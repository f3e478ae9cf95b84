"""Small things of issue 15, item 6: bargain --version, suspicious values, unknown jurisdictions."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from bargaining.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == "bargain 0.1.0"  # pyproject.toml


def test_a_percent_written_as_a_share_and_a_monthly_salary_are_warned_not_refused(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(ROOT / "cases" / "denver-2025", folder)
    text = (folder / "case.yaml").read_text()
    first = "{type: raise, percent: 2.55, effective: 2025-09-01"
    assert first in text
    text = text.replace(first, "{type: raise, percent: 0.02, effective: 2025-09-01", 1)
    (folder / "case.yaml").write_text(text)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert (
        "percent 0.02 is below 0.1" in result.output and "warning: proposal dcta-2025-04-21" in result.output
    )


def test_an_unknown_jurisdiction_names_the_nearest_pack(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(ROOT / "cases" / "lausd-2019", folder)
    text = (
        (folder / "case.yaml")
        .read_text()
        .replace("jurisdiction: california-eera", "jurisdiction: california")
    )
    (folder / "case.yaml").write_text(text)
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert (
        "jurisdiction: no rule pack for jurisdiction 'california'; did you mean 'california-eera'?"
        in result.output
    )
