"""The simulation page: Monte Carlo runs of the dispute (bargaining.simulate) started from the workbench.

A run uses only the case's ``simulation:`` section and the public parts of the case: the ``preferences``
section (the sides' confidential scores) is taken out before the model is built, so nothing a run shows
can come from the other side's private numbers. Runs wait in a queue in the database, bounded per person,
per case and in all, and start in a fair order (round-robin between people; storage/simqueue.py); each
server process has one background thread that starts them. The page polls a small JSON endpoint for
progress and draws the distributions with the local plotly.js. Each role sees the runs its own role
started (the last ``KEPT`` of them). On a replayed day (``?as_of=``) a run takes the case as it stood then
(``Case.known_on``): the record and the two sides' positions of that day, from which its settlement is read,
as ``bargain simulate --as-of`` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from bargaining.inputs import bundled_priors
from bargaining.model import Case, Side
from bargaining.report import day_words, forecast_lines, simulation_charts, warning_sentence
from bargaining.simulate import (
    DisputeModel,
    Forecast,
    forecast_block,
    forecast_case,
    simulate,
    summarize,
    uses_priors,
)
from bargaining.storage import simqueue
from bargaining.web import views
from bargaining.web.casedata import Loaded, NotFound, Workspace
from bargaining.web.context import (
    Context,
    Csrf,
    CsrfHeader,
    Ctx,
    Refused,
    chart_data,
    check_csrf,
    check_csrf_header,
    redirect,
    render,
    replay_day,
)
from bargaining.web.fields import form

MAX_RUNS = 200_000  # per run: a few seconds on one core
# Bounds of the shared queue (storage/simqueue.py): runs queued or running per person, per case, in all.
LIMITS = simqueue.Limits(per_user=2, per_case=4, total=12)
KEPT = 50  # runs listed per case and role
BATCH = 4_096  # progress moves batch by batch

router = APIRouter()


def document(run: simqueue.QueuedRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "case": run.case_id,
        "runs": run.runs,
        "seed": run.seed,
        "status": run.status,
        "done": run.done,
        "progress": run.done / run.runs if run.runs else 1.0,
        "summary": run.summary,
        "error": run.error,
        "as_of": run.as_of.isoformat() if run.as_of is not None else None,
    }


class Runner:
    """One background thread per server process that starts queued runs, in the queue's fair order, until
    none waits. Runs and their results live in the database, so any process answers for any run."""

    def __init__(self, workspace: Workspace, executor: Executor | None = None) -> None:
        self.workspace = workspace
        self._pool = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="bargaining-simulate")
        self._lock = threading.Lock()
        self._draining = False
        self.kick()  # runs a stopped server left queued start again

    def start(
        self, loaded: Loaded, role: str, user_id: int, runs: int, seed: int, as_of: dt.date | None = None
    ) -> simqueue.QueuedRun:
        public_forecast(loaded, as_of)  # refuses a case with no simulation section before anything is queued
        engine = self.workspace.engine
        try:
            run = simqueue.enqueue(engine, loaded.case.id, role, user_id, runs, seed, LIMITS, as_of)
        except simqueue.QueueFull as full:
            raise Refused(429, str(full)) from None
        self.kick()
        return run

    def kick(self) -> None:
        with self._lock:
            if self._draining:
                return
            self._draining = True
        self._pool.submit(self.drain)

    def drain(self) -> None:
        """Start runs one after another while any waits (any process's: the queue is shared)."""
        try:
            while (run := simqueue.claim_next(self.workspace.engine)) is not None:
                self._work(run)
        finally:
            with self._lock:
                self._draining = False

    def _work(self, run: simqueue.QueuedRun) -> None:
        engine = self.workspace.engine
        done = 0

        def advance(count: int) -> None:
            nonlocal done
            done += count
            simqueue.progress(engine, run.id, done)

        try:
            forecast = public_forecast(self.workspace.load(run.case_id), run.as_of)
            assert forecast.model is not None  # a complete section is run as written
            tally = simulate(forecast.model, run.runs, run.seed, BATCH, advance)
            summary = summarize(forecast.model, tally, run.seed)
            summary["forecast"] = forecast_block(forecast, tally)  # the settlement on the day's positions
            simqueue.finish(engine, run.id, summary, None)
        except Exception as exc:  # a failed run says why on its page; the server goes on
            simqueue.finish(engine, run.id, None, f"{type(exc).__name__}: {exc}")

    def of(self, case_id: str, role: str) -> list[simqueue.QueuedRun]:
        return simqueue.runs_of(self.workspace.engine, case_id, role, KEPT)

    def get(self, case_id: str, role: str, run_id: str) -> simqueue.QueuedRun:
        run = simqueue.run_of(self.workspace.engine, case_id, role, run_id)
        if run is None:
            raise NotFound(f"no simulation {run_id!r} of yours in {case_id}")
        return run


def public_case(loaded: Loaded, as_of: dt.date | None = None) -> Case:
    """The case a run takes: the confidential preferences removed, and on a replayed day the case as it
    stood then (the record and the proposals made by that day); in a case of several units, at the table
    of the latest proposal's unit, as ``bargain simulate`` without ``--unit``."""
    case = dataclasses.replace(loaded.case, preferences=None)
    return (case if as_of is None else case.known_on(as_of)).at_table()


def public_forecast(loaded: Loaded, as_of: dt.date | None = None) -> Forecast:
    """The case's own simulation section, run as written (no prior), with the positions of the day that the
    settlement is read from: ``bargain simulate``'s forecast of a complete section."""
    case = public_case(loaded, as_of)
    spec = case.simulation
    if spec is None:
        raise views.Invalid(["simulation: the case has no simulation section (docs/case-format.md)"])
    try:
        if uses_priors(case):  # the workbench runs the section only: name what it lacks
            DisputeModel.of(case, spec)
            raise ValueError("the section is not complete (docs/case-format.md, 'simulation')")
        return forecast_case(case, bundled_priors())
    except ValueError as exc:
        raise views.Invalid([f"simulation: {exc}"]) from None


SIDE_WORDS: tuple[tuple[Side, str], ...] = (("employer", "district's"), ("union", "union's"))


def standing(loaded: Loaded, as_of: dt.date | None) -> str:
    """Which case a run takes, in words: the day and each side's last offer then (``Case.last_offer``)."""
    case = loaded.case
    when = "as it stands" if as_of is None else f"as it stood on {day_words(as_of)}"
    offers = [
        f"the {who} last offer {found.id}"
        for side, who in SIDE_WORDS
        if (found := case.last_offer(side, as_of)) is not None
    ]
    return f"the case {when}" + (": " + " and ".join(offers) if offers else "")


def _user(ctx: Context) -> int:
    assert ctx.account is not None  # the gate: a role at the table is signed in
    return ctx.account.id


def _runner(request: Request) -> Runner:
    runner: Runner = request.app.state.simulations  # made by create_app
    return runner


def _defaults(loaded: Loaded) -> dict[str, Any]:
    spec = loaded.case.simulation
    runs = min(spec.runs, MAX_RUNS) if spec is not None else 10_000
    seed = spec.seed if spec is not None else 0
    return {"runs": runs, "seed": seed, "max_runs": MAX_RUNS, "available": spec is not None}


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


def _page(
    request: Request,
    ctx: Context,
    run_id: str | None,
    status: int,
    errors: list[str],
    as_of: dt.date | None = None,
) -> HTMLResponse:
    assert ctx.case_id is not None
    loaded: Loaded = request.app.state.workspace.load(ctx.case_id)
    runner = _runner(request)
    runs = runner.of(ctx.case_id, ctx.as_viewer.role)
    shown = runner.get(ctx.case_id, ctx.as_viewer.role, run_id) if run_id else (runs[0] if runs else None)
    drawn = [chart_data(c) for c in simulation_charts(shown.summary)] if shown and shown.summary else []
    summary = shown.summary if shown is not None and shown.summary is not None else {}
    told = forecast_lines(summary["forecast"]) if "forecast" in summary else []  # runs before 0010 have none
    return render(
        request,
        ctx,
        "simulation.html",
        status,
        case=loaded.case,
        defaults=_defaults(loaded),
        runs=[document(r) for r in runs],
        shown=document(shown) if shown else None,
        charts=drawn,
        errors=errors,
        standing=standing(loaded, as_of),
        shown_standing=standing(loaded, shown.as_of) if shown else "",
        forecast=told,
        warnings=[warning_sentence(w) for w in summary.get("warnings", [])],
        as_of=as_of.isoformat() if as_of is not None else None,
    )


@router.get("/cases/{case_id}/simulation", response_class=HTMLResponse, include_in_schema=False)
def page(
    request: Request, case_id: str, ctx: Ctx, run: str | None = None, as_of: str | None = None
) -> HTMLResponse:
    return _page(request, ctx, run, 200, [], replay_day(as_of))


@router.post("/cases/{case_id}/simulation", include_in_schema=False)
def start(
    request: Request,
    case_id: str,
    ctx: Ctx,
    csrf: Csrf,
    runs: Annotated[str, form("short")],
    seed: Annotated[str, form("short")],
    as_of: str | None = None,
) -> Response:
    check_csrf(ctx, csrf)
    day = replay_day(as_of)
    loaded: Loaded = request.app.state.workspace.load(case_id)
    try:
        count, chosen = _parse(runs, seed)
        run = _runner(request).start(loaded, ctx.as_viewer.role, _user(ctx), count, chosen, day)
    except views.Invalid as refused:
        return _page(request, ctx, None, 422, refused.problems, day)
    kept = f"&as_of={day.isoformat()}" if day is not None else ""
    return redirect(f"/cases/{case_id}/simulation?run={run.id}{kept}")


class StartIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    runs: int = Field(ge=1, le=MAX_RUNS)
    seed: int = Field(0, ge=0, le=2**63 - 1)


@router.get("/api/cases/{case_id}/simulation")
def api_runs(request: Request, case_id: str, ctx: Ctx) -> dict[str, Any]:
    """Your role's simulation runs on this case (newest first), and the defaults of the case's section."""
    loaded: Loaded = request.app.state.workspace.load(case_id)
    runs = _runner(request).of(case_id, ctx.as_viewer.role)
    return {"case": case_id, "defaults": _defaults(loaded), "runs": [document(r) for r in runs]}


@router.post("/api/cases/{case_id}/simulation", status_code=202)
def api_start(
    request: Request,
    case_id: str,
    body: StartIn,
    ctx: Ctx,
    x_csrf_token: CsrfHeader = None,
    as_of: str | None = None,
) -> dict[str, Any]:
    """Start a Monte Carlo run from the case's simulation section (on ``as_of``, YYYY-MM-DD, the case as it
    stood that day: its settlement read from that day's positions); poll its URL for progress."""
    check_csrf_header(ctx, x_csrf_token)
    loaded: Loaded = request.app.state.workspace.load(case_id)
    runner, day = _runner(request), replay_day(as_of)
    return document(runner.start(loaded, ctx.as_viewer.role, _user(ctx), body.runs, body.seed, day))


@router.get("/api/cases/{case_id}/simulation/{run_id}")
def api_run(request: Request, case_id: str, run_id: str, ctx: Ctx) -> dict[str, Any]:
    """One of your runs: status, progress (0 to 1) and, once done, the summary of `bargain simulate`."""
    return document(_runner(request).get(case_id, ctx.as_viewer.role, run_id))
