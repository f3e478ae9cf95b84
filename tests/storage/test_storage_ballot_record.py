"""Issue 16 item 3: the tally becomes an event in the record when the results are published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import import_case, stored_case
from bargaining.storage.ballots import BallotRefused, cast_vote, open_ballot, publish_results

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"
OPENS = dt.datetime(2019, 1, 1, 8, tzinfo=dt.UTC)
CLOSES = dt.datetime(2019, 1, 3, 20, tzinfo=dt.UTC)
DURING = dt.datetime(2019, 1, 2, 12, tzinfo=dt.UTC)
PUBLISHED = dt.datetime(2019, 1, 4, 9, tzinfo=dt.UTC)
MEMBERS = [f"T{n:03d}" for n in range(1, 8)]  # 7 eligible


def _ballot(engine: Engine, kind: str = "strike_authorization") -> int:
    import_case(engine, SMALL_CASE)
    opened = open_ballot(
        engine, "small-case", kind=kind, question="Authorize a strike?", choices=["yes", "no"],
        threshold=None if kind == "survey" else "majority", opens_at=OPENS, closes_at=CLOSES,
        members=MEMBERS,
    )  # fmt: skip
    for (_, credential), choice in zip(opened.credentials, ["yes", "yes", "yes", "no"], strict=False):
        cast_vote(engine, opened.ballot.id, credential, choice, DURING)
    return opened.ballot.id


def test_published_totals_are_an_event_of_the_record(engine: Engine) -> None:
    ballot = _ballot(engine)
    with pytest.raises(BallotRefused, match="no counts before it closes"):
        publish_results(engine, ballot, DURING)
    stored = publish_results(engine, ballot, PUBLISHED)
    assert (stored.type, stored.date) == ("ballot_result", dt.date(2019, 1, 4))
    case, errors = stored_case(engine, "small-case")
    assert case is not None, errors
    [event] = [e for e in case.record if e.type == "ballot_result"]
    # 3 yes and 1 no of 7 eligible: 3/4 of the votes cast is more than half, so it passed.
    assert (event.by, event.votes, event.eligible, event.passed) == ("union", (3, 1), 7, True)  # type: ignore[union-attr]
    with pytest.raises(BallotRefused, match="already in the record"):
        publish_results(engine, ballot, PUBLISHED)


def test_a_surveys_results_stay_with_the_union(engine: Engine) -> None:
    ballot = _ballot(engine, kind="survey")
    with pytest.raises(BallotRefused, match="stay with the union"):
        publish_results(engine, ballot, PUBLISHED)


def test_the_cli_publishes(engine: Engine, db_url: str) -> None:
    ballot = _ballot(engine)
    result = CliRunner().invoke(app, ["ballot", "results", str(ballot), "--publish", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "ballot_result" in result.output and "yes: 3 (75.0% of votes cast)" in result.output
    again = CliRunner().invoke(app, ["ballot", "results", str(ballot), "--publish", "--db", db_url])
    assert again.exit_code == 1 and "already in the record" in again.output
