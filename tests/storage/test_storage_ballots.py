"""The members' secret ballot: one person one vote, the window, totals only after close, receipts, and a
database that holds no link from a member or credential to a choice (issue 16 item 3)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import import_case
from bargaining.storage.ballots import BallotRefused, Opened, cast_vote, open_ballot, receipt_counted, results

SMALL_CASE = Path(__file__).parent / "fixtures" / "small-case"
OPENS = dt.datetime(2019, 1, 1, 8, tzinfo=dt.UTC)
CLOSES = dt.datetime(2019, 1, 3, 20, tzinfo=dt.UTC)
DURING = dt.datetime(2019, 1, 2, 12, tzinfo=dt.UTC)
AFTER = CLOSES + dt.timedelta(seconds=1)
MEMBERS = [f"T{n:03d}" for n in range(1, 8)]  # 7 eligible


def _open(engine: Engine, threshold: str = "majority") -> Opened:
    import_case(engine, SMALL_CASE)
    return open_ballot(
        engine, "small-case", kind="strike_authorization", question="Authorize a strike?",
        choices=["yes", "no"], threshold=threshold, opens_at=OPENS, closes_at=CLOSES, members=MEMBERS,
    )  # fmt: skip


def test_one_person_one_vote(engine: Engine) -> None:
    opened = _open(engine)
    credential = opened.credentials[0][1]
    cast_vote(engine, opened.ballot.id, credential, "yes", DURING)
    with pytest.raises(BallotRefused, match="already voted"):
        cast_vote(engine, opened.ballot.id, credential, "no", DURING)
    with pytest.raises(BallotRefused, match="unknown"):
        cast_vote(engine, opened.ballot.id, "made-up-credential", "no", DURING)
    assert results(engine, opened.ballot.id, AFTER).votes == (1, 0)


def test_no_vote_before_open_or_after_close(engine: Engine) -> None:
    opened = _open(engine)
    credential = opened.credentials[0][1]
    with pytest.raises(BallotRefused, match="no vote before"):
        cast_vote(engine, opened.ballot.id, credential, "yes", OPENS - dt.timedelta(seconds=1))
    with pytest.raises(BallotRefused, match="closed"):
        cast_vote(engine, opened.ballot.id, credential, "yes", CLOSES)
    # Neither refusal used the credential up: it still votes inside the window.
    cast_vote(engine, opened.ballot.id, credential, "yes", OPENS)
    assert results(engine, opened.ballot.id, AFTER).votes == (1, 0)


def test_totals_only_after_close(engine: Engine) -> None:
    opened = _open(engine)
    with pytest.raises(BallotRefused, match="no counts before it closes"):
        results(engine, opened.ballot.id, CLOSES - dt.timedelta(seconds=1))
    assert results(engine, opened.ballot.id, CLOSES).votes == (0, 0)


def test_a_receipt_verifies_and_a_made_up_one_does_not(engine: Engine) -> None:
    opened = _open(engine)
    receipt = cast_vote(engine, opened.ballot.id, opened.credentials[3][1], "no", DURING)
    assert receipt_counted(engine, opened.ballot.id, receipt)
    assert not receipt_counted(engine, opened.ballot.id, "not-a-receipt")
    assert not receipt_counted(engine, opened.ballot.id + 1, receipt)


@pytest.mark.parametrize(
    "threshold,votes,passed",
    [
        # 7 eligible, 5 vote 4-1: turnout 5/7 = 71.4%; yes 4/5 = 80% > 50% and >= 66.7%: passes both.
        ("majority", ["yes"] * 4 + ["no"], True),
        ("two-thirds", ["yes"] * 4 + ["no"], True),
        # 5 vote 3-2: yes 3/5 = 60% > 50% passes a majority, < 66.7% fails two-thirds.
        ("majority", ["yes"] * 3 + ["no"] * 2, True),
        ("two-thirds", ["yes"] * 3 + ["no"] * 2, False),
        # 6 vote 3-3: 50% is not more than half; fails a majority.
        ("majority", ["yes"] * 3 + ["no"] * 3, False),
    ],
)
def test_tally_arithmetic(engine: Engine, threshold: str, votes: list[str], passed: bool) -> None:
    opened = _open(engine, threshold)
    for (_, credential), choice in zip(opened.credentials, votes, strict=False):
        cast_vote(engine, opened.ballot.id, credential, choice, DURING)
    result = results(engine, opened.ballot.id, AFTER)
    assert result.votes == (votes.count("yes"), votes.count("no"))
    assert result.turnout == Fraction(len(votes), 7)
    assert result.passed is passed
    if len(votes) == 5:
        assert round(float(result.turnout) * 100, 1) == 71.4


def test_the_database_holds_no_link_from_member_or_credential_to_choice(engine: Engine) -> None:
    opened = _open(engine)
    receipts = []
    for (_, credential), choice in zip(opened.credentials, ["yes", "yes", "yes", "yes", "no"], strict=False):
        receipts.append(cast_vote(engine, opened.ballot.id, credential, choice, DURING))
    secrets = [m for m, _ in opened.credentials] + [c for _, c in opened.credentials] + receipts
    cells: list[str] = []
    with engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):  # every column of every row
                cells.extend(str(value) for value in row)
        credential_columns = inspect(connection).get_columns("ballot_credentials")
        receipt_columns = inspect(connection).get_columns("ballot_receipts")
    # No member id, credential or receipt code is stored anywhere, as such.
    assert not [s for s in secrets if any(s in cell for cell in cells)]
    # Neither a credential nor a receipt row names a choice, a member or a time: only hash, ballot, flag.
    assert {c["name"] for c in credential_columns} == {"hash", "ballot_id", "used"}
    assert {c["name"] for c in receipt_columns} == {"hash", "ballot_id"}
    # The only place a choice is counted is the per-choice counter.
    with engine.connect() as connection:
        counts = connection.execute(text("SELECT choice, votes FROM ballot_counts ORDER BY choice")).all()
    assert [tuple(r) for r in counts] == [(0, 4), (1, 1)]


def test_credential_rows_do_not_follow_the_roster_order(engine: Engine) -> None:
    # 7! = 5040 orders; the chance that a shuffle of 7 leaves the roster order is 1/5040, and the test
    # opens three ballots, so a false failure has odds of 1/5040^3.
    import hashlib

    from bargaining.storage.ballots import ballot_credentials

    import_case(engine, SMALL_CASE)
    kept = 0
    for _ in range(3):
        opened = open_ballot(
            engine, "small-case", kind="survey", question="Priorities?", choices=["pay", "class size"],
            threshold=None, opens_at=OPENS, closes_at=CLOSES, members=MEMBERS,
        )  # fmt: skip
        in_roster_order = [hashlib.sha256(c.encode()).hexdigest() for _, c in opened.credentials]
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                stored = (
                    connection.execute(
                        text("SELECT hash FROM ballot_credentials WHERE ballot_id = :b ORDER BY rowid"),
                        {"b": opened.ballot.id},
                    )
                    .scalars()
                    .all()
                )
            else:
                stored = (
                    connection.execute(
                        select(ballot_credentials.c.hash).where(
                            ballot_credentials.c.ballot_id == opened.ballot.id
                        )
                    )
                    .scalars()
                    .all()
                )
        kept += list(stored) == in_roster_order
    assert kept < 3


def test_the_cli_round(engine: Engine, db_url: str, tmp_path: Path) -> None:
    import_case(engine, SMALL_CASE)
    runner = CliRunner()
    now = dt.datetime.now(dt.UTC)
    creds = tmp_path / "credentials.csv"
    result = runner.invoke(
        app,
        ["ballot", "open", "small-case", "--question", "Ratify the TA?", "--kind", "ratification",
         "--threshold", "majority", "--opens", (now - dt.timedelta(hours=1)).isoformat(),
         "--closes", (now + dt.timedelta(hours=1)).isoformat(), "--credentials", str(creds), "--db", db_url],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("opened ballot 1: ") and "eligible members" in result.output
    rows = creds.read_text().splitlines()
    credential = rows[1].split(",")[1]
    vote = ["ballot", "vote", "1", "--choice", "yes", "--credential-stdin", "--db", db_url]
    result = runner.invoke(app, vote, input=credential + "\n")
    assert result.exit_code == 0 and result.output.startswith("vote counted; your receipt: "), result.output
    receipt = result.output.rsplit(" ", 1)[1].strip()
    # 128 bits in hex: never a leading "-" that the CLI would read as an option (one base64 receipt in 64
    # did, and its voter could not verify it).
    assert len(receipt) == 32 and set(receipt) <= set("0123456789abcdef")
    again = runner.invoke(app, vote, input=credential + "\n")
    assert again.exit_code == 1 and "already voted" in again.output
    ok = runner.invoke(app, ["ballot", "verify-receipt", "1", receipt, "--db", db_url])
    assert ok.exit_code == 0 and ok.output.startswith("counted"), ok.output
    bad = runner.invoke(app, ["ballot", "verify-receipt", "1", "made-up", "--db", db_url])
    assert bad.exit_code == 1
    early = runner.invoke(app, ["ballot", "results", "1", "--db", db_url])
    assert early.exit_code == 1 and "no counts before it closes" in early.output
