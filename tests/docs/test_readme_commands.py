"""The commands the README shows run as shown, on the bundled cases."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    shlex.split(line.split("#", 1)[0])[1:]
    for line in (ROOT / "README.md").read_text().splitlines()
    if line.startswith(".venv/bin/bargain ")
]


def test_the_readme_shows_commands() -> None:
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_a_readme_command_runs(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # commands that write files (charts, workbooks) write them here
    (tmp_path / "cases").symlink_to(ROOT / "cases")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.exception is None, repr(result.exception)
