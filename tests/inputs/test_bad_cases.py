"""One bad case folder per input error: `bargain validate` names the file, line, key and what was expected.

Each folder under bad/ has an expect.txt whose lines read `FILE:LINE: KEY: start of the message`; the
FILE is relative to the folder. Every expected line must be reported, and nothing else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case

BAD = sorted(p for p in (Path(__file__).parent / "bad").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", BAD, ids=[p.name for p in BAD])
def test_each_error_is_located(folder: Path) -> None:
    case, errors = load_case(folder)
    assert case is None
    got = [str(e).replace(str(folder) + "/", "") for e in errors]
    wanted = (folder / "expect.txt").read_text().splitlines()
    assert len(got) == len(wanted), got
    for line, want in zip(got, wanted, strict=True):
        assert line.startswith(want), (line, want)


@pytest.mark.parametrize("folder", BAD, ids=[p.name for p in BAD])
def test_validate_exits_1_without_a_traceback(folder: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    first = (folder / "expect.txt").read_text().splitlines()[0]
    assert first.split(": ")[0] in result.output.replace(str(folder) + "/", "")


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(
        "id: Two Errors\ntitle: t\njurisdiction: generic\nhorizon: {first: 2017-18, last: 2018-19}\n"
        "employer: {name: E, short: E}\nunion: {name: U, short: U}\n"
        "unit: {roster: r.csv, statutory_rate: 1.5, new_hire_salary: 1}\n"
    )
    _, errors = load_case(tmp_path)
    # id breaks its pattern (line 1) and statutory_rate is not a share of pay (line 7): both reported.
    assert [(e.line, e.key) for e in errors] == [(1, "id"), (7, "unit")]


def test_missing_folder(tmp_path: Path) -> None:
    _, errors = load_case(tmp_path / "nowhere")
    assert [e.message for e in errors] == ["the folder does not exist"]


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_bytes(b"id: \xff\xfe\n")
    _, errors = load_case(tmp_path)
    assert errors[0].message.startswith("cannot read the file as UTF-8 text")
