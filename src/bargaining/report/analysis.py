"""The deal, for people: analysis tables, the mediator's explanations in plain words, the offline chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table

from bargaining.report.costs import money


def issues_text(issues: dict[str, Any]) -> str:
    return ", ".join(f"{name} {_value(value)}" for name, value in issues.items())


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)


def _cost(package: dict[str, Any]) -> str:
    """The package's cost, and apart what parity clauses pass on of it to other units."""
    passed = package.get("me_too_cost", 0.0)
    return money(package["cost"]) + (f" ({money(passed)} passed on)" if passed else "")


def _package_row(package: dict[str, Any], sides: list[str]) -> list[str]:
    return [
        issues_text(package["issues"]),
        _cost(package),
        money(package["pay_per_member"]),
        *(f"{package['scores'][s]:.1f}" for s in sides),
    ]


def _table(title: str, sides: list[str], first: list[str]) -> Table:
    table = Table(title=title, title_justify="left")
    for name in first:
        table.add_column(name)
    table.add_column("package")
    table.add_column("cost $", justify="right")
    table.add_column("pay/member $", justify="right")
    for side in sides:
        table.add_column(f"{side} score", justify="right")
    return table


def analysis_lines(doc: dict[str, Any]) -> list[Any]:
    """The analysis document as lines and tables, ready to print (markup allowed in the lines)."""
    out: list[Any] = []
    space = doc["space"]
    how = "sampled" if space["sampled"] else "all"
    out.append(
        f"[bold]{doc['case']}[/] as {doc['viewpoint']}: {space['scored']:,} packages scored ({how} of "
        f"{space['size']:,}), valued on {doc['valued_on']}, fiscal years {doc['fiscal_years'][0]} to "
        f"{doc['fiscal_years'][-1]}"
    )
    offers = doc["offers"]
    sides = list(offers[0]["scores"]) if offers else []
    table = _table("Offers over time", sides, ["date", "party", "id"])
    for offer in offers:
        table.add_row(offer["date"], offer["party"], offer["id"], *_package_row(offer, sides))
    out.append(table)
    if "gap" in doc:
        gap = doc["gap"]
        out.append(
            f"Gap, {gap['union_offer']} less {gap['employer_offer']}: {money(gap['cost'])} over the horizon, "
            f"{money(gap['ongoing_cost'])} ongoing in the last year, {money(gap['pay_per_member'])} a member"
            + (
                f"; {money(gap['me_too_cost'])} of the cost passed on to other units"
                if gap["me_too_cost"]
                else ""
            )
        )
    if doc.get("split_the_difference"):
        out.append(f"Split the difference: {issues_text(doc['split_the_difference']['issues'])}")
    if "own" in doc:
        own = doc["own"]
        out.append(
            f"Your bottom line: {own['reservation']:.1f}; "
            f"{own['packages_meeting_bottom_line']:,} packages meet it"
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
        out.append(table)
        zopa = doc["zopa"]
        out.append(
            f"Zone of possible agreement: {zopa['packages']:,} packages"
            if zopa["exists"]
            else "No zone of possible agreement: no package meets both bottom lines"
        )
        table = _table(f"Frontier ({doc['frontier_size']:,} packages, up to 30 shown)", sides, [])
        for package in doc["frontier"]:
            table.add_row(*_package_row(package, sides))
        out.append(table)
        for side, pos in doc["last_offers"].items():
            better = pos["better_for_both"]
            out.append(
                f"{side}'s last offer {pos['proposal']}: "
                f"{pos['distance_to_frontier']:.1f} points from the frontier; "
                + (
                    f"both sides gain at least {pos['gain_for_both']:.1f} "
                    f"with {issues_text(better['issues'])}"
                    if better
                    else "no package is better for both"
                )
            )
    for note in doc["withheld"]:
        out.append(f"[dim]withheld: {note}[/]")
    if "chart_file" in doc:
        out.append(f"wrote {doc['chart_file']}")
    return out


def _parties(doc: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(o["party"] for o in doc["offers"]))


def write_deal_chart(doc: dict[str, Any], path: Path) -> None:
    """An offline Plotly page (plotly.js embedded from the installed package, no CDN); raises OSError."""
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
    figure.write_html(str(path), include_plotlyjs=True, full_html=True)


def explain(doc: dict[str, Any], step: dict[str, Any]) -> list[str]:
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
    passed = text.get("me_too_cost", 0.0)
    cost = (
        f"The district pays ${money(text['cost'])} over the horizon "
        f"(${money(text['ongoing_cost'])} ongoing in the last year"
        + (f"; ${money(passed)} of it passed on to other units by parity clauses)" if passed else ")")
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
