"""The JSON a command prints is the same in every run: no key order left to Python's string hashing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _printed(args: list[str], seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    command = [sys.executable, "-c", "from bargaining.cli import main; main()", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["status", "cases/lausd-2019", "--format", "json"],
        ["status", "cases/denver-2025", "--format", "json"],
    ],
)
def test_json_output_does_not_depend_on_string_hashing(args: list[str]) -> None:
    # Before the fix, the movement's moved_values on LAUSD came out as {"FTE", "students fewer per class"}
    # under one hash seed and the reverse under another (a set union of the two positions' measures).
    assert _printed(args, "1") == _printed(args, "2") == _printed(args, "3")
