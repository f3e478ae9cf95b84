"""Cost proposals: incremental over the status quo, by fiscal year and component."""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bargaining.costing import health, lines, paid, schedule, statutory
from bargaining.costing.batch import ProposalBatch, TermBatch, stack
from bargaining.costing.blocks import HEALTH_TYPES
from bargaining.costing.context import CostContext, FloatArray, day_number
from bargaining.costing.lines import COMPONENTS
from bargaining.costing.notes import Cliff, CostWarning, added_fte, cliffs, cost_warnings
from bargaining.model import Case, Proposal, passed_on


@dataclass(frozen=True)
class BatchCost:
    """Per-period costs of V variants: component name -> (V, P) array."""

    per_period: dict[str, FloatArray]
    members_health: FloatArray | None = None  # (V, P) change in what members pay for health, when any

    def total_per_period(self) -> FloatArray:
        total: FloatArray = sum(self.per_period.values())  # type: ignore[assignment]
        return total

    def by_year(self, ctx: CostContext) -> dict[str, FloatArray]:
        """Component name -> (V, Y)."""
        return {name: ctx.by_year(values) for name, values in self.per_period.items()}

    def totals(self) -> FloatArray:
        """(V,) cost over the whole horizon."""
        result: FloatArray = sum(values.sum(axis=1) for values in self.per_period.values())
        return result


# Variants x roles x pay periods costed at once (2 MB a float array). Every variant is costed alone, so a
# batch may be cut anywhere; arrays this small stay in the processor's cache, where a work-day calendar's
# (~15x the periods of monthly pay) whole-batch arrays cost more in fresh memory than in arithmetic
# (docs/performance.md). Monthly batches are as fast either way.
CHUNK_CELLS = 250_000


def cost_batch(ctx: CostContext, batch: ProposalBatch) -> BatchCost:
    """Cost V variants of one proposal structure in a few passes of array arithmetic."""
    step = max(1, CHUNK_CELLS // max(1, len(ctx.roles) * ctx.period_start.size))
    if batch.size <= step:
        return _finite_batch(ctx, _cost_rows(ctx, batch))
    # Each piece is written into the whole batch's arrays as it is costed, so only one piece is held.
    per_period: dict[str, FloatArray] = {}
    members: FloatArray | None = None
    for start in range(0, batch.size, step):
        stop = min(start + step, batch.size)
        part = _cost_rows(ctx, _rows(batch, start, stop))
        for name, values in part.per_period.items():
            whole = per_period.setdefault(name, np.zeros((batch.size, values.shape[1])))
            if values.any():  # a component no term touches stays untouched zeros, never written
                whole[start:stop] = values
        if part.members_health is not None:
            if members is None:
                members = np.zeros((batch.size, part.members_health.shape[1]))
            members[start:stop] = part.members_health
    return _finite_batch(ctx, BatchCost(per_period, members))


def _rows(batch: ProposalBatch, start: int, stop: int) -> ProposalBatch:
    """Variants ``start`` to ``stop`` of a batch."""
    terms = tuple(
        dataclasses.replace(term, values={name: v[start:stop] for name, v in term.values.items()})
        for term in batch.terms
    )
    return ProposalBatch(terms=terms, dates=batch.dates[start:stop], size=stop - start)


def _cost_rows(ctx: CostContext, batch: ProposalBatch) -> BatchCost:
    size, n_periods = batch.size, ctx.period_start.size
    kinds: dict[str, list[TermBatch]] = {}
    for term in batch.terms:
        kinds.setdefault(term.type, []).append(term)
    out = {name: np.zeros((size, n_periods)) for name in COMPONENTS}
    hire = None
    if ctx.layout is not None:  # pay on the salary schedules, cell by cell
        grid = schedule.grid_pay(ctx, batch)
        base, pay = grid.base, grid.pay
        if grid.hires is not None:
            hire = functools.partial(grid.hire_pay, ctx)
    else:
        base = lines.base_pay(ctx, kinds.get("step_freeze", []), size)
        raises, adds = kinds.get("raise", []), kinds.get("schedule_add", [])
        factor = lines.schedule_factor(ctx, raises, size)
        pay = base * factor + lines.schedule_adds(ctx, adds, raises, size)
    out["salary"] = (pay - base).sum(axis=1)
    out["step_column"] = (base - ctx.base[None, :, :]).sum(axis=1)
    paid_once = np.zeros_like(pay)  # (V, G, P) one-time pay by role
    for term in kinds.get("one_time", []):
        paid_once += lines.one_time(ctx, term, pay)
    out["one_time"] = paid_once.sum(axis=1)
    out["statutory"] = ctx.statutory[None, :] * (out["salary"] + out["step_column"])
    if ctx.rollup is not None:
        out["statutory"] += ctx.rollup.one_time[None, :] * out["one_time"]
        if ctx.rollup.has_capped:
            out["statutory"] += statutory.capped_cost(ctx.rollup, pay, paid_once, ctx.base)
    for term in kinds.get("health", []):
        out["health"] += lines.health(ctx, term)
    members = None
    plan_terms = [term for term in batch.terms if term.type in HEALTH_TYPES]
    if plan_terms:
        employer, members = health.plan_cost(ctx, plan_terms, size)
        out["health"] += employer
    for term in kinds.get("staffing", []):
        out["staffing"] += lines.staffing(ctx, term, hire)
    if "class_size" in kinds:
        out["class_size"] = lines.positions_cost(ctx, kinds["class_size"], lines.CLASS_SIZE, hire)
    if "caseload" in kinds:
        out["caseload"] = lines.positions_cost(ctx, kinds["caseload"], lines.CASELOAD, hire)
    return BatchCost(out, members)


def _finite_batch(ctx: CostContext, result: BatchCost) -> BatchCost:
    """``result`` when every variant's every cost, and its total, is a finite number; else CostNotFinite
    naming the first variant, component and fiscal year that is not (every face costs through here)."""
    size = next(iter(result.per_period.values())).shape[0]
    parts = dict(result.per_period)
    if result.members_health is not None:
        parts["members' health"] = result.members_health
    for name, values in parts.items():
        if np.isfinite(values).all():
            continue
        bad = np.argwhere(~np.isfinite(values))
        if bad.size:
            variant, period = (int(i) for i in bad[0])
            label = ctx.case.calendar.labels[
                min(period // ctx.periods_per_year, len(ctx.case.calendar.labels) - 1)
            ]
            raise CostNotFinite(
                f"variant {variant + 1} of {size}: the {name} cost of {label} is not a finite number of"
                " dollars; check the amounts of its terms"
            )
    with np.errstate(over="ignore"):
        totals = result.totals()
    if not np.isfinite(totals).all():
        variant = int(np.argmin(np.isfinite(totals)))
        raise CostNotFinite(
            f"variant {variant + 1} of {size}: its total is beyond any finite number of dollars"
        )
    return result


@dataclass(frozen=True)
class ProposalCost:
    """One proposal's cost: components and totals by fiscal year, plus what a finance office asks next."""

    proposal: Proposal
    fiscal_years: tuple[str, ...]
    components: dict[str, tuple[float, ...]]  # component -> per fiscal year
    back_pay: float  # cost earned in pay periods before the proposal date (retroactive pay)
    ongoing_equivalent: float  # the horizon total if every sunsetting term were renewed
    cliffs: tuple[Cliff, ...]
    warnings: tuple[CostWarning, ...]
    added_fte: dict[str, float]  # class_size / caseload FTE the terms require
    # Per fiscal year: the recurring cost (what is built into the schedules and staffing from the
    # proposal's date on and does not sunset inside the horizon); the rest of each year is one-time.
    recurring: tuple[float, ...] = ()
    carried_forward: float = 0.0  # the recurring cost of the horizon's last pay period, for a whole year
    back_pay_earned: tuple[float, ...] = ()  # back pay by the fiscal year it was earned
    back_pay_paid: tuple[float, ...] = ()  # back pay by the fiscal year it is paid (the disclosure's view)
    # Per fiscal year, the change in what members pay for health (premiums less the employer's part): not a
    # cost to the district, shown apart.
    members_health: tuple[float, ...] = ()
    unit: str = ""  # the unit the proposal is costed for (its roster, schedules and benefits)
    unit_title: str = ""  # how pages name that unit
    members: int = 0  # the unit's employees (``Roster.headcount``), which per-member figures divide by
    # What the case's parity clauses pass on to other units when this proposal is settled: shown apart,
    # never in this cost's totals.
    me_too: tuple[PassedOn, ...] = ()

    def year_total(self, index: int) -> float:
        return float(sum(values[index] for values in self.components.values()))

    @property
    def year_totals(self) -> tuple[float, ...]:
        return tuple(self.year_total(i) for i in range(len(self.fiscal_years)))

    @property
    def total(self) -> float:
        return float(sum(self.year_totals))

    @property
    def with_passed_on(self) -> float:
        """What settling the proposal costs the district over the horizon: its own total and what the
        parity clauses pass on to the other units (``me_too``)."""
        return self.total + float(sum(passed.cost.total for passed in self.me_too))

    @property
    def one_time_by_year(self) -> tuple[float, ...]:
        """Back pay, one-time payments and terms that sunset inside the horizon, each in its year."""
        return tuple(t - r for t, r in zip(self.year_totals, self.recurring, strict=True))

    @property
    def one_time(self) -> float:
        return float(sum(self.one_time_by_year))

    @property
    def ongoing(self) -> float:
        """The recurring cost in the horizon's last fiscal year."""
        return self.recurring[-1] if self.recurring else 0.0


@dataclass(frozen=True)
class PassedOn:
    """What one parity clause passes on to its unit: the leader's terms of the kinds it names, costed on
    the follower's own roster, schedules and benefits."""

    unit: str
    title: str
    follows: str
    terms: tuple[str, ...]  # the kinds of term the clause passes on
    cost: ProposalCost


def cost_proposal(ctx: CostContext, proposal: Proposal) -> ProposalCost:
    """Cost one proposal for its unit and explain it: retroactivity, sunsets and items not costed; with
    the case's parity clauses, what they pass on to the other units (``me_too``), costed on theirs."""
    own = ctx.for_proposal(proposal)
    cost = _explained(own, proposal)
    if not ctx.case.me_too:
        return cost
    passed = tuple(
        PassedOn(
            unit=clause.unit,
            title=ctx.for_unit(clause.unit).unit.title or clause.unit,
            follows=clause.follows,
            terms=tuple(clause.terms),
            cost=_explained(ctx.for_unit(clause.unit), follower),
        )
        for clause, follower in passed_on(ctx.case.me_too, own.unit.name, proposal)
    )
    return dataclasses.replace(cost, me_too=passed)


def _explained(ctx: CostContext, proposal: Proposal) -> ProposalCost:
    try:
        return _cost_proposal(ctx, proposal)
    except CostNotFinite as exc:
        # cost_batch names the variant; here there is one, the proposal.
        text = str(exc).removeprefix("variant 1 of 1: ")
        if text.startswith("proposal "):
            raise
        raise CostNotFinite(f"proposal {proposal.id!r}: {text}") from None


def _cost_proposal(ctx: CostContext, proposal: Proposal) -> ProposalCost:
    batch = stack([proposal])
    result = cost_batch(ctx, batch)
    yearly = result.by_year(ctx)
    fiscal_years = ctx.case.calendar.labels
    # Back pay is the pay (and its roll-up) earned before the proposal's date; positions never filled in
    # those months are owed nothing.
    before = ctx.period_start < day_number(proposal.date)
    earned = sum(result.per_period[name][0] for name in ("salary", "step_column", "one_time", "statutory"))
    back_pay = float(np.asarray(earned)[before].sum())
    earned_before = np.asarray(earned)[None, :] * before
    renewed = proposal.model_copy(
        update={"terms": tuple(t.model_copy(update={"sunset": None}) for t in proposal.terms)}
    )
    # With no sunset the renewed proposal is the proposal itself: no second pass.
    sunsets = any(t.sunset is not None for t in proposal.terms)
    ongoing_equivalent = float((cost_batch(ctx, stack([renewed])) if sunsets else result).totals()[0])
    recurring = recurring_cost(ctx, batch, result)[0]
    return check_finite(
        ProposalCost(
            proposal=proposal,
            fiscal_years=fiscal_years,
            components={name: tuple(float(v) for v in yearly[name][0]) for name in COMPONENTS},
            back_pay=back_pay,
            ongoing_equivalent=ongoing_equivalent,
            cliffs=cliffs(ctx, proposal),
            warnings=cost_warnings(ctx, proposal, batch),
            added_fte=added_fte(ctx, batch),
            recurring=tuple(float(v) for v in ctx.by_year(recurring)),
            carried_forward=float(recurring[-1]) * ctx.periods_per_year,
            back_pay_earned=tuple(float(v) for v in ctx.by_year(earned_before)[0]),
            back_pay_paid=tuple(
                float(v) for v in paid.back_pay_by_year(ctx, earned_before, proposal.date)[0]
            ),
            members_health=tuple(
                float(v)
                for v in (
                    ctx.by_year(result.members_health)[0]
                    if result.members_health is not None
                    else np.zeros(ctx.n_years)
                )
            ),
            unit=ctx.unit.name,
            unit_title=ctx.unit.title or ctx.unit.name,
            members=ctx.unit.roster.headcount,
        )
    )


def recurring_cost(ctx: CostContext, batch: ProposalBatch, result: BatchCost | None = None) -> FloatArray:
    """(V, P) the cost that recurs, the one rule for a proposal's ``ongoing`` and the analysis's
    ``ongoing_cost``: each variant without its one-time payments and without the terms that sunset inside
    the horizon (on or before its last day), counted from the variant's date (what is earned before it is
    back pay). ``result`` is the batch's cost when already worked out."""
    calendar = ctx.case.calendar
    horizon_end = day_number(calendar.year_start(calendar.last_year + 1)) - 1
    kept: list[TermBatch] = []
    changed = False
    for term in batch.terms:
        if term.type == "one_time":
            changed = True
            continue
        sunset = term.values.get("sunset")
        if sunset is not None and (sunset <= horizon_end).any():
            # Never in effect where it sunsets inside the horizon: its sunset moved before its start.
            gone = sunset <= horizon_end
            values = dict(term.values)
            values["sunset"] = np.where(gone, term["effective"] - 1.0, sunset)
            term = dataclasses.replace(term, values=values)
            changed = True
        kept.append(term)
    if not changed and result is not None:
        per_period = result.total_per_period()
    elif not kept:
        return np.zeros((batch.size, ctx.period_start.size))
    else:
        per_period = cost_batch(ctx, dataclasses.replace(batch, terms=tuple(kept))).total_per_period()
    on_or_after: FloatArray = per_period * (ctx.period_start[None, :] >= batch.dates[:, None])
    return on_or_after


class CostNotFinite(ValueError):
    """A cost that is not a finite number of dollars: never stored, shown or written."""


def check_finite(cost: ProposalCost) -> ProposalCost:
    """``cost`` unchanged when every figure in it is a finite number; else raise CostNotFinite.

    The bounds on every term (model.limits) keep costs finite; this is the check every face relies on,
    since it runs inside cost_proposal, so an infinite or undefined figure never reaches a page, a file
    or the database.
    """
    for name, values in cost.components.items():
        for label, value in zip(cost.fiscal_years, values, strict=True):
            if not math.isfinite(value):
                raise CostNotFinite(
                    f"proposal {cost.proposal.id!r}: the {name} cost of {label} is not a finite number"
                    " of dollars; check the amounts of its terms"
                )
    figures = {"back pay": cost.back_pay, "renewed": cost.ongoing_equivalent, "ongoing": cost.carried_forward}
    figures |= {f"added FTE ({kind})": fte for kind, fte in cost.added_fte.items()}
    for what, value in figures.items():
        if not math.isfinite(value):
            raise CostNotFinite(
                f"proposal {cost.proposal.id!r}: its {what} cost is not a finite number of dollars;"
                " check the amounts of its terms"
            )
    if not math.isfinite(cost.total):  # each year finite, their sum may still overflow
        raise CostNotFinite(
            f"proposal {cost.proposal.id!r}: its total is beyond any finite number of dollars"
        )
    return cost


def cost_proposals(case: Case, proposal_ids: Sequence[str] = ()) -> list[ProposalCost]:
    """Cost the named proposals of a case (all of them when none are named)."""
    ctx = CostContext.of(case)
    chosen = [case.proposal(pid) for pid in proposal_ids] if proposal_ids else list(case.proposals)
    return [cost_proposal(ctx, p) for p in chosen]
