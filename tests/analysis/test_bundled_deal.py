"""The figures of docs/validation.md, "Finding the deal", on the two bundled cases, checked against an
independent computation from the case files.

`independent_measures` below prices a list of terms straight from the case's YAML, its enrollment CSV and
the generated roster, with the formulas of docs/case-format.md ("How terms are costed") written out again
in plain numpy, period by period; `independent_score` scores the result with each side's curves read from
the YAML (np.interp) and weights. Neither calls the costing engine or the analysis. The mediator's opening
texts and blind bidding are worked out by hand in comments. The preferences in the cases are assumptions;
what is held here is that the machinery computes what its documentation says it computes.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from bargaining.analysis.blind import blind_bid
from bargaining.analysis.deal import DealSpace, analyze
from bargaining.analysis.mediator import mediate
from bargaining.inputs import load_case
from bargaining.inputs.benefits import rate_tables
from bargaining.model import Case, Preferences

CASES = Path(__file__).resolve().parents[2] / "cases"
Terms = list[dict[str, Any]]


class Independent:
    """One bundled case read straight from its files, and priced term by term in plain numpy."""

    def __init__(self, name: str, case: Case) -> None:
        folder = CASES / name
        self.raw: dict[str, Any] = yaml.safe_load((folder / "case.yaml").read_text())
        raw, unit = self.raw, self.raw["unit"]
        # The generated roster is an input (drawn from the case's published summary figures).
        roster = case.unit.roster
        self.roles = sorted(set(roster.roles))
        role_of = np.array(roster.roles)
        self.pay0 = np.array([roster.pay[role_of == r].sum() for r in self.roles])  # yearly pay by role
        self.fte = np.array([roster.fte[role_of == r].sum() for r in self.roles])
        self.members = float(raw["union"]["members"])
        first = self.first = int(raw["horizon"]["first"][:4])
        years = int(raw["horizon"]["last"][:4]) - first + 1
        self.pm = int(raw.get("pay_months", 12))
        month, day = self.month, self.day = [int(x) for x in raw.get("fiscal_year_start", "07-01").split("-")]
        starts = []
        for y in range(years):
            for k in range(self.pm):
                m = month - 1 + (12 * k) // self.pm
                starts.append(dt.date(first + y + m // 12, m % 12 + 1, day))
        self.starts = np.array([d.toordinal() for d in starts])
        self.year = np.repeat(np.arange(years), self.pm)
        self.years = years
        rates = unit.get("statutory_rate")
        if rates is None:  # statutory lines naming shipped tables: their sum, dated at every change
            tables = [rate_tables()[line["rate"]] for line in unit["benefits"]["statutory"]]
            days = sorted({change for table in tables for change, _ in table.changes})
            rates = {d: sum(table.at(d) for table in tables) for d in days}
        rates = rates if isinstance(rates, dict) else {dt.date(first, month, day): rates}
        # The rate in force on each period's first day.
        self.rate = np.array([rates[max((k for k in rates if k <= d), default=min(rates))] for d in starts])
        self.health = float(unit["health_per_fte"])
        self.drift = float(unit["step_column"])
        self.new_hire = float(unit["new_hire_salary"])
        with (folder / raw["enrollment"]).open() as handle:
            self.enrollment = list(csv.DictReader(handle))

    def active(self, term: dict[str, Any]) -> np.ndarray:
        sunset = term.get("sunset")
        end = sunset.toordinal() if sunset else 10**9
        return ((self.starts >= term["effective"].toordinal()) & (self.starts <= end)).astype(float)

    def mask(self, term: dict[str, Any]) -> np.ndarray:
        roles = term.get("roles")
        return np.array([1.0 if roles is None or r in roles else 0.0 for r in self.roles])

    def loaded(self, salary: float | None) -> np.ndarray:
        """(P,) yearly cost of one added FTE in each period."""
        return (salary or self.new_hire) * (1 + self.rate) + self.health

    def per_period(self, terms: Terms) -> tuple[np.ndarray, np.ndarray]:
        """(P,) pay reaching members (salary, schedule adds, one-time) and (P,) total cost."""
        base = self.pay0[:, None] * (1 + self.drift) ** self.year[None, :] / self.pm  # (G, P)
        raises = [t for t in terms if t["type"] == "raise"]
        factor = np.ones_like(base)
        for t in raises:
            factor *= 1 + t["percent"] / 100 * self.mask(t)[:, None] * self.active(t)[None, :]
        pay = base * factor
        for t in (t for t in terms if t["type"] == "schedule_add"):
            later = np.ones_like(base)
            for r in raises:
                if r["effective"] > t["effective"]:
                    later *= 1 + r["percent"] / 100 * self.mask(r)[:, None] * self.active(r)[None, :]
            per_fte = t["amount"] * self.fte * self.mask(t)
            pay = pay + per_fte[:, None] * self.active(t)[None, :] * later / self.pm
        members = (pay - base).sum(axis=0)
        for t in (t for t in terms if t["type"] == "one_time"):
            period = int(np.searchsorted(self.starts, t["paid"].toordinal(), side="right") - 1)
            if "amount" in t:
                paid = t["amount"] * float(self.fte @ self.mask(t))
            else:
                paid = t["percent"] / 100 * float(pay[:, period] @ self.mask(t)) * self.pm
            members[period] += paid
        total = members * (1 + self.rate)
        for t in (t for t in terms if t["type"] == "staffing"):
            yearly = t["cost_per_fte"] if "cost_per_fte" in t else self.loaded(t.get("salary"))
            total = total + t["fte"] * yearly * self.active(t) / self.pm
        return members, total + self.positions(terms)

    def positions(self, terms: Terms) -> np.ndarray:
        """(P,) cost of class-size and caseload positions: per band (role), the strictest term in effect."""
        cost = np.zeros(self.starts.size)
        for band in {t["grade_band"] for t in terms if t["type"] == "class_size"}:
            rows = [r for r in self.enrollment if r["grade_band"] == band]
            students = np.array([float(r["students"]) for r in rows])
            sections = np.array([float(r["sections"]) for r in rows])
            per_section = np.array([float(r.get("fte_per_section") or 1.0) for r in rows])
            needed = np.zeros((self.starts.size, len(rows)))
            for t in (t for t in terms if t.get("grade_band") == band):
                limit = t["cap"] if "cap" in t else np.maximum(students / sections - t["reduce_by"], 1.0)
                need = np.ceil(students / limit - 1e-9)
                needed = np.maximum(needed, self.active(t)[:, None] * need[None, :])
            added = (np.maximum(needed - sections[None, :], 0) * per_section[None, :]).sum(axis=1)
            cost += added * self.loaded(None) / self.pm
        for role in {t["role"] for t in terms if t["type"] == "caseload"}:
            today = float(self.fte[self.roles.index(role)]) if role in self.roles else 0.0
            needed = np.zeros(self.starts.size)
            for t in (t for t in terms if t["type"] == "caseload" and t["role"] == role):
                needed = np.maximum(needed, self.active(t) * np.ceil(t["students"] / t["cap"] - 1e-9))
            cost += np.maximum(needed - today, 0) * (needed > 0) * self.loaded(None) / self.pm
        return cost

    def measures(self, terms: Terms, rate: float) -> dict[str, float]:
        members, total = self.per_period(terms)
        valued_on = self.raw["preferences"]["valued_on"].toordinal()
        # A side's measures are present values on valued_on at its own rate (docs/case-format.md): money of
        # periods before valued_on counts in full, later money is discounted by whole and part years; the
        # last year's cost is never discounted.
        discount = (1 + rate) ** -np.maximum((self.starts - valued_on) / 365.25, 0)
        # Ongoing: what recurs in the last year (bargain cost's ``ongoing``): no one-time payment, no term
        # that sunsets inside the horizon, nothing earned before valued_on.
        horizon_end = dt.date(self.first + self.years, self.month, self.day).toordinal() - 1
        kept = [
            t
            for t in terms
            if t["type"] != "one_time" and not (t.get("sunset") and t["sunset"].toordinal() <= horizon_end)
        ]
        recurring = self.per_period(kept)[1] * (self.starts >= valued_on) if kept else np.zeros_like(total)
        return {
            "cost": float(total @ discount),
            "ongoing_cost": float(recurring[self.year == self.years - 1].sum()),
            "pay_per_member": float(members @ discount / self.members),
            "staffing_cost": float((self.positions(terms) + self.staffing(terms)) @ discount),
        }

    def staffing(self, terms: Terms) -> np.ndarray:
        cost = np.zeros(self.starts.size)
        for t in (t for t in terms if t["type"] == "staffing"):
            yearly = t["cost_per_fte"] if "cost_per_fte" in t else self.loaded(t.get("salary"))
            cost = cost + t["fte"] * yearly * self.active(t) / self.pm
        return cost

    def proposal(self, proposal_id: str) -> Terms:
        (found,) = [p for p in self.raw["proposals"] if p["id"] == proposal_id]
        return list(found["terms"])

    def package(self, values: dict[str, Any]) -> Terms:
        """The template's terms with each issue's value put in (issue name -> value)."""
        package = self.raw["preferences"]["package"]
        terms = {name: dict(term) for name, term in package["terms"].items()}
        for issue, value in values.items():
            spec = package["issues"][issue]
            terms[spec["term"]][spec["field"]] = value
        return list(terms.values())

    def score(self, side: str, terms: Terms, issues: dict[str, Any]) -> float:
        """The side's 0-100 score: weights x its curves (piecewise linear, flat beyond the ends)."""
        party = self.raw["preferences"][side]
        measures = self.measures(terms, float(party.get("discount_rate", 0.0)))
        total = 0.0
        for name, weight in party["weights"].items():
            x = measures[name] if name in measures else issues[name]
            xs, ys = zip(*party["curves"][name], strict=True)
            total += weight / 100 * float(np.interp(_number(x), [_number(v) for v in xs], ys))
        return total


def _number(value: Any) -> float:
    """Curve points on dates are day numbers."""
    return float(value.toordinal()) if isinstance(value, dt.date) else float(value)


def deal_of(name: str) -> tuple[DealSpace, Independent]:
    case, errors = load_case(CASES / name)
    assert case is not None and not errors, errors
    prefs = case.preferences
    assert isinstance(prefs, Preferences)
    return analyze(case, prefs), Independent(name, case)


def offer(deal: DealSpace, proposal_id: str) -> tuple[float, float, float, float]:
    """(cost, last-year cost, employer score, union score) of a proposal as the analysis values it."""
    row = next(i for i, p in enumerate(deal.offers) if p.id == proposal_id)
    v = deal.offer_values
    e, u = deal.points(v)[row]
    return float(v.cost[row]), float(v.ongoing_cost[row]), float(e), float(u)


def expected(ind: Independent, terms: Terms, issues: dict[str, Any]) -> tuple[float, float, float, float]:
    nominal = ind.measures(terms, 0.0)
    scores = (ind.score("employer", terms, issues), ind.score("union", terms, issues))
    return nominal["cost"], nominal["ongoing_cost"], *scores


def page(values: tuple[float, ...]) -> tuple[float, ...]:
    """As docs/validation.md rounds them: $M to 0.1, scores to 0.1."""
    return (round(values[0] / 1e6, 1), round(values[1] / 1e6, 1), round(values[2], 1), round(values[3], 1))


def shown(deal: DealSpace, row: int) -> list[str]:
    space = deal.prefs.space
    return [issue.show(value) for issue, value in zip(space.issues, deal.packages.values[row], strict=True)]


def row_issues(deal: DealSpace, row: int) -> dict[str, Any]:
    """A package's issue values as the case file writes them (dates as dates)."""
    out: dict[str, Any] = {}
    for issue, value in zip(deal.prefs.space.issues, deal.packages.values[row], strict=True):
        out[issue.name] = dt.date.fromordinal(round(value)) if issue.kind == "date" else float(value)
    return out


@pytest.fixture(scope="module")
def lausd() -> tuple[DealSpace, Independent]:
    return deal_of("lausd-2019")


@pytest.fixture(scope="module")
def denver() -> tuple[DealSpace, Independent]:
    return deal_of("denver-2025")


D = dt.date
# Issue values of the offers, read by hand from the case files: a template term takes the offer's first
# term of the same type, roles, role, band and mode; an issue whose term the offer lacks takes its `none`
# (0, or for LAUSD's educators_until 2020-06-30).
LAUSD_OFFERS = {
    # 6.5% from 1 Jul 2016, no staffing
    "utla-2018-08": {"retro": D(2016, 7, 1), "educators_until": D(2020, 6, 30)},
    # 3% from 1 Jul 2017 and 3% from 2018; 523.2 educators funded to 30 Jun 2020
    "lausd-2019-01-11": {"retro": D(2017, 7, 1), "educators_until": D(2020, 6, 30)},
    # the settlement's staff are nurses, librarians and counselors as separate roles: not the template's term
    "settlement-2019-01-22": {"retro": D(2017, 7, 1), "educators_until": D(2020, 6, 30)},
}
DENVER_OFFERS = {
    "dcta-2025-04-21": {"k5_cap": 28, "ssp_cap": 20},
    "dps-2025-04-28": {"k5_cap": 35, "ssp_cap": 26},  # no cap: each issue's `none`
    "settlement-2025-06-24": {"k5_cap": 30, "ssp_cap": 26},
}
PAGE_LAUSD = {
    "utla-2018-08": (1145.2, 200.2, 55.8, 50.0),
    "lausd-2019-01-11": (947.3, 187.6, 64.6, 43.6),
    "settlement-2019-01-22": (1260.7, 428.4, 34.2, 58.9),
}
PAGE_DENVER = {
    "dcta-2025-04-21": (139.6, 54.2, 5.1, 95.0),
    "dps-2025-04-28": (42.0, 16.0, 75.9, 31.7),
    "settlement-2025-06-24": (68.2, 28.2, 47.6, 57.7),
}


@pytest.mark.parametrize("which", ["lausd", "denver"])
def test_offers_cost_and_score_as_worked_independently(which: str, request: pytest.FixtureRequest) -> None:
    deal, ind = request.getfixturevalue(which)
    offers, table = (LAUSD_OFFERS, PAGE_LAUSD) if which == "lausd" else (DENVER_OFFERS, PAGE_DENVER)
    for proposal_id, issues in offers.items():
        worked = expected(ind, ind.proposal(proposal_id), issues)
        assert offer(deal, proposal_id) == pytest.approx(worked, rel=1e-9, abs=1e-6), proposal_id
        assert page(worked) == table[proposal_id], proposal_id  # docs/validation.md states them


@pytest.mark.parametrize("which", ["lausd", "denver"])
def test_every_package_scores_as_worked_independently(which: str, request: pytest.FixtureRequest) -> None:
    """A seeded sample of the scored packages, each priced and scored again from the case files."""
    deal, ind = request.getfixturevalue(which)
    assert not deal.sampled and deal.prefs.space.size == {"lausd": 302_400, "denver": 617_400}[which]
    # The space is enumerated in full, so a package's number is its row.
    codes = np.random.default_rng(9).integers(0, deal.prefs.space.size, size=40)
    for row in codes:
        issues = row_issues(deal, int(row))
        terms = ind.package(issues)
        worked = expected(ind, terms, issues)
        got = (
            deal.packages.cost[row],
            deal.packages.ongoing_cost[row],
            *deal.points()[row],
        )
        assert got == pytest.approx(worked, rel=1e-9, abs=1e-6), issues
    # The zone of agreement is every package both sides score at or above their bottom line.
    reservation = [ind.raw["preferences"][side]["reservation"] for side in ("employer", "union")]
    points = deal.points()
    both = (points[:, 0] >= reservation[0]) & (points[:, 1] >= reservation[1])
    assert deal.zopa_size == int(both.sum())
    if which == "lausd":
        assert deal.zopa_size == 130_478  # as docs/validation.md says


def test_lausd_mediation(lausd: tuple[DealSpace, Independent]) -> None:
    deal, ind = lausd
    result = mediate(deal)
    assert result.agreed and [s.why for s in result.steps] == ["opening", "improve"]
    opening, final = result.steps[0].package, result.final
    # The opening text splits every issue between the last offers (district 11 Jan 2019, UTLA Aug 2018),
    # snapped to the nearest option, ties to the lower: raise_1 (3 + 6.5) / 2 = 4.75 -> 4.5; retro halfway
    # between 1 Jul 2016 and 1 Jul 2017 is a tie -> 2016-07-01; raise_2 (3 + 0) / 2 = 1.5; educators
    # (523.2 + 0) / 2 = 261.6 -> 300; until 30 Jun 2020 in both; middle and high (2 + 0) / 2 = 1.
    assert shown(deal, opening) == ["4.5", "2016-07-01", "1.5", "300", "2020-06-30", "1", "1"]
    _check_texts(deal, ind, opening, final)
    # docs/validation.md: the agreed text, its cost and scores.
    # Staffing to 30 Jun 2022, the horizon's last day, sunsets inside the horizon: one-time, so it is not in
    # the district's ongoing cost (bargain cost's rule), which makes it cheap to give.
    assert shown(deal, final) == ["3", "2016-07-01", "0", "1,300", "2022-06-30", "0", "0"]
    worked = expected(ind, ind.package(row_issues(deal, final)), row_issues(deal, final))
    assert page(worked) == (951.0, 92.4, 63.5, 63.1)
    # Blind bidding on the first raise: the district's most, 3.0 then 3.5, never reaches the union's
    # least, 6.5 then 6.0: no overlap in either of the two rounds.
    lines = {side: ind.raw["preferences"][side]["bottom_lines"]["raise_1"] for side in ("employer", "union")}
    assert lines == {"employer": [3.0, 3.5], "union": [6.5, 6.0]}
    bids = blind_bid("raise_1", lines["employer"], lines["union"])
    assert not bids.settled and bids.rounds == 2


def test_denver_mediation_and_nash(denver: tuple[DealSpace, Independent]) -> None:
    deal, ind = denver
    result = mediate(deal)
    assert result.agreed
    opening, final = result.steps[0].package, result.final
    # Halfway between DPS (28 Apr) and DCTA (21 Apr): raise (0 + 3) / 2 = 1.5; COLAs (500 + 1000) / 2 = 750,
    # 750 and (0 + 1000) / 2 = 500; bonus 0; K-5 cap (35 + 28) / 2 = 31.5 -> 32 (nearer than 30); from:
    # halfway between 1 Sep 2025 (DCTA) and DPS's `none`, the template's 1 Sep 2026, is a tie -> the earlier;
    # caseload cap (26 + 20) / 2 = 23, a tie between 22 and 24 -> 22.
    assert shown(deal, opening) == ["1.5", "750", "750", "500", "0", "32", "2025-09-01", "22"]
    _check_texts(deal, ind, opening, final)
    assert shown(deal, final) == ["0.5", "250", "0", "0", "2,000", "30", "2026-09-01", "20"]
    issues = row_issues(deal, final)
    assert round(ind.measures(ind.package(issues), 0.0)["cost"] / 1e6, 1) == 81.0
    # The Nash point: no package one issue away (each priced and scored independently) has a larger
    # product of gains over the bottom lines.
    nash = deal.solutions["nash"]
    assert shown(deal, nash) == ["0", "0", "0", "0", "2,000", "32", "2026-09-01", "20"]
    reservation = [ind.raw["preferences"][side]["reservation"] for side in ("employer", "union")]
    center = row_issues(deal, nash)

    def product(issues: dict[str, Any]) -> float:
        terms = ind.package(issues)
        gains = [
            ind.score(s, terms, issues) - r for s, r in zip(("employer", "union"), reservation, strict=True)
        ]
        return gains[0] * gains[1] if min(gains) > 0 else -np.inf

    best = product(center)
    assert best > 0
    for issue in deal.prefs.space.issues:
        for option in issue.options:
            value = dt.date.fromordinal(round(option)) if issue.kind == "date" else option
            assert product({**center, issue.name: value}) <= best + 1e-9, (issue.name, value)
    assert round(ind.measures(ind.package(center), 0.0)["cost"] / 1e6, 1) == 68.0
    # Blind bidding on the year-1 COLA: DPS 500, 750, 1,000 against DCTA 1,500, 1,250, 1,000: round 3 is
    # the first where the district's most reaches the union's least, at $1,000.
    lines = {side: ind.raw["preferences"][side]["bottom_lines"]["cola_1"] for side in ("employer", "union")}
    bids = blind_bid("cola_1", lines["employer"], lines["union"])
    assert (bids.settled, bids.settled_in, bids.value) == (True, 3, 1000.0)


def _check_texts(deal: DealSpace, ind: Independent, opening: int, final: int) -> None:
    """Both sides accept the opening text (each scores it, independently, at or above its bottom line), and
    the improved text suits each side at least as well as the opening one."""
    scores = {}
    for name, row in (("opening", opening), ("final", final)):
        issues = row_issues(deal, row)
        terms = ind.package(issues)
        scores[name] = [ind.score(side, terms, issues) for side in ("employer", "union")]
        assert deal.points()[row] == pytest.approx(scores[name], abs=1e-9)
    for index, side in enumerate(("employer", "union")):
        assert scores["opening"][index] >= ind.raw["preferences"][side]["reservation"]
        assert scores["final"][index] >= scores["opening"][index] - 1e-9
