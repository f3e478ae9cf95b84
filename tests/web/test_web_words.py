"""Users' words on every page (issue 15, item 2): no page shows a Python literal or a code key.

Every HTML page of both bundled cases is walked as every role; the text a reader sees (tags, scripts and
styles removed, attributes ignored) must not contain ``False``, ``None``, ``True`` or a snake_case key.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from bargaining.inputs import load_case
from bargaining.report.words import SOLUTION_WORDS
from bargaining.storage import accounts

from .conftest import BUNDLED, ROLES, ROOT, Workbench, signed_in, workspace_copy


def _demo_day(case_id: str) -> str:
    case, _ = load_case(ROOT / "cases" / case_id)
    assert case is not None and case.demo_as_of is not None
    return case.demo_as_of.isoformat()


PAGES = (
    "/",
    "/login",
    "/cases/{case}",
    "/cases/{case}?as_of={opens}",  # the day the demo opens the case on (its file's demo_as_of)
    "/cases/{case}/public?as_of={opens}",
    "/cases/{case}/proposals",
    "/cases/{case}/proposals/{proposal}",
    "/cases/{case}/public",
    "/cases/{case}/movement",
    "/cases/{case}/record",
    "/cases/{case}/team",
    "/cases/{case}/mediation",
    "/cases/{case}/moderation",
    "/cases/{case}/simulation",
    # Replayed on the demo's day (issue 15, item 3): every case page stands on it.
    "/cases/{case}/proposals?as_of={opens}",
    "/cases/{case}/proposals/{proposal}?as_of={opens}",
    "/cases/{case}/record?as_of={opens}",
    "/cases/{case}/team?as_of={opens}",
    "/cases/{case}/mediation?as_of={opens}",
    "/cases/{case}/movement?as_of={opens}",
    "/cases/{case}/budget",
    "/cases/{case}/budget?as_of={opens}",
    "/cases/{case}/pay",
)
LITERAL = re.compile(r"\b(False|None|True)\b")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
# Identifiers users type and read as such: case and proposal ids, account names, file names.
IDS = re.compile(r"\b(?:[a-z0-9]+-)+[a-z0-9_]+\b|\S+\.(?:yaml|csv|xlsx|db)\b")
# Where in case.yaml a warning points (simulation.issues[0].cost_per_unit): a locator the author types.
KEY_PATHS = re.compile(r"\b[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)+\b")


def visible_text(page: str) -> str:
    """What a reader sees: no script, style, template or tag; entities decoded."""
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<[^>]+>", " ", page)
    return html.unescape(page)


def words_problems(text: str) -> list[str]:
    """Each code word found, with a few words around it."""
    text = " ".join(KEY_PATHS.sub(" ", IDS.sub(" ", text)).split())
    found = [*LITERAL.finditer(text), *SNAKE.finditer(text)]
    return sorted({f"{m.group(0)} in '{text[max(0, m.start() - 40) : m.end() + 20]}'" for m in found})


def test_the_checker_finds_what_it_looks_for() -> None:
    assert words_problems(visible_text("<p>apart by False</p>")) == ["False in 'apart by False'"]
    assert [p.split()[0] for p in words_problems(visible_text("<li>grade_band: 6</li>"))] == ["grade_band"]
    assert words_problems(visible_text("<p title='a_b'>lausd-2019 · union-2019-01</p>")) == []


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_false_none_or_a_snake_case_key(workbench: Workbench, role: str) -> None:
    client = signed_in(workbench.engine, role)
    problems: dict[str, list[str]] = {}
    for case_id in BUNDLED:
        ids = [p["id"] for p in client.get(f"/api/cases/{case_id}/proposals").json()["proposals"]]
        for template in PAGES:
            for proposal in ids if "{proposal}" in template else ids[:1]:
                url = template.format(case=case_id, proposal=proposal, opens=_demo_day(case_id))
                response = client.get(url, follow_redirects=False)
                if response.status_code != 200 or "text/html" not in response.headers["content-type"]:
                    continue
                found = words_problems(visible_text(response.text))
                if found:
                    problems[url] = found
    assert not problems, f"{role} sees code words: {problems}"


def test_the_mediator_reads_solution_names_and_what_they_mean(workbench: Workbench, tmp_path: Path) -> None:
    """Both sides share: the solutions table names each solution and says in a line what it is."""
    engine = workspace_copy(workbench, tmp_path)
    try:
        for side in ("employer", "union"):
            accounts.set_share(engine, "lausd-2019", side, "preferences", True)
        page = signed_in(engine, "mediator").get("/cases/lausd-2019/mediation").text
    finally:
        engine.dispose()
    text = " ".join(visible_text(page).split())
    for name, why in SOLUTION_WORDS.values():
        if name != "Split the difference":
            assert f"{name} {why}" in text
    assert "kalai" not in text.lower().replace("kalai-smorodinsky", "")
    assert not words_problems(text)


def test_disclosure_rows_line_up_with_their_columns(workbench: Workbench) -> None:
    """Every row of the costing page's disclosure table has one cell per column (issue 15: the average
    and percent rows started under 'prior' and left the last year empty)."""
    client = signed_in(workbench.engine, "union")
    page = client.get("/cases/lausd-2019/proposals/settlement-2019-01-22").text
    table = page.split("<h2>Public disclosure table</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"(?s)<tr>(.*?)</tr>", table)
    widths = [len(re.findall(r"<t[hd]\b", row)) for row in rows]
    assert len(rows) == 11 and set(widths) == {widths[0]}, widths  # header, 8 rows, average, percent
    average = next(r for r in rows if "Average cost per employee" in r)
    cells = re.findall(r"(?s)<td[^>]*>(.*?)</td>", average)
    assert cells[0] == "" and all(c.startswith("$") for c in cells[1:]), cells


def test_terms_read_as_sentences(workbench: Workbench) -> None:
    """The settlement's terms in words: 3% on the schedule from 1 July 2017 (UTLA-LAUSD 2019, case.yaml)."""
    client = signed_in(workbench.engine, "observer")
    text = " ".join(
        visible_text(client.get("/cases/lausd-2019/proposals/settlement-2019-01-22").text).split()
    )
    assert "3% on the salary schedule from 1 July 2017" in text
    assert "Class size in grades 6-8 down 2 students from 1 July 2020" in text and "percent:" not in text
    assert "150 more FTE of nurse from 1 July 2019" in text
