"""Replay (issue 15, item 3): every case page offers an as-of day, and the dashboard and the public page
stand on it. LAUSD on 10 January 2019 (cases/lausd-2019/case.yaml): the factfinding report was made public
on 18 December 2018, the strike began on 14 January and the settlement came on 22 January."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import Workbench, signed_in
from .test_web_words import visible_text

CASE = "lausd-2019"


def test_every_case_page_offers_the_as_of_control_and_keeps_the_day_in_its_links(
    workbench: Workbench,
) -> None:
    client = signed_in(workbench.engine, "union")
    for page in ("", "/proposals", "/movement", "/record", "/team", "/public"):
        html = client.get(f"/cases/{CASE}{page}?as_of=2019-01-10").text
        assert 'name="as_of" type="date" value="2019-01-10"' in html, page
        assert f'href="/cases/{CASE}/public?as_of=2019-01-10"' in html, page


def test_lausd_replayed_on_10_january_2019(workbench: Workbench) -> None:
    client = signed_in(workbench.engine, "union")
    text = " ".join(visible_text(client.get(f"/cases/{CASE}?as_of=2019-01-10").text).split())
    assert "As of 2019-01-10" in text
    assert "factfinding report public" in text  # 18 December 2018
    story = text.split("Timeline", 1)[1]
    assert "strike started" not in story and "settlement" not in story
    public = " ".join(
        visible_text(
            signed_in(workbench.engine, "anonymous").get(f"/cases/{CASE}/public?as_of=2019-01-10").text
        ).split()
    )
    assert "settlement-2019-01-22" not in public and "strike started" not in public
    later = " ".join(visible_text(client.get(f"/cases/{CASE}?as_of=2019-01-23").text).split())
    assert "strike started" in later.split("Timeline", 1)[1] and "strike ended" in later


def test_the_demo_home_opens_each_bundled_case_on_its_telling_day(workbench: Workbench) -> None:
    html = signed_in(workbench.engine, "union").get("/").text
    assert re.search(r'href="/cases/lausd-2019\?as_of=2019-01-10"', html)
    assert re.search(r'href="/cases/denver-2025\?as_of=2025-05-20"', html)


def test_the_demo_day_comes_from_the_case_file(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from bargaining.web import create_app
    from gridcase import write_grid_case

    from .conftest import one_case_workspace

    folder = write_grid_case(tmp_path / "grid-demo", "grid-demo", "proposals: []\n")
    with (folder / "case.yaml").open("a", encoding="utf-8") as case_yaml:
        case_yaml.write("demo_as_of: 2017-09-01\n")
    engine = one_case_workspace(tmp_path, folder, "grid-demo")
    try:
        home = TestClient(create_app(engine, demo=True)).get("/").text
        assert 'href="/cases/grid-demo?as_of=2017-09-01"' in home
        plain = TestClient(create_app(engine, demo=False)).get("/").text
        assert "as_of=" not in plain  # a real deployment opens every case as it stands
    finally:
        engine.dispose()


def test_a_day_that_is_not_a_date_is_refused_with_a_message(workbench: Workbench) -> None:
    answer = signed_in(workbench.engine, "union").get(f"/cases/{CASE}?as_of=last-tuesday")
    assert answer.status_code == 422 and "YYYY-MM-DD" in answer.text


def test_the_public_page_tells_a_parent_each_proposal_in_plain_words(workbench: Workbench) -> None:
    html = signed_in(workbench.engine, "anonymous").get(f"/cases/{CASE}/public").text
    text = " ".join(visible_text(html).split())
    assert re.search(r"The (district|union) proposed this on \d{1,2} [A-Z][a-z]+ 20\d\d: \d+ terms?\.", text)
    assert re.search(
        r"it adds \$[\d,]+ in 20\d\d-\d\d to the district's spending with no agreement, about \$[\d,]+ per",
        text,
    )
    assert re.search(rf'<h3><a href="/cases/{CASE}/proposals/[\w-]+">', html)  # titles link to the terms
    assert "on the salary schedule from" in text
