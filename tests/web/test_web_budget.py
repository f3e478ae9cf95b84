"""The Ability to pay page: the projection by year against the minimum, for who may see the budget."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bargaining.storage import accounts, import_case, open_database
from bargaining.web.demo import seed_demo

from .conftest import ROOT, Workbench, signed_in


def test_the_public_sees_an_adopted_budget_projected_by_year(workbench: Workbench) -> None:
    # LAUSD's budget in the bundled case is public (the district's January 2019 summary). Status quo, worked
    # by hand from case.yaml: balance 1.8B; 2018-19 7.4B in, 7.9B out -> 1.3B left, 1.3/7.9 = 16.46% of
    # outgo; 2019-20 7.3B - 7.7B -> 0.9B, 0.9/7.7 = 11.69%; 2020-21 7.2B - 7.7B -> 0.4B, 0.4/7.7 = 5.19%;
    # the minimum is the case's 1.00% (5 CCR 15450 for districts above 400,000 ADA).
    page = signed_in(workbench.engine, "anonymous").get("/cases/lausd-2019/budget")
    assert page.status_code == 200
    assert "Ability to pay" in page.text
    row = page.text.split("Status quo (no agreement)</th>", 1)[1].split("</tr>", 1)[0]
    assert [cell.split("</td>")[0] for cell in row.split('class="num">')[1:4]] == [
        "16.46%",
        "11.69%",
        "5.19%",
    ]
    assert "Minimum reserve</th>" + '<td class="num">1.00%</td>' * 3 in page.text
    assert '"name": "Minimum reserve"' in page.text  # the chart draws the minimum as its own line


def test_only_proposals_the_viewer_may_open_are_projected(workbench: Workbench) -> None:
    public = signed_in(workbench.engine, "anonymous")
    union = signed_in(workbench.engine, "union")
    open_to_public = {p["id"] for p in public.get("/api/cases/lausd-2019/proposals").json()["proposals"]}
    at_the_table = {p["id"] for p in union.get("/api/cases/lausd-2019/proposals").json()["proposals"]}

    def projected(client: object) -> set[str]:
        doc = client.get("/api/cases/lausd-2019/budget").json()["budget"]  # type: ignore[attr-defined]
        return {s["proposal"] for s in doc["scenarios"]} - {None}

    assert projected(public) == open_to_public
    assert projected(union) == at_the_table


@pytest.fixture(scope="module", params=[False, True], ids=["private", "private-shared-with-mediator"])
def private_budget(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """LAUSD with its budget marked as the district's own assumptions (shared with the mediator or not)."""
    base = tmp_path_factory.mktemp("private-budget")
    folder = base / "lausd-2019"
    shutil.copytree(Path(ROOT) / "cases" / "lausd-2019", folder)
    text = (folder / "case.yaml").read_text(encoding="utf-8")
    extra = "  public: false\n" + ("  share_with_mediator: true\n" if request.param else "")
    text = text.replace("budget:\n  fund:", "budget:\n" + extra + "  fund:", 1)
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    engine = open_database(f"sqlite:///{base / 'workspace.db'}", create=True)
    import_case(engine, folder)
    seed_demo(engine, ("lausd-2019",))
    accounts.grant(engine, "demo-public", "lausd-2019", "observer")
    engine.shared = request.param  # type: ignore[attr-defined]
    yield engine
    engine.dispose()


@pytest.mark.parametrize("role", ["employer", "union", "mediator", "observer", "admin", "anonymous"])
def test_a_private_budget_stays_with_the_district(private_budget: Engine, role: str) -> None:
    shared = private_budget.shared  # type: ignore[attr-defined]
    allowed = role == "employer" or (role == "mediator" and shared)
    client = signed_in(private_budget, role)
    assert (client.get("/api/cases/lausd-2019/budget").json()["budget"] is not None) is allowed
    page = client.get("/cases/lausd-2019/budget")
    assert page.status_code == 200
    # The fund's name and the district's figures appear only to who may see them; everyone else reads
    # the same sentence as on a case with no budget at all.
    assert ("General fund (the district" in page.text) is allowed
    assert ("This case has no budget you may see" in page.text) is not allowed
