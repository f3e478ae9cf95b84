"""The as-of control replays LAUSD's January 2019 on the proposals and record pages, in Debian's chromium
(issue 15, item 3). Worked from cases/lausd-2019/case.yaml: on 10 January 2019 four proposals are on the
table (the district's of July and 26 September 2018, UTLA's of August, the factfinder's of 18 December), the
last offers are lausd-2018-09-26 and utla-2018-08, the strike (14 January) and the settlement (22 January)
are still to come."""

# ruff: noqa: F811  (the fixtures of test_web_browser, imported by name, are the parameters)
from __future__ import annotations

from pathlib import Path
from typing import Any

from .test_web_browser import CASE, _page, browser, server, shots  # noqa: F401  (fixtures)


def _replay(page: Any, day: str) -> None:
    page.fill("#as-of", day)
    with page.expect_navigation():
        page.click("form.as-of button")
    assert f"as_of={day}" in page.url


def test_the_as_of_control_replays_the_proposals_and_the_record(
    browser: Any, server: str, shots: Path
) -> None:
    page = _page(browser, server, "union")
    page.goto(f"/cases/{CASE}/proposals")
    _replay(page, "2019-01-10")
    rows = page.locator("table").first.locator("tbody th").all_inner_texts()
    ids = [row.split("\n", 1)[0] for row in rows]
    assert ids == ["lausd-2018-07", "utla-2018-08", "lausd-2018-09-26", "factfinder-2018-12-18"]
    assert "utla-2018-08 minus lausd-2018-09-26" in page.locator("h2", has_text="The gap").inner_text()
    page.screenshot(path=str(shots / "proposals-replay.png"), full_page=True)
    with page.expect_navigation():
        page.click("table >> text=lausd-2018-09-26")
    assert "/proposals/lausd-2018-09-26?as_of=2019-01-10" in page.url
    with page.expect_navigation():
        page.click("nav >> text=Record")
    assert "as_of=2019-01-10" in page.url
    story = page.locator("ul.timeline").inner_text()
    assert "factfinding report public" in story and "strike notice" in story
    assert "strike started" not in story and "settlement" not in story
    assert "impasse procedures exhausted (report public)" in story  # the pack's words for the state
    page.screenshot(path=str(shots / "record-replay.png"), full_page=True)
    _replay(page, "2019-01-23")
    story = page.locator("ul.timeline").inner_text()
    assert "strike started" in story and "strike ended" in story
    with page.expect_navigation():
        page.click("nav >> text=Proposals")
    assert "as_of=2019-01-23" in page.url
    assert "settlement-2019-01-22" in page.locator("table").first.inner_text()
    assert not page.errors  # type: ignore[attr-defined]
    phone = _page(browser, server, "union", phone=True)
    phone.goto(f"/cases/{CASE}/proposals?as_of=2019-01-10")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    phone.screenshot(path=str(shots / "proposals-replay-phone.png"), full_page=True)


def test_a_visitor_reports_a_comment_without_an_account(browser: Any, server: str, shots: Path) -> None:
    reader = _page(browser, server, "observer")
    reader.goto(f"/cases/{CASE}/public")
    card = reader.locator("section.card#p-lausd-2018-07")
    card.locator("textarea[name=text]").fill("Ask the principal of Roosevelt High, he is a liar")
    with reader.expect_navigation():
        card.locator("button", has_text="Post").click()
    visitor = _page(browser, server, None)
    visitor.goto(f"/cases/{CASE}/public")
    card = visitor.locator("section.card#p-lausd-2018-07")
    comment = card.locator("ul.comments li", has_text="he is a liar")
    comment.locator("summary", has_text="Report").click()
    comment.locator("input[name=reason]").fill("attacks a person, not the proposal")
    visitor.screenshot(path=str(shots / "public.png"), full_page=True)
    with visitor.expect_navigation():
        comment.locator("button", has_text="Send the report").click()
    assert "is in the moderators' queue" in visitor.locator("p.notice").inner_text()
    admin = _page(browser, server, "admin")
    admin.goto(f"/cases/{CASE}/moderation")
    assert "reported by a visitor without an account: attacks a person" in admin.content()
    assert not visitor.errors  # type: ignore[attr-defined]


def test_the_simulation_and_the_record_form_stand_on_the_replayed_day(
    browser: Any, server: str, shots: Path
) -> None:
    # On 1 September 2018 the district's last offer is lausd-2018-07 (2% from 1 July 2017 and a bonus), UTLA's
    # utla-2018-08; the median run settles at the district's position, so its raises are that offer's.
    page = _page(browser, server, "mediator")
    page.goto(f"/cases/{CASE}/simulation")
    _replay(page, "2018-09-01")
    lede = " ".join(page.locator("main").inner_text().split())
    assert "the case as it stood on 1 September 2018: the district's last offer lausd-2018-07" in lede
    page.fill("#runs", "4096")
    with page.expect_navigation():
        page.click("text=Start a run")
    assert "as_of=2018-09-01" in page.url
    page.wait_for_selector("ul.forecast", timeout=60_000)
    told = page.locator("ul.forecast").inner_text()
    assert "Raises at the median: 2016-17 0.00%, 2017-18 2.00%." in told
    page.screenshot(path=str(shots / "simulation-replay.png"), full_page=True)
    with page.expect_navigation():
        page.click("nav >> text=Record")
    assert page.input_value("#date") == "2018-09-01"  # a step recorded while replaying is dated that day
    assert not page.errors  # type: ignore[attr-defined]
    phone = _page(browser, server, "mediator", phone=True)
    phone.goto(page.url.replace("/record", "/simulation"))
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    assert "Raises at the median" in phone.locator("main").inner_text()
    phone.screenshot(path=str(shots / "simulation-replay-phone.png"), full_page=True)
