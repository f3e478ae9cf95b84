"""Anyone may report a public comment, with a reason (issue 15: the Report link needed an account and asked
no reason); reports are throttled per address so the moderators' queue cannot be flooded, and the conduct
rules stay on the page.

The throttle (storage.fairuse.REPORTS): five reports, then a wait of 60 seconds after the fifth, doubling
with each further report (a sixth report at once is refused: "try again in 1 minute")."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from .conftest import csrf_of, signed_in

CASE = "lausd-2019"


@pytest.fixture
def engine(copied_workspace: Engine) -> Engine:
    """A copy of the planted workspace: these tests write to it (and spend its report allowance)."""
    return copied_workspace


def _comment(engine: Engine, text: str) -> int:
    observer = signed_in(engine, "observer")
    page = observer.get(f"/cases/{CASE}/public")
    answer = observer.post(
        f"/cases/{CASE}/comments",
        data={"proposal": "lausd-2018-07", "text": text, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    html = observer.get(f"/cases/{CASE}/public").text
    return max(int(n) for n in re.findall(r"/comments/(\d+)/report", html))


def _report(client: TestClient, comment: int, reason: str) -> int:
    page = client.get(f"/cases/{CASE}/public")
    answer = client.post(
        f"/cases/{CASE}/comments/{comment}/report",
        data={"reason": reason, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return answer.status_code


def test_a_visitor_without_an_account_reports_a_comment_with_a_reason(engine: Engine) -> None:
    comment = _comment(engine, "The principal of Roosevelt High is a fraud")
    visitor = TestClient(signed_in(engine, "anonymous").app)
    page = visitor.get(f"/cases/{CASE}/public").text
    assert f'action="/cases/{CASE}/comments/{comment}/report"' in page  # offered with no account
    assert "Conduct rules" in page and "No personal information about students, staff or families." in page
    assert _report(visitor, comment, "attacks a named person, not the proposal") == 303
    admin = signed_in(engine, "admin")
    queue = " ".join(admin.get(f"/cases/{CASE}/moderation").text.split())
    assert "reported by a visitor without an account: attacks a named person, not the proposal" in queue


def test_a_report_needs_a_reason_of_bounded_length(engine: Engine) -> None:
    comment = _comment(engine, "a comment")
    visitor = signed_in(engine, "anonymous")
    assert _report(visitor, comment, "   ") == 422
    assert _report(visitor, comment, "x" * 1001) == 422  # web/fields: a reason is at most 1,000 characters
    assert _report(visitor, comment, "x" * 1000) == 303


def test_a_report_without_the_pages_csrf_token_is_refused(engine: Engine) -> None:
    comment = _comment(engine, "a comment")
    visitor = signed_in(engine, "anonymous")
    answer = visitor.post(
        f"/cases/{CASE}/comments/{comment}/report", data={"reason": "spam"}, follow_redirects=False
    )
    assert answer.status_code in (403, 422)


def test_reports_from_one_address_are_throttled_and_an_account_counts_apart(engine: Engine) -> None:
    comment = _comment(engine, "buy cheap watches")
    visitor = signed_in(engine, "anonymous")
    assert [_report(visitor, comment, f"advertising {n}") for n in range(5)] == [303] * 5
    page = visitor.get(f"/cases/{CASE}/public")
    refused = visitor.post(
        f"/cases/{CASE}/comments/{comment}/report",
        data={"reason": "advertising 6", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert refused.status_code == 429 and "try again in 1 minute" in refused.text
    # Another visitor from the same address waits too; a signed-in reader is counted by account.
    assert _report(signed_in(engine, "anonymous"), comment, "advertising 7") == 429
    assert _report(signed_in(engine, "observer"), comment, "advertising") == 303
    queue = signed_in(engine, "admin").get(f"/cases/{CASE}/moderation").text
    assert queue.count("advertising") == 6  # five from the visitor, one from the account


def test_a_comment_of_another_case_cannot_be_reported_here(engine: Engine) -> None:
    comment = _comment(engine, "a comment on LAUSD")
    visitor = signed_in(engine, "anonymous")
    page = visitor.get(f"/cases/{CASE}/public")  # the site's token, from a page with a form
    answer = visitor.post(
        f"/cases/denver-2025/comments/{comment}/report",
        data={"reason": "spam", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 404


# The JSON API mirrors the Report form (issue 15: reports had no API route): anyone reports, with the CSRF
# token GET /api/session gives (a visitor's is the signed double-submit cookie); only the case's
# moderators (its admins) read the reports, as on the moderation page (docs/security.md).


def _api_report(client: TestClient, comment: int, reason: str, case: str = CASE) -> tuple[int, dict]:  # type: ignore[type-arg]
    token = client.get("/api/session").json()["csrf_token"]
    answer = client.post(
        f"/api/cases/{case}/comments/{comment}/report",
        json={"reason": reason},
        headers={"X-CSRF-Token": token or ""},
    )
    return answer.status_code, answer.json()


def test_a_visitor_reports_a_comment_through_the_api_and_only_moderators_read_it(engine: Engine) -> None:
    comment = _comment(engine, "The principal of Roosevelt High is a fraud")
    visitor = signed_in(engine, "anonymous")
    assert _api_report(visitor, comment, "names a person") == (201, {"reported": comment})
    for role, status in {
        "admin": 200,
        "union": 403,
        "employer": 403,
        "mediator": 403,
        "observer": 403,
    }.items():
        assert signed_in(engine, role).get(f"/api/cases/{CASE}/moderation").status_code == status, role
    assert signed_in(engine, "anonymous").get(f"/api/cases/{CASE}/moderation").status_code == 401
    reports = signed_in(engine, "admin").get(f"/api/cases/{CASE}/moderation").json()["reports"]
    mine = [r for r in reports if r["comment"]["id"] == comment]
    assert [(r["reason"], r["comment"]["text"]) for r in mine] == [
        ("names a person", "The principal of Roosevelt High is a fraud")
    ]
    # The public document never carries who reported what.
    assert "names a person" not in visitor.get(f"/api/cases/{CASE}/public").text


def test_an_api_report_is_checked_like_the_form(engine: Engine) -> None:
    comment = _comment(engine, "a comment")
    visitor = signed_in(engine, "anonymous")
    assert _api_report(visitor, comment, "   ")[0] == 422
    assert _api_report(visitor, comment, "x" * 1001)[0] == 422  # web/fields: at most 1,000 characters
    assert _api_report(visitor, comment, "spam", case="denver-2025")[0] == 404  # another case's comment
    assert _api_report(visitor, 10**9, "spam")[0] == 404
    forged = visitor.post(f"/api/cases/{CASE}/comments/{comment}/report", json={"reason": "spam"})
    assert forged.status_code == 403  # no token in the header
    stranger = TestClient(visitor.app)  # a token from another visitor's cookie is not this one's
    token = visitor.get("/api/session").json()["csrf_token"]
    stranger.get("/api/session")
    refused = stranger.post(
        f"/api/cases/{CASE}/comments/{comment}/report",
        json={"reason": "spam"},
        headers={"X-CSRF-Token": token},
    )
    assert refused.status_code == 403


def test_api_and_form_reports_share_one_throttle(engine: Engine) -> None:
    comment = _comment(engine, "buy cheap watches")
    visitor = signed_in(engine, "anonymous")
    assert [_report(visitor, comment, f"advertising {n}") for n in range(3)] == [303] * 3
    assert [_api_report(visitor, comment, f"advertising {n}")[0] for n in range(3, 6)] == [201, 201, 429]
    status, said = _api_report(visitor, comment, "advertising 7")
    assert status == 429 and "try again in" in said["detail"]
