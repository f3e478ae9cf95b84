"""Who may take a step and what it publishes (issue 10: S1, S2, S6), reproduced as attacks a team member
or the public could try, then the workbench's answer: the entitled actor only, the other side's confirmation
for a step that names or releases its material, and a public page computed over the public record only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bargaining.storage import import_case, open_database, read_events
from bargaining.web import create_app
from bargaining.web.demo import seed_demo

from .conftest import ROOT, csrf_of, signed_in

LAUSD = "lausd-2019"
DENVER = "denver-2025"
# lausd-2019: the district's counter of 26 Sep 2018, passed at the table; not public (it answers the union).
DISTRICT_COUNTER = "lausd-2018-09-26"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    found = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    for case_id in (LAUSD, DENVER):
        import_case(found, ROOT / "cases" / case_id)
    seed_demo(found, (LAUSD, DENVER))
    yield found
    found.dispose()


def _post(client: TestClient, case_id: str, **fields: object) -> int:
    token = csrf_of(client.get(f"/cases/{case_id}/record").text)
    response = client.post(f"/api/cases/{case_id}/events", json=fields, headers={"X-CSRF-Token": token})
    assert response.status_code < 500, response.text
    return response.status_code


def _public(case_id: str, engine: Engine, as_of: str | None = None) -> dict[str, object]:
    query = f"?as_of={as_of}" if as_of else ""
    response = TestClient(create_app(engine)).get(f"/api/cases/{case_id}/public{query}")
    assert response.status_code == 200
    document: dict[str, object] = response.json()
    return document


def _public_ids(case_id: str, engine: Engine) -> set[str]:
    return {str(p["id"]) for p in _public(case_id, engine)["proposals"]}  # type: ignore[attr-defined]


def test_s1_a_side_cannot_publish_the_other_sides_counter_through_a_factfinding_report(
    engine: Engine,
) -> None:
    # lausd-2019 already has its report made public (18 Dec 2018), so one POST by the union naming the
    # district's counter as "the factfinder's recommendation" used to publish it.
    assert DISTRICT_COUNTER not in _public_ids(LAUSD, engine)
    union = signed_in(engine, "union")
    before = len(read_events(engine, LAUSD))
    status = _post(union, LAUSD, type="factfinding_report", date="2018-12-17", proposal=DISTRICT_COUNTER)
    assert status == 403
    # Nor may the mediator name a side's proposal in it on its own.
    mediator = signed_in(engine, "mediator")
    status = _post(
        mediator,
        LAUSD,
        type="factfinding_report",
        date="2018-12-17",
        by="factfinder",
        proposal=DISTRICT_COUNTER,
    )
    assert status in (202, 403)
    assert len(read_events(engine, LAUSD)) == before
    assert DISTRICT_COUNTER not in _public_ids(LAUSD, engine)


@pytest.mark.parametrize("kind", ["ratified", "settlement", "board_approved", "imposed"])
def test_s2_one_side_alone_cannot_take_a_joint_step_mid_impasse(engine: Engine, kind: str) -> None:
    # denver-2025 mid-impasse (no settlement yet as of 2025-06-01): a step that releases every tentative
    # agreement to the public, taken by one side in its own name.
    client_public = TestClient(create_app(engine))
    before_doc = client_public.get(f"/api/cases/{DENVER}/public?as_of=2025-06-01").json()
    before = len(read_events(engine, DENVER))
    for role in ("union", "employer"):
        status = _post(signed_in(engine, role), DENVER, type=kind, date="2025-06-01")
        # The entitled side (the union ratifies, the board adopts, the district imposes) may ask for it,
        # but nothing is recorded until the other side confirms (202: pending); anyone else is refused.
        assert status in (202, 403), (role, status)
    assert len(read_events(engine, DENVER)) == before
    after_doc = client_public.get(f"/api/cases/{DENVER}/public?as_of=2025-06-01").json()
    assert after_doc["record"] == before_doc["record"]


def test_s6_the_public_page_does_not_date_a_private_step(engine: Engine) -> None:
    # lausd-2019: the factfinding report reached the parties on 17 Dec 2018 (private) and was made public
    # on 18 Dec. Stepping the public page's as_of across 17 Dec must not change what it says.
    on_16 = _public(LAUSD, engine, "2018-12-16")
    on_17 = _public(LAUSD, engine, "2018-12-17")
    assert on_16["state"] == on_17["state"]
    on_18 = _public(LAUSD, engine, "2018-12-18")
    assert on_18["state"] != on_17["state"]  # the public step itself shows on its day


def _api(client: TestClient, case_id: str, method: str, path: str, **body: object) -> tuple[int, object]:
    token = csrf_of(client.get(f"/cases/{case_id}/record").text)
    response = client.request(
        method, f"/api/cases/{case_id}{path}", json=body or None, headers={"X-CSRF-Token": token}
    )
    assert response.status_code < 500, response.text
    return response.status_code, response.json()


def test_a_joint_step_waits_for_the_other_side_and_is_recorded_as_both_once_confirmed(engine: Engine) -> None:
    union, employer = signed_in(engine, "union"), signed_in(engine, "employer")
    before = len(read_events(engine, DENVER))
    status, asked = _api(union, DENVER, "POST", "/events", type="tentative_agreement", date="2025-06-10",
                         article="Art. 9 planning time", note="union's note on art. 9")  # fmt: skip
    assert status == 202 and asked == {"pending": asked["pending"], "confirm_by": "employer"}  # type: ignore[index]
    step = asked["pending"]  # type: ignore[index]
    assert len(read_events(engine, DENVER)) == before
    # The union cannot confirm its own request; the employer sees it waiting for it.
    assert _api(union, DENVER, "POST", f"/pending/{step}/confirm")[0] == 404
    status, waiting = _api(employer, DENVER, "GET", "/pending")
    assert status == 200 and [w["yours_to_confirm"] for w in waiting] == [True]  # type: ignore[union-attr]
    status, done = _api(employer, DENVER, "POST", f"/pending/{step}/confirm")
    assert status == 200 and done == {"event": before + 1}
    recorded = read_events(engine, DENVER)[-1]
    assert recorded.type == "tentative_agreement" and recorded.payload["by"] == "both"
    # Confirmed once only.
    assert _api(employer, DENVER, "POST", f"/pending/{step}/confirm")[0] == 404


def test_a_declined_step_never_enters_the_record(engine: Engine) -> None:
    union, employer = signed_in(engine, "union"), signed_in(engine, "employer")
    before = len(read_events(engine, LAUSD))
    status, asked = _api(union, LAUSD, "POST", "/events", type="settlement", date="2018-10-01")
    assert status == 202
    status, done = _api(employer, LAUSD, "POST", f"/pending/{asked['pending']}/decline")  # type: ignore[index]
    assert status == 200 and done == {"event": None}
    assert len(read_events(engine, LAUSD)) == before


def test_the_entitled_actor_only_and_the_rule_pack_says_who(engine: Engine) -> None:
    employer, mediator = signed_in(engine, "employer"), signed_in(engine, "mediator")
    # California: the union's members ratify (practice); the district cannot record it in any name.
    assert _post(employer, LAUSD, type="ratified", date="2019-01-23") == 403
    assert _post(employer, LAUSD, type="ratified", date="2019-01-23", by="union") == 403
    # The factfinder's report is the neutral's step: the mediator records it, a side does not.
    assert _post(employer, LAUSD, type="factfinding_report", date="2018-12-17") == 403
    # The mediator records no side's step, and no joint one alone.
    assert _post(mediator, LAUSD, type="settlement", date="2019-01-22", by="both") == 403
    assert _post(mediator, LAUSD, type="mediation_session", date="2018-10-01") == 201


def test_corrections_are_for_whoever_recorded_the_event(engine: Engine) -> None:
    union, employer = signed_in(engine, "union"), signed_in(engine, "employer")
    status, saved = _api(
        union, DENVER, "POST", "/events", type="statement", date="2025-06-02", summary="typo"
    )
    assert status == 201
    seq = saved["id"]  # type: ignore[index]
    fix = {"type": "statement", "date": "2025-06-02", "summary": "fixed", "supersedes": seq}
    assert _api(employer, DENVER, "POST", "/events", **fix)[0] == 403
    assert _api(union, DENVER, "POST", "/events", **fix)[0] == 201
    shown = json.dumps(_public(DENVER, engine)["record"])
    assert "fixed" in shown and "typo" not in shown
    # An event from the case file has no recorder in the workbench: corrected with `bargain record`.
    assert _api(union, DENVER, "POST", "/events", type="statement", date="2025-06-02", summary="x",
                supersedes=1)[0] == 403  # fmt: skip
