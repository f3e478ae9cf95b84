"""Issue 16 item 3: a bargaining survey shows answers only for groups of at least 5 respondents (and hides a
group whose answers total-minus-the-rest would give away); its shares become union priority weights."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import import_case
from bargaining.storage.ballots import BallotRefused, Opened, cast_vote, open_ballot
from bargaining.storage.surveys import priority_weights, survey_results

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"
OPENS = dt.datetime(2019, 1, 1, 8, tzinfo=dt.UTC)
CLOSES = dt.datetime(2019, 1, 3, 20, tzinfo=dt.UTC)
DURING = dt.datetime(2019, 1, 2, 12, tzinfo=dt.UTC)
AFTER = CLOSES + dt.timedelta(seconds=1)
# Group A: 4 pay, 2 class size; group B: 2 class size; group C: 1 pay, 4 class size. 13 respondents.
ANSWERS = [("A", "pay")] * 4 + [("A", "class size")] * 2 + [("B", "class size")] * 2
ANSWERS += [("C", "pay")] + [("C", "class size")] * 4


def _survey(engine: Engine, answers: list[tuple[str, str]]) -> Opened:
    import_case(engine, SMALL_CASE)
    opened = open_ballot(
        engine, "small-case", kind="survey", question="What matters most?", choices=["pay", "class size"],
        threshold=None, opens_at=OPENS, closes_at=CLOSES, members=[f"S{n:02d}" for n in range(20)],
        groups=["A", "B", "C"],
    )  # fmt: skip
    for (_, credential), (group, choice) in zip(opened.credentials, answers, strict=False):
        cast_vote(engine, opened.ballot.id, credential, choice, DURING, group)
    return opened


def test_groups_under_five_are_hidden_and_so_is_the_group_that_would_expose_them(engine: Engine) -> None:
    opened = _survey(engine, ANSWERS)
    found = survey_results(engine, opened.ballot.id, AFTER)
    assert (found.respondents, found.totals) == (13, (5, 8))
    # B has 2: hidden. Shown A and C would give B away as 13 - 6 - 5, so C (the smaller) is hidden too.
    assert found.groups == {"A": (4, 2)}
    assert found.hidden == ("B", "C")


def test_fewer_than_five_respondents_show_nothing(engine: Engine) -> None:
    opened = _survey(engine, ANSWERS[:4])
    found = survey_results(engine, opened.ballot.id, AFTER)
    assert (found.respondents, found.totals, found.groups) == (4, None, {})


def test_a_survey_group_must_be_one_of_its_groups_and_the_group_is_stored_with_no_credential(
    engine: Engine,
) -> None:
    opened = _survey(engine, [])
    with pytest.raises(BallotRefused, match="group 'D'"):
        cast_vote(engine, opened.ballot.id, opened.credentials[0][1], "pay", DURING, "D")
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("ballot_group_counts")}
        credential_columns = {c["name"] for c in inspect(connection).get_columns("ballot_credentials")}
    assert columns == {"ballot_id", "group_index", "choice", "votes"}
    assert credential_columns == {"hash", "ballot_id", "used"}


def test_priority_weights_are_the_shares_out_of_100() -> None:
    # 5 of 13 = 38.46, 8 of 13 = 61.54: 38 + 61 = 99, and the larger remainder (.54) gets the last point.
    assert priority_weights(("pay", "class size"), (5, 8)) == {"pay": 38, "class size": 62}
    with pytest.raises(BallotRefused):
        priority_weights(("pay", "class size"), (0, 0))


def test_the_cli_survey(engine: Engine, db_url: str) -> None:
    opened = _survey(engine, ANSWERS)
    result = CliRunner().invoke(app, ["ballot", "survey", str(opened.ballot.id), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "A: pay 4, class size 2" in result.output and "B, C" in result.output
    assert "{pay: 38, class size: 62}" in result.output
