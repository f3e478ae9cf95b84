"""The JSON API takes a draft's and a mediator proposal's terms as JSON term objects (issue 15: users'
words, not YAML in a JSON string); the YAML text of the documented contract is still accepted."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from .conftest import signed_in

CASE = "denver-2025"


@pytest.fixture
def engine(copied_workspace: Engine) -> Engine:
    """A copy of the planted workspace: these tests write to it."""
    return copied_workspace


def _token(client: TestClient) -> str:
    token: str = client.get("/api/session").json()["csrf_token"]
    return token


def _draft(client: TestClient, title: str) -> dict:  # type: ignore[type-arg]
    drafts = client.get(f"/api/cases/{CASE}/team").json()["drafts"]
    return next(d for d in drafts if d["title"] == title)


def test_a_draft_from_json_term_objects(engine: Engine) -> None:
    union = signed_in(engine, "union")
    terms = [{"type": "raise", "percent": 2.5, "effective": "2025-09-01"}]
    answer = union.post(
        f"/api/cases/{CASE}/drafts",
        json={"title": "JSON terms", "terms": terms},
        headers={"X-CSRF-Token": _token(union)},
    )
    assert answer.status_code == 201, answer.text
    draft = _draft(union, "JSON terms")
    assert draft["terms"] == [{"type": "raise", "percent": 2.5, "effective": "2025-09-01"}]
    assert draft["described"][0]["words"] == "2.5% on the salary schedule from 1 September 2025"
    yaml = union.post(
        f"/api/cases/{CASE}/drafts",
        json={"title": "YAML terms", "terms": "- {type: raise, percent: 2.5, effective: 2025-09-01}"},
        headers={"X-CSRF-Token": _token(union)},
    )
    assert yaml.status_code == 201, yaml.text
    assert _draft(union, "YAML terms")["terms"] == draft["terms"]


def test_a_wrong_json_term_is_refused_naming_its_field(engine: Engine) -> None:
    union = signed_in(engine, "union")
    answer = union.post(
        f"/api/cases/{CASE}/drafts",
        json={"title": "bad", "terms": [{"type": "raise", "percent": "three", "effective": "2025-09-01"}]},
        headers={"X-CSRF-Token": _token(union)},
    )
    assert answer.status_code == 422
    assert "terms[0].percent" in answer.json()["detail"]
    empty = union.post(
        f"/api/cases/{CASE}/drafts",
        json={"title": "bad", "terms": []},
        headers={"X-CSRF-Token": _token(union)},
    )
    assert empty.status_code == 422


def test_the_mediator_sends_json_term_objects(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    answer = mediator.post(
        f"/api/cases/{CASE}/mediation/proposals",
        json={
            "title": "JSON text",
            "terms": [{"type": "raise", "percent": 3, "effective": "2025-09-01"}],
            "date": "2025-05-20",
        },
        headers={"X-CSRF-Token": _token(mediator)},
    )
    assert answer.status_code == 201, answer.text
    sent = answer.json()["proposal"]
    assert sent.startswith("mediator-2025-05-20")
