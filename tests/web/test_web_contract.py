"""The contract page (issue 16, item 2): the current agreement is public; a proposal's language shows where
the proposal does and an initialed article where its event does; statuses are read from what the reader
sees (tests/record/cases/contract: the union's opening eta-1, the district's answer eusd-1, and the class
size article initialed on 5 November 2024 with eusd-1's language)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from .conftest import one_case_workspace, signed_in

CASE = Path(__file__).resolve().parents[1] / "record" / "cases" / "contract"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    base = tmp_path_factory.mktemp("contract-web")
    folder = base / "contract-text"
    shutil.copytree(CASE, folder)
    found = one_case_workspace(base, folder, "contract-text")
    yield found
    found.dispose()


def test_the_table_sees_every_version_with_its_redline(engine: Engine) -> None:
    union = signed_in(engine, "union")
    doc = union.get(
        "/api/cases/contract-text/contract", params={"article": "Class size", "as_of": "2024-12-01"}
    ).json()
    assert doc["article"]["status"] == "tentatively agreed"
    kinds = [v["kind"] for v in doc["article"]["versions"]]
    assert kinds == ["current", "proposal", "proposal", "tentative_agreement"]
    page = union.get("/cases/contract-text/contract", params={"article": "Class size", "as_of": "2024-12-01"})
    assert page.status_code == 200
    # eusd-1 against the current agreement: 28 struck, 26 inserted.
    assert "exceed <del>28</del><ins>26</ins> students." in page.text
    assert "Costed terms that come with it" in page.text and "$100,000" in page.text
    listing = union.get("/cases/contract-text/contract", params={"as_of": "2024-12-01"})
    assert listing.status_code == 200 and "tentatively agreed" in listing.text
    assert "Side letter on counselor hiring" in listing.text


def test_the_public_sees_the_agreement_and_public_proposals_only(engine: Engine) -> None:
    for role in ("anonymous", "observer"):
        public = signed_in(engine, role)
        doc = public.get(
            "/api/cases/contract-text/contract", params={"article": "Class size", "as_of": "2024-12-01"}
        ).json()
        # eta-1 answers nothing, so it is public (EERA's sunshine rule); eusd-1 answers it and no public
        # step names it; the tentative agreement is not public before a settlement releases it, so the
        # article is still open as far as the public knows.
        assert [v.get("proposal") for v in doc["article"]["versions"]] == [None, "eta-1"]
        assert doc["article"]["status"] == "open"
        page = public.get(
            "/cases/contract-text/contract", params={"article": "Class size", "as_of": "2024-12-01"}
        )
        assert "26 students" not in page.text and "eusd-1" not in page.text


def test_an_unknown_article_is_not_found(engine: Engine) -> None:
    union = signed_in(engine, "union")
    response = union.get("/api/cases/contract-text/contract", params={"article": "Leave"})
    assert response.status_code == 404
    assert "no article 'Leave'" in response.text


def _api(client, method: str, path: str, body: dict | None = None):  # type: ignore[no-untyped-def]
    token = client.get("/api/session").json()["csrf_token"]
    url = f"/api/cases/contract-text{path}"
    return client.request(method, url, json=body, headers={"X-CSRF-Token": token})


def test_an_article_initialed_in_the_workbench_with_its_text(engine: Engine) -> None:
    """The union records the salaries article as initialed with its language and the district's eusd-1
    (whose Salaries term is 2% from 1 July 2024); it waits for the district, which confirms it; the
    contract page then shows the initialed language redlined against the current agreement, and the costed
    term: 2% of 10 x 60,000 = 12,000 a year, two years, no roll-up: $24,000."""
    union, district = signed_in(engine, "union"), signed_in(engine, "employer")
    text = "Teachers are paid on the salary schedule in Appendix A, raised 2% from 1 July 2024."
    body = {"type": "tentative_agreement", "date": "2024-11-20", "article": "Salaries", "proposal": "eusd-1"}
    asked = _api(union, "POST", "/events", {**body, "text": text})
    assert asked.status_code == 202, asked.text
    assert _api(district, "POST", f"/pending/{asked.json()['pending']}/confirm").status_code == 200
    doc = union.get(
        "/api/cases/contract-text/contract", params={"article": "Salaries", "as_of": "2024-12-01"}
    ).json()["article"]
    assert doc["status"] == "tentatively agreed"
    ta = doc["versions"][-1]
    assert ta["kind"] == "tentative_agreement" and ta["text"] == text
    assert [e["kind"] for e in ta["against_current"]] == ["same", "inserted", "same"]
    assert ta["against_current"][1]["text"] == ", raised 2% from 1 July 2024"
    assert abs(ta["cost"] - 24_000) < 1e-6
