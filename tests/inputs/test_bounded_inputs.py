"""Issue 10, S7 and S8: case files stay in their folder and every YAML document is bounded.

Each test reproduces a finding of the review (it failed before the fix): the roster could name
/etc/passwd (whose first line `validate` then echoed), /dev/zero (MemoryError), a `..` path or a symbolic
link; a "billion laughs" case.yaml took 3.8 GB and 35 s and crashed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case
from bargaining.inputs.files import FileRefused, read_case_file
from bargaining.inputs.yamlsrc import YamlProblem, load_located, load_value
from bargaining.model.limits import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES

CASE = """\
id: bounded
title: Bounded
jurisdiction: generic
horizon: {first: 2017-18, last: 2019-20}
employer: {name: Example USD, short: EUSD}
union: {name: Example TA, short: ETA}
unit: {roster: ROSTER, statutory_rate: 0.1, new_hire_salary: 50000}
"""
ROSTER = "id,role,fte,salary\na,teacher,1,60000\n"

# Nine levels of nine aliases: 9^9 (387 million) copies of "lol" once expanded.
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def _case(folder: Path, roster: str = "roster.csv") -> Path:
    (folder / "case.yaml").write_text(CASE.replace("ROSTER", roster))
    (folder / "roster.csv").write_text(ROSTER)
    return folder


def _only_error(folder: Path) -> str:
    case, errors = load_case(folder)
    assert case is None
    assert len(errors) == 1, errors
    return str(errors[0]).replace(str(folder) + "/", "")


def test_a_plain_case_still_loads(tmp_path: Path) -> None:
    case, errors = load_case(_case(tmp_path))
    assert errors == [] and case is not None and len(case.unit.roster) == 1


def test_an_absolute_roster_path_is_refused_without_reading_it(tmp_path: Path) -> None:
    # Before: "/etc/passwd:1: root:x:0:0:root:/root:/bin/bash: unknown column" (the file's first line).
    result = CliRunner().invoke(app, ["validate", str(_case(tmp_path, "/etc/passwd"))])
    assert result.exit_code == 1
    assert "root:" not in result.output
    assert "case.yaml:7: unit.roster: '/etc/passwd' is an absolute path" in result.output


def test_a_path_that_climbs_out_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "case"
    inner.mkdir()
    (tmp_path / "outside.csv").write_text(ROSTER)
    error = _only_error(_case(inner, "../outside.csv"))
    assert error.startswith("case.yaml:7: unit.roster: '../outside.csv' leaves the case folder")


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "case"
    inner.mkdir()
    (tmp_path / "outside.csv").write_text(ROSTER)
    _case(inner, "linked.csv")
    (inner / "linked.csv").symlink_to(tmp_path / "outside.csv")
    assert _only_error(inner) == "linked.csv:1: (document): 'linked.csv' is a symbolic link; copy the file in"


def test_a_linked_folder_on_the_way_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "case"
    inner.mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "roster.csv").write_text(ROSTER)
    (inner / "data").symlink_to(tmp_path / "data")
    assert "'data' is a symbolic link" in _only_error(_case(inner, "data/roster.csv"))


def test_a_symlinked_case_yaml_is_refused(tmp_path: Path) -> None:
    inner = tmp_path / "case"
    inner.mkdir()
    _case(tmp_path)
    (inner / "case.yaml").symlink_to(tmp_path / "case.yaml")
    assert "is a symbolic link" in _only_error(inner)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_not_read(tmp_path: Path) -> None:
    # Before: /dev/zero through a link ended in MemoryError; a device is refused even when not linked.
    with pytest.raises(FileRefused, match="not a regular file"):
        read_case_file(Path("/dev"), "zero", 1000)


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "roster.csv.pipe")
    (tmp_path / "case.yaml").write_text(CASE.replace("ROSTER", "roster.csv.pipe"))
    assert "not a regular file" in _only_error(tmp_path)  # and it did not block waiting for a writer


def test_a_file_over_its_size_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.csv").write_bytes(b"x" * 101)
    with pytest.raises(FileRefused, match="is 101 bytes; at most 100 are read"):
        read_case_file(tmp_path, "big.csv", 100)
    assert read_case_file(tmp_path, "big.csv", 101) == b"x" * 101


def test_a_billion_laughs_case_is_refused_at_once(tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(CASE.replace("ROSTER", "roster.csv") + LAUGHS)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    took = time.perf_counter() - started
    assert result.exit_code == 1, result.output
    assert f"expands to more than {MAX_YAML_NODES:,} values" in result.output
    assert took < 5, took  # before: 35 s and 3.8 GB, then a crash


@pytest.mark.parametrize("reader", [load_located, load_value])
def test_every_reader_counts_aliases(reader: object) -> None:
    with pytest.raises(YamlProblem, match="expands to more than"):
        reader(LAUGHS)  # type: ignore[operator]
    # A few aliases are ordinary YAML and still read: 1 mapping + 2 keys + 2 lists + 2 x 2 items = 9 values.
    assert reader("a: &x [1, 2]\nb: *x\n") is not None  # type: ignore[operator]


def test_an_alias_inside_itself_is_refused() -> None:
    with pytest.raises(YamlProblem, match="refers to a list or mapping that contains it"):
        load_located("a: &x [1, *x]\n")


def test_nesting_is_bounded() -> None:
    deep = "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1)
    with pytest.raises(YamlProblem, match=f"nested more than {MAX_YAML_DEPTH} levels deep"):
        load_located(deep)
    shallow = "[" * MAX_YAML_DEPTH + "]" * MAX_YAML_DEPTH
    assert load_located(shallow).data is not None


def test_document_size_is_bounded() -> None:
    with pytest.raises(YamlProblem, match=f"at most {MAX_YAML_BYTES:,} are read"):
        load_value("#" * (MAX_YAML_BYTES + 1))


def test_merge_keys_are_counted_too() -> None:
    # Merge keys copy a mapping's pairs; nine levels of nine merges would build 9^9 pairs.
    levels = ["a0: &a0 {k: v}"] + [
        f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 9)}], k{i}: v}}" for i in range(1, 10)
    ]
    with pytest.raises(YamlProblem, match="expands to more than"):
        load_located("\n".join(levels) + "\n")


@settings(max_examples=50, deadline=None)
@given(
    st.recursive(
        st.integers() | st.text(alphabet="ab :-#'\"\\[]{},&*!|>%@`é", max_size=5),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text("xyz", max_size=3), inner),
    )
)
def test_bounded_reading_reads_plain_yaml_unchanged(value: object) -> None:
    # JSON is YAML: a document within the bounds reads back as itself, by both readers.
    text = json.dumps(value)
    assert load_value(text) == value
    assert load_located(text).data == value
