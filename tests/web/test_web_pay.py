"""My pay and the schedule view, worked by hand on the 3-step x 2-lane grid of tests/cli/test_members.py:
BA 50,000 / 52,000 / 54,000 and MA 55,000 / 57,200 / 59,400, one step a year."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from gridcase import write_grid_case

from .conftest import Workbench, one_case_workspace, signed_in

PROPOSALS = """proposals:
  - {id: district-opening, title: District opening, party: employer, date: 2017-06-01,
     terms: [{type: raise, percent: 2, effective: 2018-07-01}]}
  - {id: union-counter, title: Union counter, party: union, date: 2017-06-10, answers: district-opening,
     terms: [{type: cell_raise, schedule: teachers, steps: [1, 1], percent: 10, effective: 2018-07-01}]}
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    base = tmp_path_factory.mktemp("grid-web")
    folder = write_grid_case(base / "grid-web", "grid-web", PROPOSALS, d_fte=1)
    found = one_case_workspace(base, folder, "grid-web")
    yield found
    found.dispose()


def test_my_pay_follows_the_teacher_up_the_steps(engine: Engine) -> None:
    union = signed_in(engine, "union")
    doc = union.get(
        "/api/cases/grid-web/pay", params={"schedule": "teachers", "step": 1, "lane": "BA"}
    ).json()
    rows = {r["proposal"]: r for r in doc["rows"]}
    # No agreement: step 1, 2, 3 in the three years: 50,000 / 52,000 / 54,000.
    assert rows[None]["pay"] == pytest.approx([50000, 52000, 54000])
    # 2% from 1 July 2018: 50,000 / 53,040 / 55,080 (+0 / +1,040 / +1,080).
    assert rows["district-opening"]["pay"] == pytest.approx([50000, 53040, 55080])
    assert rows["district-opening"]["change"] == pytest.approx([0, 1040, 1080])
    # Step 1 up 10% from 1 July 2018: this teacher is on step 2 by then, so nothing changes for her.
    assert rows["union-counter"]["change"] == pytest.approx([0, 0, 0])
    page = union.get("/cases/grid-web/pay", params={"schedule": "teachers", "step": "1", "lane": "BA"})
    assert page.status_code == 200 and "$53,040" in page.text and "+$1,040" in page.text


def test_the_public_sees_only_public_proposals(engine: Engine) -> None:
    public = signed_in(engine, "anonymous")
    doc = public.get(
        "/api/cases/grid-web/pay", params={"schedule": "teachers", "step": 2, "lane": "MA"}
    ).json()
    # The union's counter answers the district's opening, so only the opening (an initial proposal) is public.
    assert [r["proposal"] for r in doc["rows"]] == [None, "district-opening"]
    assert public.get("/cases/grid-web/proposals/union-counter/schedule").status_code == 404


@pytest.mark.parametrize(
    "params,message",
    [
        ({"schedule": "nurses", "step": "1", "lane": "BA"}, "schedule: choose one of teachers"),
        ({"schedule": "teachers", "step": "4", "lane": "BA"}, "step: a whole number from 1 to 3"),
        ({"schedule": "teachers", "step": "x", "lane": "BA"}, "step: a whole number from 1 to 3"),
        ({"schedule": "teachers", "step": "1", "lane": "PhD"}, "lane: one of BA, MA"),
    ],
)
def test_a_cell_off_the_schedule_is_named(engine: Engine, params: dict[str, str], message: str) -> None:
    client = signed_in(engine, "union")
    api = client.get("/api/cases/grid-web/pay", params=params)
    assert api.status_code == 422 and api.json()["detail"] == message
    page = client.get("/cases/grid-web/pay", params=params)
    assert page.status_code == 422 and message in page.text and 'id="schedule"' in page.text  # form kept


def test_the_schedule_view_marks_the_changed_cells(engine: Engine) -> None:
    page = signed_in(engine, "union").get(
        "/cases/grid-web/proposals/union-counter/schedule", params={"day": "2018-07-01"}
    )
    assert page.status_code == 200
    # Step 1 up 10%: BA 50,000 -> 55,000 and MA 55,000 -> 60,500, marked; steps 2 and 3 unchanged.
    assert "<s>$50,000</s><br><strong>$55,000</strong>" in page.text
    assert "<s>$55,000</s><br><strong>$60,500</strong>" in page.text
    assert page.text.count('class="num changed"') == 2
    outside = signed_in(engine, "union").get(
        "/cases/grid-web/proposals/union-counter/schedule", params={"day": "2031-01-01"}
    )
    assert outside.status_code == 422 and "outside the costing horizon" in outside.text


def test_a_case_without_schedules_says_so(workbench: Workbench) -> None:
    client = signed_in(workbench.engine, "union")
    assert "not from a salary schedule" in client.get("/cases/lausd-2019/pay").text
    assert client.get("/api/cases/lausd-2019/pay").status_code == 404
