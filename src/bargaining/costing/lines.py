"""One numpy formula per cost line. Each works on a whole batch of V variants at once.

Shapes: V variants, G roles, P pay periods. Results are per period; the engine sums them into fiscal
years. Formulas follow ../docs/case-format.md ("How terms are costed").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from bargaining.costing.batch import TermBatch
from bargaining.costing.blocks import cost_blocks
from bargaining.costing.context import CostContext, FloatArray

COMPONENTS = (
    "salary",
    "statutory",
    "health",
    "one_time",
    "staffing",
    "class_size",
    "caseload",
    "step_column",
)


def active(ctx: CostContext, term: TermBatch) -> FloatArray:
    return ctx.active(term["effective"].astype(np.int64), term["sunset"].astype(np.int64))


def base_pay(ctx: CostContext, freezes: Sequence[TermBatch], size: int) -> FloatArray:
    """(V, G, P) pay per period under the proposal before its raises: status quo less frozen steps.

    A freeze in year k stops that year's step movement (turnover, the breakage, goes on: a frozen year
    moves by ``-breakage`` instead of ``step_column - breakage``); every later year starts from the lower
    base.
    """
    unit = ctx.unit
    if not freezes:  # every variant moves as the status quo does
        return np.broadcast_to(ctx.base, (size, *ctx.base.shape))
    frozen = np.zeros((size, ctx.n_years))
    for term in freezes:
        year = (term["fiscal_year"] - ctx.case.calendar.first_year).astype(np.intp)
        frozen += np.arange(ctx.n_years)[None, :] >= year[:, None]
    thawed = ctx.period_year[None, :] - frozen[:, ctx.period_year]  # (V, P) years with step movement
    frozen_years = frozen[:, ctx.period_year]
    growth = (1.0 + unit.net_drift) ** thawed * (1.0 - unit.breakage) ** frozen_years
    return ctx.pay0[None, :, None] * growth[:, None, :] / ctx.periods_per_year


def schedule_factor(ctx: CostContext, raises: Sequence[TermBatch], size: int) -> FloatArray:
    """(V, G, P) product of (1 + raise) over every raise in effect: raises compound."""
    factor = np.ones((size, len(ctx.roles), ctx.period_start.size))
    for term in raises:
        step = term["percent"][:, None, None] / 100.0 * ctx.role_mask(term.roles)[None, :, None]
        factor *= 1.0 + step * active(ctx, term)[:, None, :]
    return factor


def schedule_adds(
    ctx: CostContext, adds: Sequence[TermBatch], raises: Sequence[TermBatch], size: int
) -> FloatArray:
    """(V, G, P) flat dollars per FTE added to the schedule; raises effective later compound on them."""
    total = np.zeros((size, len(ctx.roles), ctx.period_start.size))
    for add in adds:
        per_fte = add["amount"][:, None, None] * (ctx.fte * ctx.role_mask(add.roles))[None, :, None]
        later = np.ones_like(total)
        for term in raises:
            after = (term["effective"] > add["effective"]).astype(np.float64)[:, None, None]
            step = term["percent"][:, None, None] / 100.0 * ctx.role_mask(term.roles)[None, :, None]
            later *= 1.0 + after * step * active(ctx, term)[:, None, :]
        total += per_fte * active(ctx, add)[:, None, :] * later / ctx.periods_per_year
    return total


def one_time(ctx: CostContext, term: TermBatch, pay: FloatArray) -> FloatArray:
    """(V, G, P) a payment per FTE, or a percent of annual pay, by role, in the period that holds the paid
    date.

    ``pay`` is (V, G, P) pay per period under the proposal, for percent payments.
    """
    period = ctx.period_containing(term["paid"].astype(np.int64))
    size = period.size
    mask = ctx.role_mask(term.roles)
    if term.mode == "amount":
        per_role = term["amount"][:, None] * (ctx.fte * mask)[None, :]  # (V, G)
    else:
        annual = pay[np.arange(size), :, period] * ctx.periods_per_year  # (V, G)
        per_role = term["percent"][:, None] / 100.0 * annual * mask[None, :]
    out = np.zeros((size, len(ctx.roles), ctx.period_start.size))
    out[np.arange(size), :, period] = per_role
    return out


# Yearly pay (V, P) of a position added on the given days (V,), placed at the schedules' new_hire cell
# and moving on the grid under the proposal; None when the unit has no such cell.
HirePay = Callable[[NDArray[np.int64]], FloatArray] | None


def _hire_cost(ctx: CostContext, salary: FloatArray, start: FloatArray, hire: HirePay) -> FloatArray:
    """(V, P) loaded yearly cost of one added FTE: at the term's salary when it gives one, else on the
    schedules from ``start`` when the unit places new hires there, else at the case's new-hire salary."""
    if hire is None or not np.isnan(salary).any():
        return ctx.loaded_new_hire(np.where(np.isnan(salary), ctx.unit.new_hire_salary, salary))
    on_grid = hire(start.astype(np.int64))
    pay = np.where(np.isnan(salary)[:, None], on_grid, np.nan_to_num(salary)[:, None])
    return pay * (1.0 + ctx.hire_rate[None, :]) + ctx.unit.health_per_fte


def staffing(ctx: CostContext, term: TermBatch, hire: HirePay = None) -> FloatArray:
    """(V, P) added FTE times the yearly cost of one, per period in effect."""
    if term.mode == "loaded":
        yearly = np.broadcast_to(term["cost_per_fte"][:, None], (term["fte"].size, ctx.period_start.size))
    else:
        yearly = _hire_cost(ctx, term["salary"], term["effective"], hire)
    return term["fte"][:, None] * yearly * active(ctx, term) / ctx.periods_per_year


def _band_sections(ctx: CostContext, term: TermBatch) -> tuple[NDArray[np.bool_], FloatArray]:
    """The enrollment rows of the term's band, and (V, R_band) the sections each row needs under it."""
    enrollment = ctx.case.enrollment
    assert enrollment is not None, "class_size terms are validated to have an enrollment file"
    rows = np.array([band == term.grade_band for band in enrollment.grade_bands])
    students = enrollment.students[rows][None, :]
    sections = enrollment.sections[rows][None, :]
    if term.mode == "cap":
        size_limit = term["cap"][:, None]
    else:
        average = np.divide(students, sections, out=np.zeros_like(students), where=sections > 0)
        size_limit = np.maximum(average - term["reduce_by"][:, None], 1.0)
    # The small epsilon keeps an exact fit (90 students at 30) from rounding up on float noise.
    needed: FloatArray = np.ceil(students / size_limit - 1e-9)
    return rows, needed


def class_size_fte(ctx: CostContext, terms: Sequence[TermBatch]) -> FloatArray:
    """(V, P) teacher FTE added in each period by class-size terms on ONE grade band.

    Sections are counted per school with ceiling rounding, so a hard cap costs in lumps. Every term is
    measured against today's classes; where several are in effect at once, the strictest binds school by
    school (a later, deeper cut replaces an earlier one rather than adding to it). The schools' needs only
    change with the set of terms in effect, so they are worked out once per set seen, not per period.
    """
    enrollment = ctx.case.enrollment
    assert enrollment is not None
    assert len({t.grade_band for t in terms}) == 1, "one band at a time"
    rows, _ = _band_sections(ctx, terms[0])
    needs = [_band_sections(ctx, term)[1] for term in terms]  # each (V, R_band)
    sections = enrollment.sections[rows][None, :]
    per_section = enrollment.fte_per_section[rows][None, :]
    # Which terms are in effect, as a bit set per variant and period.
    codes = np.zeros((needs[0].shape[0], ctx.period_start.size), dtype=np.int64)
    for bit, term in enumerate(terms):
        codes |= active(ctx, term).astype(np.int64) << bit
    fte_by_code = np.zeros((int(codes.max()) + 1, needs[0].shape[0]))
    for code in np.unique(codes):
        if code == 0:
            continue
        chosen = [need for bit, need in enumerate(needs) if code >> bit & 1]
        needed = np.maximum.reduce(chosen) if len(chosen) > 1 else chosen[0]
        fte_by_code[code] = (np.maximum(needed - sections, 0.0) * per_section).sum(axis=1)
    result: FloatArray = fte_by_code[codes, np.arange(codes.shape[0])[:, None]]
    return result


# The (V, P) FTE that one block of class-size terms (one band) or caseload terms (one role) adds.
PositionRule = Callable[[CostContext, Sequence[TermBatch]], FloatArray]


def _grouped(terms: Sequence[TermBatch]) -> list[list[TermBatch]]:
    """The terms cut into the blocks that cost together (``costing.blocks``: one band, one role)."""
    return [[terms[i] for i in block] for block in cost_blocks(terms)]


def positions_fte(ctx: CostContext, terms: Sequence[TermBatch], fte_of: PositionRule) -> FloatArray:
    """(V, P) FTE added over every block."""
    total = np.zeros((terms[0]["effective"].size, ctx.period_start.size))
    for group in _grouped(terms):
        total += fte_of(ctx, group)
    return total


def positions_cost(
    ctx: CostContext, terms: Sequence[TermBatch], fte_of: PositionRule, hire: HirePay = None
) -> FloatArray:
    """(V, P) cost of the added positions at a new hire's loaded cost; each block's first term gives the
    salary (the loader refuses differing salaries within a block). On the schedules, a block's positions
    are placed when its first term takes effect and move from there."""
    total = np.zeros((terms[0]["effective"].size, ctx.period_start.size))
    for group in _grouped(terms):
        start = np.min([term["effective"] for term in group], axis=0)
        total += fte_of(ctx, group) * _hire_cost(ctx, group[0]["salary"], start, hire) / ctx.periods_per_year
    return total


def caseload_in_effect(ctx: CostContext, terms: Sequence[TermBatch]) -> FloatArray:
    """(V, P) FTE added in each period by the caseload caps on ONE role: the strictest cap in effect
    binds (a phased-in cap replaces the earlier one rather than adding to it)."""
    assert len({t.role for t in terms}) == 1, "one role at a time"
    today = float(ctx.fte[ctx.roles.index(terms[0].role)]) if terms[0].role in ctx.roles else 0.0
    needed = np.zeros((terms[0]["cap"].size, ctx.period_start.size))
    for term in terms:
        need = np.ceil(term["students"] / term["cap"] - 1e-9)
        needed = np.maximum(needed, need[:, None] * active(ctx, term))
    result: FloatArray = np.maximum(needed - today, 0.0) * (needed > 0)
    return result


CLASS_SIZE: PositionRule = class_size_fte
CASELOAD: PositionRule = caseload_in_effect


def health(ctx: CostContext, term: TermBatch) -> FloatArray:
    """(V, P) change in the employer's health contribution for every FTE in the unit."""
    return term["amount_per_fte"][:, None] * float(ctx.fte.sum()) * active(ctx, term) / ctx.periods_per_year
