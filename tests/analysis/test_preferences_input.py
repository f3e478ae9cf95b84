"""The preferences section: bad input gives FILE:LINE: KEY: message, and never quotes a side's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.inputs import load_case
from bargaining.model import Preferences

SMALL = Path(__file__).parent / "cases" / "small" / "case.yaml"
HEAD = SMALL.read_text().split("preferences:")[0]

GOOD_PACKAGE = """\
preferences:
  package:
    terms:
      raise: {type: raise, percent: 1, effective: 2018-07-01}
      counselors: {type: staffing, role: counselor, fte: 1, cost_per_fte: 100000, effective: 2019-07-01}
    issues:
      raise: {term: raise, field: percent, min: 0, max: 4, step: 1}
      counselors: {term: counselors, field: fte, options: [0, 5, 10]}
      retro: {term: raise, field: effective, options: [2018-07-01, 2019-07-01]}
"""


def errors_for(tmp_path: Path, block: str) -> list[str]:
    (tmp_path / "case.yaml").write_text(HEAD + block)
    case, errors = load_case(tmp_path)
    assert (case is None) == bool(errors)
    return [str(e) for e in errors]


def line_of(block: str, text: str) -> int:
    """1-based line in the whole file of the first line of ``block`` containing ``text``."""
    offset = HEAD.count("\n")
    return offset + next(i for i, line in enumerate(block.splitlines(), 1) if text in line)


def test_good_section_becomes_typed_values(tmp_path: Path) -> None:
    block = GOOD_PACKAGE + "  union:\n    reservation: 30\n    weights: {counselors: 100}\n"
    block += "    curves: {counselors: [[0, 0], [10, 100]]}\n"
    (tmp_path / "case.yaml").write_text(HEAD + block)
    case, errors = load_case(tmp_path)
    assert not errors and case is not None
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    retro = prefs.space.issue("retro")
    assert retro.kind == "date" and retro.show(retro.options[1]) == "2019-07-01"
    assert retro.none == retro.options[0]  # the template's own date stands for "absent"
    assert prefs.space.issue("raise").options == (0, 1, 2, 3, 4)
    assert prefs.employer is None and prefs.union is not None and not prefs.union.share_with_mediator


@pytest.mark.parametrize(
    ("issues_line", "marker", "message"),
    [
        ("      x: {term: nope, field: percent, min: 0, max: 1, step: 1}", "x:", "no template term 'nope'"),
        ("      x: {term: raise, field: roles, min: 0, max: 1, step: 1}", "x:", "no numeric field 'roles'"),
        ("      x: {term: raise, field: sunset, options: [2019-01-01]}", "x:", "does not set sunset"),
        (
            "      x: {term: raise, field: percent, min: 0, max: 1, step: 1}",
            "x:",
            "already varies raise.percent",
        ),
        (
            "      x: {term: counselors, field: cost_per_fte, min: 5, max: 1}",
            "x:",
            "a range needs all of min, max and step",
        ),
        ("      x: {term: counselors, field: effective, min: 0, max: 1, step: 1}", "x:", "list its options"),
        (
            "      x: {term: counselors, field: cost_per_fte, min: 0, max: 1000000, step: 1}",
            "x:",
            "at most 2,000",
        ),
        (
            "      x: {term: counselors, field: cost_per_fte, options: [-5, 10]}",
            "x:",
            "option -5 does not make",
        ),
        (
            "      cost: {term: counselors, field: cost_per_fte, options: [1]}",
            "cost:",
            "name of a money measure",
        ),
    ],
)
def test_package_errors_name_line_and_key(
    tmp_path: Path, issues_line: str, marker: str, message: str
) -> None:
    block = GOOD_PACKAGE + issues_line + "\n"
    errors = errors_for(tmp_path, block)
    assert len(errors) == 1, errors
    file, line, key, text = errors[0].split(":", 3)
    assert file.endswith("case.yaml")
    assert int(line) == line_of(block, issues_line.strip()[:12])
    assert key.strip().startswith("preferences.package.issues.")
    assert message in text


PRIVATE = """\
  union:
    reservation: 61.37
    weights: {pay_per_member: 23.17, counselors: 41.29, cost: 35.54}
    curves:
      pay_per_member: [[0, 0], [4321.09, 87.65]]
      counselors: [[0, 0], [10, 100]]
      cost: [[0, 100], [987654321, 0]]
    limits: {cost: 876543210}
    bottom_lines: {raise: [3.14159]}
"""


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        ("counselors: 41.29", "counselors: 41.28", "preferences.union.weights", "add up to 100"),
        (
            "cost: 35.54}",
            "cost: 35.54, teachers: 0}",
            "preferences.union.weights.teachers",
            "not a criterion",
        ),
        (
            "[4321.09, 87.65]",
            "[4321.09, 187.65]",
            "preferences.union.curves.pay_per_member",
            "between 0 and 100",
        ),
        ("[0, 0], [4321.09", "[4999.5, 0], [4321.09", "preferences.union.curves.pay_per_member", "increase"),
        ("reservation: 61.37", "reservation: 161.37", "preferences.union.reservation", "less than or equal"),
        (
            "limits: {cost: 876543210}",
            "limits: {pay_per_member: 876543210}",
            "preferences.union.limits",
            "limits",
        ),
        ("[3.14159]", "[3.14159, 1e400]", "preferences.union.bottom_lines.raise", "bids"),
        (
            "      counselors: [[0, 0], [10, 100]]\n",
            "",
            "preferences.union.curves",
            "has a weight but no curve",
        ),
    ],
)
def test_party_errors_never_quote_private_values(
    tmp_path: Path, old: str, new: str, key: str, message: str
) -> None:
    block = GOOD_PACKAGE + PRIVATE.replace(old, new)
    errors = errors_for(tmp_path, block)
    assert len(errors) == 1, errors
    assert f": {key}" in errors[0] and message in errors[0]
    for secret in (
        "61.37",
        "161.37",
        "23.17",
        "41.2",
        "35.54",
        "4321",
        "87.65",
        "187.65",
        "987654321",
        "876543210",
        "3.14",
        "4999",
        "1e400",
        "inf",
    ):
        assert secret not in errors[0], (secret, errors[0])


def test_private_section_passes_when_well_formed(tmp_path: Path) -> None:
    assert errors_for(tmp_path, GOOD_PACKAGE + PRIVATE) == []
