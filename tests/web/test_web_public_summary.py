"""The public page tells a parent what each public proposal gives a teacher at common places on the salary
schedule and what it costs each year as a share of the district's spending (issue 15, item 4), and says
nothing of either where the case has no salary schedule or no public budget.

Worked by hand on the 3-step x 2-lane grid of tests/gridcase.py (BA 50,000 / 52,000 / 54,000, MA 55,000 /
57,200 / 59,400; member a, 1 FTE, on step 1 BA; member d, 1.5 FTE, on step 2 MA; roll-up 10%; horizon 2017-18
to 2019-20), with a budget spending $800,000 a year:
- the bonus: $1,000 per FTE paid in October 2017, 2.5 FTE x 1,000 x 1.1 = $2,750 in 2017-18, 0.34375% of
  $800,000 -> "0.34% in 2017-18";
- 2% from 1 July 2018: in 2018-19 a (step 2 BA) +1,040 and d (step 3 MA) 1.5 x 1,188 = 1,782, x 1.1 =
  $3,104.20 (0.388%, "0.39%"); in 2019-20 a (step 3 BA) +1,080 and d +1,782, x 1.1 = $3,148.20 ("0.39%").
  A teacher starting on step 1 BA is on step 3 by 2019-20: $54,000 -> $55,080 (+$1,080, 2.0%); d's cell
  (step 2 MA, the most FTE) and the top (step 3 MA): $59,400 -> $60,588 (+$1,188, 2.0%).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from gridcase import write_grid_case

from .conftest import Workbench, one_case_workspace, signed_in
from .test_web_words import visible_text, words_problems

PROPOSALS = """proposals:
  - {id: bonus, title: A bonus, party: employer, date: 2017-06-01,
     terms: [{type: one_time, amount: 1000, paid: 2017-10-01}]}
  - {id: raise2, title: Two percent, party: union, date: 2017-06-02,
     terms: [{type: raise, percent: 2, effective: 2018-07-01}]}
budget:
  fund: General fund
  current_year: 2017-18
  beginning_balance: 500000
  revenues:
    - {name: Revenue, amounts: {2017-18: 1000000, 2018-19: 1000000, 2019-20: 1000000}}
  expenditures:
    - {name: Spending, amounts: {2017-18: 800000, 2018-19: 800000, 2019-20: 800000}}
  reserve_minimum: {percent: 3}
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    base = tmp_path_factory.mktemp("grid-public")
    folder = write_grid_case(base / "grid-public", "grid-public", PROPOSALS, d_fte=1.5)
    found = one_case_workspace(base, folder, "grid-public")
    yield found
    found.dispose()


def _proposals(client: object, case: str) -> dict[str, dict]:  # type: ignore[type-arg]
    document = client.get(f"/api/cases/{case}/public").json()  # type: ignore[attr-defined]
    return {p["id"]: p for p in document["proposals"]}


def test_a_parent_reads_what_a_teacher_gets_and_the_share_of_the_budget(engine: Engine) -> None:
    public = signed_in(engine, "anonymous")
    shown = _proposals(public, "grid-public")
    assert set(shown) == {"bonus", "raise2"}  # both answer nothing: initial proposals, public
    assert shown["raise2"]["teacher_pay"] == (
        "A full-time teacher starting in 2017-18 on the salary schedule, a step a year, in 2019-20: "
        "step 1, BA (where new teachers start): $55,080, $1,080 (2.0%) more than with no agreement; "
        "step 2, MA (where most teachers are): $60,588, $1,188 (2.0%) more than with no agreement; "
        "step 3, MA (the top): $60,588, $1,188 (2.0%) more than with no agreement."
    )
    assert shown["raise2"]["budget_share"] == (
        "What it adds to the district's spending (General fund), back pay counted in the year it is paid: "
        "0.39% in 2018-19, "
        "0.39% in 2019-20."
    )
    assert shown["bonus"]["budget_share"] == (
        "What it adds to the district's spending (General fund), back pay counted in the year it is paid: "
        "0.34% in 2017-18."
    )
    assert (
        "step 1, BA (where new teachers start): $54,000, the same as with no agreement"
        in (shown["bonus"]["teacher_pay"])
    )
    text = " ".join(visible_text(public.get("/cases/grid-public/public").text).split())
    assert "$55,080, $1,080 (2.0%) more than with no agreement" in text
    assert "0.39% in 2018-19, 0.39% in 2019-20" in text
    assert words_problems(text) == []


def test_nothing_is_said_where_the_case_has_no_schedule(workbench: Workbench) -> None:
    public = signed_in(workbench.engine, "anonymous")
    for case in ("lausd-2019", "denver-2025"):
        shown = _proposals(public, case)
        assert shown and all(p["teacher_pay"] == "" for p in shown.values())
        assert "full-time teacher starting" not in public.get(f"/cases/{case}/public").text
    # LAUSD's budget (its January 2019 summary) is public: the settlement's share is told; Denver has none.
    lausd = _proposals(public, "lausd-2019")
    assert lausd["settlement-2019-01-22"]["budget_share"].startswith(
        "What it adds to the district's spending (General fund (the district's January 2019"
    )
    assert all(p["budget_share"] == "" for p in _proposals(public, "denver-2025").values())
