"""The dashboard is `bargain status` and `bargain timeline` (report.status), filtered by the policy."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from bargaining.cli import app as cli

from .conftest import ROOT, Workbench, signed_in

CASE = "lausd-2019"
DAY = "2019-01-12"


def _cli_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.output)
    return found


def _cents(value: object) -> object:
    """Money to the cent: the web sums a proposal's cost by year, the CLI in one batch (last-bit noise)."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, dict):
        return {k: _cents(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cents(v) for v in value]
    return value


def test_the_parties_dashboard_is_the_status_document_of_the_cli(workbench: Workbench) -> None:
    # The planted copy differs from the bundled case only in its preferences, which status does not read.
    expected = _cli_json("status", str(ROOT / "cases" / CASE), "--as-of", DAY, "--format", "json")
    for role in ("union", "mediator"):
        doc = signed_in(workbench.engine, role).get(f"/api/cases/{CASE}", params={"as_of": DAY}).json()
        # Every key, movement item by item included (the web once priced each item as the whole package).
        assert _cents({k: doc[k] for k in expected}) == _cents(expected)
        # On 12 January 2019 the LAUSD dispute was in factfinding, with the strike starting on the 14th.
        assert doc["state"] == expected["state"] and doc["impasse_risk"] == expected["impasse_risk"]


def test_the_public_dashboard_has_the_process_state_but_not_the_parties_analysis(
    workbench: Workbench,
) -> None:
    doc = signed_in(workbench.engine, "anonymous").get(f"/api/cases/{CASE}", params={"as_of": DAY}).json()
    full = _cli_json("status", str(ROOT / "cases" / CASE), "--as-of", DAY, "--format", "json")
    assert doc["state"] == full["state"] and doc["deadlines"] == full["deadlines"]
    for private in ("impasse_risk", "movement", "next_moves", "warnings", "article_status"):
        assert private not in doc


def test_the_public_timeline_leaves_out_what_stays_at_the_table(workbench: Workbench) -> None:
    everything = _cli_json("timeline", str(ROOT / "cases" / CASE), "--format", "json")["timeline"]
    assert isinstance(everything, list)
    table = signed_in(workbench.engine, "union").get(f"/api/cases/{CASE}").json()["timeline"]
    public = signed_in(workbench.engine, "anonymous").get(f"/api/cases/{CASE}").json()["timeline"]
    assert table == everything  # the parties see the CLI's timeline, row for row
    types = {row["type"] for row in public}
    # Sessions and proposals passed at the table stay with the parties; impasse and the strike are public.
    assert "session" in {row["type"] for row in table} and "session" not in types
    assert "proposal_passed" not in types and {"impasse_declared", "strike_started"} <= types
    assert all(row["warnings"] == [] for row in public)


def test_a_private_waiver_does_not_move_a_deadline_the_public_sees(workbench: Workbench) -> None:
    # LAUSD's panel was appointed on 14 Nov 2018, so its report was due 30 days later, on 14 Dec; the
    # parties privately waived three days on 4 Dec (a `limit_waived` event, kept at the table). The table
    # sees the due date move to 17 Dec; the public, who never saw the waiver, keeps 14 Dec.
    day = "2018-12-09"
    table = signed_in(workbench.engine, "union").get(f"/api/cases/{CASE}", params={"as_of": day}).json()
    public = signed_in(workbench.engine, "anonymous").get(f"/api/cases/{CASE}", params={"as_of": day}).json()

    def report_due(doc: dict[str, object]) -> list[object]:
        deadlines = doc["deadlines"]
        assert isinstance(deadlines, list)
        return [d["date"] for d in deadlines if d["event"] == "factfinding_report"]

    assert report_due(table) == ["2018-12-17"]
    assert report_due(public) == ["2018-12-14"]
