"""``bargain init``, ``import``, ``export``, ``record`` as a user runs them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case
from bargaining.storage import head_revision, open_database, read_events

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_the_whole_round_with_the_database_in_the_environment(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BARGAINING_DB", db_url)
    code, out = run("init")
    assert (
        code == 0
        and out.startswith("database ready: ")
        and out.endswith(f"(schema revision {head_revision()})\n")
    )
    code, out = run("import", str(SMALL_CASE))
    assert code == 0 and out.startswith("imported small-case: 2 files, 2 proposals, 3 events into "), out
    code, out = run(
        "record", "small-case", "--type", "strike_notice", "--date", "2019-01-03", "--by", "union",
        "--field", "strike_date=2019-01-10", "--field", "note=ten days' notice",
    )  # fmt: skip
    assert (code, out) == (0, "saved event 4\n")
    code, out = run(
        "record",
        "small-case",
        "--type",
        "strike_started",
        "--date",
        "2019-01-14",
        "--field",
        "participation=0.9",
    )
    assert (code, out) == (0, "saved event 5\n")
    code, out = run("export", "small-case", str(tmp_path / "out"))
    exported, _, head = out.rstrip("\n").rpartition("; head ")
    assert (
        code == 0
        and exported
        == f"exported small-case to {tmp_path / 'out'}: 2 files, 5 events (2 recorded since import)"
    )
    events = yaml.safe_load((tmp_path / "out" / "case.yaml").read_text())["events"]
    assert events[-2:] == [
        {"date": dt.date(2019, 1, 3), "type": "strike_notice", "by": "union", "note": "ten days' notice",
         "strike_date": dt.date(2019, 1, 10)},
        {"date": dt.date(2019, 1, 14), "type": "strike_started", "participation": 0.9},
    ]  # fmt: skip
    code, out = run("verify")
    assert (code, out) == (0, f"ok: small-case: 5 events, chain intact, head {head}\n")
    # The head export wrote, kept outside the database, proves the record later.
    code, out = run("verify", "small-case", "--expect-head", head)
    assert code == 0 and out.endswith("head matches: small-case: the record is the one whose head was kept\n")


def test_the_default_database_is_bargaining_db_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BARGAINING_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    code, out = run("import", str(SMALL_CASE))
    assert code == 0, out
    assert (tmp_path / "bargaining.db").is_file()
    code, out = run("verify", "--db", "bargaining.db")
    assert code == 0 and "small-case" in out


def test_an_invalid_case_prints_every_error_and_writes_nothing(db_url: str, small_case: Path) -> None:
    text = (small_case / "case.yaml").read_text()
    (small_case / "case.yaml").write_text(
        text.replace("percent: 2,", "percent: two,").replace("party: union", "party: uni")
    )
    code, out = run("import", str(small_case), "--db", db_url)
    assert code == 1
    label = small_case / "case.yaml"
    assert f"{label}:18: proposals[0].terms[0].percent: " in out
    assert f"{label}:20: proposals[1].party: " in out
    assert "2 error(s) in" in out and "nothing imported" in out
    engine = open_database(db_url)
    assert read_events(engine, "small-case") == []
    engine.dispose()


def test_record_refuses_what_it_cannot_save_and_says_why(db_url: str) -> None:
    assert run("import", str(SMALL_CASE), "--db", db_url)[0] == 0
    base = ("record", "small-case", "--db", db_url)
    cases = [
        (("--type", "session", "--date", "14/01/2019"), "--date '14/01/2019': expected a date YYYY-MM-DD"),
        (("--type", "session", "--date", "2019-01-14", "--field", "hours"), "expected KEY=VALUE"),
        (
            ("--type", "session", "--date", "2019-01-14", "--field", "a=[1,"),
            "--field a: '[1,' is not a YAML value",
        ),
        (("--type", "Session", "--date", "2019-01-14"), "type 'Session' must be lower-case letters"),
        (("--type", "session", "--date", "2019-01-14", "--supersedes", "7"), "cannot supersede event 7"),
        (
            ("--type", "strike_started", "--date", "2019-01-14", "--field", "participation=1.9"),
            "events[3].participation: ",
        ),
        # Who may take a step is the rule pack's (issue 10): the same rule as the web's.
        (("--type", "ratified", "--date", "2019-01-14", "--by", "employer"), "not by the employer"),
        (("--type", "settlement", "--date", "2019-01-14", "--by", "union"), "both sides together"),
    ]
    for args, message in cases:
        code, out = run(*base, *args)
        assert code == 1 and message in out, (args, out)
        assert "saved event" not in out
    code, out = run("record", "nope", "--type", "session", "--date", "2019-01-14", "--db", db_url)
    assert code == 1 and "no case 'nope' in the database" in out
    engine = open_database(db_url)
    assert len(read_events(engine, "small-case")) == 3
    engine.dispose()


def test_commands_that_read_refuse_a_database_that_is_not_there(tmp_path: Path) -> None:
    for args in (
        ("verify",),
        ("export", "x", str(tmp_path / "o")),
        ("record", "x", "--type", "t", "--date", "2019-01-01"),
    ):
        code, out = run(*args, "--db", str(tmp_path / "none.db"))
        assert code == 1 and "no database at sqlite:///" in out and "run `bargain init`" in out
    assert not (tmp_path / "none.db").exists()


def test_a_correction_is_recorded_and_the_exported_record_reads_corrected(
    db_url: str, tmp_path: Path
) -> None:
    # Event 3 of the small case is corrected by a new event 4 naming it; nothing is edited in place.
    assert run("init", "--db", db_url)[0] == 0
    assert run("import", str(SMALL_CASE), "--db", db_url)[0] == 0
    original = yaml.safe_load((SMALL_CASE / "case.yaml").read_text())["events"][2]
    code, out = run(
        "record", "small-case", "--type", original["type"], "--date", "2019-01-02", "--supersedes", "3",
        "--db", db_url, *(["--by", original["by"]] if "by" in original else []),
    )  # fmt: skip
    assert (code, out) == (0, "saved event 4\n"), out
    assert run("verify", "small-case", "--db", db_url)[0] == 0
    assert run("export", "small-case", str(tmp_path / "out"), "--db", db_url)[0] == 0
    case, errors = load_case(tmp_path / "out")
    assert errors == [] and case is not None
    current = case.record
    assert len(current) == 3  # four events in the list, one of them superseded
    assert current[-1].date == dt.date(2019, 1, 2) and current[-1].supersedes == 3
