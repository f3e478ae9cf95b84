"""Chart specifications drawn from the JSON documents: what to plot, with titles in users' words.

A spec is a plain dict (``kind`` bar, line or scatter; ``title``; axis titles; ``series`` of names and
x/y values; ``money`` when the values are dollars) that the web workbench hands to its Plotly script.
"""

from __future__ import annotations

from typing import Any

Chart = dict[str, Any]


def cost_chart(doc: dict[str, Any]) -> Chart:
    """Each proposal's cost over the status quo by fiscal year (a proposals document)."""
    series = [
        {"name": p["id"], "x": doc["fiscal_years"], "y": [y["total"] for y in p["years"]]}
        for p in doc["proposals"]
    ]
    return {"kind": "bar", "title": "Cost over the status quo by fiscal year", "series": series}


def movement_chart(doc: dict[str, Any]) -> Chart:
    """Each side's package and the gap over time (a movement document)."""
    points = doc["gap"]
    return {
        "kind": "line",
        "title": "Each side's package over time (horizon total, dollars)",
        "series": [
            {"name": side, "x": [p["date"] for p in points], "y": [p[side] for p in points]}
            for side in ("employer", "union", "gap")
        ],
    }


def simulation_charts(summary: dict[str, Any]) -> list[Chart]:
    """Bar charts of the distributions in a simulation's summary (shares of runs)."""

    def bars(title: str, x_title: str, distribution: dict[str, float]) -> Chart:
        keys = sorted(distribution, key=float)
        return {
            "kind": "bar",
            "money": False,
            "title": title,
            "x_title": x_title,
            "y_title": "share of runs",
            "series": [{"name": "runs", "x": keys, "y": [distribution[k] for k in keys]}],
        }

    found = [
        {
            "kind": "bar",
            "money": False,
            "title": "How the dispute ended",
            "y_title": "share of runs",
            "series": [
                {"name": "runs", "x": list(summary["ended_in"]), "y": list(summary["ended_in"].values())}
            ],
        },
        bars("Strike days", "days on strike", summary["strike_days"]["distribution"]),
        bars(
            "Days to settlement",
            "days from the start of bargaining",
            summary["days_to_settlement"]["distribution"],
        ),
    ]
    for issue, part in summary["settlement"].items():
        found.append(bars(f"Settlement: {issue}", part.get("unit", ""), part["distribution"]))
    return found


def deal_chart(doc: dict[str, Any]) -> Chart | None:
    """The package cloud, the frontier and the solutions in the two sides' scores (a mediation room
    document whose analysis both sides shared; None otherwise)."""
    analysis = (doc.get("tools") or {}).get("analysis")
    if not analysis or "chart" not in analysis:
        return None
    chart = analysis["chart"]
    series: list[dict[str, Any]] = [
        {"name": "packages", "x": [p[0] for p in chart["cloud"]], "y": [p[1] for p in chart["cloud"]]},
        {
            "name": "Pareto frontier",
            "mode": "lines+markers",
            "x": [p[0] for p in chart["frontier"]],
            "y": [p[1] for p in chart["frontier"]],
        },
    ]
    for name, package in analysis["solutions"].items():
        if package is not None:
            scores = package["scores"]
            series.append({"name": name, "x": [scores["employer"]], "y": [scores["union"]], "size": 12})
    return {
        "kind": "scatter",
        "title": "Packages scored by each side",
        "money": False,
        "x_title": "employer score",
        "y_title": "union score",
        "series": series,
    }


def reserve_chart(doc: dict[str, Any], names: dict[str | None, str]) -> Chart:
    """Each scenario's available reserve (percent of outgo) by fiscal year against the minimum
    (a ``bargain budget`` document); ``names`` says what to call each scenario."""
    years = doc["fiscal_years"]
    series = [
        {
            "name": names.get(s["proposal"], str(s["proposal"])),
            "x": years,
            "y": [y["reserve_percent"] for y in s["years"]],
        }
        for s in doc["scenarios"]
    ]
    first = doc["scenarios"][0]["years"]
    series.append({"name": "Minimum reserve", "x": years, "y": [y["minimum_percent"] for y in first]})
    return {
        "kind": "line",
        "money": False,
        "steps": False,  # one figure per fiscal year, joined point to point
        "title": "Available reserve as a share of outgo, by fiscal year",
        "x_title": "fiscal year",
        "y_title": "percent of total outgo",
        "series": series,
    }
