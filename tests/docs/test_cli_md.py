"""docs/cli.md stays true: every option of every command is in its section, its examples run, and the
output it shows after an ``<!-- output checked by tests/docs -->`` line is what the command prints."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from bargaining.cli import app

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "docs" / "cli.md").read_text()
CHECKED = "<!-- output checked by tests/docs -->"
# Commands that need a workspace database or start a server: tests/storage and tests/web run them.
NOT_RUN = {"serve", "init", "import", "export", "record", "verify", "grant", "user", "ballot"}
SMALL_RUNS = "4096"  # an example's Monte Carlo runs, cut so the test stays quick; the options are the point


def _sections() -> dict[str, str]:
    parts = re.split(r"^## bargain ", TEXT, flags=re.M)[1:]
    return {part.split("\n", 1)[0].strip(): part.split("\n", 1)[1] for part in parts}


def _commands(group: object, prefix: str = "") -> Iterator[tuple[str, object]]:
    for name, command in getattr(group, "commands", {}).items():
        yield f"{prefix}{name}", command
        yield from _commands(command, f"{prefix}{name} ")


def test_every_option_is_in_its_command_section() -> None:
    sections = _sections()
    missing = [
        f"bargain {name} {option}"
        for name, command in _commands(typer.main.get_command(app))
        for param in getattr(command, "params", [])
        for option in param.opts
        if option.startswith("--") and option != "--help" and option not in sections.get(name, "")
    ]
    assert not missing, f"options not described in their section of docs/cli.md: {missing}"


def _blocks() -> list[tuple[bool, list[str]]]:
    """Each fenced block's lines, and whether the line before it asks for its output to be checked."""
    found: list[tuple[bool, list[str]]] = []
    lines = TEXT.splitlines()
    inside: list[str] | None = None
    checked = False
    for index, line in enumerate(lines):
        if line.startswith("```"):
            if inside is None:
                inside, checked = [], index > 0 and lines[index - 1] == CHECKED
            else:
                found.append((checked, inside))
                inside = None
        elif inside is not None:
            inside.append(line)
    return found


def _jq(program: str, value: Any) -> list[str]:
    """What ``jq -c PROGRAM`` prints for the few forms the page uses: paths (``.a.b``, ``.a[0]``),
    an object of chosen keys (``{a, b}``) and pipes between them."""
    for stage in (part.strip() for part in program.split("|")):
        if stage.startswith("{"):
            keys = [key.strip() for key in stage.strip("{}").split(",")]
            value = {key: value[key] for key in keys}
            continue
        for name, index in re.findall(r"\.(\w*)(?:\[(\d+)\])?", stage):
            value = value[name] if name else value
            value = value[int(index)] if index else value
    return [json.dumps(value, separators=(",", ":"), ensure_ascii=False)]


def _examples() -> list[tuple[list[str], list[str], str | None]]:
    """(arguments, output lines shown when checked, jq program piped to) of each ``bargain`` line."""
    examples = []
    for checked, lines in _blocks():
        for index, line in enumerate(lines):
            command = line.removeprefix("$ ")
            if not command.startswith("bargain "):
                continue
            words = shlex.split(command)
            piped = words.index("|") if "|" in words else len(words)
            args = words[1:piped]
            jq = words[-1] if words[piped + 1 : piped + 2] == ["jq"] else None
            if args[0] in NOT_RUN or "--workers" in args:
                continue
            if "--runs" in args and not checked:
                args[args.index("--runs") + 1] = SMALL_RUNS
            shown = []
            if checked:
                for after in lines[index + 1 :]:
                    if after.startswith(("$ ", "bargain ")):
                        break
                    shown.append(after)
            examples.append((args, shown, jq))
    return examples


EXAMPLES = _examples()


def test_the_page_has_runnable_and_checked_examples() -> None:
    assert len(EXAMPLES) >= 8
    assert sum(bool(shown) for _, shown, _ in EXAMPLES) >= 6


def test_the_jq_stand_in_reads_as_jq_does() -> None:
    # Worked by hand from jq's manual: a path, an index, an object of chosen keys and a pipe.
    document = {"a": {"b": [1, {"c": "x", "d": 2.5}]}, "e": None}
    assert _jq(".a.b[1] | {c, d}", document) == ['{"c":"x","d":2.5}']
    assert _jq(".a.b[0]", document) == ["1"]
    assert _jq(".e", document) == ["null"]


@pytest.mark.parametrize("args,shown,jq", EXAMPLES, ids=[" ".join(a[:2]) for a, _, _ in EXAMPLES])
def test_an_example_runs_and_prints_what_the_page_shows(
    args: list[str], shown: list[str], jq: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    (tmp_path / "cases").symlink_to(ROOT / "cases")
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # a few examples use the tests' small cases
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = result.output.splitlines() if jq is None else _jq(jq, json.loads(result.output))
    missing = [line for line in shown if "..." not in line and line not in printed]
    assert not missing, f"docs/cli.md shows lines `bargain {' '.join(args)}` does not print: {missing}"
