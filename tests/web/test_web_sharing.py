"""Issue 10, low finding: "stop sharing" silently did nothing when the case file shared a side's
preferences (``share_with_mediator: true``): the button posted, the page still said shared, and the mediator
still read the side's priorities. The team's choice in the workbench now decides, either way."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from .conftest import EMPLOYER_RESERVATION, csrf_of, signed_in

CASE = "lausd-2019"


@pytest.fixture
def engine(copied_workspace: Engine) -> Engine:
    return copied_workspace


def test_stop_sharing_works_when_the_case_file_shares(engine: Engine) -> None:
    employer, mediator = signed_in(engine, "employer"), signed_in(engine, "mediator")
    # The conftest's case file shares the employer's preferences: the mediator reads its reservation.
    assert EMPLOYER_RESERVATION in mediator.get(f"/cases/{CASE}/mediation").text
    team = employer.get(f"/cases/{CASE}/team").text
    assert "Stop sharing" in team
    done = employer.post(
        f"/cases/{CASE}/share", data={"shared": "no", "csrf_token": csrf_of(team)}, follow_redirects=False
    )
    assert done.status_code == 303
    assert employer.get(f"/api/cases/{CASE}/team").json()["preferences_shared"] is False
    assert EMPLOYER_RESERVATION not in mediator.get(f"/cases/{CASE}/mediation").text
    assert EMPLOYER_RESERVATION not in mediator.get(f"/api/cases/{CASE}/mediation").text
    # And back.
    team = employer.get(f"/cases/{CASE}/team").text
    employer.post(f"/cases/{CASE}/share", data={"shared": "yes", "csrf_token": csrf_of(team)})
    assert employer.get(f"/api/cases/{CASE}/team").json()["preferences_shared"] is True
    assert EMPLOYER_RESERVATION in mediator.get(f"/cases/{CASE}/mediation").text
