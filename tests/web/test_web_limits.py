"""Issue 10, item 4: the web app caps a request's whole body (before, only each field after parsing, so a
100 MB form or JSON body was read whole into memory before any bound applied)."""

from __future__ import annotations

import json

from bargaining.model.limits import MAX_REQUEST_BYTES

from .conftest import Workbench, csrf_of, signed_in

CASE = "lausd-2019"


def test_a_body_over_the_cap_is_refused_with_a_message(workbench: Workbench) -> None:
    union = signed_in(workbench.engine, "union")
    token = union.get("/api/session").json()["csrf_token"]
    before = union.get(f"/api/cases/{CASE}/notes").json()
    big = json.dumps({"text": "x" * MAX_REQUEST_BYTES, "visibility": "private"})
    response = union.post(
        f"/api/cases/{CASE}/notes",
        content=big,
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"].lower()
    form = csrf_of(union.get(f"/cases/{CASE}/team").text)
    page = union.post(
        f"/cases/{CASE}/notes",
        data={"text": "x" * MAX_REQUEST_BYTES, "visibility": "private", "csrf_token": form},
    )
    assert page.status_code == 413
    # Sent in chunks with no Content-Length: counted as it arrives.
    chunks = (b"x" * 100_000 for _ in range(MAX_REQUEST_BYTES // 100_000 + 1))
    streamed = union.post(
        f"/api/cases/{CASE}/notes",
        content=chunks,
        headers={"X-CSRF-Token": token, "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413 and "too large" in streamed.json()["detail"]
    assert union.get(f"/api/cases/{CASE}/notes").json() == before


def test_the_largest_field_fits_under_the_cap() -> None:
    # Draft terms: 20,000 characters of up to 4 UTF-8 bytes, each byte sent as %XX in a form: 240,000
    # bytes, with room for the other fields.
    assert MAX_REQUEST_BYTES > 20_000 * 4 * 3
