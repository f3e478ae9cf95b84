"""`bargain status` on a long record: the impasse engine, the TA ledger, movement with the costing engine
pricing every proposal and article, and the risk score, end to end as the CLI runs them.

The record: a 35,000-member synthetic roster, 25 articles, 400 proposals alternating between the sides
(each touching 5 articles with raises, staffing and language), 2,000 sessions, and the California impasse
steps. Also the bundled LAUSD case as a person would run it.

Run: .venv/bin/python bench/bench_status.py
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from pathlib import Path

from bargaining.inputs import load_case, resolve_pack
from bargaining.model import Case
from bargaining.report.status import resolved_pack, status_document, status_parts, timeline_document

ARTICLES = 25
PROPOSALS = 400
SESSIONS = 2_000
START = dt.date(2017, 9, 1)


def _case_yaml() -> str:
    lines = [
        "id: long-record",
        "title: A long record",
        "jurisdiction: california-eera",
        "horizon: {first: 2017-18, last: 2021-22}",
        "contract_expires: 2019-06-30",
        "employer: {name: District, short: D}",
        "union: {name: Union, short: U, members: 35000}",
        "unit:",
        "  synthetic:",
        "    {members: 35000, mean_salary: 75000, sd_salary: 12000, roles: {teacher: 0.9, nurse: 0.1}}",
        "  statutory_rate: 0.2",
        "  new_hire_salary: 60000",
        "proposals:",
    ]
    for i in range(PROPOSALS):
        party = "union" if i % 2 == 0 else "employer"
        day = START + dt.timedelta(days=i)
        raise_ = 6.5 - i * 0.01 if party == "union" else 2.0 + i * 0.01
        lines.append(f"  - id: p{i}")
        lines.append(f"    party: {party}")
        lines.append(f"    date: {day}")
        lines.append("    terms:")
        for k in range(5):
            article = (i + k) % ARTICLES
            if k == 0:
                term = f"{{type: raise, percent: {raise_:.2f}, effective: 2017-07-01, article: '{article}'}}"
            elif k == 1:
                fte = 50 + i % 7
                term = (
                    f"{{type: staffing, role: nurse, fte: {fte}, effective: 2019-07-01, article: '{article}'"
                )
                term += "}"
            else:
                term = f"{{type: language, summary: clause {i}, article: '{article}'}}"
            lines.append(f"      - {term}")
    lines.append("events:")
    for s in range(SESSIONS):
        day = START + dt.timedelta(days=s // 5)
        lines.append(f"  - {{date: {day}, type: session, articles: ['{s % ARTICLES}']}}")
    steps = [
        ("2018-07-02", "impasse_declared", "union"),
        ("2018-07-09", "impasse_certified", "agency"),
        ("2018-09-27", "mediation_started", "agency"),
        ("2018-10-12", "mediation_ended", "mediator"),
        ("2018-10-15", "factfinding_requested", "union"),
        ("2018-10-24", "factfinding_panel_appointed", "agency"),
        ("2018-11-20", "factfinding_report", "factfinder"),
    ]
    lines += [f"  - {{date: {d}, type: {t}, by: {b}}}" for d, t, b in steps]
    return "\n".join(lines) + "\n"


def _timed(label: str, work: object, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:10.1f} ms")
    return best


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "case.yaml").write_text(_case_yaml())
        case, errors = load_case(folder)
        assert case is not None, errors[:3]
        as_of = dt.date(2018, 12, 1)
        _timed(
            f"load the long record ({PROPOSALS} proposals, {SESSIONS} sessions)", lambda: load_case(folder)
        )
        pack = resolved_pack(case, *resolve_pack(case.jurisdiction))

        def status(case: Case, as_of: dt.date) -> dict[str, object]:
            return status_document(case, as_of, status_parts(case, as_of, pack))

        _timed("status document, long record", lambda: status(case, as_of))
        _timed("timeline, long record", lambda: timeline_document(case, pack))
        document = status(case, as_of)
        assert document["state"] == "factfinding"
        lausd, _ = load_case(Path(__file__).resolve().parents[1] / "cases" / "lausd-2019")
        assert lausd is not None
        _timed("status document, bundled LAUSD case", lambda: status(lausd, dt.date(2019, 1, 12)))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
