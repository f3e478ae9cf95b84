"""`bargain status` on the bundled cases matches the published story (domain.md B.1, B.2 and E)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case, load_pack
from bargaining.model import Case
from bargaining.process import ProcessStatus, run

CASES = Path(__file__).resolve().parents[2] / "cases"
D = dt.date.fromisoformat


def _case(name: str) -> Case:
    case, errors = load_case(CASES / name)
    assert case is not None, [str(e) for e in errors]
    return case


def status(name: str, day: str) -> ProcessStatus:
    case = _case(name)
    pack, _ = load_pack(case.jurisdiction)
    assert pack is not None
    return run(pack, case.record, D(day), case.contract_expires)


def moves(found: ProcessStatus) -> list[str]:
    return [m.event for m in found.next_moves]


def test_lausd_on_15_october_2018_is_past_mediation_with_factfinding_next() -> None:
    # Mediation began 27 Sep and failed 12 Oct 2018; the fact-finding panel came on 14 Nov.
    found = status("lausd-2019", "2018-10-15")
    assert found.state == "impasse_declared"
    assert (found.step, found.since) == ("mediation_failed", D("2018-10-12"))
    assert moves(found)[0] == "factfinding_requested"
    assert "mediation_started" not in moves(found)
    assert found.warnings == ()


@pytest.mark.parametrize(
    ("day", "state", "since"),
    [
        ("2018-07-01", "bargaining", None),
        ("2018-07-10", "impasse_declared", "2018-07-02"),  # UTLA declared impasse
        ("2018-10-01", "mediation", "2018-09-27"),
        ("2018-11-20", "factfinding", "2018-11-14"),  # panel chair confirmed
        ("2018-12-18", "post_impasse", "2018-12-18"),  # report public: procedures exhausted
        ("2019-01-15", "strike", "2019-01-14"),
        ("2019-01-25", "ratified", "2019-01-22"),  # TA and member approval the same day
        ("2019-01-29", "in_effect", "2019-01-29"),  # board approval 6-0
    ],
)
def test_lausd_timeline(day: str, state: str, since: str | None) -> None:
    found = status("lausd-2019", day)
    assert (found.state, found.since) == (state, D(since) if since else None)


def test_lausd_strike_was_after_exhaustion_and_the_report_limit_was_waived() -> None:
    found = status("lausd-2019", "2019-02-01")
    assert found.warnings == ()  # no strike_before_exhaustion, no deadline_missed on the report
    during = status("lausd-2019", "2018-12-10")
    assert next((m.event, m.latest) for m in during.next_moves) == ("factfinding_report", D("2018-12-17"))


def test_denver_on_5_may_2025_is_in_declared_impasse_heading_to_mediation() -> None:
    found = status("denver-2025", "2025-05-05")
    assert (found.state, found.since) == ("impasse_declared", D("2025-05-05"))
    assert "mediation_started" in moves(found)
    assert found.days_to_expiration == 118  # 26 days of May, 30 of June, 31 of July, 31 of August


def test_denver_on_6_may_2025_the_union_disputes_the_impasse_and_mediation_is_still_next() -> None:
    # Chalkbeat, 6 May 2025: a DCTA spokesperson said both sides had agreed to mediation and it was not an
    # impasse; mediation began on 28 May all the same.
    found = status("denver-2025", "2025-05-06")
    assert (found.state, found.step, found.since) == ("impasse_disputed", "impasse_disputed", D("2025-05-06"))
    assert "rejected by the other" in found.label
    assert "mediation_started" in moves(found)
    assert found.warnings == ()
    assert status("denver-2025", "2025-05-29").state == "mediation"


@pytest.mark.parametrize(
    ("day", "state"),
    [
        ("2025-04-30", "bargaining"),
        ("2025-05-20", "impasse_disputed"),  # the union rejected the impasse on 6 May
        ("2025-06-01", "mediation"),  # mediation began 28 May
        ("2025-06-25", "tentative_agreement"),  # TA on 24 Jun after an 18-hour session
        ("2025-09-01", "ratified"),  # ratified by more than 81% in August
    ],
)
def test_denver_timeline(day: str, state: str) -> None:
    assert status("denver-2025", day).state == state


def test_status_json_has_the_issue_keys() -> None:
    result = CliRunner().invoke(
        app, ["status", str(CASES / "denver-2025"), "--as-of", "2025-05-05", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    for key in (
        "state",
        "since",
        "next_moves",
        "deadlines",
        "days_to_expiration",
        "warnings",
        "articles",
        "impasse_risk",
        "movement",
    ):
        assert key in document
    assert document["state"] == "impasse_declared" and document["since"] == "2025-05-05"
    assert {"event", "by", "earliest", "latest"} <= set(document["next_moves"][0])
    assert {"date", "what"} <= set(document["deadlines"][0])
    assert set(document["articles"]) == {"open", "tentatively_agreed", "withdrawn"}
    assert 0 <= document["impasse_risk"]["score"] <= 1 and document["impasse_risk"]["reasons"]
    # Four articles are on the table before the settlement (Compensation, Class size, Special service
    # providers, Leave); the settlement agrees them all.
    assert document["articles"] == {"open": 4, "tentatively_agreed": 0, "withdrawn": 0}
    after = CliRunner().invoke(
        app, ["status", str(CASES / "denver-2025"), "--as-of", "2025-07-01", "-f", "json"]
    )
    settled = json.loads(after.output)
    assert settled["articles"]["open"] == 0 and settled["impasse_risk"]["score"] == 0


def test_status_table_and_timeline_print() -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["status", str(CASES / "lausd-2019"), "--as-of", "2018-10-15"])
    assert table.exit_code == 0, table.output
    # The state and the next moves in words: the pack's label of the step (california-eera.yaml,
    # mediation_failed), not its code.
    text = " ".join(table.output.split())
    assert "State: mediation ended without agreement; factfinding may be requested since 2018-10-12" in text
    assert "factfinding requested" in text and "impasse_declared" not in text
    story = runner.invoke(app, ["timeline", str(CASES / "lausd-2019")])
    assert story.exit_code == 0, story.output
    assert "strike started" in story.output and "~2018-07-27" in story.output
    as_json = runner.invoke(app, ["timeline", str(CASES / "denver-2025"), "-f", "json"])
    rows = json.loads(as_json.output)["timeline"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert [r["state"] for r in rows if r["state"]] == [
        "impasse_declared",
        "impasse_disputed",
        "mediation",
        "tentative_agreement",
        "ratified",
    ]
