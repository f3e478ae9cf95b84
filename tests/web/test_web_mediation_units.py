"""The mediation room of a case of several units looks at the table the mediator chooses (``?unit=``).

The case of tests/unitscase.tables_case: teachers (ETA, payroll 100,000 on 2 members, roll-up 10%) and
classified staff (ECSEA, payroll 50,000, roll-up 20%), ECSEA following ETA's raises; every raise runs from
1 Jul 2017 over two fiscal years, so p% costs ETA 100,000 x p% x 2 x 1.1 = 2,200 p and ECSEA
50,000 x p% x 2 x 1.2 = 1,200 p.
- ETA's table: offers 2% (district) and 4% (union); the gap of 2 points costs ETA 4,400 and passes on
  2,400 to ECSEA: 6,800 over the horizon, 2,400 of it passed on; in the last year 2,200 + 1,200 = 3,400.
- ECSEA's table (the latest proposal's, the default): 1% and 3%; 2 points cost 2,400, nothing passed on
  (ECSEA follows no one); in the last year 1,200.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bargaining.storage import stored_case
from unitscase import tables_case, write

from .conftest import csrf_of, one_case_workspace, signed_in

CASE = "two-units"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    folder = tmp_path / CASE
    folder.mkdir()
    write(folder, tables_case())
    found = one_case_workspace(tmp_path, folder, CASE)
    yield found
    found.dispose()


def _words(text: str) -> str:
    return " ".join(text.split())


ETA_GAP = (
    "The gap between the last offers (eta-district and eta-union): <strong>$6,800</strong> over the"
    " horizon, $3,400 in the last year; $2,400 of the cost is what parity clauses pass on to other units."
)
ECSEA_GAP = (
    "The gap between the last offers (ecsea-district and ecsea-union): <strong>$2,400</strong> over the"
    " horizon, $1,200 in the last year."
)


def test_the_mediator_chooses_the_table_the_tools_look_at(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    default = _words(mediator.get(f"/cases/{CASE}/mediation").text)
    assert ECSEA_GAP in default
    assert '<select id="tools-unit" name="unit">' in default
    assert '<option value="ECSEA" selected>Example Classified Employees</option>' in default
    chosen = mediator.get(f"/cases/{CASE}/mediation?unit=ETA")
    assert chosen.status_code == 200, chosen.text
    words = _words(chosen.text)
    assert ETA_GAP in words
    assert '<option value="ETA" selected>Example Teachers Association</option>' in words
    # The proposal form starts on the table the tools look at.
    form = words[words.index('<select id="mp-unit" name="unit" data-unit-fields="unit-fields">') :].split(
        "</select>"
    )[0]
    assert '<option value="ETA" selected>Example Teachers Association</option>' in form


def test_the_chooser_keeps_the_replayed_day(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    # By 16 May 2017 only ETA's two offers were made; ETA's table is the default then.
    words = _words(mediator.get(f"/cases/{CASE}/mediation?unit=ETA&as_of=2017-05-16").text)
    assert ETA_GAP in words
    chooser = words[words.index('<form method="get" id="tools-unit-form"') :].split("</form>")[0]
    assert '<input type="hidden" name="as_of" value="2017-05-16">' in chooser
    assert "Replayed on 2017-05-16" in words


def test_the_api_takes_the_unit_too(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    room = mediator.get(f"/api/cases/{CASE}/mediation", params={"unit": "ETA"}).json()
    assert room["unit"] == "ETA"
    gap = room["tools"]["analysis"]["gap"]
    assert (gap["cost"], gap["me_too_cost"]) == (pytest.approx(6_800), pytest.approx(2_400))
    default = mediator.get(f"/api/cases/{CASE}/mediation").json()
    assert default["unit"] == "ECSEA"
    assert default["tools"]["analysis"]["gap"]["cost"] == pytest.approx(2_400)


def test_an_unknown_unit_is_refused_in_words(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    page = mediator.get(f"/cases/{CASE}/mediation?unit=SEIU")
    assert page.status_code == 422
    assert "no unit &#39;SEIU&#39;" in page.text and "ETA, ECSEA" in page.text
    assert mediator.get(f"/api/cases/{CASE}/mediation?unit=SEIU").status_code == 422


@pytest.mark.parametrize(("role", "status"), [("employer", 403), ("union", 403), ("observer", 403)])
def test_only_the_mediator_sees_a_chosen_table(engine: Engine, role: str, status: int) -> None:
    client = signed_in(engine, role)
    for path in (f"/cases/{CASE}/mediation?unit=ETA", f"/api/cases/{CASE}/mediation?unit=ETA"):
        answer = client.get(path)
        assert answer.status_code == status, (role, path)
        assert "6,800" not in answer.text


def test_anonymous_is_sent_to_sign_in(engine: Engine) -> None:
    client = signed_in(engine, "anonymous")
    page = client.get(f"/cases/{CASE}/mediation?unit=ETA", follow_redirects=False)
    assert page.status_code in (303, 401) and "6,800" not in page.text
    assert client.get(f"/api/cases/{CASE}/mediation?unit=ETA").status_code == 401


def test_a_solution_is_sent_for_the_chosen_table(engine: Engine) -> None:
    mediator = signed_in(engine, "mediator")
    page = mediator.get(f"/cases/{CASE}/mediation?unit=ETA").text
    form = page[page.index('action="/cases/two-units/mediation/solutions/nash"') :].split("</form>")[0]
    assert '<input type="hidden" name="unit" value="ETA">' in form
    sent = mediator.post(
        f"/cases/{CASE}/mediation/solutions/nash",
        data={"csrf_token": csrf_of(page), "unit": "ETA"},
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    case, _ = stored_case(engine, CASE)
    assert case is not None
    (proposal,) = [p for p in case.proposals if p.party == "mediator"]
    assert proposal.unit == "ETA"
