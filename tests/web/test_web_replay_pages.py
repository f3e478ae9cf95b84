"""Replay on every case page (issue 15, item 3): proposals, a proposal, the record, the team and mediation
rooms, ability to pay and my pay stand on ``?as_of=`` and keep it in their links.

Worked from cases/lausd-2019/case.yaml: the proposals are dated lausd-2018-07 (2018-07-01, the district's
first, answering nothing), utla-2018-08 (2018-08-28), lausd-2018-09-26, factfinder-2018-12-18,
lausd-2019-01-11 and settlement-2019-01-22. On 10 January 2019 the four first are on the table; the
district's last offer is lausd-2018-09-26 and the union's utla-2018-08. On 12 January the district's last
is lausd-2019-01-11. The public reads the initial proposal (lausd-2018-07) from the start, the
factfinder's recommendation once its report was made public (18 December 2018), the settlement once
recorded (22 January 2019)."""

from __future__ import annotations

import re
from pathlib import Path

from bargaining.storage import accounts

from .conftest import Workbench, csrf_of, signed_in, workspace_copy
from .test_web_words import visible_text

CASE = "lausd-2019"
BEFORE_STRIKE = ["lausd-2018-07", "utla-2018-08", "lausd-2018-09-26", "factfinder-2018-12-18"]


def _ids(document: dict) -> list[str]:  # type: ignore[type-arg]
    return [p["id"] for p in document["proposals"]]


def test_the_proposals_page_shows_what_was_on_the_table_that_day(workbench: Workbench) -> None:
    union = signed_in(workbench.engine, "union")
    assert _ids(union.get(f"/api/cases/{CASE}/proposals?as_of=2019-01-10").json()) == BEFORE_STRIKE
    later = union.get(f"/api/cases/{CASE}/proposals?as_of=2019-01-12").json()
    assert _ids(later) == [*BEFORE_STRIKE, "lausd-2019-01-11"]
    html = union.get(f"/cases/{CASE}/proposals?as_of=2019-01-10").text
    text = " ".join(visible_text(html).split())
    assert "The gap: utla-2018-08 minus lausd-2018-09-26" in text  # the last offers of 10 January
    assert "lausd-2019-01-11" not in text and "settlement-2019-01-22" not in text
    assert "The proposals on the table on 2019-01-10" in text
    assert f'href="/cases/{CASE}/proposals/lausd-2018-09-26?as_of=2019-01-10"' in html
    assert '<input type="hidden" name="as_of" value="2019-01-10">' in html  # the compare form keeps it
    text = " ".join(visible_text(union.get(f"/cases/{CASE}/proposals?as_of=2019-01-12").text).split())
    assert "The gap: utla-2018-08 minus lausd-2019-01-11" in text
    today = _ids(union.get(f"/api/cases/{CASE}/proposals").json())
    assert today[:6] == [*BEFORE_STRIKE, "lausd-2019-01-11", "settlement-2019-01-22"]


def test_the_public_reads_only_what_was_public_that_day(workbench: Workbench) -> None:
    public = signed_in(workbench.engine, "anonymous")
    assert _ids(public.get(f"/api/cases/{CASE}/proposals?as_of=2018-12-01").json()) == ["lausd-2018-07"]
    on_the_10th = _ids(public.get(f"/api/cases/{CASE}/proposals?as_of=2019-01-10").json())
    assert on_the_10th == ["lausd-2018-07", "factfinder-2018-12-18"]
    assert "settlement-2019-01-22" in _ids(public.get(f"/api/cases/{CASE}/proposals").json())
    page = public.get(f"/cases/{CASE}/public?as_of=2018-12-01").text
    assert "lausd-2018-07" in page and "factfinder-2018-12-18" not in page


def test_the_replayed_public_page_says_whose_spending_by_the_day_shown(workbench: Workbench) -> None:
    public = signed_in(workbench.engine, "anonymous")
    page = " ".join(visible_text(public.get(f"/cases/{CASE}/public?as_of=2019-01-10").text).split())
    assert "today's spending" not in page and "As of 10 January 2019, it adds" in page
    shown = public.get(f"/api/cases/{CASE}/public?as_of=2019-01-10").json()["proposals"]
    summaries = [p["summary"] for p in shown]
    assert summaries and all("As of 10 January 2019, it adds" in s for s in summaries)


def test_a_proposal_not_yet_made_is_not_shown_on_an_earlier_day(workbench: Workbench) -> None:
    union = signed_in(workbench.engine, "union")
    answer = union.get(f"/cases/{CASE}/proposals/lausd-2019-01-11?as_of=2019-01-10")
    assert answer.status_code == 404 and "not on the table yet on 2019-01-10" in answer.text
    assert union.get(f"/cases/{CASE}/proposals/lausd-2019-01-11?as_of=2019-01-11").status_code == 200
    page = union.get(f"/cases/{CASE}/proposals/lausd-2018-09-26?as_of=2019-01-10").text
    assert 'name="as_of" type="date" value="2019-01-10"' in page


def test_the_record_page_tells_the_record_as_it_stood(workbench: Workbench) -> None:
    union = signed_in(workbench.engine, "union")
    text = " ".join(visible_text(union.get(f"/cases/{CASE}/record?as_of=2019-01-10").text).split())
    story = text.split("The record as of 2019-01-10", 1)[1].split("Steps waiting", 1)[0]
    assert "factfinding report public" in story and "strike notice" in story  # 18 Dec, 3 Jan
    assert "strike started" not in story and "settlement" not in story
    # The state each step led to, in the rule pack's words (california-eera.yaml), not its code.
    assert "(now: impasse procedures exhausted (report public))" in story
    later = " ".join(visible_text(union.get(f"/cases/{CASE}/record?as_of=2019-01-23").text).split())
    assert "strike started" in later and "(now: strike)" in later


def test_the_record_form_dates_a_step_on_the_replayed_day(workbench: Workbench) -> None:
    import datetime as dt

    union = signed_in(workbench.engine, "union")
    replayed = union.get(f"/cases/{CASE}/record?as_of=2019-01-10").text
    assert '<input id="date" name="date" type="date" value="2019-01-10" required>' in replayed
    today = union.get(f"/cases/{CASE}/record").text
    assert (
        f'<input id="date" name="date" type="date" value="{dt.date.today().isoformat()}" required>' in today
    )


def test_the_team_room_passes_a_draft_on_the_replayed_day_answering_that_days_offer(
    workbench: Workbench,
) -> None:
    union = signed_in(workbench.engine, "union")
    then = union.get(f"/api/cases/{CASE}/team?as_of=2019-01-10").json()
    assert then["drafts"]  # the planted draft, not passed yet
    assert (then["today"], then["answers_default"]) == ("2019-01-10", "lausd-2018-09-26")
    html = union.get(f"/cases/{CASE}/team?as_of=2019-01-10").text
    assert 'name="date" value="2019-01-10"' in html and 'name="answers" value="lausd-2018-09-26"' in html
    assert "Replayed on 2019-01-10" in html
    now = union.get(f"/api/cases/{CASE}/team").json()
    assert now["answers_default"] == "lausd-2019-01-11"


def test_every_case_page_of_every_role_keeps_the_replayed_day(workbench: Workbench) -> None:
    pages = {
        "union": ("", "/proposals", "/proposals/utla-2018-08", "/movement", "/record", "/team", "/budget"),
        "mediator": ("/mediation", "/simulation", "/pay", "/public"),
        "admin": ("/moderation",),
        "anonymous": ("", "/proposals", "/budget", "/public"),
    }
    for role, paths in pages.items():
        client = signed_in(workbench.engine, role)
        for path in paths:
            answer = client.get(f"/cases/{CASE}{path}?as_of=2019-01-10")
            assert answer.status_code == 200, (role, path, answer.text[:300])
            assert 'name="as_of" type="date" value="2019-01-10"' in answer.text, (role, path)
            assert re.search(rf'href="/cases/{CASE}/proposals\?as_of=2019-01-10"', answer.text), (role, path)


def test_the_mediation_room_replays_the_offers_of_that_day(workbench: Workbench) -> None:
    mediator = signed_in(workbench.engine, "mediator")
    html = mediator.get(f"/cases/{CASE}/mediation?as_of=2019-01-10").text
    text = " ".join(visible_text(html).split())
    assert "Replayed on 2019-01-10" in text
    assert 'id="mp-date" name="date" type="date" value="2019-01-10"' in html
    assert csrf_of(html)


def test_the_replayed_mediation_room_sends_its_solution_dated_that_day(
    workbench: Workbench, tmp_path: Path
) -> None:
    engine = workspace_copy(workbench, tmp_path)
    try:
        for side in ("employer", "union"):
            accounts.set_share(engine, CASE, side, "preferences", True)
        mediator = signed_in(engine, "mediator")
        html = mediator.get(f"/cases/{CASE}/mediation?as_of=2019-01-10").text
        form = html.split(f'action="/cases/{CASE}/mediation/solutions/nash"', 1)[1].split("</form>", 1)[0]
        assert '<input type="hidden" name="as_of" value="2019-01-10">' in form
        answer = mediator.post(
            f"/cases/{CASE}/mediation/solutions/nash",
            data={"csrf_token": csrf_of(html), "as_of": "2019-01-10", "date": "2019-01-10"},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        sent = mediator.get(f"/api/cases/{CASE}/mediation").json()["sent"]
        assert [(p["id"], p["date"]) for p in sent] == [("mediator-2019-01-10-1", "2019-01-10")]
    finally:
        engine.dispose()
