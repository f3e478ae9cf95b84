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
    if batch.size == 0:  # no variants (a search whose limits leave no package): empty arrays, shaped
        empty = np.zeros((0, len(ctx.roles), ctx.period_year.size))
        lay = ctx.layout
        hires = np.zeros((ctx.n_years, 0, ctx.period_year.size)) if lay is not None and lay.new_hire else None
        return GridPay(base=empty, pay=empty.copy(), hires=hires)
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


class Plan:
    """The grids a chunk of variants pays on, by set of grid terms in effect (code), and the movement
    each fiscal-year start brings; built once, then used to move any starting FTE along."""

    def __init__(self, ctx: CostContext, batch: ProposalBatch, rows: IntArray) -> None:
        lay = ctx.layout
        assert lay is not None
        self.ctx, self.lay = ctx, lay
        n, (k, s0, n_lanes) = rows.size, lay.shape
        terms = [t for t in batch.terms if t.type in GRID_TERMS]
        extra = max([int(t["count"][rows].max()) for t in terms if t.type == "step_add"], default=0)
        steps = s0 + extra
        self.n, self.k, self.steps, self.n_lanes = n, k, steps, n_lanes
        self.grid0 = np.concatenate([lay.grid0, np.repeat(lay.grid0[:, -1:], extra, axis=1)], axis=1)
        self.fte0 = np.concatenate([lay.fte0, np.zeros((k, extra, n_lanes))], axis=1)
        active = [
            ctx.active(t["effective"][rows].astype(np.int64), t["sunset"][rows].astype(np.int64)) > 0
            for t in terms
        ]
        codes = np.zeros((n, ctx.period_start.size), dtype=np.int64)
        for bit, on in enumerate(active):
            codes |= on.astype(np.int64) << bit
        uniq, inverse = np.unique(codes, return_inverse=True)
        self.codes = inverse.reshape(codes.shape)
        keys = (
            np.stack([t["effective"][rows] * 8 + _rank(t) for t in terms], axis=1)
            if terms
            else np.zeros((n, 0))
        )
        orders, order_of = np.unique(np.argsort(keys, axis=1, kind="stable"), axis=0, return_inverse=True)
        states = []
        for code in uniq:
            st = _State(
                grid=np.broadcast_to(self.grid0, (n, k, steps, n_lanes)).copy(),
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
        self.grids = np.stack([st.grid for st in states])  # (U, n, K, S, L)
        self.tops = np.stack([st.top for st in states])  # (U, n, K)
        self.nxts = np.stack([st.nxt for st in states])  # (U, n, K, L)
        self.year_first = np.arange(ctx.n_years) * ctx.periods_per_year
        self.at_start = self.codes[:, self.year_first]  # (n, Y) code at each fiscal-year start
        self.frozen = np.zeros((n, ctx.n_years), dtype=bool)
        for t in batch.terms:
            if t.type == "step_freeze":
                year = (t["fiscal_year"][rows] - ctx.case.calendar.first_year).astype(np.intp)
                self.frozen |= np.arange(ctx.n_years)[None, :] == year[:, None]
        self.replaced = [active[i] for i, t in enumerate(terms) if t.type == "schedule_replace"]
        self.walks = [
            (active[i][:, self.year_first], _crosswalk(lay, t, steps))
            for i, t in enumerate(terms)
            if t.type == "schedule_replace"
        ]

    def year_start(self, y: int, fresh: bool) -> YearStart:
        variants = np.arange(self.n)
        top = self.tops[self.at_start[:, y], variants]
        nxt = self.nxts[self.at_start[:, y], variants]
        walk, walk_first = None, None
        months = self.ctx.periods_per_year
        for (on, mapping), live in zip(self.walks, self.replaced, strict=True):
            new = on[:, y] & (~on[:, y - 1] if y > 0 else True)
            during = live[:, (y - 1) * months : y * months].any(axis=1) if y > 0 else np.zeros(self.n, bool)
            if (new & ~during).any():  # replaced on this year start: move on the old grid, then cross
                walk = (new & ~during, mapping)
            if (new & during).any():  # replaced mid-way through last year: cross, then move on the new grid
                walk_first = (new & during, mapping)
        return YearStart(self.frozen[:, y] & (not fresh), top, nxt, walk, walk_first)

    def track(
        self, start: FloatArray, base_grid: bool, inject: int | None = None, lay: Layout | None = None
    ) -> FloatArray:
        """(n, Y, K, S, L) FTE year by year from ``start`` (placed in year ``inject`` when given); on
        ``base_grid`` only the freezes move anyone differently from the status quo."""
        lay = lay or self.lay
        if start.ndim == 3 and self.n > 1:
            # Variants that move alike (same freezes, top steps, lanes and crosswalks) are moved once.
            sig = [self.frozen, self.tops[self.at_start, np.arange(self.n)[:, None]].reshape(self.n, -1)]
            if not base_grid:
                sig += [self.nxts[self.at_start, np.arange(self.n)[:, None]].reshape(self.n, -1)]
                sig += [on for on, _ in self.walks] + [live for live in self.replaced]
            _, reps, alike = np.unique(
                np.concatenate([np.asarray(x, dtype=np.int64) for x in sig], axis=1),
                axis=0,
                return_index=True,
                return_inverse=True,
            )
            if reps.size < self.n:
                few = self._subset(reps)
                moved = few.track(start, base_grid, inject, lay)
                result: FloatArray = moved[alike.reshape(-1)]
                return result
        n, k, n_lanes = self.n, self.k, self.n_lanes
        fte = np.broadcast_to(start, (n, k, self.steps, n_lanes)).copy()
        if inject is not None:
            fte = np.where(inject == 0, fte, 0.0)
        out = []
        for y in range(self.ctx.n_years):
            if y == 0 and not base_grid:
                first = self.year_start(0, fresh=True)
                if first.crosswalk is not None:
                    still = YearStart(np.ones(n, bool), first.top, first.next_lane, first.crosswalk)
                    fte = cells.move(fte, still, lay, exits=False)
            elif y > 0:
                at = self.year_start(y, fresh=False)
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

    def _subset(self, rows: IntArray) -> Plan:
        """The same plan for some of its variants (only what movement reads)."""
        few = object.__new__(Plan)
        few.__dict__.update(self.__dict__)
        few.n = rows.size
        few.at_start = self.at_start[rows]
        few.frozen = self.frozen[rows]
        few.tops = self.tops[:, rows]
        few.nxts = self.nxts[:, rows]
        few.walks = [(on[rows], mapping) for on, mapping in self.walks]
        few.replaced = [live[rows] for live in self.replaced]
        return few

    def _per_code(self, moved: FloatArray) -> FloatArray:
        """(U, Y, n, K) pay of FTE ``moved`` (n, Y, K, S, L) on each code's grid, by batched matmul."""
        n, years, k = moved.shape[:3]
        flat = moved.reshape(n, years, k, -1).transpose(0, 2, 1, 3)  # (n, K, Y, C)
        grids = self.grids.reshape(self.grids.shape[0], n, k, -1, 1)  # (U, n, K, C, 1)
        out: FloatArray = np.matmul(flat[None], grids)[..., 0].transpose(0, 3, 1, 2)  # (U, Y, n, K)
        return out

    def pay(self, moved: FloatArray) -> FloatArray:
        """(n, P, K) full-time-equivalent pay per year of FTE moved by ``track``, period by period."""
        ctx, n, k = self.ctx, self.n, self.k
        period_year, variant = ctx.period_year, np.arange(n)[:, None]
        by_code = self._per_code(moved)
        pay: FloatArray = by_code[self.codes, period_year[None, :], variant]
        for live, (_, mapping) in zip(self.replaced, self.walks, strict=True):
            mid = live & ~live[:, self.year_first][:, period_year]
            if (
                mid.any()
            ):  # replaced mid-year: paid on the new grid at the crosswalked cell till the year ends
                walked = np.einsum("vykc,kcd->vykd", moved.reshape(n, ctx.n_years, k, -1), mapping)
                walked_pay = self._per_code(walked.reshape(moved.shape))
                pay = np.where(mid[..., None], walked_pay[self.codes, period_year[None, :], variant], pay)
        return pay


def _chunk(ctx: CostContext, batch: ProposalBatch, rows: IntArray) -> GridPay:
    plan = Plan(ctx, batch, rows)
    lay, k = plan.lay, plan.k
    assert ctx.group_role is not None
    role_of = np.zeros((k, len(ctx.roles)))
    role_of[np.arange(k), ctx.group_role] = 1.0
    pay = plan.pay(plan.track(plan.fte0, base_grid=False))  # (n, P, K)
    if plan.frozen.any():
        frozen_only = plan.track(plan.fte0, base_grid=True)
        base = np.einsum("vyksl,ksl->vyk", frozen_only, plan.grid0)[:, ctx.period_year]  # (n, P, K)
    else:  # with no freeze, the proposal's movement on today's grid is the status quo's
        assert ctx.status_quo_pay is not None
        base = np.broadcast_to(
            ctx.status_quo_pay[:, ctx.period_year].T[None], (plan.n, ctx.period_year.size, k)
        )
    hires = None
    if lay.new_hire is not None:
        g, step, lane = lay.new_hire
        one = np.zeros((k, plan.steps, plan.n_lanes))
        one[g, step, lane] = 1.0
        hires = np.stack(
            [plan.pay(plan.track(one, base_grid=False, inject=h))[:, :, g] for h in range(ctx.n_years)]
        )
    return GridPay(
        base=np.einsum("vpk,kg->vgp", base, role_of) / ctx.periods_per_year,
        pay=np.einsum("vpk,kg->vgp", pay, role_of) / ctx.periods_per_year,
        hires=hires,
    )
