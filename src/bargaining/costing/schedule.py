"""Pay on the salary schedules under a proposal, for V variants at once.

A proposal changes the grid (raises, schedule adds, cell raises, new top steps, a minimum salary, a
replaced grid) and the movement (a freeze; new steps members move onto; a crosswalk to a replaced grid).
The grid in a pay period depends only on which grid terms are in effect that period, so it is built once
per set of terms in effect (a "code"), not per period. Terms apply in order of their effective date; on
one day a replaced grid comes first, then percentages, then dollar amounts, new steps and last the
minimum salary. Cost is Σ over cells of FTE x salary, summed per group by einsum.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargaining.costing import cells
from bargaining.costing.batch import ProposalBatch, TermBatch
from bargaining.costing.cells import FloatArray, IntArray, Layout, YearStart
from bargaining.costing.context import CostContext

GRID_TERMS = ("raise", "schedule_add", "cell_raise", "step_add", "minimum_salary", "schedule_replace")
_RANK = {"schedule_replace": 0, "raise": 1, "schedule_add": 2, "step_add": 3, "minimum_salary": 4}
CHUNK = 1024  # variants costed together; bounds memory at (codes x CHUNK x cells) floats


def _rank(term: TermBatch) -> int:
    if term.type == "cell_raise":
        return 1 if term.mode == "percent" else 2
    return _RANK[term.type]


@dataclass(frozen=True)
class GridPay:
    """(V, G, P) pay per period: ``base`` under the proposal's movement on today's grid (so base less the
    status quo is the step-and-column change); ``pay`` under the proposal's movement and grid.
    ``hires`` (H, V, P): yearly pay of one position placed at new_hire in fiscal year h (None without)."""

    base: FloatArray
    pay: FloatArray
    hires: FloatArray | None

    def hire_pay(self, ctx: CostContext, start: NDArray[np.int64]) -> FloatArray:
        """(V, P) yearly pay of a position added on day ``start`` (V,), moving on the grid from then."""
        assert self.hires is not None
        year = np.clip(ctx.period_year[np.clip(ctx.period_containing(start), 0, None)], 0, ctx.n_years - 1)
        picked: FloatArray = self.hires[year, np.arange(start.size)]
        return picked


def _group_mask(lay: Layout, ctx: CostContext, term: TermBatch) -> FloatArray:
    """(K,) 1.0 for the groups (schedule, role) a term applies to."""
    named = term.target[0] if term.target else None
    roles = term.roles
    mask = [
        (roles is None or role in roles) and (named is None or schedule in named)  # type: ignore[operator]
        for schedule, role in lay.groups
    ]
    return np.array(mask, dtype=np.float64)


def _block(lay: Layout, term: TermBatch, steps: int) -> FloatArray:
    """(K, S, L) 1.0 on a cell raise's block."""
    named: str = term.target[0][0]  # type: ignore[index]
    first, last = typing.cast(tuple[int, int], term.target[1])
    lanes: tuple[str, ...] | None = term.target[2]  # type: ignore[assignment]
    block = np.zeros((lay.shape[0], steps, lay.shape[2]))
    for g, (schedule, _) in enumerate(lay.groups):
        if schedule != named:
            continue
        grid = lay.schedules.grid(schedule)
        for lane in lanes or grid.lanes:
            block[g, first - 1 : last, lay.lane_index(g, lane)] = 1.0
    return block


@dataclass
class _State:
    grid: FloatArray  # (n, K, S, L)
    top: IntArray  # (n, K)
    nxt: IntArray  # (n, K, L)


def _apply(lay: Layout, ctx: CostContext, term: TermBatch, rows: IntArray, st: _State) -> None:
    """Apply one grid term, for the variants ``rows`` of the batch, to the state (those variants)."""
    gmask = _group_mask(lay, ctx, term)[None, :, None, None]
    steps = st.grid.shape[2]
    if term.type == "raise":
        st.grid *= 1.0 + term["percent"][rows, None, None, None] / 100.0 * gmask
    elif term.type == "schedule_add":
        st.grid += term["amount"][rows, None, None, None] * gmask
    elif term.type == "cell_raise":
        block = _block(lay, term, steps)[None]
        if term.mode == "percent":
            st.grid *= 1.0 + term["percent"][rows, None, None, None] / 100.0 * block
        else:
            st.grid += term["amount"][rows, None, None, None] * block
    elif term.type == "minimum_salary":
        floor = term["amount"][rows, None, None, None]
        st.grid[:] = np.where(gmask > 0, np.maximum(st.grid, floor), st.grid)
    elif term.type == "step_add":
        count = term["count"][rows].astype(np.intp)
        on = gmask[0, :, 0, 0] > 0
        for j in range(1, int(count.max(initial=0)) + 1):
            below = np.take_along_axis(st.grid, (st.top + j - 1)[:, :, None, None], axis=2)
            if term.mode == "percent":
                new = below * (1.0 + term["percent"][rows, None, None, None] / 100.0)
            else:
                new = below + term["amount"][rows, None, None, None]
            keep = (j <= count)[:, None] & on[None, :]
            # The new step and every padding row above it take the new salary (nobody sits above).
            above = np.arange(steps)[None, None, :] >= (st.top + j)[:, :, None]
            st.grid[:] = np.where((above & keep[:, :, None])[..., None], new, st.grid)
        st.top += np.where(on[None, :], np.minimum(count[:, None], 10_000), 0)
    elif term.type == "schedule_replace":
        grid = lay.schedules.replacement(str(term.target[1]))
        placed, top, nxt = lay.place(grid, steps)
        on = np.array([s == grid.name for s, _ in lay.groups])
        st.grid[:, on] = placed[on]
        st.top[:, on] = top[on]
        st.nxt[:, on] = nxt[on]


def _crosswalk(lay: Layout, term: TermBatch, steps: int) -> FloatArray:
    """(K, C, C) where each cell's FTE goes when the term's grid replaces the old one."""
    k, _, n_lanes = lay.shape
    size = steps * n_lanes
    mapping = np.tile(np.eye(size), (k, 1, 1))
    new = lay.schedules.replacement(str(term.target[1]))
    walk = lay.schedules.crosswalk(term.target[2])  # type: ignore[arg-type]
    for g, (schedule, _) in enumerate(lay.groups):
        if schedule != new.name:
            continue
        old = lay.schedules.grid(schedule)
        pairs = dict(walk.pairs) if walk is not None else {}
        mapping[g] = 0.0
        for s in range(steps):
            for lane in lay.lanes[g]:
                src = s * n_lanes + lay.lane_index(g, lane)
                if lane not in old.lanes:
                    mapping[g, src, src] = 1.0
                    continue
                key = (min(s + 1, old.steps), lane)
                to_step, to_lane = pairs.get(key, (min(s + 1, new.steps), lane))
                dst = (min(to_step, new.steps) - 1) * n_lanes + lay.lane_index(g, to_lane)
                mapping[g, src, dst] = 1.0
    return mapping


def grid_pay(ctx: CostContext, batch: ProposalBatch) -> GridPay:
    """Pay on the schedules for every variant of the batch, in chunks of variants."""
    parts = [
        _chunk(ctx, batch, np.arange(i, min(i + CHUNK, batch.size))) for i in range(0, batch.size, CHUNK)
    ]
    hires = None
    if parts[0].hires is not None:
        hires = np.concatenate([typing.cast(FloatArray, p.hires) for p in parts], axis=1)
    return GridPay(
        base=np.concatenate([p.base for p in parts]),
        pay=np.concatenate([p.pay for p in parts]),
        hires=hires,
    )


def _chunk(ctx: CostContext, batch: ProposalBatch, rows: IntArray) -> GridPay:
    lay = ctx.layout
    assert lay is not None and ctx.group_role is not None
    n, (k, s0, n_lanes) = rows.size, lay.shape
    terms = [t for t in batch.terms if t.type in GRID_TERMS]
    extra = max([int(t["count"][rows].max()) for t in terms if t.type == "step_add"], default=0)
    steps = s0 + extra
    grid0 = np.concatenate([lay.grid0, np.repeat(lay.grid0[:, -1:], extra, axis=1)], axis=1)
    fte0 = np.concatenate([lay.fte0, np.zeros((k, extra, n_lanes))], axis=1)
    active = [
        ctx.active(t["effective"][rows].astype(np.int64), t["sunset"][rows].astype(np.int64)) for t in terms
    ]
    codes = np.zeros((n, ctx.period_start.size), dtype=np.int64)
    for bit, on in enumerate(active):
        codes |= on.astype(np.int64) << bit
    uniq, inverse = np.unique(codes, return_inverse=True)
    codes = inverse.reshape(codes.shape)
    keys = (
        np.stack([t["effective"][rows] * 8 + _rank(t) for t in terms], axis=1) if terms else np.zeros((n, 0))
    )
    order = np.argsort(keys, axis=1, kind="stable")
    orders, order_of = np.unique(order, axis=0, return_inverse=True)
    states = []
    for code in uniq:
        st = _State(
            grid=np.broadcast_to(grid0, (n, k, steps, n_lanes)).copy(),
            top=np.broadcast_to(lay.top0, (n, k)).copy(),
            nxt=np.broadcast_to(lay.next0, (n, k, n_lanes)).copy(),
        )
        for o, sequence in enumerate(orders):
            chosen = np.flatnonzero(order_of.reshape(-1) == o)
            sub = _State(st.grid[chosen], st.top[chosen], st.nxt[chosen])
            for t in sequence:
                if code >> int(t) & 1:
                    _apply(lay, ctx, terms[int(t)], rows[chosen], sub)
            st.grid[chosen], st.top[chosen], st.nxt[chosen] = sub.grid, sub.top, sub.nxt
        states.append(st)
    grids = np.stack([st.grid for st in states])  # (U, n, K, S, L)
    year_first = np.arange(ctx.n_years) * ctx.pay_months
    at_start = codes[:, year_first]  # (n, Y) code at each fiscal-year start
    frozen = np.zeros((n, ctx.n_years), dtype=bool)
    for t in batch.terms:
        if t.type == "step_freeze":
            year = (t["fiscal_year"][rows] - ctx.case.calendar.first_year).astype(np.intp)
            frozen |= np.arange(ctx.n_years)[None, :] == year[:, None]
    replaces = [(i, t) for i, t in enumerate(terms) if t.type == "schedule_replace"]
    walks = [(active[i][:, year_first] > 0, _crosswalk(lay, t, steps)) for i, t in replaces]

    def year_start(y: int, fresh: bool) -> YearStart:
        top = np.stack([st.top for st in states])[at_start[:, y], np.arange(n)]
        nxt = np.stack([st.nxt for st in states])[at_start[:, y], np.arange(n)]
        walk = None
        for on, mapping in walks:
            which = on[:, y] & (~on[:, y - 1] if y > 0 else True)
            if which.any():
                walk = (which, mapping)  # one replaced grid per schedule a year start (checked on input)
        return YearStart(frozen[:, y] & (not fresh), top, nxt, walk)

    def track(start: FloatArray, base_grid: bool, inject: int | None = None) -> FloatArray:
        """(n, Y, K, S, L) FTE year by year from ``start`` (placed in year ``inject`` when given)."""
        fte = np.broadcast_to(start, (n, k, steps, n_lanes)).copy()
        if inject is not None:
            fte = np.where(inject == 0, fte, 0.0)
        out = []
        for y in range(ctx.n_years):
            if y == 0 and not base_grid:
                first = year_start(0, fresh=True)
                if first.crosswalk is not None:
                    fte = cells.move(
                        fte,
                        YearStart(np.ones(n, bool), first.top, first.next_lane, first.crosswalk),
                        lay,
                        exits=False,
                    )
            elif y > 0:
                at = year_start(y, fresh=False)
                if base_grid:
                    at = YearStart(
                        at.frozen,
                        np.broadcast_to(lay.top0, (n, k)),
                        np.broadcast_to(lay.next0, (n, k, n_lanes)),
                    )
                fte = cells.move(fte, at, lay)
                if inject is not None and y == inject:
                    fte = fte + start
            out.append(fte)
        return np.stack(out, axis=1)

    period_year = ctx.period_year
    variant = np.arange(n)[:, None]
    role_of = np.zeros((k, len(ctx.roles)))
    role_of[np.arange(k), ctx.group_role] = 1.0
    moved = track(fte0, base_grid=False)
    by_code = np.einsum("vyksl,uvksl->uyvk", moved, grids)  # (U, Y, n, K)
    pay = by_code[codes, period_year[None, :], variant]  # (n, P, K)
    for i, (position, _) in enumerate(replaces):
        live = active[position] > 0
        mid = live & ~live[:, year_first][:, period_year]
        if mid.any():  # replaced mid-year: paid on the new grid at the crosswalked cell until the year ends
            walked = np.einsum("vykc,kcd->vykd", moved.reshape(n, ctx.n_years, k, -1), walks[i][1])
            walked_pay = np.einsum("vyksl,uvksl->uyvk", walked.reshape(moved.shape), grids)
            pay = np.where(mid[..., None], walked_pay[codes, period_year[None, :], variant], pay)
    frozen_only = track(fte0, base_grid=True)
    base = np.einsum("vyksl,ksl->vyk", frozen_only, grid0)[:, period_year]  # (n, P, K)
    hires = None
    if lay.new_hire is not None:
        g, step, lane = lay.new_hire
        one = np.zeros((k, steps, n_lanes))
        one[g, step, lane] = 1.0
        per_year = []
        for h in range(ctx.n_years):
            cohort = track(one, base_grid=False, inject=h)
            per_code = np.einsum("vyksl,uvksl->uyv", cohort, grids)
            per_year.append(per_code[codes, period_year[None, :], variant])  # (n, P)
        hires = np.stack(per_year)
    to_roles = np.einsum("vpk,kg->vgp", base, role_of) / ctx.pay_months
    return GridPay(
        base=to_roles,
        pay=np.einsum("vpk,kg->vgp", pay, role_of) / ctx.pay_months,
        hires=hires,
    )


def schedule_terms(batch: ProposalBatch) -> Sequence[TermBatch]:
    return [t for t in batch.terms if t.type in GRID_TERMS]
