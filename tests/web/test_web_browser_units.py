"""In chromium: the term form follows the bargaining unit chosen, before anything is submitted.

The case of tests/unitscase.py: the teachers (ETA) have one role, teacher; the classified staff (ECSEA)
custodian and clerk. The team room starts on ECSEA (the latest proposal's unit). Choosing ETA puts
ETA's roles in the raise's roles at once, keeping the typed percent; the draft saved is ETA's, costed
on its roster: 2% for teachers from 1 Jul 2017 over two years, 100,000 x 2% x 2 x 1.1 roll-up = 4,400
(on ECSEA's roster it would be 50,000 x 2% x 2 x 1.2 = 2,400).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bargaining.storage import accounts
from unitscase import CASE, write

from .conftest import one_case_workspace, serving
from .test_web_browser import _page, browser  # noqa: F401 (the module's chromium fixture)

CASE_ID = "two-units"


@pytest.fixture(scope="module")
def units_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    base = tmp_path_factory.mktemp("units-browser")
    folder = base / CASE_ID
    folder.mkdir()
    write(folder, CASE)
    engine = one_case_workspace(base, folder, CASE_ID)
    with serving(engine) as address:
        yield address, engine
    engine.dispose()


def _options(page: Any, selector: str) -> list[str]:
    return list(page.eval_on_selector_all(f"{selector} option", "os => os.map(o => o.value)"))


def test_the_draft_form_follows_the_chosen_unit(browser: Any, units_server: tuple[str, Any]) -> None:  # noqa: F811
    server, engine = units_server
    page = _page(browser, server, "union")
    page.goto(f"/cases/{CASE_ID}/team")
    page.fill("#title", "Two percent for teachers")
    page.select_option("#draft-t0-type", "raise")
    assert sorted(_options(page, "#draft-t0-raise-roles")) == ["clerk", "custodian"]
    page.fill("#draft-t0-raise-percent", "2")
    page.fill("#draft-t0-raise-effective", "2017-07-01")
    page.select_option("#draft-unit", "ETA")
    assert _options(page, "#draft-t0-raise-roles") == ["teacher"]
    # Staffing's role (a single choice) follows too, its "none" kept first where it has one.
    assert [o for o in _options(page, "#draft-t0-staffing-role") if o] == ["teacher"]
    assert page.input_value("#draft-t0-raise-percent") == "2"  # nothing typed is lost
    page.select_option("#draft-t0-raise-roles", ["teacher"])
    with page.expect_navigation():
        page.click("#draft-form button[value=save]")
    (draft,) = accounts.drafts_of(engine, CASE_ID, "union")
    assert draft.unit == "ETA"
    card = page.locator("section.card", has_text="Two percent for teachers")
    assert "$4,400" in card.inner_text()
    assert not page.errors  # type: ignore[attr-defined]
