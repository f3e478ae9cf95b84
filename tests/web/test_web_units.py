"""The costing page of a proposal that a parity clause passes on to another unit shows that cost apart,
under its own heading in users' words."""

from __future__ import annotations

from pathlib import Path

from bargaining.storage import accounts, import_case, open_database
from bargaining.web.demo import seed_demo
from unitscase import CASE, write

from .conftest import signed_in


def test_the_costing_page_shows_what_parity_passes_on(tmp_path: Path) -> None:
    folder = tmp_path / "two-units"
    folder.mkdir()
    write(folder, CASE)
    engine = open_database(f"sqlite:///{tmp_path / 'workspace.db'}", create=True)
    try:
        import_case(engine, folder)
        seed_demo(engine, ("two-units",))
        accounts.grant(engine, "demo-public", "two-units", "observer")
        client = signed_in(engine, "employer")
        page = client.get("/cases/two-units/proposals/teachers-ta")
        assert page.status_code == 200, page.text
        words = " ".join(page.text.split())
        # Worked in tests/costing/test_units.py: 3,600 passed on to the classified unit.
        assert "<h2>Passed on to Example Classified Employees by the parity clause</h2>" in words
        assert "3,600 over the horizon" in words
        assert "me_too" not in words  # no key names on the page
    finally:
        engine.dispose()
