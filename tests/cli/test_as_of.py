"""`--as-of DATE` on the commands that read the record (issue 15, item 3): cost, compare, analyze, mediate
and strike-cost replay the bundled LAUSD case on a day.

Worked from cases/lausd-2019/case.yaml. Proposals by date: lausd-2018-07 (1 Jul 2018), utla-2018-08 (28 Aug),
lausd-2018-09-26, factfinder-2018-12-18, lausd-2019-01-11, settlement-2019-01-22. On 10 January 2019 the
district's last offer is lausd-2018-09-26 (3% and 3%, nothing on class size); on 12 January it is
lausd-2019-01-11 (3% and 3%, class size in grades 6-8 and 9-12 down 2). UTLA's is utla-2018-08 on both days,
so the gap moves by exactly what the district moved. The record: strike notice on 3 January, the 10-day
notice of the UTLA agreement (california-eera pack), the strike from Monday 14 January.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from bargaining.cli import app

ROOT = Path(__file__).resolve().parents[2]
LAUSD = str(ROOT / "cases" / "lausd-2019")
runner = CliRunner()


def _json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_compare_replays_the_last_offers_of_each_day() -> None:
    before = _json("compare", LAUSD, "--as-of", "2019-01-10")
    after = _json("compare", LAUSD, "--as-of", "2019-01-12")
    assert (before["a"], before["b"]) == ("lausd-2018-09-26", "utla-2018-08")
    assert (after["a"], after["b"]) == ("lausd-2019-01-11", "utla-2018-08")
    assert after["total"]["b"] == before["total"]["b"]  # UTLA did not move
    moved = after["total"]["a"] - before["total"]["a"]  # the district's 11 January offer costs more
    assert moved > 0
    assert abs((before["total"]["gap"] - after["total"]["gap"]) - moved) < 0.01
    named = _json("compare", LAUSD, "lausd-2018-09-26", "utla-2018-08")
    assert named["total"] == before["total"]


def test_compare_refuses_a_proposal_not_yet_made() -> None:
    result = runner.invoke(
        app, ["compare", LAUSD, "lausd-2019-01-11", "utla-2018-08", "--as-of", "2019-01-10"]
    )
    assert result.exit_code == 1
    assert "proposal 'lausd-2019-01-11' was made on 2019-01-11, after that day" in result.output
    half = runner.invoke(app, ["compare", LAUSD, "lausd-2018-09-26"])
    assert half.exit_code == 2 and "name both proposals A and B, or neither" in half.output
    bad = runner.invoke(app, ["compare", LAUSD, "--as-of", "10/01/2019"])
    assert bad.exit_code == 1 and "--as-of: '10/01/2019' is not a date" in bad.output


def test_cost_replays_the_proposals_made_by_the_day() -> None:
    ids = [p["id"] for p in _json("cost", LAUSD, "--as-of", "2019-01-10")["proposals"]]
    assert ids == ["lausd-2018-07", "utla-2018-08", "lausd-2018-09-26", "factfinder-2018-12-18"]
    ids = [p["id"] for p in _json("cost", LAUSD, "--as-of", "2019-01-22")["proposals"]]
    assert ids[-2:] == ["lausd-2019-01-11", "settlement-2019-01-22"]
    late = runner.invoke(app, ["cost", LAUSD, "--proposal", "settlement-2019-01-22", "--as-of", "2019-01-10"])
    assert late.exit_code == 1 and "was made on 2019-01-22, after that day" in late.output


def test_analyze_finds_the_gap_between_the_offers_of_each_day() -> None:
    options = ("--no-chart", "--max-packages", "2000")
    before = _json("analyze", LAUSD, "--as-of", "2019-01-10", *options)
    after = _json("analyze", LAUSD, "--as-of", "2019-01-12", *options)
    assert (before["gap"]["employer_offer"], before["gap"]["union_offer"]) == (
        "lausd-2018-09-26",
        "utla-2018-08",
    )
    assert after["gap"]["employer_offer"] == "lausd-2019-01-11"
    # Class size in grades 6-8 ("middle"): nothing offered on 10 January, down 2 on 11 January.
    assert before["gap"]["issues"]["middle"] == [0, 0] and after["gap"]["issues"]["middle"] == [2, 0]
    compared = _json("compare", LAUSD, "--as-of", "2019-01-10")
    assert abs(before["gap"]["cost"] - compared["total"]["gap"]) < 0.01


def test_mediate_opens_halfway_between_the_offers_of_each_day() -> None:
    options = ("--max-packages", "2000", "--rounds", "1")
    before = _json("mediate", LAUSD, "--as-of", "2019-01-10", *options)["rounds"][0]
    after = _json("mediate", LAUSD, "--as-of", "2019-01-12", *options)["rounds"][0]
    assert before["why"] == after["why"] == "opening"
    # Halfway between the district's 0 and UTLA's 0, then between 2 and 0: 0, then 1 student.
    assert before["text"]["issues"]["middle"] == 0 and after["text"]["issues"]["middle"] == 1
    assert before["text"]["issues"]["high"] == 0 and after["text"]["issues"]["high"] == 1


def test_strike_cost_prices_the_strike_as_seen_on_the_day(tmp_path: Path) -> None:
    # 10 January: the notice of 3 January runs out on Sunday 13 January; the first strike day is Monday 14.
    on_the_10th = _json("strike-cost", LAUSD, "--as-of", "2019-01-10", "--days", "2")
    assert [d["date"] for d in on_the_10th["days"]] == ["2019-01-14", "2019-01-15"]
    early = runner.invoke(app, ["strike-cost", LAUSD, "--as-of", "2018-12-20"])
    assert early.exit_code == 1 and "no strike is lawful yet" in early.output
    assert "strike notice" in early.output
    # The same case with the notice given on Monday 7 January: ten days later is Thursday 17 January. Seen on
    # 10 January the strike would start then; seen on 16 January, the strike recorded on 14 January (before
    # its notice ran out) is the one priced.
    folder = tmp_path / "lausd"
    shutil.copytree(LAUSD, folder)
    yaml = folder / "case.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert text.count("{date: 2019-01-03, type: strike_notice") == 1
    yaml.write_text(
        text.replace("{date: 2019-01-03, type: strike_notice", "{date: 2019-01-07, type: strike_notice")
    )
    later = _json("strike-cost", str(folder), "--as-of", "2019-01-10", "--days", "2")
    assert [d["date"] for d in later["days"]] == ["2019-01-17", "2019-01-18"]
    recorded = _json("strike-cost", str(folder), "--as-of", "2019-01-16", "--days", "2")
    assert [d["date"] for d in recorded["days"]] == ["2019-01-14", "2019-01-15"]


def test_status_and_timeline_tables_name_states_in_the_rule_packs_words() -> None:
    status = runner.invoke(app, ["status", LAUSD, "--as-of", "2019-01-10"])
    assert status.exit_code == 0
    assert "State: impasse procedures exhausted (report public) since 2018-12-18" in status.stdout
    assert "post_impasse" not in status.stdout and "strike notice" in status.stdout
    timeline = runner.invoke(app, ["timeline", LAUSD, "--as-of", "2018-07-28"])
    assert timeline.exit_code == 0
    # 27 July 2018: PERB certified the impasse (california-eera.yaml, state impasse_certified).
    assert "PERB found an impasse" in " ".join(timeline.stdout.split())
    assert "impasse_declared" not in timeline.stdout
    rows = _json("timeline", LAUSD, "--as-of", "2018-07-28")["timeline"]
    certified = next(r for r in rows if r["type"] == "impasse_certified")
    assert certified["state"] == "impasse_declared"  # the JSON keeps the code
    assert certified["state_label"] == "PERB found an impasse; a mediator is to be appointed"


def test_budget_projects_the_proposals_made_by_the_day() -> None:
    scenarios = _json("budget", LAUSD, "--as-of", "2019-01-10")["scenarios"]
    assert [s["proposal"] for s in scenarios] == [
        None,
        "lausd-2018-07",
        "utla-2018-08",
        "lausd-2018-09-26",
        "factfinder-2018-12-18",
    ]


def test_simulate_forecasts_from_the_positions_of_the_day() -> None:
    # The case's simulation section is run as written, so the runs are the same on every day; the forecast's
    # settlement reads the positions of the day. The median run settles at the district's position (share of
    # the gap 0): on 1 September 2018 that is lausd-2018-07, 2% from 1 July 2017 and 2% one-time (not a
    # dollar figure per FTE) plus $500; on 10 January 2019 lausd-2018-09-26, 3% and 3%, nothing one-time.
    options = ("--runs", "500", "--seed", "1")
    early = _json("simulate", LAUSD, "--as-of", "2018-09-01", *options)["forecast"]["settlement"]
    later = _json("simulate", LAUSD, "--as-of", "2019-01-10", *options)["forecast"]["settlement"]
    assert early["share_of_gap"]["p50"] == later["share_of_gap"]["p50"] == 0.0
    assert early["raise_percent_by_fiscal_year"] == {"2016-17": 0.0, "2017-18": 2.0}
    assert later["raise_percent_by_fiscal_year"] == {"2016-17": 0.0, "2017-18": 3.0, "2018-19": 3.0}
    assert early["one_time_per_fte"] > 0 and later["one_time_per_fte"] == 0.0
    bad = runner.invoke(app, ["simulate", LAUSD, "--as-of", "2019-13-01"])
    assert bad.exit_code == 1 and "--as-of: '2019-13-01' is not a date" in bad.output


def test_disclose_refuses_an_agreement_not_yet_proposed() -> None:
    late = runner.invoke(app, ["disclose", LAUSD, "-p", "settlement-2019-01-22", "--as-of", "2019-01-10"])
    assert late.exit_code == 1 and "was made on 2019-01-22, after that day" in late.output
    on_the_day = _json("disclose", LAUSD, "-p", "settlement-2019-01-22", "--as-of", "2019-01-22")
    assert on_the_day == _json("disclose", LAUSD, "-p", "settlement-2019-01-22")


def test_exhibits_compare_the_proposals_made_by_the_day() -> None:
    shown = _json("exhibits", LAUSD, "--as-of", "2019-01-10")["benchmarks"][0]["after"]
    assert list(shown) == ["lausd-2018-07", "utla-2018-08", "lausd-2018-09-26", "factfinder-2018-12-18"]
    late = runner.invoke(app, ["exhibits", LAUSD, "-p", "lausd-2019-01-11", "--as-of", "2019-01-10"])
    assert late.exit_code == 1 and "was made on 2019-01-11, after that day" in late.output


def test_members_refuses_a_proposal_not_yet_made(tmp_path: Path) -> None:
    from gridcase import write_grid_case

    folder = str(write_grid_case(tmp_path, "members-as-of", _GRID_PROPOSAL))
    late = runner.invoke(app, ["members", folder, "-p", "p", "--as-of", "2017-05-31"])
    assert late.exit_code == 1 and "proposal 'p' was made on 2017-06-01, after that day" in late.output
    assert _json("members", folder, "-p", "p", "--as-of", "2017-06-01") == _json("members", folder, "-p", "p")


_GRID_PROPOSAL = """proposals:
  - id: p
    party: employer
    date: 2017-06-01
    terms:
      - {type: raise, percent: 2, effective: 2018-07-01}
"""


def test_timeline_and_status_tables_say_warnings_in_sentences(tmp_path: Path) -> None:
    # LAUSD with the strike moved to Tuesday 8 January 2019: the notice of 3 January has 10 days to run (not
    # before 13 January), and the event is now listed after events of 11 January.
    folder = tmp_path / "lausd"
    shutil.copytree(LAUSD, folder)
    yaml = folder / "case.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert text.count("{date: 2019-01-14, type: strike_started") == 1
    moved = text.replace("{date: 2019-01-14, type: strike_started", "{date: 2019-01-08, type: strike_started")
    yaml.write_text(moved)
    timeline = runner.invoke(app, ["timeline", str(folder)], terminal_width=200)
    status = runner.invoke(app, ["status", str(folder), "--as-of", "2019-01-09"], terminal_width=200)
    assert timeline.exit_code == 0 and status.exit_code == 0, timeline.output + status.output
    warned = status.stdout.split("Warnings", 1)[1]  # the status table's own section
    for told in (timeline.stdout, warned):
        said = " ".join(told.replace("│", " ").split())
        assert "strike_before_notice_period" not in said and "event_out_of_order" not in said
        assert "strike_started" not in said and "2019-01-13" not in said
        assert (
            "Strike started on 8 January 2019: a strike before the agreement's 10-day strike notice has run"
            in said
        )
        assert "not before 13 January 2019" in said
    rows = _json("timeline", str(folder))["timeline"]
    codes = [w["code"] for r in rows for w in r["warnings"]]
    assert "strike_before_notice_period" in codes  # the JSON keeps the codes
