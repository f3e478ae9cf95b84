"""Issue 10, item 3: the public page shows the record's head as of its last public row, a link of the chain
`bargain verify` checks (tests/web/test_web_public_record.py: private rows after it do not move it)."""

from __future__ import annotations

from bargaining.storage import link_number, verify

from .conftest import Workbench, signed_in

CASE = "lausd-2019"


def test_the_public_page_shows_a_head_of_the_verified_chain(workbench: Workbench) -> None:
    (check,) = verify(workbench.engine, CASE)
    assert check.ok
    public = signed_in(workbench.engine, "anonymous")
    head = public.get(f"/api/cases/{CASE}/public").json()["head"]
    page = public.get(f"/cases/{CASE}/public")
    assert page.status_code == 200
    assert f"<code>{head}</code>" in page.text
    # The workbench planted private notes after the import: the public head is the import's last link.
    found = link_number(workbench.engine, CASE, head)
    assert found is not None and found[0] < found[1]
