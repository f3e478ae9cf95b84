"""Drafts are costed as if passed on the day the page stands on (issue 15: the team room said "$0 ongoing").

A draft used to be dated on the day it was written. Seen in December 2026, a LAUSD draft (horizon 2016-17 to
2021-22) fell after the horizon: every term counted as back pay, nothing as ongoing. The planted union draft
(tests/web/conftest.py) is a 9% raise from 1 July 2019: passed before that day, its last year (2021-22) is
all recurring cost, so its ongoing cost equals that year's total and is not zero.
"""

from __future__ import annotations

import datetime as dt

from bargaining.web.casedata import Workspace
from bargaining.web.draftcost import draft_day

from .conftest import Workbench, marker, signed_in

CASE = "lausd-2019"


def _union_draft(document: dict) -> dict:  # type: ignore[type-arg]
    title = marker("union-shared-draft", CASE)
    return next(d for d in document["drafts"] if d["title"] == title)


def test_a_draft_of_a_settled_dispute_is_costed_on_the_records_last_day_with_its_ongoing_cost(
    workbench: Workbench,
) -> None:
    union = signed_in(workbench.engine, "union")
    draft = _union_draft(union.get(f"/api/cases/{CASE}/team").json())
    # Today (December 2026 or later) is past 30 June 2022, the horizon's end: the record's last day is the
    # board's approval, 29 January 2019 (cases/lausd-2019/case.yaml).
    assert draft["costed_on"] == "2019-01-29"
    assert draft["years"][-1]["fiscal_year"] == "2021-22"
    assert draft["ongoing"] > 0
    assert abs(draft["ongoing"] - draft["years"][-1]["total"]) < 0.01
    assert draft["back_pay"] == 0
    replayed = _union_draft(union.get(f"/api/cases/{CASE}/team?as_of=2019-01-10").json())
    assert replayed["costed_on"] == "2019-01-10" and replayed["ongoing"] == draft["ongoing"]
    page = union.get(f"/cases/{CASE}/team").text
    assert "ongoing in 2021-22; costed as if passed on 2019-01-29" in page


def test_the_day_a_draft_is_costed_on(workbench: Workbench) -> None:
    loaded = Workspace(workbench.engine).load(CASE)
    replay = dt.date(2018, 12, 1)
    assert draft_day(loaded, replay, today=dt.date(2030, 1, 1)) == replay  # a replay stands on its day
    # While the horizon runs (to 30 June 2022), today is the day.
    assert draft_day(loaded, None, today=dt.date(2020, 3, 4)) == dt.date(2020, 3, 4)
    assert draft_day(loaded, None, today=dt.date(2022, 6, 30)) == dt.date(2022, 6, 30)
    # After it, the record's last day.
    assert draft_day(loaded, None, today=dt.date(2022, 7, 1)) == dt.date(2019, 1, 29)
