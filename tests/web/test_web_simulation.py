"""The simulation page: a run started from the workbench is `bargain simulate` on the case's public
simulation section, with its progress polled and its distributions drawn."""

from __future__ import annotations

import time
from typing import Any

from bargaining.inputs import load_case
from bargaining.model.scenario import SimulationSpec
from bargaining.simulate import DisputeModel, simulate, summarize

from .conftest import ROOT, UNION_RESERVATION, Workbench, csrf_of, signed_in

CASE = "lausd-2019"


def _wait(client: Any, url: str) -> dict[str, Any]:
    for _ in range(300):
        run: dict[str, Any] = client.get(url).json()
        if run["status"] in ("done", "failed"):
            return run
        time.sleep(0.05)
    raise AssertionError(f"{url} never finished")


def test_a_run_gives_the_same_summary_as_the_simulate_package(workbench: Workbench) -> None:
    union = signed_in(workbench.engine, "union")
    csrf = union.get("/api/session").json()["csrf_token"]
    started = union.post(
        f"/api/cases/{CASE}/simulation", json={"runs": 5_000, "seed": 7}, headers={"X-CSRF-Token": csrf}
    )
    assert started.status_code == 202, started.text
    run = _wait(union, f"/api/cases/{CASE}/simulation/{started.json()['id']}")
    assert run["status"] == "done", run["error"]
    assert run["done"] == 5_000 and run["progress"] == 1.0
    # The same seeded runs through the package directly, on the bundled case (whose simulation section the
    # planted copy shares): the runs are reproducible, so the summaries are equal.
    case, errors = load_case(ROOT / "cases" / CASE)
    assert case is not None and not errors
    spec = case.simulation
    assert isinstance(spec, SimulationSpec)
    model = DisputeModel.of(case, spec)
    expected = summarize(model, simulate(model, 5_000, 7), 7)
    assert run["summary"]["probabilities"] == expected["probabilities"]
    assert run["summary"]["strike_days"] == expected["strike_days"]
    assert UNION_RESERVATION not in str(run)
    # The page draws the distributions; the other side and the public never see this run.
    page = union.get(f"/cases/{CASE}/simulation?run={run['id']}").text
    assert page.count('class="chart"') >= 3 and "/static/plotly.min.js" in page
    employer = signed_in(workbench.engine, "employer")
    assert employer.get(f"/api/cases/{CASE}/simulation/{run['id']}").status_code == 404
    assert run["id"] not in employer.get(f"/cases/{CASE}/simulation").text
    assert signed_in(workbench.engine, "observer").get(f"/cases/{CASE}/simulation").status_code == 403


def test_the_form_bounds_the_runs_and_names_the_field(workbench: Workbench) -> None:
    mediator = signed_in(workbench.engine, "mediator")
    page = mediator.get(f"/cases/{CASE}/simulation")
    response = mediator.post(
        f"/cases/{CASE}/simulation", data={"runs": "10000000", "seed": "x", "csrf_token": csrf_of(page.text)}
    )
    assert response.status_code == 422
    assert "runs: between 1 and 200,000" in response.text
    assert "seed: &#39;x&#39; is not a whole number" in response.text
