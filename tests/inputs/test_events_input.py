"""The `events:` section: typed on load, every mistake reported with file, line and key; all documented."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case
from bargaining.model.events import EVENT_MODELS, EVENT_TYPES, Session

DOCS = Path(__file__).resolve().parents[2] / "docs"

HEAD = """id: t
title: T
jurisdiction: california-eera
horizon: {first: 2018-19, last: 2019-20}
employer: {name: D, short: D}
union: {name: U, short: U}
unit: {roster: roster.csv, statutory_rate: 0.2, new_hire_salary: 50000}
proposals:
  - {id: d1, party: employer, date: 2018-09-01, terms: [{type: raise, percent: 2, effective: 2018-07-01}]}
  - {id: u1, party: union, date: 2018-09-05, answers: d1,
     terms: [{type: raise, percent: 5, effective: 2018-07-01}]}
"""


def _folder(tmp_path: Path, events: str) -> Path:
    (tmp_path / "roster.csv").write_text("id,role,fte,salary\nt1,teacher,1,60000\n")
    (tmp_path / "case.yaml").write_text(HEAD + events)
    return tmp_path


def test_good_events_load_and_type(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        """events:
  - {date: 2018-07-02, type: impasse_declared, by: union}
  - date: 2018-09-01
    type: session
    hours: 5.5
    caucuses: [{by: union, start: 10:15, end: "10:40"}]
    articles: ["2"]
  - {date: 2018-09-01, type: proposal_passed, proposal: d1, by: employer}
  - {date: 2018-09-05, type: counter, proposal: u1, answers: d1, by: union}
  - {date: 2019-01-14, type: strike_started, by: union, participation: 0.9}
""",
    )
    case, errors = load_case(folder)
    assert errors == [] and case is not None
    events = case.events
    assert len(events) == 5
    session = events[1]
    assert isinstance(session, Session)
    # Unquoted 10:15 is YAML 1.1's base-60 integer 615; it is read back as a time of day.
    assert session.caucuses[0].start == dt.time(10, 15) and session.caucuses[0].minutes == 25.0


BAD = """events:
  - {date: 2018-07-02, type: impasse_declard, by: union}
  - {date: 2018-07-03, type: strike_started, participation: 1.5}
  - {date: 2018-07-04, type: proposal_passed, proposal: d2}
  - {date: 2018-07-05, type: proposal_passed, proposal: d1, by: union}
  - {date: 2018-07-06, type: session, caucuses: [{start: 10:15, end: 10:00}]}
  - date: 2018-07-07
    type: withdrawn
  - {date: 2018-07-08, type: mediation_started, mediatr: X}
  - {type: settlement}
  - {date: 2018-07-09, type: counter, proposal: u1, answers: u1}
  - {date: 2018-07-10, type: limit_waived, event: factfinding_report, until: 2018-07-01}
  - {date: 2018-07-11, type: strike_notice, strike_date: 2018-07-01}
"""


def test_every_bad_event_is_located(tmp_path: Path) -> None:
    case, errors = load_case(_folder(tmp_path, BAD))
    assert case is None
    got = [(e.line, e.key, e.message) for e in errors]
    head = HEAD.count("\n") + 1  # events[0] is on the line after `events:`
    expected = [
        (
            head + 1,
            "events[0].type",
            "unknown event type 'impasse_declard'; did you mean 'impasse_declared'?",
        ),
        (head + 2, "events[1].participation", "less than or equal to 1"),
        (head + 3, "events[2].proposal", "no proposal with id 'd2' in this case (known: d1, u1)"),
        (head + 4, "events[3].by", "proposal 'd1' belongs to the employer, not the union"),
        (head + 5, "events[4].caucuses[0]", "a caucus must end after it starts"),
        (head + 6, "events[5]", "give the article or the proposal withdrawn"),
        (head + 8, "events[6].mediatr", "unknown key"),
        (head + 9, "events[7].date", "required key is missing"),
        (head + 10, "events[8].answers", "proposal 'u1' says it answers 'd1', not 'u1'"),
        (head + 11, "events[9].until", "until 2018-07-01 comes before the waiver's date 2018-07-10"),
        (head + 12, "events[10].strike_date", "strike_date 2018-07-01 comes before the notice's date"),
    ]
    assert len(got) == len(expected), got
    for (line, key, message), (want_line, want_key, want) in zip(got, expected, strict=True):
        assert (line, key) == (want_line, want_key), (line, key, message)
        assert want in message


def test_validate_reports_event_errors_without_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(_folder(tmp_path, BAD))])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "events[0].type: unknown event type 'impasse_declard'" in result.output


def _events_section() -> str:
    text = (DOCS / "case-format.md").read_text()
    return text.split("\n## events\n", 1)[1].split("\n## ", 1)[0]


def test_every_event_type_and_key_is_documented() -> None:
    section = _events_section()
    for model in EVENT_MODELS:
        kind = model.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
        assert f"`{kind}`" in section, kind
        for key in model.model_fields:
            assert f"`{key}`" in section, (kind, key)
    assert len(EVENT_MODELS) == len(EVENT_TYPES)


@pytest.mark.parametrize("kind", EVENT_TYPES)
def test_each_event_type_has_one_model(kind: str) -> None:
    owners = [m for m in EVENT_MODELS if m.model_fields["type"].annotation.__args__[0] == kind]  # type: ignore[union-attr]
    assert len(owners) == 1


def test_the_status_warning_codes_are_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    status = text.split("\n## bargain status\n", 1)[1].split("\n## ", 1)[0]
    src = Path(__file__).resolve().parents[2] / "src" / "bargaining"
    codes = {
        code
        for pack in (src / "process" / "packs").glob("*.yaml")
        for code in re.findall(r"code: ([a-z_]+)", pack.read_text())
    }
    # Codes raised in code: walk.warn("code", ...), LedgerWarning("code", ...), ProcessWarning("code", ...)
    for module in ("process/engine.py", "record/ledger.py", "report/status.py"):
        codes |= set(re.findall(r'(?:warn|Warning)\(\s*"([a-z_]+)"', (src / module).read_text()))
    assert {"strike_before_exhaustion", "event_out_of_order", "closed_item_reopened", "no_rule_pack"} <= codes
    missing = sorted(code for code in codes if f"`{code}`" not in status)
    assert not missing


def test_a_correction_supersedes_an_earlier_event(tmp_path: Path) -> None:
    # The record is append-only: event 3 corrects the date of event 1 (impasse was declared on 3 July,
    # not 2 July). The current record has the corrected event and not the one it replaced.
    folder = _folder(
        tmp_path,
        """events:
  - {date: 2018-07-02, type: impasse_declared, by: union}
  - {date: 2018-07-16, type: mediation_started}
  - {date: 2018-07-03, type: impasse_declared, by: union, supersedes: 1, note: date corrected}
""",
    )
    case, errors = load_case(folder)
    assert errors == [] and case is not None
    current = case.record
    assert [(e.type, e.date) for e in current] == [
        ("mediation_started", dt.date(2018, 7, 16)),
        ("impasse_declared", dt.date(2018, 7, 3)),
    ]


def test_a_correction_must_name_one_earlier_event_once(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        """events:
  - {date: 2018-07-02, type: impasse_declared, by: union, supersedes: 2}
  - {date: 2018-07-03, type: impasse_declared, by: union, supersedes: 1}
  - {date: 2018-07-04, type: impasse_declared, by: union, supersedes: 1}
""",
    )
    _, errors = load_case(folder)
    assert [(e.line, e.key, e.message) for e in errors] == [
        # lines 13-15 hold the three events (the case's head is 12 lines)
        (13, "events[0].supersedes", "the first event has no earlier event to supersede"),
        (15, "events[2].supersedes", "event 1 is already superseded by event 2; supersede 2 instead"),
    ]
