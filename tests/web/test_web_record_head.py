"""Issue 10, item 3: the public page shows the record's head, the one `bargain verify` ends on."""

from __future__ import annotations

from bargaining.storage import verify

from .conftest import Workbench, signed_in

CASE = "lausd-2019"


def test_the_public_page_shows_the_head_verify_ends_on(workbench: Workbench) -> None:
    (check,) = verify(workbench.engine, CASE)
    assert check.ok
    public = signed_in(workbench.engine, "anonymous")
    page = public.get(f"/cases/{CASE}/public")
    assert page.status_code == 200
    assert f"Head of the record: <code>{check.head}</code>" in page.text
    assert public.get(f"/api/cases/{CASE}/public").json()["head"] == check.head
