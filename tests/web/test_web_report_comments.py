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
