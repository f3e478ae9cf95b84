"""docs/reference-class.md is the reference class as shipped: regenerate it when the data changes."""

from __future__ import annotations

from pathlib import Path

from bargaining.inputs.reference import bundled_sampling_note, load_reference
from bargaining.report.reference import reference_markdown

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference-class.md"


def test_the_data_page_lists_the_shipped_disputes() -> None:
    disputes, errors = load_reference()
    assert not errors and disputes is not None
    expected = reference_markdown(disputes, bundled_sampling_note())
    assert PAGE.read_text() == expected, (
        "docs/reference-class.md is out of date: run "
        "`.venv/bin/bargain reference --format markdown > docs/reference-class.md`"
    )


def test_the_sampling_note_names_only_disputes_of_the_class() -> None:
    # The note's tables of disputes kept (rows starting `| id |`) must not outlive a renamed or removed file.
    import re

    disputes, _ = load_reference()
    assert disputes is not None
    named = set(re.findall(r"^\| ([a-z0-9-]+-\d{4}) \|", bundled_sampling_note(), flags=re.MULTILINE))
    assert len(named) >= 15 and named <= {d.id for d in disputes}


def test_the_counts_in_validation_md_are_the_data_s() -> None:
    from bargaining.analysis import base_rates

    disputes, _ = load_reference()
    assert disputes is not None
    text = (PAGE.parent / "validation.md").read_text()
    rates = base_rates(disputes)
    both = [
        d
        for d in disputes
        if all(p is not None and p.raises for p in (d.district_last, d.union_last, d.settlement))
    ]
    years = sorted(d.milestones.agreement.value.year for d in disputes if d.milestones.agreement)
    states = {d.state for d in disputes}
    assert f"({rates.disputes} disputes from {years[0]} to {years[-1]} in {len(states)} states, " in text
    assert f"{rates.struck} with a strike)" in text
    assert f"the length\n  for {rates.strike_days_known} of the {rates.struck} strikes" in text
    assert (
        f"rests on only {len(both)} disputes" in text and f"({rates.gap_known} with a gap to share)" in text
    )
    assert f"rest on {rates.months_known} disputes" in text


def test_every_key_of_a_dispute_file_is_on_the_page() -> None:
    from pydantic import BaseModel

    from bargaining.model import reference

    text = PAGE.read_text()
    models = [m for m in vars(reference).values() if isinstance(m, type) and issubclass(m, BaseModel)]
    keys = {name for model in models for name in model.model_fields if not model.__name__.startswith("_")}
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert not missing, f"dispute-file keys not described in docs/reference-class.md: {missing}"
