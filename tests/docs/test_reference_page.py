"""docs/reference-class.md is the reference class as shipped: regenerate it when the data changes."""

from __future__ import annotations

from pathlib import Path

from bargaining.inputs.reference import load_reference
from bargaining.report.reference import reference_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference-class.md"


def test_the_data_page_lists_the_shipped_disputes() -> None:
    disputes, errors = load_reference()
    assert not errors and disputes is not None
    expected = reference_markdown(disputes)
    assert PAGE.read_text() == expected, (
        "docs/reference-class.md is out of date: run "
        "`.venv/bin/bargain reference --format markdown > docs/reference-class.md`"
    )
