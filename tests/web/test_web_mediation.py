"""The mediation room and the table: the mediator's tools, proposals sent to both sides, blind bidding,
and a side passing a draft at the table (a proposal of the case plus a `proposal_passed` event)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bargaining.costing import CostContext, cost_proposal
from bargaining.inputs import load_case
from bargaining.model import Proposal
from bargaining.storage import accounts, read_events

from .conftest import EMPLOYER_BID, ROOT, UNION_BID, UNION_RESERVATION, signed_in

CASE = "lausd-2019"
TERMS = [{"type": "raise", "percent": 2, "effective": "2018-07-01"}]


@pytest.fixture
def engine(copied_workspace: Engine) -> Engine:
    """A copy of the planted workspace: these tests write to it."""
    return copied_workspace


def _post(client: TestClient, url: str, body: dict[str, Any]) -> Any:
    csrf = client.get("/api/session").json()["csrf_token"]
    return client.post(url, json=body, headers={"X-CSRF-Token": csrf})


def _cost(party: str, date: str) -> float:
    case, errors = load_case(ROOT / "cases" / CASE)
    assert case is not None and not errors
    proposal = Proposal.model_validate({"id": "x", "party": party, "date": date, "terms": TERMS})
    return cost_proposal(CostContext.of(case), proposal).total


def test_the_mediator_sends_a_proposal_both_teams_see_it_costed_the_public_does_not(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    body = {"title": "The mediator's package", "terms": "- {type: raise, percent: 2, effective: 2018-07-01}"}
    sent = _post(mediator, f"/api/cases/{CASE}/mediation/proposals", body | {"date": "2019-01-20"})
    assert sent.status_code == 201, sent.text
    pid = sent.json()["proposal"]
    assert pid == "mediator-2019-01-20-1"
    for role in ("employer", "union", "mediator"):
        shown = signed_in(engine, role).get(f"/api/cases/{CASE}/proposals").json()["proposals"]
        mine = next(p for p in shown if p["id"] == pid)
        # The number `bargain cost` gives for the same terms on the bundled case.
        assert mine["total"] == pytest.approx(_cost("mediator", "2019-01-20")) and mine["total"] > 0
    for role in ("observer", "anonymous"):
        client = signed_in(engine, role)
        assert pid not in client.get(f"/api/cases/{CASE}/public").text
        assert client.get(f"/api/cases/{CASE}/proposals/{pid}").status_code == 404
    assert pid in mediator.get(f"/cases/{CASE}/mediation").text
    # A team may not send one; bad terms are refused with the field named.
    union = signed_in(engine, "union")
    assert _post(union, f"/api/cases/{CASE}/mediation/proposals", body).status_code == 403
    bad = _post(mediator, f"/api/cases/{CASE}/mediation/proposals", body | {"terms": "- {type: raise}"})
    assert bad.status_code == 422 and "terms[0].percent: required key is missing" in bad.json()["detail"]


def test_blind_bidding_reveals_only_the_outcome(engine: Engine) -> None:
    employer, union, mediator = (signed_in(engine, r) for r in ("employer", "union", "mediator"))
    # Round 1: the district's most (3) is below the union's least (4.5); round 2: 3.75 >= 3.25, so the
    # issue settles in round 2 at the midpoint (3.75 + 3.25) / 2 = 3.5.
    assert (
        _post(employer, f"/api/cases/{CASE}/bids", {"issue": "raise_1", "bids": "3, 3.75"}).status_code == 201
    )
    assert (
        _post(union, f"/api/cases/{CASE}/bids", {"issue": "raise_1", "bids": "4.5, 3.25"}).status_code == 201
    )
    outcome = _post(mediator, f"/api/cases/{CASE}/mediation/blind-bid", {"issue": "raise_1"})
    assert outcome.status_code == 200, outcome.text
    found = outcome.json()
    assert (found["settled"], found["value"], found["settled_in_round"]) == (True, 3.5, 2)
    assert "your_bids" not in found
    room = mediator.get(f"/api/cases/{CASE}/mediation").json()
    assert room["blind"]["ready"]["raise_1"] == ["employer", "union"]  # who bid, never what
    for text in (json.dumps(room), mediator.get(f"/cases/{CASE}/mediation").text):
        assert "3.75" not in text and "3.25" not in text
    mine = employer.get(f"/api/cases/{CASE}/team").json()["blind"]
    assert mine["your_bids"]["raise_1"] == [3.0, 3.75]
    assert [o["value"] for o in mine["outcomes"]] == [3.5]
    theirs = union.get(f"/cases/{CASE}/team").text
    assert "3.75" not in theirs and "settled at the midpoint" in theirs
    # The conftest's non-overlapping bids on the other case: no settlement, no value.
    other = _post(mediator, "/api/cases/denver-2025/mediation/blind-bid", {"issue": "raise"}).json()
    assert (other["settled"], other["value"]) == (False, None)
    assert EMPLOYER_BID not in json.dumps(other) and UNION_BID not in json.dumps(other)
    # An issue is bid on once: moving a bid after the outcome and running again would let a side read
    # the other's bid off the new midpoint (found in review), so both are refused.
    again = _post(union, f"/api/cases/{CASE}/bids", {"issue": "raise_1", "bids": "0"})
    assert again.status_code == 422 and "already bid on" in again.text
    rerun = _post(mediator, f"/api/cases/{CASE}/mediation/blind-bid", {"issue": "raise_1"})
    assert rerun.status_code == 422 and "already bid on" in rerun.text
    # A side bids by bidding here, never by default from the bottom lines of its case file.
    unbid = _post(mediator, f"/api/cases/{CASE}/mediation/blind-bid", {"issue": "raise_2"})
    assert unbid.status_code == 422 and "no bid from the employer or the union" in unbid.text
    # Bad bids and unknown issues are refused with the field named.
    assert "bids:" in _post(union, f"/api/cases/{CASE}/bids", {"issue": "raise_2", "bids": "lots"}).text
    assert "issue:" in _post(union, f"/api/cases/{CASE}/bids", {"issue": "nope", "bids": "1"}).text


def test_a_team_passes_a_draft_at_the_table(engine: Engine) -> None:
    union, employer = signed_in(engine, "union"), signed_in(engine, "employer")
    draft_id = accounts.add_draft(engine, CASE, "union", None, "Two percent", TERMS)
    before = read_events(engine, CASE)
    passed = _post(union, f"/api/cases/{CASE}/drafts/{draft_id}/pass", {"date": "2019-01-20"})
    assert passed.status_code == 201, passed.text
    after = read_events(engine, CASE)
    assert passed.json()["event"] == len(after) == len(before) + 1
    event = after[-1]
    assert len(draft_id) == 16 and not draft_id.isdigit()  # an opaque id: it counts nothing
    pid = "union-draft-1"  # numbered within the case and side, not by the workspace's draft counter
    assert (event.type, event.payload["proposal"], event.payload["by"]) == ("proposal_passed", pid, "union")
    # The event's note carries the sha256 of the proposal as passed: the hash chain covers its content.
    # It answers the district's latest proposal (a passed draft answering nothing would be an initial
    # proposal, which the sunshine rule makes public).
    case, _ = load_case(ROOT / "cases" / CASE)
    assert case is not None
    latest = max((p for p in case.proposals if p.party == "employer"), key=lambda p: p.date).id
    content = {"date": "2019-01-20", "id": pid, "party": "union", "title": "Two percent", "terms": TERMS}
    content["answers"] = latest
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() in str(event.payload["note"])
    shown = employer.get(f"/api/cases/{CASE}/proposals").json()["proposals"]
    assert next(p for p in shown if p["id"] == pid)["total"] == pytest.approx(_cost("union", "2019-01-20"))
    assert any(row.get("proposal") == pid for row in employer.get(f"/api/cases/{CASE}").json()["timeline"])
    assert pid not in signed_in(engine, "anonymous").get(f"/api/cases/{CASE}/public").text
    # Twice is refused; so is answering a proposal that does not exist (nothing appended either time).
    again = _post(union, f"/api/cases/{CASE}/drafts/{draft_id}/pass", {"date": "2019-01-21"})
    assert again.status_code == 422 and "already passed" in again.text
    other = accounts.add_draft(engine, CASE, "union", None, "Another", TERMS)
    wrong = _post(union, f"/api/cases/{CASE}/drafts/{other}/pass", {"date": "2019-01-21", "answers": "nope"})
    assert wrong.status_code == 422 and "proposals[" in wrong.json()["detail"]
    assert len(read_events(engine, CASE)) == len(after)
    # The other side's draft is not this side's to pass.
    theirs = accounts.add_draft(engine, CASE, "employer", None, "Theirs", TERMS)
    assert _post(union, f"/api/cases/{CASE}/drafts/{theirs}/pass", {"date": "2019-01-21"}).status_code == 422


def test_the_mediators_tools_use_only_what_was_shared(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    tools = mediator.get(f"/api/cases/{CASE}/mediation").json()["tools"]
    # The planted union does not share: its scores, the frontier and the single text stay withheld.
    assert tools["analysis"] is not None and "frontier" not in tools["analysis"]
    assert tools["single_text"] is None and UNION_RESERVATION not in json.dumps(tools)
    assert all(set(o["scores"]) == {"employer"} for o in tools["analysis"]["offers"])
    accounts.set_share(engine, CASE, "union", "preferences", True)
    tools = mediator.get(f"/api/cases/{CASE}/mediation").json()["tools"]
    assert tools["analysis"]["frontier"] and tools["analysis"]["reservations"]["union"] == float(
        UNION_RESERVATION
    )
    assert tools["single_text"]["rounds"]
    page = mediator.get(f"/cases/{CASE}/mediation").text
    assert 'id="chart-data"' in page and "Single negotiating text" in page
