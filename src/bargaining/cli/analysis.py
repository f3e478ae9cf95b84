"""``bargain analyze``, ``bargain mediate`` and ``bargain blind-bid``: find the deal, from one viewpoint.

Each command builds the viewpoint's document (bargaining.analysis.views) and prints only that, as a table
or as JSON; the chart is drawn from the same document. What a viewpoint is not given it cannot print.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated

import typer

from bargaining.analysis import (
    DealSpace,
    Viewpoint,
    analysis_document,
    analyze,
    blind_bid,
    blind_bid_document,
    derived_preferences,
    mediate,
    mediation_document,
)
from bargaining.cli.app import (
    AsOfOption,
    UnitOption,
    app,
    at_table,
    console,
    err_console,
    fail,
    open_case,
    open_case_as_of,
    print_json,
    writable,
)
from bargaining.cli.storage import Db, open_workspace
from bargaining.inputs import bundled_priors
from bargaining.model import SIDES, Case, Preferences
from bargaining.report import analysis_lines, explain, issues_text, write_deal_chart
from bargaining.storage import BallotRefused, database_url, survey_weights

CaseDir = Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)]


class View(enum.StrEnum):
    employer = "employer"
    union = "union"
    mediator = "mediator"
    public = "public"


class Format(enum.StrEnum):
    table = "table"
    json = "json"


AsOption = Annotated[View, typer.Option("--as", help="whose eyes: employer, union, mediator or public")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="output format")]
MaxOption = Annotated[
    int,
    typer.Option("--max-packages", min=1, help="score every package up to this many, else sample this many"),
]
SeedOption = Annotated[
    int, typer.Option("--seed", min=0, help="seed of the sample when the space is sampled")
]
SurveyOption = Annotated[
    int | None,
    typer.Option(
        "--survey",
        min=1,
        help="a closed members' survey (its ballot number, in --db) whose answers become the union's weights",
    ),
]


def _surveyed(case: Case, prefs: Preferences, survey: int, db: str | None) -> Preferences:
    """The union's weights replaced by a closed survey's shares of the answers (its choices named after
    what the union scores)."""
    with open_workspace(database_url(db)) as engine:
        try:
            weights = survey_weights(engine, survey, case.id, dt.datetime.now(dt.UTC))
        except BallotRefused as refused:
            fail(str(refused))
    try:
        changed = prefs.with_weights("union", weights)
    except ValueError as exc:
        fail(f"--survey {survey}: {exc}")
    listed = ", ".join(f"{name} {weight}" for name, weight in weights.items())
    err_console.print(f"the union's weights from survey {survey}: {listed}", markup=False, highlight=False)
    return changed


def _deal(
    case: Case, max_packages: int, seed: int, survey: int | None = None, db: str | None = None
) -> DealSpace:
    prefs = case.preferences
    if prefs is None:
        try:
            prefs = derived_preferences(case, bundled_priors())
        except ValueError as exc:
            fail(f"{case.id}: the case has no preferences section and {exc}; see docs/forecast.md")
        err_console.print(
            f"{case.id}: no preferences section: each side's priorities derived from the two latest "
            "proposals and the priors (docs/forecast.md)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    if survey is not None:
        prefs = _surveyed(case, prefs, survey, db)
    for name, term in prefs.space.terms:
        band = getattr(term, "grade_band", None)
        if band is not None and (case.enrollment is None or band not in case.enrollment.grade_bands):
            fail(
                f"preferences.package.terms.{name}: grade band {band!r} is not in the case's enrollment file"
            )
    return analyze(case, prefs, max_packages=max_packages, seed=seed)


@app.command(name="analyze")
def analyze_command(
    case_dir: CaseDir,
    as_: AsOption = View.mediator,
    format: FormatOption = Format.table,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart", help="HTML chart to write (default CASE-ID-deal-VIEW.html)", callback=writable
        ),
    ] = None,
    no_chart: Annotated[bool, typer.Option("--no-chart", help="do not write the chart")] = False,
    max_packages: MaxOption = 1_000_000,
    seed: SeedOption = 0,
    survey: SurveyOption = None,
    db: Db = None,
    as_of: AsOfOption = None,
    unit: UnitOption = None,
) -> None:
    """The package space from one viewpoint: offers and their costs, the gap, and (for the mediator, when
    both sides share) the frontier, the Nash and Kalai-Smorodinsky points and how far each last offer is
    from the frontier. Writes an offline HTML chart of the scores with the offers over time."""
    case = at_table(open_case_as_of(case_dir, as_of)[0], unit)
    viewpoint: Viewpoint = as_.value
    document = analysis_document(_deal(case, max_packages, seed, survey, db), viewpoint)
    if not no_chart:
        path = chart or Path(f"{case.id}-deal-{viewpoint}.html")
        try:
            write_deal_chart(document, path)
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
        document["chart_file"] = str(path)
    document.pop("chart", None)
    if format is Format.json:
        print_json(document)
    else:
        for line in analysis_lines(document):
            console.print(line, highlight=False)


@app.command(name="mediate")
def mediate_command(
    case_dir: CaseDir,
    as_: AsOption = View.mediator,
    format: FormatOption = Format.table,
    max_packages: MaxOption = 1_000_000,
    seed: SeedOption = 0,
    rounds: Annotated[int, typer.Option("--rounds", min=1, max=200, help="most texts to draft")] = 20,
    survey: SurveyOption = None,
    db: Db = None,
    as_of: AsOfOption = None,
    unit: UnitOption = None,
) -> None:
    """Single negotiating text: the mediator drafts a package, each side answers in confidence (accept, or
    the items it would change), and the text improves until both accept or nothing better exists."""
    case = at_table(open_case_as_of(case_dir, as_of)[0], unit)
    deal = _deal(case, max_packages, seed, survey, db)
    for side in SIDES:
        if deal.prefs.of(side) is None:
            fail(f"{case.id}: the {side} stated no preferences; the mediator needs both sides' answers")
    viewpoint: Viewpoint = as_.value
    document = mediation_document(deal, mediate(deal, rounds), viewpoint)
    document["explanations"] = [explain(document, r) for r in document["rounds"]]
    if format is Format.json:
        print_json(document)
        return
    console.print(f"[bold]{document['case']}[/]: single negotiating text, as {viewpoint}", highlight=False)
    for step, lines in zip(document["rounds"], document["explanations"], strict=True):
        console.print(
            f"\n[bold]Text {step['round']}[/] ({step['why']}): {issues_text(step['text']['issues'])}",
            highlight=False,
        )
        for line in lines:
            console.print(f"  {line}", highlight=False)
    ending = {
        "both_accept": "Both sides accept the text.",
        "nothing_better": "No agreement: no package the mediator could find answers what was asked.",
        "round_limit": "No agreement within the round limit.",
    }[document["ending"]]
    console.print(f"\n[bold]{ending}[/]", highlight=False)
    if document["agreed"]:
        console.print(f"Agreed text: {issues_text(document['final']['issues'])}", highlight=False)


@app.command(name="blind-bid")
def blind_bid_command(
    case_dir: CaseDir,
    issue: Annotated[
        str, typer.Argument(help="the numeric issue or money measure bid on", show_default=False)
    ],
    as_: AsOption = View.public,
    format: FormatOption = Format.table,
) -> None:
    """Blind bidding on one money gap: each side's confidential bottom lines (``bottom_lines`` in its
    preferences, one a round) settle at the midpoint in the first round they overlap; otherwise the only
    thing revealed is that they did not."""
    case = open_case(case_dir)
    prefs = case.preferences
    if prefs is None:
        fail(f"{case.id}: the case has no preferences section; see docs/case-format.md, 'preferences'")
    bids: dict[str, tuple[float, ...]] = {}
    for side in SIDES:
        party = prefs.of(side)
        own = party.bottom_line(issue) if party is not None else None
        if own is None:
            fail(f"{case.id}: the {side} has no bottom line for {issue!r} (preferences.{side}.bottom_lines)")
        bids[side] = own
    viewpoint: Viewpoint = as_.value
    result = blind_bid(issue, bids["employer"], bids["union"])
    document = blind_bid_document(result, viewpoint, bids.get(viewpoint))
    if format is Format.json:
        print_json(document)
        return
    console.print(document["summary"], highlight=False)
    if document["settled"]:
        console.print(f"settlement: {issue} = {document['value']:g}", highlight=False)
    if "your_bids" in document:
        console.print(f"your bids: {', '.join(f'{b:g}' for b in document['your_bids'])}", highlight=False)
