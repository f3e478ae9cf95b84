"""The reference class loads, and every kind of bad entry is reported at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bargaining.inputs.reference import load_reference
from bargaining.model.reference import Dispute

GOOD = """\
id: one-2019
employer: One District
union: One Teachers
state: CA
first_year: 2019-20
last_year: 2020-21
settlement:
  raises:
    - {year: 2019-20, percent: 3, source: paper}
strike:
  struck: {value: true, source: paper}
  school_days: {value: 4, source: paper}
milestones:
  impasse: {value: 2019-05-01, source: paper}
  agreement: {value: 2019-09-01, source: paper}
sources:
  paper: {title: A paper, url: "https://example.org/a", published: 2019-09-02}
"""


def _errors(tmp_path: Path, text: str, name: str = "one.yaml") -> list[str]:
    (tmp_path / name).write_text(text)
    found, errors = load_reference(tmp_path)
    assert (found is None) == bool(errors)
    return [str(e) for e in errors]


def test_the_good_entry_loads(tmp_path: Path) -> None:
    assert _errors(tmp_path, GOOD) == []


def test_the_bundled_class_loads_without_errors() -> None:
    found, errors = load_reference()
    assert errors == []
    assert found is not None and len(found) >= 40
    assert len({d.id for d in found}) == len(found)
    assert len({d.state for d in found}) >= 8  # several states
    assert sum(d.struck for d in found) >= 10 and sum(not d.struck for d in found) >= 10


def test_every_bundled_source_is_cited_and_every_dispute_names_its_settlement_source() -> None:
    found, _ = load_reference()
    assert found is not None
    for dispute in found:
        cited = set(_sources_cited(dispute))
        assert cited <= set(dispute.sources), dispute.id
        assert set(dispute.sources) <= cited, (
            f"{dispute.id}: sources never cited: {set(dispute.sources) - cited}"
        )


def _sources_cited(dispute: Dispute) -> list[str]:
    text = dispute.model_dump_json()
    return [key for key in dispute.sources if f'"source":"{key}"' in text]


def test_a_figure_without_a_source_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace("{year: 2019-20, percent: 3, source: paper}", "{year: 2019-20, percent: 3}")
    assert _errors(tmp_path, text) == [
        f"{tmp_path / 'one.yaml'}:9: settlement.raises[0].source: required key is missing"
    ]


def test_a_source_no_one_defined_is_an_error_at_the_figure(tmp_path: Path) -> None:
    text = GOOD.replace("school_days: {value: 4, source: paper}", "school_days: {value: 4, source: radio}")
    assert _errors(tmp_path, text) == [
        f"{tmp_path / 'one.yaml'}:12: strike.school_days.source: unknown source 'radio' (sources: paper)"
    ]


def test_an_id_used_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD)
    errors = _errors(tmp_path, GOOD, name="b.yaml")
    assert errors == [f"{tmp_path / 'b.yaml'}:1: id: id 'one-2019' is used by another dispute"]


def test_an_agreement_before_the_impasse_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace("agreement: {value: 2019-09-01", "agreement: {value: 2019-04-01")
    expected = "milestones.agreement: 2019-04-01 is before milestones.impasse (2019-05-01)"
    assert _errors(tmp_path, text) == [f"{tmp_path / 'one.yaml'}:15: {expected}"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "percent: 3,",
            "percent: 300,",
            ":9: settlement.raises[0].percent: a raise in one year",
        ),
        (
            "{value: 4, source",
            "{value: 0, source",
            ":12: strike.school_days: school days struck",
        ),
        ("state: CA", "state: XX", ":4: state: expected a two-letter US postal code"),
        ("first_year: 2019-20", "first_year: 2019-21", ":5: first_year: fiscal year '2019-21'"),
        (
            "year: 2019-20, percent",
            "year: 2021-22, percent",
            ":9: settlement.raises[0].year: 2021-22 is outside",
        ),
        ('url: "https://', 'url: "ftp://', ":17: sources.paper.url: String should match pattern"),
        (
            "struck: {value: true",
            "struck: {value: false",
            ":12: strike.school_days: given for a dispute without",
        ),
    ],
)
def test_bad_values_are_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    errors = _errors(tmp_path, GOOD.replace(old, new, 1))
    assert len(errors) == 1 and expected in errors[0], errors


def test_a_settlement_total_must_span_forward(tmp_path: Path) -> None:
    text = GOOD.replace("{year: 2019-20, percent: 3,", "{year: 2020-21, through: 2019-20, percent: 3,")
    [error] = _errors(tmp_path, text)
    assert ":9: settlement.raises[0]: through (2019-20) must come after year (2020-21)" in error


def test_an_empty_folder_and_a_missing_one_are_errors(tmp_path: Path) -> None:
    found, errors = load_reference(tmp_path)
    assert found is None and "no dispute files" in str(errors[0])
    found, errors = load_reference(tmp_path / "nowhere")
    assert found is None and str(errors[0]).endswith(": no such file or folder")


def test_a_file_that_is_not_one_dispute_is_an_error(tmp_path: Path) -> None:
    assert _errors(tmp_path, "- just\n- a list\n") == [
        f"{tmp_path / 'one.yaml'}:1: (document): expected one dispute: a mapping of keys such as id, employer"
    ]


def test_a_linked_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(GOOD)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "one.yaml").symlink_to(tmp_path / "real.txt")
    found, errors = load_reference(folder)
    assert found is None
    assert [str(e) for e in errors] == [
        f"{folder / 'one.yaml'}:1: (document): 'one.yaml' is a symbolic link; copy the file in"
    ]
