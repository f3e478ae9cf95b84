"""Issue 15's stumbles walked in Debian's chromium: a union user builds a draft from the form (no YAML),
sees it costed, meets an error beside its field, edits and passes it; the mediator sends the Nash package
in one click and both teams read its terms; the disclosure rows line up; the as-of control replays LAUSD's
January 2019. Screenshots (desktop and phone) go to docs/screenshots/ with BARGAINING_SCREENSHOTS=1."""

# ruff: noqa: F811  (the fixtures of test_web_browser, imported by name, are the parameters)
from __future__ import annotations

from pathlib import Path
from typing import Any

from .test_web_browser import CASE, _page, browser, server, shots  # noqa: F401  (fixtures)


def test_a_union_user_builds_edits_and_passes_a_draft_from_the_form(
    browser: Any, server: str, shots: Path
) -> None:
    page = _page(browser, server, "union")
    page.goto(f"/cases/{CASE}/team")
    page.fill("#title", "Stumble: class size and a raise")
    page.select_option("#draft-t0-type", "class_size")
    assert page.is_visible("#draft-t0-class_size-grade_band") and not page.is_visible(
        "#draft-t0-raise-percent"
    )
    page.select_option("#draft-t0-class_size-grade_band", "6-8")
    page.fill("#draft-t0-class_size-reduce_by", "2")
    page.fill("#draft-t0-class_size-effective", "2030-07-01")  # outside the horizon: refused beside the field
    with page.expect_navigation():
        page.click("#draft-form button[value=save]")
    error = page.locator("fieldset.term .field-error").first.inner_text()
    assert "outside the horizon" in error
    assert page.input_value("#draft-t0-class_size-reduce_by") == "2"  # what was typed is kept
    page.errors.clear()  # type: ignore[attr-defined]  # the 422 was the point
    page.fill("#draft-t0-class_size-effective", "2019-07-01")
    with page.expect_navigation():
        page.click("#draft-form button[value=add]")
    page.select_option("#draft-t1-type", "raise")
    page.fill("#draft-t1-raise-percent", "3")
    page.fill("#draft-t1-raise-effective", "2018-07-01")
    page.screenshot(path=str(shots / "draft-form.png"), full_page=True)
    with page.expect_navigation():
        page.click("#draft-form button[value=save]")
    card = page.locator("section.card", has_text="Stumble: class size and a raise")
    text = card.inner_text()
    assert "Class size in grades 6-8 down 2 students from 1 July 2019" in text
    assert "3% on the salary schedule from 1 July 2018" in text and "Costs over the status quo: $" in text
    with page.expect_navigation():
        card.locator("a", has_text="Edit").click()
    page.fill("#draft-t1-raise-percent", "3.5")
    with page.expect_navigation():
        page.click("#draft-form button[value=save]")
    card = page.locator("section.card", has_text="Stumble: class size and a raise")
    assert "3.5% on the salary schedule from 1 July 2018" in card.inner_text()
    card.locator("input[name=date]").fill("2019-01-21")
    with page.expect_navigation():
        card.locator("button", has_text="Pass at the table").click()
    card = page.locator("section.card", has_text="Stumble: class size and a raise")
    assert "Passed at the table as" in card.inner_text()
    assert not page.errors  # type: ignore[attr-defined]


def test_the_mediator_sends_the_nash_package_in_one_click(browser: Any, server: str, shots: Path) -> None:
    union = _page(browser, server, "union")
    union.goto(f"/cases/{CASE}/team")
    if "Shared with the mediator: <strong>no" in union.content():
        with union.expect_navigation():
            union.click(f"form[action='/cases/{CASE}/share'] button")
    union.wait_for_selector("text=Shared with the mediator: yes")
    mediator = _page(browser, server, "mediator")
    mediator.goto(f"/cases/{CASE}/mediation")
    assert "Nash bargaining solution" in mediator.content(), mediator.locator("#tools ~ p").all_inner_texts()
    with mediator.expect_navigation():
        mediator.click("form[action$='/mediation/solutions/nash'] button", timeout=20_000)
    sent = mediator.locator("#sent + ul li", has_text="Nash bargaining solution").first.inner_text()
    proposal = sent.split(" ", 1)[0]
    employer = _page(browser, server, "employer")
    for page in (union, employer):
        page.goto(f"/cases/{CASE}/proposals/{proposal}")
        assert "on the salary schedule from" in page.locator("ol.terms").inner_text()
        assert not page.errors  # type: ignore[attr-defined]


def test_the_disclosure_rows_line_up_with_their_columns(browser: Any, server: str, shots: Path) -> None:
    page = _page(browser, server, "employer")
    page.goto(f"/cases/{CASE}/proposals/settlement-2019-01-22")
    table = page.locator("table", has=page.locator("th", has_text="Average cost per employee"))
    header = table.locator("thead th")
    last = header.nth(header.count() - 1).bounding_box()
    for name in ("Average cost per employee", "Change in total compensation", "Total cost"):
        row = table.locator("tr", has=page.locator("th", has_text=name))
        cells = row.locator("td")
        assert cells.count() == header.count() - 1, name
        box = cells.nth(cells.count() - 1).bounding_box()
        assert box is not None and last is not None and abs(box["x"] - last["x"]) < 2, name
        assert cells.nth(cells.count() - 1).inner_text().strip(), name
    page.screenshot(path=str(shots / "costing.png"), full_page=True)


def test_the_as_of_control_replays_lausds_january_2019(browser: Any, server: str, shots: Path) -> None:
    page = _page(browser, server, "union")
    page.goto(f"/cases/{CASE}")
    page.fill("#as-of", "2019-01-10")
    with page.expect_navigation():
        page.click("form.as-of button")
    assert "as_of=2019-01-10" in page.url
    story = page.locator("ol.timeline").inner_text()
    assert "strike started" not in story and "factfinding report public" in story
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)
    with page.expect_navigation():
        page.click("nav >> text=Public page")
    assert "as_of=2019-01-10" in page.url
    page.fill("#as-of", "2019-01-23")
    with page.expect_navigation():
        page.click("form.as-of button")
    assert "strike ended" in page.locator("ol.timeline").inner_text()
    phone = _page(browser, server, None, phone=True)
    phone.goto(f"/cases/{CASE}/public?as_of=2019-01-10")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    phone.screenshot(path=str(shots / "public-phone.png"), full_page=True)
