"""What a proposal's cost comes with besides the numbers: warnings (retroactive terms, terms not costed,
sunsets, suspicious values, added positions without FTE), the cliffs where a term sunsets, and the FTE each
staffing term adds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from bargaining.costing import lines
from bargaining.costing.batch import ProposalBatch, TermBatch
from bargaining.costing.context import CostContext, day_number
from bargaining.model import Caseload, ClassSize, Language, MinimumSalary, Proposal, Term, limits


@dataclass(frozen=True)
class CostWarning:
    code: str
    message: str
    term: int | None = None


@dataclass(frozen=True)
class Cliff:
    term: int
    type: str
    sunset: dt.date
    cliff_year: str | None  # first fiscal year without the term; None when after the horizon


def cliffs(ctx: CostContext, proposal: Proposal) -> tuple[Cliff, ...]:
    """The first fiscal year with no pay period of each sunsetting term (a term is paid for every
    period that starts on or before its sunset, so a mid-June sunset still pays June)."""
    labels = ctx.case.calendar.labels
    cliffs = []
    for index, term in enumerate(proposal.terms):
        if term.sunset is None:
            continue
        first_unpaid = int(np.searchsorted(ctx.period_start, day_number(term.sunset), side="right"))
        year = first_unpaid // ctx.periods_per_year + (1 if first_unpaid % ctx.periods_per_year else 0)
        label = labels[year] if year < len(labels) else None
        cliffs.append(Cliff(term=index, type=term.type, sunset=term.sunset, cliff_year=label))
    return tuple(cliffs)


def _suspicious(term: Term, index: int, kind: str) -> list[CostWarning]:
    """Values allowed but most likely typos: a percent below 0.1 (0.02 for 2%), a salary under 1,000."""
    found = []
    percent = getattr(term, "percent", None)
    if percent is not None and 0 < abs(percent) < limits.SUSPICIOUS_PERCENT:
        found.append(
            CostWarning(
                "suspicious_value",
                f"term {index + 1} ({kind}): percent {percent:g} is below {limits.SUSPICIOUS_PERCENT:g}; "
                f"percents are written as 2 for 2%, not 0.02",
                index,
            )
        )
    salaries = [(key, getattr(term, key, None)) for key in ("salary", "cost_per_fte")]
    if isinstance(term, MinimumSalary):
        salaries.append(("amount", term.amount))
    for key, value in salaries:
        if value is not None and 0 < value < limits.SUSPICIOUS_SALARY:
            found.append(
                CostWarning(
                    "suspicious_value",
                    f"term {index + 1} ({kind}): {key.replace('_', ' ')} {value:,.0f} is under "
                    f"{limits.SUSPICIOUS_SALARY:,.0f}; salaries are yearly dollars",
                    index,
                )
            )
    return found


def cost_warnings(ctx: CostContext, proposal: Proposal, batch: ProposalBatch) -> tuple[CostWarning, ...]:
    found = []
    for index, term in enumerate(proposal.terms):
        kind = term.type.replace("_", " ")  # the type in words, numbered from 1 (issue 15)
        effective = getattr(term, "effective", None)
        if effective is not None and effective < proposal.date:
            found.append(
                CostWarning(
                    "retroactive",
                    f"term {index + 1} ({kind}) takes effect {effective}, "
                    f"before the proposal date {proposal.date}: back pay is owed",
                    index,
                )
            )
        found += _suspicious(term, index, kind)
        if isinstance(term, Language):
            found.append(
                CostWarning(
                    "not_costed", f"term {index + 1} ({term.article or 'language'}) has no direct cost", index
                )
            )
        if term.sunset is not None:
            found.append(
                CostWarning(
                    "sunset",
                    f"term {index + 1} ({kind}) ends {term.sunset}; its cost stops then",
                    index,
                )
            )
        if isinstance(term, ClassSize | Caseload):
            fte = _term_fte(ctx, batch.terms[index])
            if fte == 0:
                found.append(
                    CostWarning(
                        "no_added_fte",
                        f"term {index + 1} ({kind}) needs no positions beyond today's",
                        index,
                    )
                )
    return tuple(found)


def _term_fte(ctx: CostContext, term: TermBatch) -> float:
    """FTE one term adds on its own, in its first period in effect."""
    if term.type == "class_size":
        return float(lines.class_size_fte(ctx, [term])[0].max())
    return float(lines.caseload_in_effect(ctx, [term])[0].max())


def added_fte(ctx: CostContext, batch: ProposalBatch) -> dict[str, float]:
    """The most FTE in effect at any one time, by kind of term."""
    kinds: dict[str, list[TermBatch]] = {}
    for term in batch.terms:
        kinds.setdefault(term.type, []).append(term)
    added: dict[str, float] = {}
    for kind, rule in (("class_size", lines.CLASS_SIZE), ("caseload", lines.CASELOAD)):
        if kind in kinds:
            added[kind] = float(lines.positions_fte(ctx, kinds[kind], rule)[0].max())
    if "staffing" in kinds:
        staffed = sum(term["fte"][0] * lines.active(ctx, term)[0] for term in kinds["staffing"])
        # The largest change in effect at any time: a cut shows as negative FTE, not as zero.
        added["staffing"] = float(staffed[np.argmax(np.abs(staffed))])
    return added
