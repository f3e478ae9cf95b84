"""Issue 10, S3 and S9: the web takes bounded values only, and no figure it shows is infinite.

S3: a draft with `one_time amount: 1e308` was accepted, passed, and from then on the proposals, movement
and mediation pages answered 500 to everyone at the table. S9: the HTML forms took 1 MB fields the API
refused. Each test below failed before its fix.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bargaining.model.limits import NOTE_LENGTH, TERMS_LENGTH, TITLE_LENGTH
from bargaining.storage import accounts, read_events
from bargaining.web.fields import LENGTHS

from .conftest import signed_in

CASE = "lausd-2019"
HUGE = "- {type: one_time, amount: 1e308, paid: 2018-10-15}"
PAGES = ("proposals", "movement", "mediation", "team", "public", "")


@pytest.fixture
def engine(copied_workspace: Engine) -> Engine:
    return copied_workspace


def _csrf(client: TestClient) -> str:
    token = client.get("/api/session").json()["csrf_token"]
    assert isinstance(token, str)
    return token


def _api(client: TestClient, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json=body, headers={"X-CSRF-Token": _csrf(client)})


def _form(client: TestClient, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data={**data, "csrf_token": _csrf(client)}, follow_redirects=False)


def _pages_answer(client: TestClient) -> None:
    for page in PAGES:
        url = f"/cases/{CASE}/{page}".rstrip("/")
        response = client.get(url)
        assert response.status_code in (200, 403), (url, response.status_code)


def test_a_draft_costing_to_infinity_is_refused_by_the_api_and_the_form(engine: Engine) -> None:
    union = signed_in(engine, "union")
    drafts = len(accounts.drafts_of(engine, CASE, "union"))
    by_api = _api(union, f"/api/cases/{CASE}/drafts", {"title": "Infinite", "terms": HUGE})
    assert by_api.status_code == 422, by_api.text
    assert "less than or equal to 10000000" in by_api.json()["detail"]
    by_form = _form(union, f"/cases/{CASE}/drafts", {"title": "Infinite", "terms": HUGE})
    assert by_form.status_code == 422 and "less than or equal to 10000000" in by_form.text
    assert len(accounts.drafts_of(engine, CASE, "union")) == drafts
    _pages_answer(union)


def test_the_mediator_cannot_send_a_proposal_costing_to_infinity(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    response = _api(
        mediator,
        f"/api/cases/{CASE}/mediation/proposals",
        {"title": "x", "terms": HUGE, "date": "2019-01-20"},
    )
    assert response.status_code == 422 and "less than or equal to 10000000" in response.text


def test_a_draft_saved_before_the_bounds_cannot_be_passed_and_breaks_no_page(engine: Engine) -> None:
    # A row written before the bounds existed (storage does not check terms): passing it is refused.
    old = accounts.add_draft(
        engine, CASE, "union", None, "Old", [{"type": "one_time", "amount": 1e308, "paid": "2018-10-15"}]
    )
    union, employer, mediator = (signed_in(engine, role) for role in ("union", "employer", "mediator"))
    events = len(read_events(engine, CASE))
    passed = _api(union, f"/api/cases/{CASE}/drafts/{old}/pass", {"date": "2019-01-20"})
    assert passed.status_code == 422, passed.text
    assert passed.json()["detail"]  # (the message names the event, not yet the amount: see the report)
    assert len(read_events(engine, CASE)) == events
    for client in (union, employer, mediator):
        _pages_answer(client)


def test_an_event_in_year_0001_is_refused(engine: Engine) -> None:
    union = signed_in(engine, "union")
    response = _api(union, f"/api/cases/{CASE}/events", {"type": "session", "date": "0001-01-10"})
    assert response.status_code == 422
    assert "expected a date from 1900-01-01 to 2199-12-31" in response.json()["detail"]


@pytest.mark.parametrize(
    ("url", "field", "limit", "others"),
    [
        ("notes", "text", NOTE_LENGTH, {"visibility": "private"}),
        ("drafts", "title", TITLE_LENGTH, {"terms": "- {type: raise, percent: 1, effective: 2018-07-01}"}),
        ("drafts", "terms", TERMS_LENGTH, {"title": "t"}),
        ("events", "note", LENGTHS["event_text"], {"type": "session", "date": "2019-01-20"}),
    ],
)
def test_forms_refuse_what_the_api_refuses(
    engine: Engine, url: str, field: str, limit: int, others: dict[str, str]
) -> None:
    union = signed_in(engine, "union")
    too_long = _form(union, f"/cases/{CASE}/{url}", {**others, field: "x" * (limit + 1)})
    assert too_long.status_code == 422, too_long.status_code  # before: a 1 MB note was saved
    assert f"at most {limit} characters" in too_long.text


def test_a_megabyte_note_is_refused_and_nothing_is_saved(engine: Engine) -> None:
    union = signed_in(engine, "union")
    before = union.get(f"/api/cases/{CASE}/notes").json()
    response = _form(union, f"/cases/{CASE}/notes", {"text": "x" * 1_000_000, "visibility": "private"})
    # Over the whole request's cap (1,000,000 bytes, test_web_limits.py) before the field's own bound.
    assert response.status_code == 413
    assert union.get(f"/api/cases/{CASE}/notes").json() == before
