"""Drafts and mediator proposals built from forms generated from the typed term models (issue 15, item 1).

Expected costs come from the costing engine on the same terms typed as in case.yaml (the form must
produce exactly those terms); the checks are the ones passing at the table applies.
"""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from bargaining.model import TERM_TYPES
from bargaining.storage import accounts
from bargaining.web.termforms import field_specs

from .conftest import Workbench, csrf_of, signed_in

CASE = "lausd-2019"


@pytest.fixture
def engine(copied_workspace: Engine) -> Engine:
    return copied_workspace


def _post(client: TestClient, url: str, page: str, data: dict[str, str]) -> object:
    return client.post(url, data={"csrf_token": csrf_of(page), **data}, follow_redirects=False)


def test_every_term_type_gets_labelled_fields() -> None:
    for model in TERM_TYPES:
        specs = field_specs(model)
        assert specs and all(s.label and "_" not in s.label for s in specs), model.__name__
    raise_fields = {s.name: s.kind for s in field_specs(TERM_TYPES[0])}
    assert raise_fields["percent"] == "percent" and raise_fields["effective"] == "date"
    assert raise_fields["roles"] == "list" and raise_fields["sunset"] == "date"


def test_the_union_builds_edits_duplicates_and_deletes_a_draft_with_no_yaml(engine: Engine) -> None:
    union = signed_in(engine, "union")
    page = union.get(f"/cases/{CASE}/team").text
    assert 'name="t0-type"' in page and 'type="date"' in page and "Grade band" in page
    fields = {
        "title": "Three percent",
        "t0-type": "raise",
        "t0-raise-percent": "3",
        "t0-raise-effective": "2018-07-01",
    }
    saved = _post(union, f"/cases/{CASE}/drafts/new", page, {**fields, "action": "save"})
    assert saved.status_code == 303, saved.text  # type: ignore[attr-defined]
    mine = accounts.drafts_of(engine, CASE, "union")[-1]
    assert mine.title == "Three percent"
    assert mine.terms == [{"type": "raise", "percent": 3.0, "effective": "2018-07-01"}]
    team = union.get(f"/cases/{CASE}/team").text
    assert "3% on the salary schedule from 1 July 2018" in team
    # Edit: a second term, class size in grades 6-8.
    edit = union.get(f"/cases/{CASE}/drafts/{mine.ref}/edit").text
    assert 'value="3"' in edit and 'value="2018-07-01"' in edit
    more = {
        **fields,
        "t1-type": "class_size",
        "t1-class_size-grade_band": "6-8",
        "t1-class_size-reduce_by": "2",
        "t1-class_size-effective": "2019-07-01",
        "action": "save",
    }
    done = _post(union, f"/cases/{CASE}/drafts/{mine.ref}/edit", edit, more)
    assert done.status_code == 303, done.text  # type: ignore[attr-defined]
    edited = accounts.draft_by_ref(engine, CASE, "union", mine.ref)
    assert edited is not None and len(edited.terms) == 2
    team = union.get(f"/cases/{CASE}/team").text
    assert "Class size in grades 6-8 down 2 students from 1 July 2019" in team
    copied = _post(union, f"/cases/{CASE}/drafts/{mine.ref}/duplicate", team, {})
    assert copied.status_code == 303
    assert accounts.drafts_of(engine, CASE, "union")[-1].title == "Copy of Three percent"
    gone = _post(union, f"/cases/{CASE}/drafts/{mine.ref}/delete", team, {})
    assert gone.status_code == 303
    assert accounts.draft_by_ref(engine, CASE, "union", mine.ref) is None


def test_errors_are_shown_beside_their_field_and_nothing_is_saved(engine: Engine) -> None:
    union = signed_in(engine, "union")
    page = union.get(f"/cases/{CASE}/team").text
    before = len(accounts.drafts_of(engine, CASE, "union"))
    # 2030 is outside LAUSD's horizon (2017-18 to 2021-22): refused on save as passing refuses it.
    bad = {"title": "Late", "t0-type": "raise", "t0-raise-percent": "lots", "action": "save"}
    refused = _post(union, f"/cases/{CASE}/drafts/new", page, bad)
    assert refused.status_code == 422  # type: ignore[attr-defined]
    shown = html.unescape(refused.text)  # type: ignore[attr-defined]
    assert re.search(r"Percent \*</label>.{0,300}'lots' is not a number", shown, re.S)
    late = {"title": "Late", "t0-type": "raise", "t0-raise-percent": "2", "t0-raise-effective": "2030-07-01"}
    refused = _post(union, f"/cases/{CASE}/drafts/new", page, {**late, "action": "save"})
    assert refused.status_code == 422  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert "outside the horizon" in text and 'class="field-error"' in text and 'value="2030-07-01"' in text
    assert "proposals[" not in text
    assert len(accounts.drafts_of(engine, CASE, "union")) == before


def test_add_a_term_keeps_what_was_typed(engine: Engine) -> None:
    union = signed_in(engine, "union")
    page = union.get(f"/cases/{CASE}/team").text
    typed = {"title": "Kept", "t0-type": "raise", "t0-raise-percent": "4", "action": "add"}
    again = _post(union, f"/cases/{CASE}/drafts/new", page, typed)
    assert again.status_code == 200  # type: ignore[attr-defined]
    assert 'name="t1-type"' in again.text and 'value="4"' in again.text and 'value="Kept"' in again.text  # type: ignore[attr-defined]


def test_the_mediator_sends_a_solution_in_one_click_and_both_teams_see_its_terms(engine: Engine) -> None:
    for side in ("employer", "union"):
        accounts.set_share(engine, CASE, side, "preferences", True)
    mediator = signed_in(engine, "mediator")
    page = mediator.get(f"/cases/{CASE}/mediation").text
    assert f"/cases/{CASE}/mediation/solutions/nash" in page
    sent = _post(mediator, f"/cases/{CASE}/mediation/solutions/nash", page, {})
    assert sent.status_code == 303, sent.text  # type: ignore[attr-defined]
    for role in ("employer", "union"):
        shown = signed_in(engine, role).get(f"/api/cases/{CASE}/proposals").json()["proposals"]
        nash = [p for p in shown if p["party"] == "mediator" and p["title"] == "Nash bargaining solution"]
        assert nash and nash[0]["terms"], role
        words = signed_in(engine, role).get(f"/cases/{CASE}/proposals/{nash[0]['id']}").text
        assert "on the salary schedule from" in words
    assert "Nash bargaining solution" not in signed_in(engine, "observer").get(f"/cases/{CASE}/public").text


def test_shared_drafts_show_the_mediator_their_terms_and_yearly_costs(workbench: Workbench) -> None:
    page = signed_in(workbench.engine, "mediator").get(f"/cases/{CASE}/mediation").text
    shared = page.split("Drafts shared with you", 1)[1]
    assert "9% on the salary schedule from 1 July 2019" in shared  # the planted union draft (conftest)
    assert "2019-20" in shared and "$" in shared
