"""``bargain analyze``, ``bargain mediate`` and ``bargain blind-bid``: find the deal, from one viewpoint.

Each command builds the viewpoint's document (bargaining.analysis.views) and prints only that, as a table
or as JSON; the chart is drawn from the same document. What a viewpoint is not given it cannot print.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from bargaining.analysis.blind import blind_bid
from bargaining.analysis.deal import DealSpace, analyze
from bargaining.analysis.mediator import mediate
from bargaining.analysis.views import (
    Viewpoint,
    analysis_document,
    blind_bid_document,
    mediation_document,
)
from bargaining.cli.app import app, console, fail, open_case, print_json
from bargaining.model import Case, Preferences
from bargaining.report.costs import money

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


def _deal(case: Case, max_packages: int, seed: int) -> DealSpace:
    prefs = case.extra.get("preferences")
    if not isinstance(prefs, Preferences):
        fail(f"{case.id}: the case has no preferences section; see docs/case-format.md, 'preferences'")
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
        Path | None, typer.Option("--chart", help="HTML chart to write (default CASE-ID-deal-VIEW.html)")
    ] = None,
    no_chart: Annotated[bool, typer.Option("--no-chart", help="do not write the chart")] = False,
    max_packages: MaxOption = 1_000_000,
    seed: SeedOption = 0,
) -> None:
    """The package space from one viewpoint: offers and their costs, the gap, and (for the mediator, when
    both sides share) the frontier, the Nash and Kalai-Smorodinsky points and how far each last offer is
    from the frontier. Writes an offline HTML chart of the scores with the offers over time."""
    case = open_case(case_dir)
    viewpoint: Viewpoint = as_.value
    document = analysis_document(_deal(case, max_packages, seed), viewpoint)
    if not no_chart:
        path = chart or Path(f"{case.id}-deal-{viewpoint}.html")
        _write_chart(document, path)
        document["chart_file"] = str(path)
    document.pop("chart", None)
    if format is Format.json:
        print_json(document)
    else:
        _print_analysis(document)


def _issues_text(issues: dict[str, Any]) -> str:
    return ", ".join(f"{name} {_value(value)}" for name, value in issues.items())


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def _package_row(package: dict[str, Any], sides: list[str]) -> list[str]:
    return [
        _issues_text(package["issues"]),
        money(package["cost"]),
        money(package["pay_per_member"]),
        *(f"{package['scores'][s]:.1f}" for s in sides),
    ]


def _table(title: str, sides: list[str], first: list[str]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in first:
        table.add_column(name)
    table.add_column("package")
    table.add_column("cost $", justify="right")
    table.add_column("pay/member $ (PV)", justify="right")
    for side in sides:
        table.add_column(f"{side} score", justify="right")
    return table


def _print_analysis(doc: dict[str, Any]) -> None:
    space = doc["space"]
    how = "sampled" if space["sampled"] else "all"
    console.print(
        f"[bold]{doc['case']}[/] as {doc['viewpoint']}: {space['scored']:,} packages scored ({how} of "
        f"{space['size']:,}), valued on {doc['valued_on']}, fiscal years {doc['fiscal_years'][0]} to "
        f"{doc['fiscal_years'][-1]}",
        highlight=False,
    )
    offers = doc["offers"]
    sides = list(offers[0]["scores"]) if offers else []
    table = _table("Offers over time", sides, ["date", "party", "id"])
    for offer in offers:
        table.add_row(offer["date"], offer["party"], offer["id"], *_package_row(offer, sides))
    console.print(table)
    if "gap" in doc:
        gap = doc["gap"]
        console.print(
            f"Gap, {gap['union_offer']} less {gap['employer_offer']}: {money(gap['cost'])} over the horizon, "
            f"{money(gap['ongoing_cost'])} in the last year, {money(gap['pay_per_member'])} a member",
            highlight=False,
        )
    if doc.get("split_the_difference"):
        console.print(
            f"Split the difference: {_issues_text(doc['split_the_difference']['issues'])}", highlight=False
        )
    if "own" in doc:
        own = doc["own"]
        console.print(
            f"Your bottom line: {own['reservation']:.1f}; "
            f"{own['packages_meeting_bottom_line']:,} packages meet it",
            highlight=False,
        )
    if "solutions" in doc:
        sides = list(doc["reservations"])
        table = _table("Solutions", sides, ["solution"])
        for name, package in doc["solutions"].items():
            if package is None:
                table.add_row(
                    name, "(none: no package beats both bottom lines)", "", "", *["" for _ in sides]
                )
            else:
                table.add_row(name, *_package_row(package, sides))
        console.print(table)
        zopa = doc["zopa"]
        console.print(
            f"Zone of possible agreement: {zopa['packages']:,} packages"
            if zopa["exists"]
            else "No zone of possible agreement: no package meets both bottom lines",
            highlight=False,
        )
        table = _table(f"Frontier ({doc['frontier_size']:,} packages, up to 30 shown)", sides, [])
        for package in doc["frontier"]:
            table.add_row(*_package_row(package, sides))
        console.print(table)
        for side, pos in doc["last_offers"].items():
            better = pos["better_for_both"]
            console.print(
                f"{side}'s last offer {pos['proposal']}: "
                f"{pos['distance_to_frontier']:.1f} points from the frontier; "
                + (
                    f"both sides gain at least {pos['gain_for_both']:.1f} "
                    f"with {_issues_text(better['issues'])}"
                    if better
                    else "no package is better for both"
                ),
                highlight=False,
            )
    for note in doc["withheld"]:
        console.print(f"[dim]withheld: {note}[/]", highlight=False)
    if "chart_file" in doc:
        console.print(f"wrote {doc['chart_file']}", highlight=False)


def _parties(doc: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(o["party"] for o in doc["offers"]))


def _write_chart(doc: dict[str, Any], path: Path) -> None:
    """An offline Plotly page (plotly.js embedded from the installed package, no CDN)."""
    import plotly.graph_objects as go  # type: ignore[import-untyped]

    figure = go.Figure()
    chart = doc.get("chart")
    sides = list(doc["reservations"]) if "reservations" in doc else []
    if chart is not None and len(sides) == 2:
        cloud, frontier = chart["cloud"], chart["frontier"]
        figure.add_scatter(
            x=[p[0] for p in cloud],
            y=[p[1] for p in cloud],
            mode="markers",
            name="packages",
            marker={"size": 3, "color": "lightgray"},
        )
        figure.add_scatter(
            x=[p[0] for p in frontier],
            y=[p[1] for p in frontier],
            mode="lines+markers",
            name="Pareto frontier",
        )
        for name, package in doc["solutions"].items():
            if package is not None:
                figure.add_scatter(
                    x=[package["scores"]["employer"]],
                    y=[package["scores"]["union"]],
                    mode="markers",
                    name=name,
                    marker={"size": 12, "symbol": "star"},
                )
        for party in _parties(doc):
            offers = [o for o in doc["offers"] if o["party"] == party]
            figure.add_scatter(
                x=[o["scores"]["employer"] for o in offers],
                y=[o["scores"]["union"] for o in offers],
                mode="lines+markers+text",
                text=[o["date"] for o in offers],
                name=f"{party} offers",
            )
        reservations = doc["reservations"]
        figure.add_vline(x=reservations["employer"], line_dash="dot")
        figure.add_hline(y=reservations["union"], line_dash="dot")
        figure.update_layout(xaxis_title="employer score", yaxis_title="union score")
    else:
        # One side's eyes (or none): its own score of each offer over time, or the cost when none.
        key = sides[0] if sides else None
        own = doc.get("own", {}).get("side")
        for party in _parties(doc):
            offers = [o for o in doc["offers"] if o["party"] == party]
            values = [o["scores"][own] if own else o["cost"] for o in offers]
            figure.add_scatter(
                x=[o["date"] for o in offers], y=values, mode="lines+markers", name=f"{party} offers"
            )
        if own:
            figure.add_hline(y=doc["own"]["reservation"], line_dash="dot", annotation_text="your bottom line")
        figure.update_layout(xaxis_title="date", yaxis_title=f"{own} score" if own else "cost $")
        del key
    figure.update_layout(title=f"{doc['case']}: packages and offers, as {doc['viewpoint']}")
    try:
        figure.write_html(str(path), include_plotlyjs=True, full_html=True)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")


@app.command(name="mediate")
def mediate_command(
    case_dir: CaseDir,
    as_: AsOption = View.mediator,
    format: FormatOption = Format.table,
    max_packages: MaxOption = 1_000_000,
    seed: SeedOption = 0,
    rounds: Annotated[int, typer.Option("--rounds", min=1, max=200, help="most texts to draft")] = 20,
) -> None:
    """Single negotiating text: the mediator drafts a package, each side answers in confidence (accept, or
    the items it would change), and the text improves until both accept or nothing better exists."""
    case = open_case(case_dir)
    deal = _deal(case, max_packages, seed)
    for side in ("employer", "union"):
        if deal.prefs.of(side) is None:
            fail(f"{case.id}: the {side} stated no preferences; the mediator needs both sides' answers")
    viewpoint: Viewpoint = as_.value
    document = mediation_document(deal, mediate(deal, rounds), viewpoint)
    document["explanations"] = [_explain(document, r) for r in document["rounds"]]
    if format is Format.json:
        print_json(document)
        return
    console.print(f"[bold]{document['case']}[/]: single negotiating text, as {viewpoint}", highlight=False)
    for step, lines in zip(document["rounds"], document["explanations"], strict=True):
        console.print(
            f"\n[bold]Text {step['round']}[/] ({step['why']}): {_issues_text(step['text']['issues'])}",
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
        console.print(f"Agreed text: {_issues_text(document['final']['issues'])}", highlight=False)


def _explain(doc: dict[str, Any], step: dict[str, Any]) -> list[str]:
    """Plain words: why this text, what it costs the district and gives members against each side's last
    offer, and the answers this viewpoint may hear."""
    text = step["text"]
    why = {
        "opening": "Opening text: every item halfway between the two last offers.",
        "answer": f"Revised on {', '.join(step['moved']) or 'no item'} after a side asked for changes.",
        "improve": "Both sides accepted the last text; this one should suit both at least as well.",
    }[step["why"]]
    lines = [why]
    offers = doc["last_offers"]
    cost = (
        f"The district pays ${money(text['cost'])} over the horizon "
        f"(${money(text['ongoing_cost'])} in the last year)"
    )
    pay = f"each member gains ${money(text['pay_per_member'])} in present value"
    versus = []
    for side, offer in offers.items():
        who = "the district's" if side == "employer" else "the union's"
        versus.append(
            f"against {who} last offer {offer['id']}: cost {_delta(text['cost'] - offer['cost'])}, "
            f"pay per member {_delta(text['pay_per_member'] - offer['pay_per_member'])}"
        )
    lines.append(f"{cost}; {pay}.")
    lines.extend(f"  {line}." for line in versus)
    for side, score in text["scores"].items():
        whose = "Your" if doc["viewpoint"] == side else f"The {side}'s"
        lines.append(f"{whose} score: {score:.1f}.")
    if doc.get("own_reservation") is not None:
        lines.append(f"Your bottom line: {doc['own_reservation']:.1f}.")
    for side, reaction in step["reactions"].items():
        who = "You" if doc["viewpoint"] == side else f"The {side}"
        if reaction["accepts"]:
            lines.append(f"{who} accept{'s' if who != 'You' else ''}.")
        elif reaction["keeps_agreed"]:
            lines.append(f"{who} prefer{'s' if who != 'You' else ''} the text already agreed.")
        else:
            asks = ", ".join(f"{a['direction']} {a['issue']}" for a in reaction["asks"]) or "no single item"
            lines.append(f"{who} reject{'s' if who != 'You' else ''}, asking for {asks}.")
    return lines


def _delta(value: float) -> str:
    return (
        f"+${money(value)}" if value > 0.5 else ("no change" if abs(value) <= 0.5 else f"-${money(-value)}")
    )


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
    prefs = case.extra.get("preferences")
    if not isinstance(prefs, Preferences):
        fail(f"{case.id}: the case has no preferences section; see docs/case-format.md, 'preferences'")
    bids = {}
    for side in ("employer", "union"):
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
