"""Nothing private crosses a line: every route, for every role, on both bundled cases.

The workspace (conftest.py) plants a unique marker in each party's private notes, drafts and preferences;
each response of every route is searched for the markers its role must not see. The route list comes from
the app itself, so a new route is walked as soon as it exists, and it must be classified in the policy.
"""

from __future__ import annotations

import itertools
import re

import pytest

from bargaining.web import create_app, policy
from bargaining.web.demo import DEMO_PASSWORD

from .conftest import BUNDLED, ROLES, Workbench, signed_in

GATED = {"case_table": {"employer", "union", "mediator"}, "case_side": {"employer", "union"}}


def _routes(workbench: Workbench) -> list[tuple[str, str]]:
    return policy.route_table(create_app(workbench.engine).routes)


def test_every_route_is_classified_in_the_policy(workbench: Workbench) -> None:
    routes = set(_routes(workbench))
    unclassified = routes - set(policy.ROUTES)
    assert not unclassified, f"routes missing from policy.ROUTES: {sorted(unclassified)}"
    stale = set(policy.ROUTES) - routes
    assert not stale, f"policy.ROUTES names routes that do not exist: {sorted(stale)}"


def _fill(path: str, case_id: str, proposal_id: str) -> str:
    values = {
        "case_id": case_id,
        "proposal_id": proposal_id,
        "name": "style.css",
        "draft_id": "1",
        "comment_id": "1",
        "report_id": "1",
        "run_id": "no-such-run",
        "step_id": "1",
    }
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def _proposal_ids(case_id: str, workbench: Workbench) -> list[str]:
    client = signed_in(workbench.engine, "union")
    return [p["id"] for p in client.get(f"/api/cases/{case_id}/proposals").json()["proposals"]]


@pytest.mark.parametrize("role", ROLES)
def test_no_private_marker_reaches_a_role_that_may_not_see_it(workbench: Workbench, role: str) -> None:
    client = signed_in(workbench.engine, role)
    forbidden = [m for m, allowed in workbench.markers.items() if role not in allowed]
    allowed_here = [m for m, allowed in workbench.markers.items() if role in allowed]
    seen: set[str] = set()
    csrf = client.get("/api/session").json()["csrf_token"] or ""
    for case_id in BUNDLED:
        ids = [*_proposal_ids(case_id, workbench), "no-such-proposal"]
        for (method, path), proposal_id in itertools.product(_routes(workbench), ids):
            if "{proposal_id}" not in path and proposal_id != ids[0]:
                continue
            if path == "/static/plotly.min.js" or path == "/logout":
                continue  # plotly: 4.8 MB from the package, no case data; logout would end the walk's session
            url = _fill(path, case_id, proposal_id)
            if method == "GET":
                response = client.get(url, follow_redirects=False)
            else:
                # Writes with a valid CSRF token but nothing to write: only refusals come back.
                response = client.request(method, url, data={"csrf_token": csrf}, follow_redirects=False)
            assert response.status_code < 500, f"{role}: {method} {url} -> {response.status_code}"
            body = response.content.decode("utf-8", errors="replace")
            leaked = [m for m in forbidden if m in body]
            assert not leaked, f"{role} saw {leaked} at {method} {url}"
            seen.update(m for m in allowed_here if m in body)
    # The walk must also have shown each role what it may see: a policy that hid everything would pass
    # the leak check, but not this one.
    assert seen == set(allowed_here), f"{role} never saw {sorted(set(allowed_here) - seen)}"


@pytest.mark.parametrize("role", ["employer", "union", "mediator", "observer", "admin", "anonymous"])
def test_gated_pages_refuse_roles_outside_the_gate(workbench: Workbench, role: str) -> None:
    client = signed_in(workbench.engine, role)
    case_id = BUNDLED[0]
    for (method, path), gate in policy.ROUTES.items():
        if method != "GET" or "{case_id}" not in path or gate not in (*GATED, "case_mediator", "case_admin"):
            continue
        allowed = GATED.get(gate) or ({"mediator"} if gate == "case_mediator" else {"admin"})
        response = client.get(_fill(path, case_id, "x"), follow_redirects=False)
        if role in allowed:
            # Past the gate; a simulation run or a draft that does not exist is then not found.
            expected_ok = {200, 404} if "{run_id}" in path or "{draft_id}" in path else {200}
            assert response.status_code in expected_ok, f"{role} refused {path}: {response.text[:200]}"
        else:
            expected = {303, 401} if role == "anonymous" else {403}
            assert response.status_code in expected, f"{role} got {response.status_code} on {path}"


def test_demo_password_is_the_documented_one() -> None:
    assert DEMO_PASSWORD == "demo-password"
