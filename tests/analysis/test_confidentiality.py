"""No output, log line, chart or error message meant for one side contains the other side's private numbers.

The fixture (cases/secret) gives each side unmistakable numbers: bottom lines, weights, curve points,
limits, bids and discount rates. Every command is run from every viewpoint in every format, and what that
viewpoint sees is searched for every rendering of the numbers it must not see. The other side's derived
scores are checked structurally: a viewpoint's documents carry no score of a side it may not see.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bargaining.cli import app

SECRET = Path(__file__).parent / "cases" / "secret"

# What each side keeps to itself (and shares with the mediator only because the fixture says so).
PRIVATE = {
    "employer": [38.77, 71.9, 28.1, 1234567, 23.45, 1357911, 2.2222, 2.7182],
    "union": [47.13, 0.0371, 53.29, 46.71, 3917.3, 88.41, 3.618, 3.3333],
}


def renderings(value: float) -> set[str]:
    texts = {repr(value), f"{value:g}", f"{value:.2f}", f"{value:.4f}"}
    if value >= 10:  # a one-decimal or whole rendering of a small number is too common to search for
        texts.add(f"{value:.1f}")
    if value >= 1000:  # whole dollars
        texts.add(f"{value:,.0f}")
    if value < 1:
        texts |= {f"{100 * value:.2f}", f"{100 * value:g}"}  # a rate shown as a percent
    return {t for t in texts if t.strip("0.") and t not in {"0", "0.0", "4", "4.0"}}


def leaks(text: str, side: str) -> list[str]:
    found = []
    for value in PRIVATE[side]:
        for shown in renderings(value):
            if re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d])", text):
                found.append(shown)
    return found


def run(args: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Everything a user of the command sees: stdout, stderr, log records and the chart's data."""
    chart = tmp_path / "chart.html"
    if args[0] == "analyze":
        args = [*args, "--chart", str(chart)]
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    seen = result.output + "\n".join(r.getMessage() for r in caplog.records)
    if chart.exists():
        html = chart.read_text()
        seen += html[html.rindex("Plotly.newPlot(") :]  # the figure's data, not the plotly.js library
        chart.unlink()
    return seen


COMMANDS = [["analyze", str(SECRET)], ["mediate", str(SECRET)], ["blind-bid", str(SECRET), "raise"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize(("viewer", "other"), [("employer", "union"), ("union", "employer")])
def test_a_side_never_sees_the_other_sides_numbers(
    command: list[str], fmt: str, viewer: str, other: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seen = run([*command, "--as", viewer, "--format", fmt], tmp_path, caplog)
    assert not leaks(seen, other), leaks(seen, other)
    if command[0] != "blind-bid":  # the fixture's own numbers do show, so the search would find them
        own = PRIVATE[viewer][0]  # its own bottom line, as a table or as JSON shows it
        assert f"{own:.1f}" in seen or repr(own) in seen


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_the_public_sees_neither_sides_numbers(
    command: list[str], fmt: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seen = run([*command, "--as", "public", "--format", fmt], tmp_path, caplog)
    assert not leaks(seen, "employer") and not leaks(seen, "union")


def scores_in(document: object) -> set[str]:
    """Every side named in a 'scores' or 'reservations' mapping anywhere in a JSON document."""
    found: set[str] = set()
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("scores", "reservations") and isinstance(value, dict):
                found |= set(value)
            found |= scores_in(value)
    elif isinstance(document, list):
        for item in document:
            found |= scores_in(item)
    return found


@pytest.mark.parametrize("command", COMMANDS[:2], ids=lambda c: c[0])
def test_documents_carry_only_the_viewers_own_scores(command: list[str]) -> None:
    runner = CliRunner()
    for viewer, allowed in (
        ("employer", {"employer"}),
        ("union", {"union"}),
        ("public", set()),
        ("mediator", {"employer", "union"}),
    ):
        result = runner.invoke(
            app,
            [*command, "--as", viewer, "--format", "json", "--no-chart"]
            if command[0] == "analyze"
            else [*command, "--as", viewer, "--format", "json"],
        )
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        assert scores_in(document) == allowed, viewer
        if viewer != "mediator":
            assert "frontier" not in document and "solutions" not in document


def test_a_side_that_does_not_share_is_hidden_from_the_mediator(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = (SECRET / "case.yaml").read_text()
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "case.yaml").write_text(text.replace("  union:\n    share_with_mediator: true", "  union:"))
    for command in (["analyze", str(folder)], ["mediate", str(folder)]):
        for fmt in ("table", "json"):
            seen = run([*command, "--as", "mediator", "--format", fmt], tmp_path, caplog)
            assert not leaks(seen, "union"), (command, fmt, leaks(seen, "union"))


def test_error_messages_about_one_side_do_not_quote_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = (SECRET / "case.yaml").read_text()
    folder = tmp_path / "case"
    folder.mkdir()
    broken = text.replace("reservation: 47.13", "reservation: 147.13").replace("46.71}", "46.72}")
    broken = broken.replace("[3917.3, 88.41]", "[3917.3, 188.41]")
    (folder / "case.yaml").write_text(broken)
    for command in (
        ["validate", str(folder)],
        ["analyze", str(folder), "--as", "employer"],
        ["mediate", str(folder), "--as", "employer"],
    ):
        seen = run(command, tmp_path, caplog)
        assert "preferences.union" in seen  # the errors are reported...
        assert not leaks(seen, "union") and "147.13" not in seen and "188.41" not in seen  # ...without values


def test_analyze_json_and_offline_chart(tmp_path: Path) -> None:
    chart = tmp_path / "deal.html"
    small = Path(__file__).parent / "cases" / "small"
    result = CliRunner().invoke(app, ["analyze", str(small), "--format", "json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    # Worked in test_deal.py: Nash is 3% with no counselors, $360,000, (64, 45).
    nash = document["solutions"]["nash"]
    assert nash["issues"] == {"raise": 3.0, "counselors": 0.0}
    assert nash["cost"] == pytest.approx(360_000)
    assert nash["scores"] == pytest.approx({"employer": 64, "union": 45})
    assert document["zopa"] == {"exists": True, "packages": 3}
    html = chart.read_text()
    # plotly.js is embedded (no <script src=...> to fetch): the page works with no network.
    assert "<script src=" not in html and len(html) > 1_000_000
    assert "Pareto frontier" in html
