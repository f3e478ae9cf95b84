"""``bargain contract``: the agreement's articles and where each stands; one article's language as the
current agreement, each proposal and each initialed tentative agreement have it, with redlines."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from bargaining.cli.app import app, console, fail, open_case, print_json, replay_day
from bargaining.report import contract_document, redline_text

CaseDir = Annotated[Path, typer.Argument(help="case folder holding case.yaml", show_default=False)]


class Format(enum.StrEnum):
    table = "table"
    json = "json"


class Against(enum.StrEnum):
    current = "current"
    previous = "previous"


@app.command()
def contract(
    case_dir: CaseDir,
    article: Annotated[
        str | None, typer.Option("--article", help="show this article's versions and redlines (its name)")
    ] = None,
    against: Annotated[
        Against,
        typer.Option(
            "--against", help="redline each version against the current agreement or the one before"
        ),
    ] = Against.current,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="the table as it stood on this day, YYYY-MM-DD (default: today)"),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.table,
) -> None:
    """The contract's articles and their status; with --article, that article's language in each version,
    struck-out words in [-brackets-] and new words in {+braces+}."""
    case = open_case(case_dir)
    day = replay_day(as_of) or dt.date.today()
    try:
        document = contract_document(case, day, article)
    except KeyError:
        known = ", ".join(a["name"] for a in contract_document(case, day)["articles"]) or "none"
        fail(f"--article: no article {article!r} in {case.id} (articles: {known})")
    if format is Format.json:
        print_json(document)
        return
    if article is None:
        table = Table(
            "No.", "Article", "Status", "Since", "Text held", title=case.title, title_justify="left"
        )
        for row in document["articles"]:
            held = ["current agreement"] if row["current_text"] else []
            held += row["proposals_with_text"]
            table.add_row(
                row["number"] or "", row["name"], row["status"], row["since"] or "", ", ".join(held)
            )
        console.print(table)
        for letter in document["side_letters"]:
            console.print(
                f"Side letter: {escape(letter['title'])}" + (f" ({letter['date']})" if letter["date"] else "")
            )
        return
    shown = document["article"]
    console.print(f"[bold]{escape(shown['name'])}[/bold]: {shown['status']}")
    key = "against_current" if against is Against.current else "against_previous"
    for version in shown["versions"]:
        console.print(f"\n[bold]{escape(version['label'])}[/bold]")
        edits = version.get(key)
        console.print(escape(redline_text(edits) if edits is not None else version["text"]), highlight=False)
        for words in version.get("terms", []):
            console.print(f"  costed term: {escape(words)}")
        if version.get("cost") is not None:
            console.print(f"  cost over the horizon: ${version['cost']:,.0f}")
