"""Cost results as JSON-ready documents (snake_case keys, unrounded dollars) and Rich tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.table import Table

from bargaining.budget import PublicDisclosure
from bargaining.costing import COMPONENTS, CostContext, Gap, PassedOn, ProposalCost, StatusQuo
from bargaining.model import Case, Unit
from bargaining.report.words import COMPONENT_WORDS, DISCLOSURE_WORDS, passed_on_heading


def money(value: float) -> str:
    """Whole dollars with thousands separators; negatives in parentheses as finance offices write them."""
    rounded = round(value)
    return f"({-rounded:,})" if rounded < 0 else f"{rounded:,}"


def millions(value: float) -> str:
    """Dollars as millions with one decimal, for overviews that must fit a terminal."""
    return f"({-value / 1e6:,.1f})" if value < -5e4 else f"{value / 1e6:,.1f}"


def overview_table(title: str, costs: Sequence[ProposalCost]) -> Table:
    """One row per proposal: who, when, and its cost in $ millions over the horizon."""
    table = Table(title=title, title_justify="left", caption="$ millions over the horizon")
    for name in ("date", "party", "proposal"):
        table.add_column(name)
    for name in ("total", "ongoing (last year)", "one-time", "back pay"):
        table.add_column(name, justify="right")
    for cost in costs:
        p = cost.proposal
        table.add_row(
            str(p.date),
            p.party,
            p.id,
            millions(cost.total),
            millions(cost.ongoing),
            millions(cost.one_time),
            millions(cost.back_pay),
        )
    return table


def proposal_document(cost: ProposalCost) -> dict[str, Any]:
    """One proposal's cost; per-member figures divide by its own unit's employees (``Roster.headcount``)."""
    proposal = cost.proposal
    members = cost.members
    years = [
        {
            "fiscal_year": label,
            "components": {name: cost.components[name][i] for name in COMPONENTS},
            "total": cost.year_total(i),
            "recurring": cost.recurring[i],
            "one_time": cost.one_time_by_year[i],
            "back_pay_earned": cost.back_pay_earned[i],
            "back_pay_paid": cost.back_pay_paid[i],
            "members_health": cost.members_health[i],
            "per_member": cost.year_total(i) / members if members else 0.0,
        }
        for i, label in enumerate(cost.fiscal_years)
    ]
    return {
        "id": proposal.id,
        "party": proposal.party,
        "date": proposal.date.isoformat(),
        "title": proposal.title,
        "answers": proposal.answers,
        "unit": cost.unit,
        "years": years,
        "total": cost.total,
        "ongoing": cost.ongoing,
        "carried_forward": cost.carried_forward,
        "one_time": cost.one_time,
        "back_pay": cost.back_pay,
        "ongoing_equivalent": cost.ongoing_equivalent,
        "added_fte": cost.added_fte,
        "cliffs": [
            {"term": c.term, "type": c.type, "sunset": c.sunset.isoformat(), "cliff_year": c.cliff_year}
            for c in cost.cliffs
        ],
        "warnings": [{"code": w.code, "message": w.message, "term": w.term} for w in cost.warnings],
        "me_too": [passed_on_document(passed) for passed in cost.me_too],
    }


def passed_on_document(passed: PassedOn) -> dict[str, Any]:
    """What one parity clause passes on: the follower's cost by fiscal year, apart from the proposal's."""
    cost = passed.cost
    return {
        "unit": passed.unit,
        "title": passed.title,
        "follows": passed.follows,
        "terms": list(passed.terms),
        "heading": passed_on_heading(passed.title),
        "years": [
            {
                "fiscal_year": label,
                "components": {name: cost.components[name][i] for name in COMPONENTS},
                "total": cost.year_total(i),
                "recurring": cost.recurring[i],
                "one_time": cost.one_time_by_year[i],
            }
            for i, label in enumerate(cost.fiscal_years)
        ],
        "total": cost.total,
        "ongoing": cost.ongoing,
        "one_time": cost.one_time,
        "back_pay": cost.back_pay,
    }


def status_quo_document(sq: StatusQuo) -> dict[str, Any]:
    return {
        "years": [
            {
                "fiscal_year": label,
                "salary": sq.salary[i],
                "statutory": sq.statutory[i],
                "health": sq.health[i],
                "total": sq.total[i],
                "cost_of_one_percent": sq.cost_of_one_percent[i],
                "step_column_gross": sq.step_column_gross[i],
                "breakage": sq.breakage[i],
                "step_column_net": sq.step_column_net[i],
                "members_health": sq.members_health[i],
            }
            for i, label in enumerate(sq.fiscal_years)
        ],
        "fte": sq.fte,
        "members": sq.members,
    }


def cost_disclosure_document(table: PublicDisclosure) -> dict[str, Any]:
    """Section A of the public disclosure as `bargain cost` shows it (``percent_change`` as a fraction)."""
    return {
        "columns": ["prior", *table.fiscal_years],
        "rows": {name: list(values) for name, values in table.rows.items()},
        "represented_fte": table.represented_fte,
        "average_cost_per_employee": list(table.average_cost_per_employee),
        "percent_change": [value / 100.0 for value in table.percent_change],
        "back_pay_paid": list(table.back_pay_paid),
    }


def assumptions_document(case: Case) -> list[dict[str, Any]]:
    """Every unit value and rate the costing uses, each with the date it applies from where it is dated;
    with several units, each unit's, its name first."""
    if not case.other_units:
        return _unit_assumptions(case.unit)
    found = []
    for unit in case.units:
        for item in _unit_assumptions(unit):
            found.append({**item, "name": f"{unit.title or unit.name}: {item['name']}"})
    return found


def _unit_assumptions(unit: Unit) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {"name": "Members costed", "value": unit.roster.headcount},
        {"name": "FTE costed", "value": float(unit.roster.fte.sum())},
    ]
    items += [
        {"name": "Statutory benefits, share of pay", "value": rate, "from": day.isoformat()}
        for day, rate in unit.statutory_rate.changes
    ]
    for line in unit.statutory:  # the lines that total to it, each on its own base
        for tier in line.tiers or (None,):
            rate = tier.rate if tier else line.rate
            name = f"{line.name} ({tier.name}, {tier.share:.0%} of FTE)" if tier else line.name
            items += [
                {"name": f"{name}, share of {line.base} pay", "value": value, "from": day.isoformat()}
                for day, value in rate.changes
            ]
        if line.wage_base is not None:
            items += [
                {"name": f"{line.name}, wage base per member", "value": value, "from": day.isoformat()}
                for day, value in line.wage_base.changes
            ]
    items += [
        {"name": "Health and welfare per FTE a year", "value": unit.health_per_fte},
    ]
    if unit.health is not None:  # the plans behind it
        health = unit.health
        items += [
            {"name": f"Health: {plan}, {tier.name}: FTE enrolled", "value": tier.fte}
            for plan, tier in health.tiers()
        ]
        items += [
            {"name": f"Health: {plan}, {tier.name}: yearly premium", "value": tier.premium}
            for plan, tier in health.tiers()
        ]
        items += [{"name": "Health: yearly premium trend", "value": health.trend}]
        cap, share = health.cap_and_share
        items += [{"name": "Health: employer's cap per enrolled FTE (0: none)", "value": cap}]
        items += [{"name": "Health: employer's share above the cap", "value": share}]
    items += [
        {"name": "Step and column, gross yearly drift (share of payroll)", "value": unit.step_column},
        {"name": "Breakage, yearly saving from turnover (share of payroll)", "value": unit.breakage},
        {"name": "Salary of an added position", "value": unit.new_hire_salary},
    ]
    return items


def sources_document(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "title": s.title,
            "url": s.url,
            "date": s.date.isoformat() if s.date else None,
            "note": s.note,
        }
        for s in case.sources
    ]


def cost_document(
    ctx: CostContext, costs: Sequence[ProposalCost], sq: StatusQuo, disclosures: Sequence[PublicDisclosure]
) -> dict[str, Any]:
    """The document ``bargain cost --format json`` prints."""
    proposals = []
    for cost, table in zip(costs, disclosures, strict=True):
        document = proposal_document(cost)
        document["disclosure"] = cost_disclosure_document(table)
        proposals.append(document)
    return {
        "case": ctx.case.id,
        "fiscal_years": list(ctx.case.calendar.labels),
        "status_quo": status_quo_document(sq),
        "proposals": proposals,
        "assumptions": assumptions_document(ctx.case),
        "sources": sources_document(ctx.case),
    }


def gap_document(case_id: str, gap: Gap) -> dict[str, Any]:
    """The document ``bargain compare --format json`` prints: B minus A."""
    return {
        "case": case_id,
        "a": gap.a.proposal.id,
        "b": gap.b.proposal.id,
        "fiscal_years": list(gap.a.fiscal_years),
        "years": [
            {
                "fiscal_year": label,
                "a": gap.a.year_total(i),
                "b": gap.b.year_total(i),
                "gap": gap.year_totals[i],
                "components": {name: gap.components[name][i] for name in COMPONENTS},
            }
            for i, label in enumerate(gap.a.fiscal_years)
        ],
        "total": {"a": gap.a.total, "b": gap.b.total, "gap": gap.total},
    }


def cost_table(cost: ProposalCost, title: str | None = None) -> Table:
    proposal = cost.proposal
    title = title or f"{proposal.id} ({proposal.party}, {proposal.date})"
    table = Table(title=title, title_justify="left")
    table.add_column("component")
    for label in cost.fiscal_years:
        table.add_column(label, justify="right")
    table.add_column("total", justify="right")
    for name in COMPONENTS:
        values = cost.components[name]
        if any(abs(v) >= 0.5 for v in values):
            table.add_row(COMPONENT_WORDS.get(name, name), *(money(v) for v in values), money(sum(values)))
    table.add_row("total", *(money(v) for v in cost.year_totals), money(cost.total), style="bold")
    table.caption = (
        f"ongoing in {cost.fiscal_years[-1]} {money(cost.ongoing)} · carried past the horizon"
        f" {money(cost.carried_forward)} a year · one-time {money(cost.one_time)} · back pay"
        f" {money(cost.back_pay)} · if sunsets renewed {money(cost.ongoing_equivalent)}"
    )
    return table


def gap_table(gap: Gap, fmt: Callable[[float], str] = money) -> Table:
    caption = "$ millions" if fmt is millions else "dollars"
    table = Table(
        title=f"{gap.b.proposal.id} minus {gap.a.proposal.id}", title_justify="left", caption=caption
    )
    table.add_column("component")
    for label in gap.a.fiscal_years:
        table.add_column(label, justify="right")
    table.add_column("total", justify="right")
    table.add_row(gap.a.proposal.id, *(fmt(v) for v in gap.a.year_totals), fmt(gap.a.total))
    table.add_row(gap.b.proposal.id, *(fmt(v) for v in gap.b.year_totals), fmt(gap.b.total))
    for name in COMPONENTS:
        values = gap.components[name]
        if any(abs(v) >= 0.5 for v in values):
            table.add_row(
                f"gap: {COMPONENT_WORDS.get(name, name).lower()}", *(fmt(v) for v in values), fmt(sum(values))
            )
    table.add_row("gap", *(fmt(v) for v in gap.year_totals), fmt(gap.total), style="bold")
    return table


def cost_disclosure_table(cost: ProposalCost, table: PublicDisclosure) -> Table:
    out = Table(
        title=f"Disclosure: {cost.proposal.id} (back pay counted in the year it is paid)",
        title_justify="left",
    )
    out.add_column("")
    for label in ("prior", *table.fiscal_years):
        out.add_column("cost before" if label == "prior" else label, justify="right")
    for name, values in table.rows.items():
        out.add_row(DISCLOSURE_WORDS.get(name, name), *(money(v) for v in values))
    out.add_row("average cost per employee", "", *(money(v) for v in table.average_cost_per_employee))
    out.add_row("change in total compensation", "", *(f"{v:.2f}%" for v in table.percent_change))
    return out
