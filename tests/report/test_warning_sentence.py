"""A warning as a person reads it: one wording (report.warning_sentence) for the CLI's tables and the web."""

from __future__ import annotations

from bargaining.report import warning_sentence


def test_a_simulator_warning_loses_its_rule_code_and_reads_as_a_sentence() -> None:
    # The Denver simulation's calendar warning as the simulator keeps it (tests/simulate/
    # test_bundled_simulations.py): the code goes, the event type becomes words, the dates are written out.
    kept = (
        "strike_during_term: strike_started on 2025-08-18: a strike while the agreement is in force breaches"
        " its no-strike clause (the agreement runs to 2025-08-31)"
    )
    assert warning_sentence(kept) == (
        "Strike started on 18 August 2025: a strike while the agreement is in force breaches its no-strike"
        " clause (the agreement runs to 31 August 2025)."
    )


def test_a_sentence_already_in_words_is_kept() -> None:
    said = "Issue 1 of the simulation (raise): the case file's figure is used."
    assert warning_sentence(said) == said
