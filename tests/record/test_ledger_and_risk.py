"""The TA ledger and the impasse-risk score."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.model import Proposal
from bargaining.model.events import parse_events
from bargaining.record import Ledger, Movement, impasse_risk, ledger, movement

D = dt.date.fromisoformat


def proposal(pid: str, party: str, day: str, *articles: str) -> Proposal:
    terms = [{"type": "language", "summary": "text", "article": a} for a in articles]
    return Proposal.model_validate({"id": pid, "party": party, "date": day, "terms": terms})


def test_tentative_agreements_withdrawals_and_reopening() -> None:
    proposals = [
        proposal("u1", "union", "2024-01-10", "1", "2", "3", "4"),
        proposal("d1", "employer", "2024-02-01", "2", "4"),
    ]
    events = parse_events(
        yaml.safe_load("""
- {date: 2024-01-20, type: tentative_agreement, article: "1", reopenable: false}
- {date: 2024-01-20, type: tentative_agreement, article: "2"}
- {date: 2024-01-25, type: withdrawn, article: "3", by: union}
""")
    )
    before = ledger(proposals, events, D("2024-01-30"))
    assert before.counts() == {"open": 1, "tentatively_agreed": 2, "withdrawn": 1}
    after = ledger(proposals, events, D("2024-02-02"))
    status = {a.name: a.status for a in after.articles}
    # d1 touches Art. 2, initialed as reopenable: it is open again. Art. 1 stays agreed.
    assert status == {"1": "tentatively_agreed", "2": "open", "3": "withdrawn", "4": "open"}
    assert after.warnings == ()
    closed = [*proposals, proposal("d2", "employer", "2024-02-05", "1")]
    flagged = ledger(closed, events, D("2024-02-06"))
    assert [w.code for w in flagged.warnings] == ["closed_item_reopened"]
    assert {a.name: a.status for a in flagged.articles}["1"] == "tentatively_agreed"


def test_a_settlement_agrees_every_open_article() -> None:
    proposals = [proposal("u1", "union", "2024-01-10", "1", "2", "3")]
    events = parse_events(
        yaml.safe_load("""
- {date: 2024-01-25, type: withdrawn, article: "3"}
- {date: 2024-03-01, type: settlement, by: both}
""")
    )
    assert ledger(proposals, events, D("2024-03-02")).counts() == {
        "open": 0,
        "tentatively_agreed": 2,
        "withdrawn": 1,
    }


def _quiet(day: str) -> Movement:
    return movement((), (), D(day))


def test_risk_is_zero_once_settled() -> None:
    risk = impasse_risk(_quiet("2024-03-02"), Ledger((), ()), "tentative_agreement", D("2024-03-01"), None)
    assert risk.score == 0.0
    assert risk.reasons == ("settled: tentative agreement since 2024-03-01",)


def test_risk_combines_independent_signs(hand_case: Path) -> None:
    """The hand-worked case on 10 Nov 2018, in declared impasse since 1 Oct: four signs, combined as
    1 - (1 - 0.5)(1 - 0.375)(1 - 0.2667)(1 - c_pace)."""
    result = CliRunner().invoke(app, ["status", str(hand_case), "--as-of", "2018-11-10", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["state"] == "impasse_declared"  # declared 1 Oct; no mediation recorded
    state = 0.5  # declared impasse
    stall = 0.5 * 3 / 4  # Art. 2: 3 sessions without movement, full weight at 4
    no_counter = 0.4 * 2 / 3  # the district's last 2 proposals, full weight at 3
    pace = 0.5 * (11 / (365.25 / 12)) / 6  # the gap closes 11 days after expiry; full weight at 6 months
    expected = 1 - (1 - state) * (1 - stall) * (1 - no_counter) * (1 - pace)
    assert document["impasse_risk"]["score"] == pytest.approx(expected)
    assert document["impasse_risk"]["reasons"] == [
        "the dispute has been in declared impasse since 2018-10-01",
        "no movement on Art. 2 for 3 sessions (since 2018-10-10)",
        "the district's last 2 proposals got no counter",
        "at the current pace the gap between the packages closes less than a month after the contract "
        "expires (2018-12-31), on 2019-01-11",
    ]
    salary = next(i for i in document["movement"]["items"] if i["item"] == "2")
    assert [g["gap"] for g in salary["gap"]] == [None, pytest.approx(22_000), pytest.approx(11_000)]
    assert document["articles"] == {"open": 1, "tentatively_agreed": 0, "withdrawn": 0}


def test_status_options_and_fallbacks(hand_case: Path) -> None:
    runner = CliRunner()
    bad_day = runner.invoke(app, ["status", str(hand_case), "--as-of", "2018-02-30"])
    assert bad_day.exit_code == 1 and "is not a date" in bad_day.output and "Traceback" not in bad_day.output
    generic = runner.invoke(
        app, ["status", str(hand_case), "--as-of", "2018-11-10", "--pack", "generic", "-f", "json"]
    )
    assert json.loads(generic.output)["pack"] == "generic"
    text = (
        (hand_case / "case.yaml")
        .read_text()
        .replace("jurisdiction: california-eera", "jurisdiction: atlantis")
    )
    (hand_case / "case.yaml").write_text(text)
    # An unknown jurisdiction is an error naming the bundled packs (issue 15: it used to fall back silently).
    unknown = runner.invoke(app, ["status", str(hand_case), "--as-of", "2018-11-10", "-f", "json"])
    assert unknown.exit_code == 1 and "no rule pack for jurisdiction 'atlantis'" in unknown.output
    (hand_case / "case.yaml").write_text(text.replace("jurisdiction: atlantis", "jurisdiction: california"))
    near = runner.invoke(app, ["validate", str(hand_case)])
    assert near.exit_code == 1 and "did you mean 'california-eera'?" in near.output
    assert "case.yaml:" in near.output and "jurisdiction" in near.output
    (hand_case / "case.yaml").write_text(
        text.replace("jurisdiction: atlantis", "jurisdiction: california-eera")
    )
    missing = runner.invoke(app, ["status", str(hand_case), "--pack", "atlantis"])
    assert missing.exit_code == 1 and "no rule pack 'atlantis'" in missing.output
