"""Rule packs and holiday calendars: they load, they are consistent, and a bad pack names file and line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import hypothesis.strategies as st
import pytest
import yaml
from hypothesis import given, settings

from bargaining.inputs import known_packs, load_pack
from bargaining.model import PUBLIC_STATES
from bargaining.model.events import EVENT_TYPES, parse_events
from bargaining.process import Clock, run

PACKS = Path(__file__).resolve().parents[2] / "src" / "bargaining" / "process" / "packs"


def test_the_bundled_packs() -> None:
    assert known_packs() == ("california-eera", "colorado", "generic")


@pytest.mark.parametrize("name", ["california-eera", "colorado", "generic"])
def test_each_pack_is_consistent(name: str) -> None:
    pack, errors = load_pack(name)
    assert pack is not None, [str(e) for e in errors]
    rules = pack.rules
    statuses = {spec.status for spec in rules.states.values()}
    assert statuses <= set(PUBLIC_STATES)
    # Every pack can reach the ordinary states of a dispute.
    assert {
        "bargaining",
        "impasse_declared",
        "mediation",
        "tentative_agreement",
        "ratified",
        "in_effect",
    } <= statuses
    for move in rules.transitions:
        assert move.source in rules.sources
    for guard in rules.guards:
        assert guard.source in rules.sources and guard.message


@pytest.mark.parametrize("calendar", ["california-state", "us-federal"])
def test_holiday_calendars_are_weekdays_inside_their_years(calendar: str) -> None:
    data = yaml.safe_load((PACKS / "calendars" / f"{calendar}.yaml").read_text())
    days = [h["date"] for h in data["holidays"]]
    assert days == sorted(days)
    assert all(data["first"] <= d <= data["last"] for d in days)
    # Observed days only: a holiday on a weekend is moved (or, for California, not observed).
    assert all(d.weekday() < 5 for d in days)
    assert len(days) >= 10 * 21  # ten or more a year, 2015 to 2035


def test_known_holidays() -> None:
    pack, _ = load_pack("california-eera")
    assert pack is not None
    days = {h.date for h in pack.calendar.holidays}
    # Thanksgiving 2018 was Thursday 22 Nov; California also closes the day after. 4 Jul 2018 a Wednesday.
    assert {dt.date(2018, 11, 22), dt.date(2018, 11, 23), dt.date(2018, 7, 4)} <= days
    # Cesar Chavez Day fell on Saturday 31 Mar 2018: not moved to Friday under CalHR's rule.
    assert dt.date(2018, 3, 30) not in days and dt.date(2018, 3, 31) not in days
    # Veterans Day fell on Sunday 11 Nov 2018: observed Monday 12 Nov.
    assert dt.date(2018, 11, 12) in days
    federal, _ = load_pack("generic")
    assert federal is not None
    fed = {h.date for h in federal.calendar.holidays}
    # New Year's Day 2022 was a Saturday: observed Friday 31 Dec 2021 (5 U.S.C. 6103(b)).
    assert dt.date(2021, 12, 31) in fed


def test_working_days_skip_thanksgiving() -> None:
    pack, _ = load_pack("california-eera")
    assert pack is not None
    clock = Clock(pack.calendar)
    # Tue 20 Nov 2018 + 5 working days: 21 (1), [22, 23 holidays, 24-25 weekend], 26 (2), 27, 28, 29 (5).
    assert clock.add(dt.date(2018, 11, 20), working_days=5) == dt.date(2018, 11, 29)
    # From a Saturday, counting starts from the Friday before: Sat 7 Jul + 5 = Fri 13 Jul.
    assert clock.add(dt.date(2018, 7, 7), working_days=5) == dt.date(2018, 7, 13)
    assert clock.add(dt.date(2018, 7, 7), calendar_days=5) == dt.date(2018, 7, 12)


def test_a_bad_pack_names_the_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(PACKS / "calendars", tmp_path / "calendars")
    text = (PACKS / "generic.yaml").read_text()
    text = text.replace("to: mediation_failed", "to: mediation_falied", 1)
    text = text.replace("by: either, source: fmcs}", "by: eihter, source: fmcs}", 1)
    (tmp_path / "bad.yaml").write_text(text)
    pack, errors = load_pack(tmp_path / "bad.yaml")
    assert pack is None
    lines = text.splitlines()
    shown = [str(e) for e in errors]
    assert len(errors) == 1, shown  # a schema error stops before the cross-checks
    assert errors[0].key.endswith(".by") and "eihter" in errors[0].message
    assert "eihter" in lines[errors[0].line - 1]
    fixed = text.replace("by: eihter", "by: either")
    (tmp_path / "bad.yaml").write_text(fixed)
    pack, errors = load_pack(tmp_path / "bad.yaml")
    assert pack is None and len(errors) == 1
    assert "unknown state 'mediation_falied'" in errors[0].message
    assert "mediation_falied" in fixed.splitlines()[errors[0].line - 1]


def test_an_unknown_pack_is_an_error() -> None:
    pack, errors = load_pack("atlantis")
    assert pack is None and "no rule pack 'atlantis'" in errors[0].message


DAYS = st.integers(min_value=0, max_value=400)
STEPS = st.lists(st.tuples(st.sampled_from(EVENT_TYPES), DAYS), max_size=25)


def _events(steps: list[tuple[str, int]]) -> list[dict[str, object]]:
    start = dt.date(2018, 1, 1)
    made = []
    for kind, offset in steps:
        event: dict[str, object] = {"date": start + dt.timedelta(days=offset), "type": kind}
        if kind in ("proposal_passed", "no_counter"):
            event["proposal"] = "p1"
        if kind == "counter":
            event.update(proposal="p1", answers="p0")
        if kind == "tentative_agreement":
            event["article"] = "2"
        if kind == "withdrawn":
            event["article"] = "3"
        if kind == "statement":
            event["summary"] = "said something"
        if kind == "limit_waived":
            event.update(event="factfinding_report", until=start + dt.timedelta(days=offset + 3))
        if kind == "unfair_practice_charge":
            event.update(against="employer", allegation="bad faith")
        if kind == "ballot_result":
            event.update(
                ballot=1,
                kind="ratification",
                question="Ratify?",
                choices=["yes", "no"],
                votes=[3, 1],
                eligible=7,
            )
        made.append(event)
    return made


@settings(max_examples=40, deadline=None)
@given(steps=STEPS, name=st.sampled_from(["california-eera", "colorado", "generic"]))
def test_any_record_gives_a_reportable_status(steps: list[tuple[str, int]], name: str) -> None:
    """Whatever was recorded, the engine reports one of the public states, and reading a record listed in any
    order gives the same state (it is read in date order)."""
    pack, _ = load_pack(name)
    assert pack is not None
    raw = _events(steps)
    as_of = dt.date(2019, 3, 1)
    status = run(pack, parse_events(raw), as_of)
    assert status.state in PUBLIC_STATES
    assert status.since is None or status.since <= as_of
    assert all(m.earliest >= as_of for m in status.next_moves)
    ordered = sorted(raw, key=lambda e: e["date"])  # type: ignore[arg-type,return-value]
    again = run(pack, parse_events(ordered), as_of)
    if len({e["date"] for e in raw}) == len(raw):  # distinct days: the listing order cannot matter
        assert (again.step, again.since) == (status.step, status.since)
        assert "event_out_of_order" not in [w.code for w in again.warnings]
