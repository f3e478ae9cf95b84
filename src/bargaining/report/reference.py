"""The reference class for people: base rates in words, the list of disputes, and its JSON document."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from bargaining.analysis import BaseRates, Excluded, base_rates, months_to_agreement, share_of_gap
from bargaining.model import Cited, Dispute, Position


def _total(position: Position | None) -> float | None:
    return position.total_raise_percent() if position is not None and position.raises else None


def _years(dispute: Dispute) -> str:
    if dispute.first_year == dispute.last_year:
        return dispute.first_year
    return f"{dispute.first_year} to {dispute.last_year}"


def dispute_row(dispute: Dispute) -> dict[str, Any]:
    """One dispute's headline figures (each position's raises added up over all its years, in percent)."""
    strike = dispute.strike
    settled = dispute.settlement
    return {
        "id": dispute.id,
        "employer": dispute.employer,
        "union": dispute.union,
        "state": dispute.state,
        "scope": dispute.scope,
        "first_year": dispute.first_year,
        "last_year": dispute.last_year,
        "district_last_raise_percent": _total(dispute.district_last),
        "union_last_raise_percent": _total(dispute.union_last),
        "settlement_raise_percent": _total(settled),
        "settlement_raises": [
            {"year": r.year, "through": r.through, "percent": r.percent}
            for r in (settled.raises if settled else ())
        ],
        "settlement_one_time": [
            {"dollars": p.dollars, "percent": p.percent} for p in (settled.one_time if settled else ())
        ],
        "settlement_items": [item.text for item in (settled.items if settled else ())],
        "share_of_gap": share_of_gap(dispute),
        "struck": dispute.struck,
        "strike_school_days": strike.school_days.value if strike.school_days else None,
        "months_to_agreement": months_to_agreement(dispute),
        "agreement": dispute.milestones.agreement.value.isoformat() if dispute.milestones.agreement else None,
        "missing": list(dispute.missing),
        "sources": [
            {
                "key": key,
                "title": s.title,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
            }
            for key, s in dispute.sources.items()
        ],
    }


def rates_document(rates: BaseRates) -> dict[str, Any]:
    return {
        "disputes": rates.disputes,
        "struck": rates.struck,
        "share_struck": rates.share_struck,
        "strike_days_known": rates.strike_days_known,
        "median_strike_days": rates.median_strike_days,
        "gap_known": rates.gap_known,
        "mean_share_of_gap": rates.mean_share_of_gap,
        "median_share_of_gap": rates.median_share_of_gap,
        "months_known": rates.months_known,
        "median_months_to_agreement": rates.median_months_to_agreement,
    }


def reference_document(disputes: tuple[Dispute, ...], excluded: tuple[Excluded, ...] = ()) -> dict[str, Any]:
    """The JSON document of ``bargain reference``: base rates, every dispute, and what was left out."""
    return {
        "base_rates": rates_document(base_rates(disputes)),
        "disputes": [dispute_row(d) for d in disputes],
        "excluded": [{"id": e.id, "reason": e.reason} for e in excluded],
    }


def _number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def rates_sentences(rates: BaseRates) -> list[str]:
    """The base rates in words, each saying how many disputes it rests on."""
    lines = [f"{rates.disputes} disputes."]
    if rates.share_struck is not None:
        lines.append(f"{rates.struck} of {rates.disputes} ended in a strike ({rates.share_struck:.0%}).")
    if rates.median_strike_days is not None:
        lines.append(
            f"Strikes lasted a median of {rates.median_strike_days:g} school days "
            f"({rates.strike_days_known} strikes with a known length)."
        )
    if rates.mean_share_of_gap is not None and rates.median_share_of_gap is not None:
        lines.append(
            f"Pay settled on average {rates.mean_share_of_gap:.0%} of the way from the district's last raise "
            f"to the union's (median {rates.median_share_of_gap:.0%}; {rates.gap_known} disputes with both "
            "last positions and the settlement)."
        )
    if rates.median_months_to_agreement is not None:
        lines.append(
            f"From impasse (or the start of mediation) to agreement took a median of "
            f"{rates.median_months_to_agreement:.1f} months ({rates.months_known} disputes)."
        )
    return lines


def disputes_table(disputes: tuple[Dispute, ...]) -> Table:
    table = Table(title="Disputes (each position's raises added up over all its years, in percent)")
    for name in ("dispute", "state", "years", "district", "union", "settled", "of gap", "strike days"):
        table.add_column(name, justify="left" if name in ("dispute", "state", "years") else "right")
    for d in disputes:
        row = dispute_row(d)
        days = row["strike_school_days"]
        struck = "–" if not d.struck else ("yes" if days is None else str(days))
        table.add_row(
            d.id,
            d.state,
            _years(d),
            _number(row["district_last_raise_percent"], suffix="%"),
            _number(row["union_last_raise_percent"], suffix="%"),
            _number(row["settlement_raise_percent"], suffix="%"),
            "–" if row["share_of_gap"] is None else f"{row['share_of_gap']:.0%}",
            struck,
        )
    return table


def _cell(value: float | None, suffix: str = "%") -> str:
    return "" if value is None else f"{value:g}{suffix}"


def _cite(cited: Cited) -> str:
    return f"[{cited.source}]" + (" *derived*" if cited.derived else "")


def _position_words(position: Position | None) -> str:
    if position is None:
        return "not reported"
    parts = []
    for r in position.raises:
        span = r.year if r.through is None else f"{r.year} to {r.through}"
        parts.append(f"{r.percent:g}% in {span} {_cite(r)}")
    for p in position.one_time:
        amount = f"${p.dollars:,.0f}" if p.dollars is not None else f"{p.percent:g}% of salary"
        parts.append(f"one-time {amount} {_cite(p)}")
    if position.term is not None:
        parts.append(f"a {position.term.value}-year contract {_cite(position.term)}")
    parts.extend(f"{item.text} {_cite(item)}" for item in position.items)
    return "; ".join(parts) if parts else "not reported"


_FORMAT = (
    "## The format of a dispute file",
    "",
    "`id` (lower case, e.g. `oakland-oea-2019`), `employer` and its `aliases` (names a case may",
    "use), `union`, `state` (postal code), `scope` (`district` or `statewide`), `first_year` and",
    "`last_year` of the contract (`2019-20`), `size` (`students`, `members`), the positions",
    "`district_last`, `union_last` and `settlement`, each with a `date`, `raises` (`year`, optionally",
    "`through` for a total over several years whose split no source gives, `percent`, `effective`),",
    "`one_time` (`dollars` or `percent`), `items` (`text`: non-pay terms in words) and `term` (the",
    "years of contract a side proposed, when shorter than the one signed: its raises are then read at",
    "their yearly rate over the contract's later years); `strike`",
    "(`struck`, `school_days`, `start`, `end`); `milestones` (`impasse`, `mediation`, `factfinding`,",
    "`agreement`, `ratified`: each the day it began); `missing` (what no source gives), `note`, and",
    "`sources` (a key for each: `title`, `url`, `published`). Every figure is a mapping with its",
    "`value` (or the keys above) and the key of its `source`; `derived` gives the arithmetic of a",
    "worked-out figure and `note` anything a reader should know.",
    "",
)


def reference_markdown(disputes: tuple[Dispute, ...], sampling: str | None = None) -> str:
    """The data page (docs/reference-class.md): every dispute, its figures with their sources, and gaps;
    ``sampling``, how the disputes were chosen (markdown), follows the base rates when given."""
    rates = base_rates(disputes)
    lines = [
        "# The reference class of real disputes",
        "",
        "<!-- Written by `bargain reference --format markdown`; a test fails when it differs from the",
        "data in src/bargaining/data/reference. Edit the data, then regenerate this page. -->",
        "",
        "US public-school teacher contract disputes from 2010 on, shipped with the package in",
        "`src/bargaining/data/reference/` (one YAML file per dispute). Every figure names its source in",
        "brackets; a figure worked out from sourced ones is marked *derived* and its file gives the",
        "arithmetic. What no source gave is listed under *missing* and left empty, never guessed. Raises are",
        "on-schedule percents by fiscal year; totals add the years up, as the sources quote them.",
        "",
        *_FORMAT,
        "## Base rates",
        "",
        *[f"- {line}" for line in rates_sentences(rates)],
        "",
        *([sampling.strip(), ""] if sampling else []),
        "## Summary",
        "",
        "| dispute | state | years | district's last | union's last | settled | share of gap | strike days |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for d in disputes:
        row = dispute_row(d)
        share = row["share_of_gap"]
        days = row["strike_school_days"]
        struck = "none" if not d.struck else ("yes, length unknown" if days is None else str(days))
        lines.append(
            f"| [{d.id}](#{d.id}) | {d.state} | {_years(d)} | {_cell(row['district_last_raise_percent'])} | "
            f"{_cell(row['union_last_raise_percent'])} | {_cell(row['settlement_raise_percent'])} | "
            f"{'' if share is None else f'{share:.0%}'} | {struck} |"
        )
    for d in disputes:
        lines += ["", f"## {d.id}", "", f"{d.employer} and {d.union} ({d.state}), {_years(d)}."]
        if d.note:
            lines += ["", d.note[0].upper() + d.note[1:] + "."]
        steps = d.milestones
        dated = [
            f"{name} {figure.value.isoformat()} {_cite(figure)}"
            for name, figure in (
                ("impasse", steps.impasse),
                ("mediation", steps.mediation),
                ("fact-finding", steps.factfinding),
                ("strike from", d.strike.start),
                ("strike to", d.strike.end),
                ("agreement", steps.agreement),
                ("ratified", steps.ratified),
            )
            if figure is not None
        ]
        strike = d.strike
        if strike.struck.value:
            days = (
                f"{strike.school_days.value} school days {_cite(strike.school_days)}"
                if strike.school_days
                else "length unknown"
            )
            struck_words = f"yes, {days}"
        else:
            struck_words = f"no [{strike.struck.source}]"
        lines += [
            "",
            f"- District's last position: {_position_words(d.district_last)}",
            f"- Union's last position: {_position_words(d.union_last)}",
            f"- Settlement: {_position_words(d.settlement)}",
            f"- Strike: {struck_words}",
            f"- Dates: {'; '.join(dated) if dated else 'none reported'}",
            f"- Missing: {'; '.join(d.missing) if d.missing else 'nothing listed'}",
            "- Sources:",
        ]
        for key, source in d.sources.items():
            published = source.published.isoformat() if source.published else "date not given"
            lines.append(f"  - [{key}] [{source.title}]({source.url}), {published}")
    return "\n".join(lines) + "\n"
