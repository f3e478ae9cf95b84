"""The members' voting page (issue 16 item 3): a member votes with a one-time credential; district and
mediator accounts cannot see a ballot at all, and nobody sees one without a credential."""

from __future__ import annotations

import datetime as dt

import pytest

from bargaining.storage.ballots import Opened, open_ballot, receipt_counted

from .conftest import Workbench, csrf_of, signed_in

CASE = "denver-2025"
QUESTION = "MARKER-BALLOT-QUESTION: ratify the tentative agreement?"


@pytest.fixture(scope="module")
def opened(workbench: Workbench) -> Opened:
    now = dt.datetime.now(dt.UTC)
    return open_ballot(
        workbench.engine, CASE, kind="ratification", question=QUESTION, choices=["yes", "no"],
        threshold="majority", opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=1),
        members=[f"M{n}" for n in range(1, 9)],
    )  # fmt: skip


@pytest.mark.parametrize("role", ["employer", "mediator", "admin"])
def test_district_and_mediator_accounts_cannot_see_a_ballot(
    workbench: Workbench, opened: Opened, role: str
) -> None:
    client = signed_in(workbench.engine, role)
    page = client.get(f"/cases/{CASE}/vote")
    assert page.status_code == 403
    credential = opened.credentials[-1][1]
    # Even with a member's credential in hand, the account is refused before the ballot is looked up.
    for path in (f"/cases/{CASE}/vote", f"/cases/{CASE}/vote/cast"):
        posted = client.post(path, data={"credential": credential, "choice": "yes", "csrf_token": "x"})
        assert posted.status_code == 403
        assert QUESTION not in posted.text


def test_no_ballot_is_shown_without_a_credential(workbench: Workbench, opened: Opened) -> None:
    client = signed_in(workbench.engine, "anonymous")
    page = client.get(f"/cases/{CASE}/vote")
    assert page.status_code == 200 and QUESTION not in page.text
    wrong = client.post(
        f"/cases/{CASE}/vote", data={"credential": "made-up", "csrf_token": csrf_of(page.text)}
    )
    assert wrong.status_code == 404 and QUESTION not in wrong.text
    # A credential of this case is no key to another case's page.
    other = client.get("/cases/lausd-2019/vote")
    elsewhere = client.post(
        "/cases/lausd-2019/vote",
        data={"credential": opened.credentials[0][1], "csrf_token": csrf_of(other.text)},
    )
    assert elsewhere.status_code == 404 and QUESTION not in elsewhere.text


@pytest.mark.parametrize(("role", "index"), [("anonymous", 1), ("union", 2), ("observer", 3)])
def test_a_member_votes_once_with_a_credential(
    workbench: Workbench, opened: Opened, role: str, index: int
) -> None:
    client = signed_in(workbench.engine, role)
    credential = opened.credentials[index][1]
    start = client.get(f"/cases/{CASE}/vote")
    token = csrf_of(start.text)
    shown = client.post(f"/cases/{CASE}/vote", data={"credential": credential, "csrf_token": token})
    assert shown.status_code == 200 and QUESTION in shown.text
    cast = client.post(
        f"/cases/{CASE}/vote/cast", data={"credential": credential, "choice": "no", "csrf_token": token}
    )
    assert cast.status_code == 200 and "Your vote is counted" in cast.text
    receipt = cast.text.split('<code class="receipt">', 1)[1].split("</code>", 1)[0]
    assert receipt_counted(workbench.engine, opened.ballot.id, receipt)
    again = client.post(
        f"/cases/{CASE}/vote/cast", data={"credential": credential, "choice": "yes", "csrf_token": token}
    )
    assert again.status_code == 409 and "Nothing was counted" in again.text
    reused = client.post(f"/cases/{CASE}/vote", data={"credential": credential, "csrf_token": token})
    assert reused.status_code == 409 and QUESTION not in reused.text


def test_the_vote_forms_need_the_csrf_token(workbench: Workbench, opened: Opened) -> None:
    client = signed_in(workbench.engine, "anonymous")
    client.get(f"/cases/{CASE}/vote")
    posted = client.post(
        f"/cases/{CASE}/vote", data={"credential": opened.credentials[4][1], "csrf_token": "x"}
    )
    assert posted.status_code == 403 and QUESTION not in posted.text


def test_a_survey_with_groups_asks_for_the_group(workbench: Workbench) -> None:
    now = dt.datetime.now(dt.UTC)
    survey = open_ballot(
        workbench.engine, CASE, kind="survey", question="MARKER-SURVEY: what matters most?",
        choices=["pay", "class size"], threshold=None, opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1), members=["G1", "G2"], groups=["teacher", "counselor"],
    )  # fmt: skip
    client = signed_in(workbench.engine, "anonymous")
    token = csrf_of(client.get(f"/cases/{CASE}/vote").text)
    credential = survey.credentials[0][1]
    shown = client.post(f"/cases/{CASE}/vote", data={"credential": credential, "csrf_token": token})
    assert '<select id="group" name="group" required>' in shown.text
    bad = client.post(
        f"/cases/{CASE}/vote/cast",
        data={"credential": credential, "choice": "pay", "group": "janitor", "csrf_token": token},
    )
    assert bad.status_code == 409 and "Nothing was counted" in bad.text and "janitor" in bad.text
    cast = client.post(
        f"/cases/{CASE}/vote/cast",
        data={"credential": credential, "choice": "pay", "group": "teacher", "csrf_token": token},
    )
    assert cast.status_code == 200 and "Your vote is counted" in cast.text
