"""The simulation page: Monte Carlo runs of the dispute (bargaining.simulate) started from the workbench.

A run uses only the case's ``simulation:`` section and the public parts of the case: the ``preferences``
section (the sides' confidential scores) is taken out before the model is built, so nothing a run shows
can come from the other side's private numbers. Runs go to one background thread per server (a bounded
queue, a bounded number of runs each); the page polls a small JSON endpoint for progress and draws the
distributions with the local plotly.js. Each role sees the runs its own role started, kept in memory by
the server process (the last ``KEPT`` of them).
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from bargaining.inputs.simulation import SimulationSpec
from bargaining.simulate import DisputeModel, simulate, summarize
from bargaining.web import views
from bargaining.web.api import CsrfHeader, _csrf
from bargaining.web.app import Context, Ctx, Refused, render
from bargaining.web.casedata import Loaded, NotFound
from bargaining.web.pages import Csrf, Text, _back, _chart, check_csrf

MAX_RUNS = 200_000  # per run: a few seconds on one core
QUEUED = 4  # runs waiting or running per server before new ones are refused
KEPT = 50
BATCH = 4_096  # progress moves batch by batch

router = APIRouter()


@dataclass
class Run:
    id: str
    case_id: str
    role: str
    runs: int
    seed: int
    started: float = field(default_factory=time.time)
    done: int = 0
    status: str = "queued"  # queued, running, done, failed
    summary: dict[str, Any] | None = None
    error: str | None = None

    def document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "case": self.case_id,
            "runs": self.runs,
            "seed": self.seed,
            "status": self.status,
            "done": self.done,
            "progress": self.done / self.runs if self.runs else 1.0,
            "summary": self.summary,
            "error": self.error,
        }


class Runner:
    """The background thread and the runs it holds."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bargaining-simulate")
        self._runs: OrderedDict[str, Run] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, loaded: Loaded, role: str, runs: int, seed: int) -> Run:
        model = public_model(loaded)
        with self._lock:
            waiting = sum(1 for r in self._runs.values() if r.status in ("queued", "running"))
            if waiting >= QUEUED:
                raise Refused(429, f"{waiting} simulations are waiting or running; try again in a minute")
            run = Run(secrets.token_hex(8), loaded.case.id, role, runs, seed)
            self._runs[run.id] = run
            while len(self._runs) > KEPT:
                self._runs.popitem(last=False)
        self._pool.submit(self._work, run, model)
        return run

    def _work(self, run: Run, model: DisputeModel) -> None:
        run.status = "running"

        def advance(count: int) -> None:
            run.done += count

        try:
            tally = simulate(model, run.runs, run.seed, BATCH, advance)
            run.summary = summarize(model, tally, run.seed)
            run.status = "done"
        except Exception as exc:  # a failed run says why on its page; the server goes on
            run.error, run.status = f"{type(exc).__name__}: {exc}", "failed"

    def of(self, case_id: str, role: str) -> list[Run]:
        with self._lock:
            return [r for r in reversed(self._runs.values()) if r.case_id == case_id and r.role == role]

    def get(self, case_id: str, role: str, run_id: str) -> Run:
        run = self._runs.get(run_id)
        if run is None or run.case_id != case_id or run.role != role:
            raise NotFound(f"no simulation {run_id!r} of yours in {case_id}")
        return run


def public_model(loaded: Loaded) -> DisputeModel:
    """The dispute model from the case's simulation section, with the confidential preferences removed."""
    spec = loaded.case.extra.get("simulation")
    if not isinstance(spec, SimulationSpec):
        raise views.Invalid(["simulation: the case has no simulation section (docs/case-format.md)"])
    extra = {k: v for k, v in loaded.case.extra.items() if k != "preferences"}
    try:
        return DisputeModel.of(dataclasses.replace(loaded.case, extra=extra), spec)
    except ValueError as exc:
        raise views.Invalid([f"simulation: {exc}"]) from None


def _runner(request: Request) -> Runner:
    runner: Runner = request.app.state.simulations  # made by create_app
    return runner


def _defaults(loaded: Loaded) -> dict[str, Any]:
    spec = loaded.case.extra.get("simulation")
    runs = min(spec.runs, MAX_RUNS) if isinstance(spec, SimulationSpec) else 10_000
    seed = spec.seed if isinstance(spec, SimulationSpec) else 0
    return {"runs": runs, "seed": seed, "max_runs": MAX_RUNS, "available": isinstance(spec, SimulationSpec)}


def _parse(runs: str, seed: str) -> tuple[int, int]:
    problems = []
    try:
        count = int(runs)
        if not 1 <= count <= MAX_RUNS:
            problems.append(f"runs: between 1 and {MAX_RUNS:,}, not {count:,}")
    except ValueError:
        problems.append(f"runs: {runs!r} is not a whole number")
        count = 0
    try:
        chosen = int(seed)
        if chosen < 0:
            problems.append("seed: a whole number from 0")
    except ValueError:
        problems.append(f"seed: {seed!r} is not a whole number")
        chosen = 0
    if problems:
        raise views.Invalid(problems)
    return count, chosen


def charts(summary: dict[str, Any]) -> list[dict[str, Any]]:
    """Bar charts of the distributions in a run's summary (shares of runs)."""

    def bars(title: str, x_title: str, distribution: dict[str, float]) -> dict[str, Any]:
        keys = sorted(distribution, key=float)
        return {
            "kind": "bar",
            "money": False,
            "title": title,
            "x_title": x_title,
            "y_title": "share of runs",
            "series": [{"name": "runs", "x": keys, "y": [distribution[k] for k in keys]}],
        }

    found = [
        {
            "kind": "bar",
            "money": False,
            "title": "How the dispute ended",
            "y_title": "share of runs",
            "series": [
                {"name": "runs", "x": list(summary["ended_in"]), "y": list(summary["ended_in"].values())}
            ],
        },
        bars("Strike days", "days on strike", summary["strike_days"]["distribution"]),
        bars(
            "Days to settlement",
            "days from the start of bargaining",
            summary["days_to_settlement"]["distribution"],
        ),
    ]
    for issue, part in summary["settlement"].items():
        found.append(bars(f"Settlement: {issue}", part.get("unit", ""), part["distribution"]))
    return found


def _page(request: Request, ctx: Context, run_id: str | None, status: int, errors: list[str]) -> HTMLResponse:
    assert ctx.case_id is not None
    loaded: Loaded = request.app.state.workspace.load(ctx.case_id)
    runner = _runner(request)
    runs = runner.of(ctx.case_id, ctx.as_viewer.role)
    shown = runner.get(ctx.case_id, ctx.as_viewer.role, run_id) if run_id else (runs[0] if runs else None)
    drawn = [_chart(c) for c in charts(shown.summary)] if shown and shown.summary else []
    return render(
        request,
        ctx,
        "simulation.html",
        status,
        case=loaded.case,
        defaults=_defaults(loaded),
        runs=[r.document() for r in runs],
        shown=shown.document() if shown else None,
        charts=drawn,
        errors=errors,
    )


@router.get("/cases/{case_id}/simulation", response_class=HTMLResponse, include_in_schema=False)
def page(request: Request, case_id: str, ctx: Ctx, run: str | None = None) -> HTMLResponse:
    return _page(request, ctx, run, 200, [])


@router.post("/cases/{case_id}/simulation", include_in_schema=False)
def start(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    runs: Text,
    seed: Text,
) -> Response:
    check_csrf(ctx, csrf)
    loaded: Loaded = request.app.state.workspace.load(case_id)
    try:
        count, chosen = _parse(runs, seed)
        run = _runner(request).start(loaded, ctx.as_viewer.role, count, chosen)
    except views.Invalid as refused:
        return _page(request, ctx, None, 422, refused.problems)
    return _back(f"/cases/{case_id}/simulation?run={run.id}")


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    runs: int = Field(ge=1, le=MAX_RUNS)
    seed: int = Field(0, ge=0, le=2**63 - 1)


@router.get("/api/cases/{case_id}/simulation")
def api_runs(request: Request, case_id: str, ctx: Ctx) -> dict[str, Any]:
    """Your role's simulation runs on this case (newest first), and the defaults of the case's section."""
    loaded: Loaded = request.app.state.workspace.load(case_id)
    runs = _runner(request).of(case_id, ctx.as_viewer.role)
    return {"case": case_id, "defaults": _defaults(loaded), "runs": [r.document() for r in runs]}


@router.post("/api/cases/{case_id}/simulation", status_code=202)
def api_start(
    request: Request, case_id: str, body: StartIn, ctx: Ctx, x_csrf_token: CsrfHeader = None
) -> dict[str, Any]:
    """Start a Monte Carlo run from the case's simulation section; poll its URL for progress."""
    _csrf(ctx, x_csrf_token)
    loaded: Loaded = request.app.state.workspace.load(case_id)
    return _runner(request).start(loaded, ctx.as_viewer.role, body.runs, body.seed).document()


@router.get("/api/cases/{case_id}/simulation/{run_id}")
def api_run(request: Request, case_id: str, run_id: str, ctx: Ctx) -> dict[str, Any]:
    """One of your runs: status, progress (0 to 1) and, once done, the summary of `bargain simulate`."""
    return _runner(request).get(case_id, ctx.as_viewer.role, run_id).document()
