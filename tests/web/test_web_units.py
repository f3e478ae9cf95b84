"""The costing page of a proposal that a parity clause passes on to another unit shows that cost apart,
under its own heading in users' words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bargaining.storage import accounts, stored_case, tablework
from unitscase import CASE, tables_case, write

from .conftest import csrf_of, one_case_workspace, signed_in


def test_the_costing_page_shows_what_parity_passes_on(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, CASE)
    engine = one_case_workspace(tmp_path, folder, "two-units")
    try:
        client = signed_in(engine, "employer")
        page = client.get("/cases/two-units/proposals/teachers-ta")
        assert page.status_code == 200, page.text
        words = " ".join(page.text.split())
        # Worked in tests/costing/test_units.py: 3,600 passed on to the classified unit.
        assert "<h2>Passed on to Example Classified Employees by the parity clause</h2>" in words
        assert "3,600 over the horizon" in words
        assert "me_too" not in words  # no key names on the page
        # The page's XLSX download holds the pass-on apart: ECSEA's 1,800 in 2017-18 (its own rows).
        download = client.get("/cases/two-units/proposals/teachers-ta/costs.xlsx")
        assert download.status_code == 200
        summary = load_workbook(io.BytesIO(download.content))["Summary"]
        header = [c.value for c in summary[1]]
        rows = [dict(zip(header, (c.value for c in r), strict=False)) for r in summary.iter_rows(min_row=2)]
        passed = [r for r in rows if r["Unit"] == "ECSEA" and r["Fiscal year"] == "2017-18"]
        assert [r["Total"] for r in passed] == [pytest.approx(1800)]
    finally:
        engine.dispose()


def test_per_member_figures_of_a_second_unit_divide_by_its_own_members(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, CASE)
    # Three classified members (ETA keeps two): payroll 30,000 + 0.5 x 40,000 + 0.5 x 20,000 = 60,000.
    (folder / "classified.csv").write_text(
        "id,role,fte,salary\nc,custodian,1,30000\nd,clerk,0.5,40000\ne,clerk,0.5,20000\n"
    )
    engine = one_case_workspace(tmp_path, folder, "two-units")
    try:
        client = signed_in(engine, "employer")
        page = client.get("/cases/two-units/proposals/classified-ta")
        assert page.status_code == 200, page.text
        words = " ".join(page.text.split())
        # classified-ta: 2% of 60,000 = 1,200 a year + 20% roll-up = 1,440; per member 1,440 / 3 = 480
        # (not 1,440 / 2 = 720, the teachers' headcount).
        row = words[words.index("<td>2017-18</td>") :].split("</tr>")[0]
        assert row.endswith('<td class="num">$480</td>'), row
    finally:
        engine.dispose()


def test_a_draft_names_its_unit_and_is_costed_on_it(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, CASE)
    engine = one_case_workspace(tmp_path, folder, "two-units")
    try:
        union = signed_in(engine, "union")
        page = union.get("/cases/two-units/team").text
        # A unit chooser, set to the unit of the latest proposal (classified-ta and teachers-ta share a
        # date; classified-ta is later in the case's list).
        assert '<select id="draft-unit" name="unit" data-unit-fields="unit-fields">' in page
        assert '<option value="ECSEA" selected>Example Classified Employees</option>' in page
        fields = {
            "csrf_token": csrf_of(page),
            "title": "Two percent",
            "t0-type": "raise",
            "t0-raise-percent": "2",
            "t0-raise-effective": "2017-07-01",
            "action": "save",
        }
        # Without a unit the draft is refused in users' words, not with a traceback.
        refused = union.post("/cases/two-units/drafts/new", data=fields, follow_redirects=False)
        assert refused.status_code == 422
        assert "name the proposal&#39;s unit, one of ETA, ECSEA" in refused.text
        saved = union.post(
            "/cases/two-units/drafts/new", data={**fields, "unit": "ECSEA"}, follow_redirects=False
        )
        assert saved.status_code == 303, saved.text
        (draft,) = accounts.drafts_of(engine, "two-units", "union")
        assert draft.unit == "ECSEA"
        team = " ".join(union.get("/cases/two-units/team").text.split())
        # Costed on ECSEA: 2% of 50,000 = 1,000 a year + 20% roll-up = 1,200, two years: 2,400 (on ETA it
        # would be 2% of 100,000 + 10% = 2,200 a year, 4,400).
        assert "<strong>$2,400</strong> over the horizon" in team
        edit = union.get(f"/cases/two-units/drafts/{draft.ref}/edit").text
        assert '<option value="ECSEA" selected>Example Classified Employees</option>' in edit
    finally:
        engine.dispose()


def test_the_mediator_sends_a_solution_for_the_table_it_analysed(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, tables_case())
    engine = one_case_workspace(tmp_path, folder, "two-units")
    try:
        mediator = signed_in(engine, "mediator")
        page = mediator.get("/cases/two-units/mediation").text
        # The tools look at ECSEA's table (the latest proposal's); the Nash package is sent for ECSEA.
        sent = mediator.post(
            "/cases/two-units/mediation/solutions/nash",
            data={"csrf_token": csrf_of(page)},
            follow_redirects=False,
        )
        assert sent.status_code == 303, sent.text
        assert len(tablework.proposals_of(engine, "two-units")) == 1
        case, _ = stored_case(engine, "two-units")
        assert case is not None
        (proposal,) = [p for p in case.proposals if p.party == "mediator"]
        assert proposal.unit == "ECSEA"
    finally:
        engine.dispose()
