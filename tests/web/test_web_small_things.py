"""Small things of issue 15, item 6, in the workbench: error pages keep the signed-in header and the case's
navigation; the record form offers only the actors the role may use and keeps what was typed."""

from __future__ import annotations

import re

from .conftest import Workbench, csrf_of, signed_in

CASE = "lausd-2019"


def test_an_error_page_keeps_the_signed_in_header_and_the_case_navigation(workbench: Workbench) -> None:
    client = signed_in(workbench.engine, "union")
    missing = client.get(f"/cases/{CASE}/proposals/no-such-proposal")
    assert missing.status_code == 404
    assert "Signed in as <strong>demo-union</strong>" in missing.text and ">Sign in<" not in missing.text
    assert f'href="/cases/{CASE}/team' in missing.text
    refused = signed_in(workbench.engine, "observer").get(f"/cases/{CASE}/movement")
    assert refused.status_code == 403 and "Signed in as <strong>demo-public</strong>" in refused.text


def test_the_record_form_offers_only_the_actors_of_the_role(workbench: Workbench) -> None:
    def actors(role: str) -> list[str]:
        page = signed_in(workbench.engine, role).get(f"/cases/{CASE}/record").text
        select = page.split('<select id="by" name="by">', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="([a-z]*)"', select)

    assert actors("union") == ["", "union", "both"]
    assert actors("employer") == ["", "employer", "both"]
    assert set(actors("mediator")) == {"", "agency", "mediator", "factfinder"}


def test_a_refused_step_keeps_what_was_typed(workbench: Workbench) -> None:
    client = signed_in(workbench.engine, "union")
    page = client.get(f"/cases/{CASE}/record").text
    refused = client.post(
        f"/cases/{CASE}/events",
        data={"csrf_token": csrf_of(page), "type": "session", "date": "not-a-day", "note": "kept note"},
    )
    assert refused.status_code == 422
    assert "kept note</textarea>" in refused.text and "Signed in as" in refused.text
