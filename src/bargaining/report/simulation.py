"""Simulation results for people: the strike-cost table and the Monte Carlo summary tables."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from bargaining.model import Case
from bargaining.report.costs import money
from bargaining.simulate import StrikeDay, StrikeFacts, StrikeTable


def strike_document(case: Case, facts: StrikeFacts, table: StrikeTable) -> dict[str, Any]:
    members_total = district_total = 0.0
    rows = []
    for i, (day, counted, priced) in enumerate(zip(table.days, table.counted, table.expected, strict=True)):
        members_total += float(priced.members_net)
        district_total += float(priced.district_net)
        lines = {name: float(getattr(priced, name)) for name in StrikeDay.lines()}
        rows.append(
            {
                "day": i + 1,
                "date": day.isoformat(),
                "revenue_counted": counted,
                **lines,
                "members_cumulative": members_total,
                "district_cumulative": district_total,
                "members_cumulative_p5": table.members_low[i],
                "members_cumulative_p95": table.members_high[i],
                "district_cumulative_p5": table.district_low[i],
                "district_cumulative_p95": table.district_high[i],
            }
        )
    return {
        "case": case.id,
        "first_day": table.days[0].isoformat(),
        "daily_payroll": facts.daily_payroll,
        "members": facts.members,
        "rollup_rate": facts.rollup,
        "uncertain_inputs": list(table.uncertain),
        "draws": table.runs,
        "days": rows,
        "members_total": members_total,
        "district_total": district_total,
    }


def strike_rich(case: Case, facts: StrikeFacts, table: StrikeTable) -> Table:
    title = (
        f"{case.title}: a strike from {table.days[0]:%a %d %b %Y}, at expected values "
        f"(daily payroll {money(facts.daily_payroll)}, roll-up {facts.rollup:.2%})"
    )
    grid = Table(title=title, title_justify="left")
    for name in ("day", "date", "strikers", "absent students"):
        grid.add_column(name, justify="right")
    for name in ("members lose", "members to date (5-95%)"):
        grid.add_column(name, justify="right", style="magenta")
    for name in ("wages + roll-up withheld", "substitutes", "revenue lost", "other", "district net"):
        grid.add_column(name, justify="right")
    grid.add_column("district to date (5-95%)", justify="right", style="cyan")
    members_total = district_total = 0.0
    for i, (day, counted, p) in enumerate(zip(table.days, table.counted, table.expected, strict=True)):
        members_total += float(p.members_net)
        district_total += float(p.district_net)
        other = float(p.wages_repaid) + float(p.makeup_costs) + float(p.penalties) + float(p.other_costs)
        grid.add_row(
            str(i + 1),
            f"{day:%a %d %b}",
            f"{float(p.strikers):,.0f}",
            f"{float(p.absent_students):,.0f}",
            money(float(p.members_net)),
            f"{money(members_total)}\n({money(table.members_low[i])}-{money(table.members_high[i])})",
            money(float(p.wages_withheld) + float(p.rollup_withheld)),
            money(float(p.substitutes)),
            money(float(p.revenue_lost)) + ("" if counted else " (not counted)"),
            money(other),
            money(float(p.district_net)),
            f"{money(district_total)}\n({money(table.district_low[i])}-{money(table.district_high[i])})",
        )
    uncertain = ", ".join(table.uncertain) or "none"
    grid.caption = (
        f"Positive = a cost, (negative) = a saving. Bands: 5th-95th percentile over {table.runs:,} draws of "
        f"the uncertain inputs ({uncertain})."
    )
    return grid


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _number(value: object, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, str):  # a date or a fiscal year: its own unit
        return value
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{text} {unit}".strip()


def summary_tables(summary: dict[str, Any]) -> list[Table]:
    """The summary as Rich tables: outcomes, strike length, settlement, costs, sensitivity."""
    p = summary["probabilities"]
    head = Table(
        title=f"{summary['case']}: {summary['runs']:,} runs, seed {summary['seed']}", title_justify="left"
    )
    head.add_column("outcome")
    head.add_column("probability", justify="right")
    for label, key in (
        ("impasse (no deal in bargaining)", "impasse"),
        ("procedures exhausted with no deal", "procedures_exhausted"),
        ("strike", "strike"),
        ("imposition of the district's last offer", "imposition"),
        ("union returns at the strike's limit, no deal", "returned_without_deal"),
        ("unresolved", "unresolved"),
    ):
        head.add_row(label, _share(p[key]))
    for phase, share in summary["ended_in"].items():
        head.add_row(f"  ended in: {phase}", _share(share))
    spread = Table(title="Distributions", title_justify="left")
    for name in ("quantity", "mean", "p10", "median", "p90"):
        spread.add_column(name, justify="right" if name != "quantity" else "left")
    rows = [
        ("strike days, if a strike", summary["strike_days_if_strike"], "days"),
        ("days to settlement", summary["days_to_settlement"], "days"),
    ]
    rows += [(f"settlement: {name}", term, term["unit"]) for name, term in summary["settlement"].items()]
    for label, dist, unit in rows:
        spread.add_row(label, *(_number(dist.get(k), unit) for k in ("mean", "p10", "p50", "p90")))
    for side in ("union", "district"):
        cost = summary["cost"][side]
        who = "members' net lost pay" if side == "union" else "district's net strike cost"
        keys = ("mean_if_strike", "p10_if_strike", "p50_if_strike", "p90_if_strike")
        spread.add_row(f"{who}, if a strike", *("-" if cost[k] is None else money(cost[k]) for k in keys))
    sensitivity = Table(
        title="Sensitivity: correlation of each uncertain input (its quantile) with the outcome",
        title_justify="left",
    )
    columns = (
        "strike",
        "strike_days",
        "days_to_settlement",
        "union_cost",
        "district_cost",
        *summary["settlement"],
    )
    sensitivity.add_column("input")
    for name in columns:
        sensitivity.add_column(name.replace("_", " "), justify="right")
    for row in summary["sensitivity"]:
        sensitivity.add_row(row["input"], *("-" if row[c] is None else f"{row[c]:+.2f}" for c in columns))
    return [head, spread, sensitivity]


def forecast_lines(forecast: dict[str, Any]) -> list[str]:
    """The forecast block in sentences, then the priors it used and the reference disputes left out."""
    days = forecast["strike_days"]
    lines = [f"Forecast: a strike in {_share(forecast['p_strike'])} of runs."]
    if days["p50"] is not None:
        lines.append(
            f"A strike lasts {days['p50']} school days at the median (10-90%: {days['p10']} to "
            f"{days['p90']}; mean {days['mean']:.1f}); {_share(forecast['p_no_deal_after_strike'])} of "
            "strikes end without a deal."
        )
    settlement = forecast["settlement"]
    share = settlement["share_of_gap"]
    if share["p50"] is not None:
        lines.append(
            f"Pay settles {_share(share['p50'])} of the way from the district's last offer to the union's "
            f"(10-90%: {_share(share['p10'])} to {_share(share['p90'])})."
        )
    raises = settlement["raise_percent_by_fiscal_year"]
    if raises:
        lines.append(
            "Raises at the median: "
            + ", ".join(f"{year} {value:.2f}%" for year, value in raises.items())
            + "."
        )
    if settlement["nonpay_share_won"] is not None:
        lines.append(
            f"The union wins {_share(settlement['nonpay_share_won'])} of its non-pay items on average."
        )
    for used in forecast["priors_used"]:
        lines.append(f"Prior {used['prior']}: {used['value']} ({used['source']}).")
    for left in forecast["reference_excluded"]:
        lines.append(f"Left out of the reference class: {left['id']} ({left['reason']}).")
    return lines
