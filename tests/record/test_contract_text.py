"""The contract's text (issue 16, item 2): articles of the current agreement, each proposal's language,
initialed tentative agreements with their costed terms, side letters, and word-by-word redlines."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.inputs import load_case
from bargaining.model import redline
from bargaining.report import contract_document, redline_text

CASE = Path(__file__).parent / "cases" / "contract"
runner = CliRunner()


def test_a_redline_strikes_and_inserts_whole_words() -> None:
    edits = redline("No class shall exceed 28 students.", "No class in K-3 shall exceed 24 students.")
    assert [(e.kind, e.text) for e in edits] == [
        ("same", "No class"),
        ("inserted", " in K-3"),  # the space goes with the words inserted, so "class" is kept whole
        ("same", " shall exceed "),
        ("deleted", "28"),
        ("inserted", "24"),
        ("same", " students."),
    ]


words = st.lists(st.sampled_from(["the", "class", "26", "28", "shall", ",", " ", "\n", "K-3"]), max_size=30)


@given(words, words)
def test_a_redline_gives_back_both_texts(old: list[str], new: list[str]) -> None:
    before, after = "".join(old), "".join(new)
    edits = redline(before, after)
    assert "".join(e.text for e in edits if e.kind != "inserted") == before
    assert "".join(e.text for e in edits if e.kind != "deleted") == after


def test_each_version_of_an_article_with_its_redlines_and_the_tas_costed_terms() -> None:
    case, errors = load_case(CASE)
    assert case is not None, errors
    document = contract_document(case, dt.date(2024, 12, 1), "Class size")
    article = document["article"]
    assert article["status"] == "tentatively agreed" and article["since"] == "2024-11-05"
    labels = [v["label"] for v in article["versions"]]
    assert labels == [
        "Current agreement",
        "ETA proposal of 10 September 2024 (eta-1)",
        "EUSD proposal of 1 October 2024 (eusd-1)",
        "Tentative agreement initialed 5 November 2024 by EUSD and ETA",
    ]
    # The current text comes from text/class-size.md, its closing newline dropped.
    assert article["versions"][0]["text"] == "No class in grades K-3 shall exceed 28 students."
    district = article["versions"][2]
    assert (
        redline_text(district["against_current"])
        == "No class in grades K-3 shall exceed [-28-]{+26+} students."
    )
    assert (
        redline_text(district["against_previous"])
        == "No class in grades K-3 shall exceed [-24-]{+26+} students."
    )
    ta = article["versions"][3]
    assert ta["against_previous"] == [
        {"kind": "same", "text": "No class in grades K-3 shall exceed 26 students."}
    ]
    # The TA names eusd-1, whose Class size term is 1 counselor at $100,000 from 1 July 2025: one year
    # of the two-year horizon (2024-25, 2025-26) at no roll-up, $100,000. Its Salaries raise stays out.
    assert abs(ta["cost"] - 100_000) < 1e-6
    assert len(ta["terms"]) == 1 and "counselor" in ta["terms"][0]


def test_the_table_as_it_stood_on_a_day() -> None:
    case, _ = load_case(CASE)
    assert case is not None
    early = contract_document(case, dt.date(2024, 9, 15))
    rows = {row["name"]: row for row in early["articles"]}
    # On 15 September only the union's class-size proposal was on the table, the salaries article not yet.
    assert rows["Class size"]["status"] == "open"
    assert rows["Class size"]["proposals_with_text"] == ["eta-1"]
    assert rows["Salaries"]["status"] == "not at the table"
    assert early["side_letters"] == []  # the side letter is dated 1 November
    versions = contract_document(case, dt.date(2024, 9, 15), "Class size")["article"]["versions"]
    assert [v["kind"] for v in versions] == ["current", "proposal"]


def test_bargain_contract_prints_the_redlines(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["contract", str(CASE), "--article", "Class size", "--as-of", "2024-12-01"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "ETA proposal of 10 September 2024 (eta-1)" in result.stdout
    assert "No class in grades K-3 shall exceed [-28-]{+24+} students." in result.stdout
    assert "cost over the horizon: $100,000" in result.stdout
    listed = runner.invoke(app, ["contract", str(CASE), "--as-of", "2024-12-01", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    names = [row["name"] for row in json.loads(listed.stdout)["articles"]]
    assert names == ["Salaries", "Class size"]
    missing = runner.invoke(app, ["contract", str(CASE), "--article", "Leave"])
    assert missing.exit_code == 1
    assert "no article 'Leave' in contract-text (articles: Salaries, Class size)" in missing.stderr


def test_bad_contract_text_is_named_by_file_line_and_key(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASE, folder)
    text = (folder / "case.yaml").read_text()
    text = text.replace("file: text/class-size.md", "file: ../outside.md")
    text = text.replace("{proposal: eusd-1, article: Class size,", "{proposal: eusd-9, article: Leave,")
    (folder / "case.yaml").write_text(text)
    case, errors = load_case(folder)
    assert case is None
    found = {(e.key, e.message.split(":")[0]) for e in errors}
    keys = {e.key for e in errors}
    assert "contract.articles[1].file" in keys, found
    assert "contract.proposed[1].proposal" in keys and "contract.proposed[1].article" in keys, found
    messages = " ".join(e.message for e in errors)
    assert (
        "no proposal with id 'eusd-9'" in messages and "no article 'Leave' in contract.articles" in messages
    )
    assert all(e.line > 1 for e in errors)
