"""A closed members' survey can stand for the union's priorities in the deal tools (issue 16, item 3):
`bargain analyze --survey N` scores with the survey's shares of the answers as the union's weights."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from bargaining.cli import app
from bargaining.storage import import_case
from bargaining.storage.ballots import cast_vote, open_ballot

SMALL = Path(__file__).resolve().parents[1] / "analysis" / "cases" / "small"
OPENS = dt.datetime(2019, 1, 1, 8, tzinfo=dt.UTC)
CLOSES = dt.datetime(2019, 1, 3, 20, tzinfo=dt.UTC)
DURING = dt.datetime(2019, 1, 2, 12, tzinfo=dt.UTC)
# A union offer of 4% and no counselors, added to the small case (100 members at $50,000, two years).
OFFER = """  - id: tt-2
    party: union
    date: 2018-08-01
    terms:
      - {type: raise, percent: 4, effective: 2018-07-01}
preferences:"""


def _case(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    shutil.copytree(SMALL, folder)
    text = (folder / "case.yaml").read_text().replace("preferences:", OFFER, 1)
    (folder / "case.yaml").write_text(text)
    return folder


def _survey(engine: Engine, case_id: str, choices: list[str], answers: list[str]) -> int:
    opened = open_ballot(
        engine, case_id, kind="survey", question="What matters most?", choices=choices, threshold=None,
        opens_at=OPENS, closes_at=CLOSES, members=[f"M{n:02d}" for n in range(20)],
    )  # fmt: skip
    for (_, credential), choice in zip(opened.credentials, answers, strict=False):
        cast_vote(engine, opened.ballot.id, credential, choice, DURING)
    return opened.ballot.id


def _analyze(folder: Path, *extra: str) -> tuple[int, str, str]:
    args = ["analyze", str(folder), "--as", "union", "--format", "json", "--no-chart", *extra]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_the_survey_s_shares_become_the_union_s_weights(engine: Engine, db_url: str, tmp_path: Path) -> None:
    folder = _case(tmp_path)
    import_case(engine, folder)
    # 13 answers: 5 pay_per_member, 8 counselors: 38.46 and 61.54 points, rounded by largest remainders to
    # 38 and 62 (tests/storage/test_storage_surveys.py).
    ballot = _survey(
        engine, "small", ["pay_per_member", "counselors"], ["pay_per_member"] * 5 + ["counselors"] * 8
    )
    # tt-2: 4% for two years = 2 x 2,000 = 4,000 a member: the pay curve's top, 100; no counselors: 0.
    # With the case's weights (60 pay, 40 counselors) the union scores it 60; with the survey's, 38.
    code, out, _ = _analyze(folder)
    assert code == 0
    before = {o["id"]: o["scores"]["union"] for o in json.loads(out)["offers"]}
    assert abs(before["tt-2"] - 60.0) < 1e-9
    code, out, err = _analyze(folder, "--survey", str(ballot), "--db", db_url)
    assert code == 0, err
    after = {o["id"]: o["scores"]["union"] for o in json.loads(out)["offers"]}
    assert abs(after["tt-2"] - 38.0) < 1e-9
    assert abs(after["tt-1"] - 100.0) < 1e-9  # 4% and 10 counselors: full marks either way
    assert "the union's weights from survey" in err and "pay_per_member 38, counselors 62" in err


def test_a_survey_must_name_what_the_union_scores_and_be_this_case_s(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    folder = _case(tmp_path)
    import_case(engine, folder)
    words = _survey(engine, "small", ["pay", "class size"], ["pay"] * 6)
    code, _, err = _analyze(folder, "--survey", str(words), "--db", db_url)
    assert code == 1
    assert "not scored by the union: 'pay', 'class size'" in err
    assert "name the choices after 'pay_per_member', 'counselors'" in err
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    (other / "case.yaml").write_text((other / "case.yaml").read_text().replace("id: small", "id: other", 1))
    code, _, err = _analyze(other, "--survey", str(words), "--db", db_url)
    assert code == 1 and f"ballot {words} is not a survey of other" in err
