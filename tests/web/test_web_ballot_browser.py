"""Playwright: a member votes on a phone-width page (issue 16 item 3), in headless Chromium."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bargaining.storage.ballots import Opened, open_ballot

from .conftest import Workbench
from .test_web_browser import _page, browser, server, shots  # noqa: F401  (fixtures)

CASE = "denver-2025"
QUESTION = "Phone ballot: ratify the tentative agreement?"


@pytest.fixture(scope="module")
def phone_ballot(workbench: Workbench) -> Opened:
    """Opened in the workspace before the module's server copies it."""
    now = dt.datetime.now(dt.UTC)
    return open_ballot(
        workbench.engine, CASE, kind="ratification", question=QUESTION, choices=["yes", "no"],
        threshold="majority", opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
        members=["P1", "P2", "P3"],
    )  # fmt: skip


def test_a_member_votes_on_a_phone(phone_ballot: Opened, browser: Any, server: str, shots: Path) -> None:  # noqa: F811  (the fixtures imported above)
    page = _page(browser, server, None, phone=True)
    page.goto(f"/cases/{CASE}/vote")
    assert QUESTION not in page.content()
    page.fill("#credential", phone_ballot.credentials[0][1])
    page.click("text=Show my ballot")
    assert page.locator("legend").inner_text() == QUESTION
    page.check("input[name=choice][value=yes]")
    page.screenshot(path=str(shots / "vote-phone.png"), full_page=True)
    page.click("text=Cast my vote")
    receipt = page.locator("code.receipt").inner_text()
    assert receipt
    # Fits the phone: nothing wider than the 390-pixel viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.errors  # type: ignore[attr-defined]
    # The credential is spent: a second try is refused (an error page, status 409).
    page.goto(f"/cases/{CASE}/vote")
    page.fill("#credential", phone_ballot.credentials[0][1])
    page.click("text=Show my ballot")
    assert "already voted" in page.locator("p.error").inner_text()
    page.context.close()
