"""Issue 10: is a members' ballot's result public? Decided in ``policy.PUBLIC_EVENTS`` (see its comment): a
``ballot_result`` is public, because it enters the record only when the union publishes the totals
(`bargain ballot results --publish`), which is the union's announcement; only the union may take that step,
and a survey's totals never enter the record."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bargaining.storage import import_case, open_database, public_head, read_events
from bargaining.storage.ballots import BallotRefused, cast_vote, open_ballot, publish_results
from bargaining.web import create_app, policy
from bargaining.web.demo import seed_demo

from .conftest import ROOT, csrf_of, signed_in

CASE = "lausd-2019"
OPENS = dt.datetime(2019, 1, 1, 8, tzinfo=dt.UTC)
CLOSES = dt.datetime(2019, 1, 3, 20, tzinfo=dt.UTC)
DURING = dt.datetime(2019, 1, 2, 12, tzinfo=dt.UTC)
PUBLISHED = dt.datetime(2019, 1, 4, 9, tzinfo=dt.UTC)
QUESTION = "Authorize a strike? (ballot test)"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    found = open_database(f"sqlite:///{tmp_path / 'w.db'}", create=True)
    import_case(found, ROOT / "cases" / CASE)
    seed_demo(found, (CASE,))
    yield found
    found.dispose()


def _ballot(engine: Engine, kind: str) -> int:
    opened = open_ballot(
        engine, CASE, kind=kind, question=QUESTION, choices=["yes", "no"],
        threshold=None if kind == "survey" else "majority", opens_at=OPENS, closes_at=CLOSES,
        members=[f"M{n:03d}" for n in range(1, 8)],
    )  # fmt: skip
    for (_, credential), choice in zip(opened.credentials, ["yes", "yes", "yes", "no"], strict=False):
        cast_vote(engine, opened.ballot.id, credential, choice, DURING)
    return opened.ballot.id


def _public(engine: Engine) -> dict[str, object]:
    response = TestClient(create_app(engine)).get(f"/api/cases/{CASE}/public")
    assert response.status_code == 200
    found: dict[str, object] = response.json()
    return found


def test_the_decision_is_in_the_policy() -> None:
    assert "ballot_result" in policy.PUBLIC_EVENTS
    assert "strike_vote" in policy.PUBLIC_EVENTS


def test_published_totals_reach_the_public_page_and_move_its_head(engine: Engine) -> None:
    before = _public(engine)
    assert QUESTION not in json.dumps(before)
    publish_results(engine, _ballot(engine, "strike_authorization"), PUBLISHED)
    after = _public(engine)
    [row] = [r for r in after["record"] if QUESTION in json.dumps(r)]  # type: ignore[attr-defined]
    assert row["date"] == "2019-01-04"
    # A public row: the public head moves to the link that records it.
    assert after["head"] != before["head"]
    seqs = [e.seq for e in read_events(engine, CASE)]
    assert after["head"] == public_head(engine, CASE, seqs, [])


def test_a_surveys_totals_never_reach_the_record(engine: Engine) -> None:
    with pytest.raises(BallotRefused, match="stay with the union"):
        publish_results(engine, _ballot(engine, "survey"), PUBLISHED)
    assert QUESTION not in json.dumps(_public(engine))


@pytest.mark.parametrize("role", ["employer", "mediator"])
def test_only_the_union_publishes_its_members_vote(engine: Engine, role: str) -> None:
    client = signed_in(engine, role)
    token = csrf_of(client.get(f"/cases/{CASE}/record").text)
    event = {"type": "ballot_result", "date": "2019-01-04", "note": QUESTION}
    response = client.post(f"/api/cases/{CASE}/events", json=event, headers={"X-CSRF-Token": token})
    assert response.status_code == 403, response.text
    assert "ballot_result is taken by the union" in response.json()["detail"]
    assert QUESTION not in json.dumps(_public(engine))
