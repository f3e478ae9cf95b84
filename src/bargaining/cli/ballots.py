"""``bargain ballot open|vote|verify-receipt|results``: the members' secret ballot (docs/ballots.md)."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from bargaining.cli.app import app, print_json
from bargaining.cli.storage import Db, VerifyFormat, fail, open_workspace
from bargaining.storage import (
    KINDS,
    MIN_GROUP,
    THRESHOLDS,
    BallotRefused,
    cast_vote,
    database_url,
    open_ballot,
    priority_weights,
    publish_results,
    receipt_counted,
    results,
    stored_case,
    survey_results,
)

ballot_app = typer.Typer(help="The members' secret ballots.", no_args_is_help=True)
app.add_typer(ballot_app, name="ballot")

BallotId = Annotated[
    int, typer.Argument(help="number of the ballot, printed by `ballot open`", show_default=False)
]


def _moment(option: str, text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r}: expected a moment YYYY-MM-DDTHH:MM (UTC unless a zone is given)")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)  # read here, at the edge; storage is always given the clock


@ballot_app.command(name="open")
def open_command(
    case_id: Annotated[str, typer.Argument(help="id of a case in the database", show_default=False)],
    question: Annotated[str, typer.Option("--question", help="what the members answer", show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=f"one of {', '.join(KINDS)}", show_default=False)],
    opens: Annotated[str, typer.Option("--opens", help="YYYY-MM-DDTHH:MM, UTC", show_default=False)],
    closes: Annotated[str, typer.Option("--closes", help="YYYY-MM-DDTHH:MM, UTC", show_default=False)],
    credentials: Annotated[
        Path,
        typer.Option("--credentials", help="new CSV file for the members' credentials", show_default=False),
    ],
    choice: Annotated[
        list[str], typer.Option("--choice", help="a choice (repeatable; default yes, no)")
    ] = [],  # noqa: B006
    threshold: Annotated[
        str | None, typer.Option("--threshold", help=f"{' or '.join(THRESHOLDS)} (not for a survey)")
    ] = None,
    roles_as_groups: Annotated[
        bool,
        typer.Option(
            "--roles-as-groups", help="a survey's groups: the roster's roles, each respondent says theirs"
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Open a ballot for every member on the case's roster; their credentials go to a new CSV, once."""
    if credentials.exists():
        fail(f"--credentials {credentials}: the file exists; credentials are written to a new file only")
    with open_workspace(database_url(db)) as engine:
        case, errors = stored_case(engine, case_id)
        if case is None:
            fail(f"case {case_id!r} cannot be loaded: {errors[0] if errors else 'not in the database'}")
        try:
            opened = open_ballot(
                engine, case_id, kind=kind, question=question, choices=choice or ["yes", "no"],
                threshold=threshold, opens_at=_moment("--opens", opens),
                closes_at=_moment("--closes", closes), members=case.unit.roster.ids,
                groups=case.unit.roster.role_names() if roles_as_groups else (),
            )  # fmt: skip
        except BallotRefused as refused:
            fail(str(refused))
    with credentials.open("x", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["member", "credential"])
        writer.writerows(opened.credentials)
    print(
        f"opened ballot {opened.ballot.id}: {opened.ballot.eligible} eligible members; "
        f"credentials in {credentials}"
    )


@ballot_app.command(name="vote")
def vote_command(
    ballot: BallotId,
    choice: Annotated[
        str, typer.Option("--choice", help="the choice, as the ballot words it", show_default=False)
    ],
    credential_stdin: Annotated[
        bool, typer.Option("--credential-stdin", help="read the credential from stdin's first line")
    ] = False,
    group: Annotated[
        str | None, typer.Option("--group", help="your group, for a survey that has groups")
    ] = None,
    db: Db = None,
) -> None:
    """Cast one vote with a one-time credential (asked for, or read from stdin); prints the receipt."""
    credential = input() if credential_stdin else typer.prompt("credential", hide_input=True)
    with open_workspace(database_url(db)) as engine:
        try:
            receipt = cast_vote(engine, ballot, credential, choice, _now(), group)
        except BallotRefused as refused:
            fail(str(refused))
    print(f"vote counted; your receipt: {receipt}")


@ballot_app.command(name="verify-receipt")
def verify_receipt(
    ballot: BallotId,
    receipt: Annotated[str, typer.Argument(help="the receipt `ballot vote` printed", show_default=False)],
    db: Db = None,
) -> None:
    """Check that a vote with this receipt was counted (not how it was cast); exit 1 if not."""
    with open_workspace(database_url(db)) as engine:
        counted = receipt_counted(engine, ballot, receipt)
    if not counted:
        fail(f"no vote with this receipt was counted in ballot {ballot}")
    print(f"counted: a vote with this receipt is in ballot {ballot}'s totals")


@ballot_app.command(name="results")
def results_command(
    ballot: BallotId,
    db: Db = None,
    format: Annotated[
        VerifyFormat, typer.Option("--format", "-f", help="output format")
    ] = VerifyFormat.table,
    publish: Annotated[
        bool,
        typer.Option("--publish", help="also put the totals in the case's record (not for a survey)"),
    ] = False,
) -> None:
    """Totals per choice and turnout, once the ballot has closed; --publish records them as an event."""
    with open_workspace(database_url(db)) as engine:
        try:
            result = results(engine, ballot, _now())
            stored = publish_results(engine, ballot, _now()) if publish else None
        except BallotRefused as refused:
            fail(str(refused))
    if stored is not None:
        print(f"recorded as event {stored.seq} (ballot_result) in case {stored.case_id}", file=sys.stderr)
    b = result.ballot
    if format is VerifyFormat.json:
        print_json(
            {
                "ballot": b.id, "case": b.case_id, "kind": b.kind, "question": b.question,
                "totals": dict(zip(b.choices, result.votes, strict=True)), "cast": result.cast,
                "eligible": b.eligible, "turnout": float(result.turnout), "threshold": b.threshold,
                "passed": result.passed,
            }
        )  # fmt: skip
        return
    print(f"ballot {b.id} ({b.kind}): {b.question}")
    for word, votes in zip(b.choices, result.votes, strict=True):
        share = f"{votes / result.cast:.1%}" if result.cast else "-"
        print(f"  {word}: {votes} ({share} of votes cast)")
    print(f"turnout: {result.cast} of {b.eligible} eligible ({float(result.turnout):.1%})")
    if result.passed is not None:
        print(f"{'passed' if result.passed else 'not passed'}: {b.threshold} of votes cast needed")


@ballot_app.command(name="survey")
def survey_command(
    ballot: BallotId,
    min_group: Annotated[
        int, typer.Option("--min-group", help="respondents a group needs to be shown (at least 3)")
    ] = MIN_GROUP,
    db: Db = None,
    format: Annotated[
        VerifyFormat, typer.Option("--format", "-f", help="output format")
    ] = VerifyFormat.table,
) -> None:
    """A closed survey's answers: totals, groups of at least --min-group respondents, priority weights."""
    with open_workspace(database_url(db)) as engine:
        try:
            found = survey_results(engine, ballot, _now(), min_group)
            weights = priority_weights(found.choices, found.totals) if found.totals else None
        except BallotRefused as refused:
            fail(str(refused))
    if format is VerifyFormat.json:
        print_json(
            {
                "ballot": ballot, "question": found.question, "respondents": found.respondents,
                "totals": dict(zip(found.choices, found.totals, strict=True)) if found.totals else None,
                "groups": {g: dict(zip(found.choices, v, strict=True)) for g, v in found.groups.items()},
                "hidden_groups": list(found.hidden), "weights": weights,
            }
        )  # fmt: skip
        return
    print(f"survey {ballot}: {found.question} ({found.respondents} respondents)")
    if found.totals is None:
        print(f"  fewer than {min_group} respondents: nothing is shown")
        return
    for word, count in zip(found.choices, found.totals, strict=True):
        print(f"  {word}: {count}")
    for name, answers in found.groups.items():
        print(f"  {name}: " + ", ".join(f"{w} {v}" for w, v in zip(found.choices, answers, strict=True)))
    if found.hidden:
        why = f"fewer than {min_group} respondents, or would expose one"
        print(f"  not shown ({why}): {', '.join(found.hidden)}")
    if weights is not None:
        listed = ", ".join(f"{name}: {weight}" for name, weight in weights.items())
        print(f"union priority weights (preferences.union.weights): {{{listed}}}")
