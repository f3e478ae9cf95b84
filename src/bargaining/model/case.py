"""A case: the parties, the unit, the enrollment and the proposals exchanged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from bargaining.model.actors import Side
from bargaining.model.benefits import DatedRate, Health, StatutoryLine
from bargaining.model.budget import Budget
from bargaining.model.checks import event_problems, proposal_problems, superseded_by
from bargaining.model.comparables import Comparable, PriceIndex
from bargaining.model.contract import Contract
from bargaining.model.events import Event, current_record, proposal_refs
from bargaining.model.fiscal import Calendar
from bargaining.model.packs import Pack
from bargaining.model.preferences import Preferences
from bargaining.model.problems import Problem
from bargaining.model.proposal import Party, Proposal
from bargaining.model.scenario import SimulationSpec
from bargaining.model.schedule import Schedules
from bargaining.model.source import Source
from bargaining.model.units import MeToo

__all__ = ["Case", "DatedRate", "Enrollment", "Party", "Proposal", "Roster", "Source", "Unit"]


@dataclass(frozen=True, eq=False)
class Roster:
    """One row per member, as parallel arrays; pay = salary x fte."""

    ids: tuple[str, ...]
    roles: tuple[str, ...]
    fte: NDArray[np.float64]
    salary: NDArray[np.float64]
    # False when the rows are a scattergram's cells (FTE per cell and role), not people.
    people: bool = True

    def __post_init__(self) -> None:
        self.fte.flags.writeable = False
        self.salary.flags.writeable = False

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def pay(self) -> NDArray[np.float64]:
        return self.salary * self.fte

    @property
    def headcount(self) -> int:
        """Employees in the unit: one per row of a roster of people. A scattergram gives FTE per cell and
        no people, so its FTE total is counted, one person per FTE (an assumption: part-timers make the
        real count larger)."""
        return len(self.ids) if self.people else round(float(self.fte.sum()))

    def role_names(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.roles)))

    def role_index(self) -> NDArray[np.intp]:
        names = self.role_names()
        lookup = {name: i for i, name in enumerate(names)}
        return np.fromiter((lookup[r] for r in self.roles), dtype=np.intp, count=len(self.roles))


@dataclass(frozen=True)
class Unit:
    """The bargaining unit: its roster and the rates that load its pay."""

    roster: Roster
    statutory_rate: DatedRate
    health_per_fte: float
    step_column: float
    new_hire_salary: float
    breakage: float = 0.0  # yearly saving from turnover (retirees at the top replaced by new hires)
    # Pay on salary schedules; when set, the status quo and step-and-column come from placement and
    # movement instead of the flat ``step_column`` and ``breakage`` rates.
    schedules: Schedules | None = None
    # Statutory benefits line by line (``unit.benefits.statutory``); when empty, ``statutory_rate`` is one
    # line charged on all pay. With lines, ``statutory_rate`` is their blended rate on salary.
    statutory: tuple[StatutoryLine, ...] = ()
    # Health plans with tiers and the employer's rule (``unit.benefits.health``); when None, the flat
    # ``health_per_fte`` on every FTE. With plans, ``health_per_fte`` is the first year's employer cost per
    # enrolled FTE (what an added position carries).
    health: Health | None = None
    # The unit's name, which proposals (``unit``) and parity clauses name: the ``name`` of an entry of
    # ``units:``, or the union's short name for a case with one ``unit:``; ``title`` is how pages name it.
    name: str = ""
    title: str = ""
    # The unit's own calendar when it prorates otherwise than the case (``units[].proration``,
    # ``units[].work_year``: teachers on 186 work days, classified staff on 200 or more); None: the case's.
    calendar: Calendar | None = None

    @property
    def net_drift(self) -> float:
        """Yearly payroll drift under the status quo: gross step and column less breakage."""
        return self.step_column - self.breakage


@dataclass(frozen=True, eq=False)
class Enrollment:
    """Students and current class sections by school and grade band."""

    schools: tuple[str, ...]
    grade_bands: tuple[str, ...]
    students: NDArray[np.float64]
    sections: NDArray[np.float64]
    fte_per_section: NDArray[np.float64]


@dataclass(frozen=True)
class Case:
    """Everything the engines know about one dispute, typed. ``events`` is the record as written
    (corrections and what they supersede included); ``record`` is its current version. ``rule_pack`` is
    the bundled pack of the jurisdiction, None when there is none."""

    id: str
    title: str
    jurisdiction: str
    calendar: Calendar
    employer: Party
    union: Party
    students: int | None
    unit: Unit
    proposals: tuple[Proposal, ...]
    enrollment: Enrollment | None = None
    sources: tuple[Source, ...] = ()
    contract_expires: dt.date | None = None
    # The day the demo opens the case on (`bargain demo`, `bargain serve --demo`): a telling moment of a
    # settled dispute, to be walked from there with the as-of control.
    demo_as_of: dt.date | None = None
    budget: Budget | None = None
    comparables: tuple[Comparable, ...] = ()
    price_index: PriceIndex | None = None
    events: tuple[Event, ...] = ()
    preferences: Preferences | None = None
    simulation: SimulationSpec | None = None
    rule_pack: Pack | None = None
    # The current agreement's articles, proposals' language and side letters (``contract:``).
    contract: Contract = field(default_factory=Contract)
    # A case with ``units:`` holds its first unit in ``unit`` and the others here; ``units`` lists them all.
    other_units: tuple[Unit, ...] = ()
    me_too: tuple[MeToo, ...] = ()  # parity clauses between the units

    @property
    def units(self) -> tuple[Unit, ...]:
        return (self.unit, *self.other_units)

    def unit_named(self, name: str | None) -> Unit:
        """The unit called ``name``; the case's first (its only one, for a case with ``unit:``) when None.
        KeyError when there is no such unit."""
        if name is None or name == self.unit.name:
            return self.unit
        for unit in self.other_units:
            if unit.name == name:
                return unit
        known = ", ".join(u.name for u in self.units)
        raise KeyError(f"no unit {name!r} in case {self.id!r} (units: {known})")

    def unit_of(self, proposal: Proposal) -> Unit:
        """The unit a proposal is for: the one it names, else the case's first."""
        return self.unit_named(proposal.unit)

    def table_unit(self) -> Unit:
        """The unit whose table the deal tools and the simulation look at when none is named: the only
        unit; in a case of several, the unit of the latest proposal (by date, the later in the list on a
        tie), the table most recently at work; the first unit when there is no proposal."""
        if not self.other_units or not self.proposals:
            return self.unit
        latest = max(enumerate(self.proposals), key=lambda found: (found[1].date, found[0]))[1]
        return self.unit_of(latest)

    def at_table(self, name: str | None = None) -> Case:
        """The case at one unit's table (``table_unit`` when None): that unit first, only the proposals
        for it and the events that name none of the others' proposals, and its union named after the unit
        (a second unit's union is not the case's). The other units stay behind it, so parity clauses still
        pass on to them. The case itself for a case of one unit; KeyError for no such unit."""
        chosen = self.unit_named(name) if name is not None else self.table_unit()
        if not self.other_units:
            return self
        kept = tuple(p for p in self.proposals if self.unit_of(p).name == chosen.name)
        ids = {p.id for p in kept}
        dropped = {p.id for p in self.proposals} - ids
        events = tuple(e for e in self.events if not any(ref in dropped for _, ref in proposal_refs(e)))
        # Proposals naming no unit are the first unit's: name it, as the first unit may change.
        named = tuple(p if p.unit is not None else p.model_copy(update={"unit": chosen.name}) for p in kept)
        union = self.union
        if chosen is not self.unit:
            union = Party(name=chosen.title or chosen.name, short=chosen.name)
        rest = tuple(u for u in self.units if u is not chosen)
        return replace(self, unit=chosen, other_units=rest, proposals=named, events=events, union=union)

    @property
    def record(self) -> tuple[Event, ...]:
        """The current record: superseded events left out."""
        return current_record(self.events)

    def with_proposal(self, proposal: Proposal) -> tuple[Case | None, list[Problem]]:
        """The case with ``proposal`` added at the end, or None and every problem found (located at
        ``proposals[N]``, N the new proposal's index): the rules ``load_case`` applies, with no file."""
        ids = [p.id for p in self.proposals]
        index = len(ids)
        problems = []
        if proposal.id in ids:
            problems.append(
                Problem(
                    ("proposals", index, "id"),
                    f"duplicate proposal id {proposal.id!r} (also proposals[{ids.index(proposal.id)}])",
                )
            )
        problems += proposal_problems(
            proposal,
            index,
            calendar=self.calendar,
            ids={*ids, proposal.id},
            bands=self.enrollment.grade_bands if self.enrollment is not None else None,
            roles=self._unit_or_none(proposal).roster.role_names(),
            health=self._unit_or_none(proposal).health,
            units=tuple(u.name for u in self.units),
        )
        return (None, problems) if problems else (replace(self, proposals=(*self.proposals, proposal)), [])

    def _unit_or_none(self, proposal: Proposal) -> Unit:
        try:
            return self.unit_of(proposal)
        except KeyError:  # reported by proposal_problems
            return self.unit

    def with_event(self, event: Event) -> tuple[Case | None, list[Problem]]:
        """The case with ``event`` added to the end of the record, or None and every problem found
        (located at ``events[N]``): the rules ``load_case`` applies, with no file."""
        proposals = {p.id: p for p in self.proposals}
        problems = event_problems(event, len(self.events), proposals, superseded_by(self.events))
        return (None, problems) if problems else (replace(self, events=(*self.events, event)), [])

    def known_on(self, day: dt.date) -> Case:
        """The case as it stood on ``day`` (a replay: the workbench's "As of", the CLI's ``--as-of``): the
        proposals dated on or before it and the current record's events dated on or before it (corrections
        already applied, so each kept event stands as the record now has it)."""
        kept = tuple(
            e.model_copy(update={"supersedes": None}) if e.supersedes is not None else e
            for e in self.record
            if e.date <= day
        )
        return replace(self, proposals=tuple(p for p in self.proposals if p.date <= day), events=kept)

    def last_offer(self, side: Side, as_of: dt.date | None = None) -> Proposal | None:
        """The side's last offer: its latest proposal by date (on or before ``as_of``), the later in the
        case's list when two share a date. The one rule for the CLI, the web and the analysis."""
        mine = [
            (p.date, index, p)
            for index, p in enumerate(self.proposals)
            if p.party == side and (as_of is None or p.date <= as_of)
        ]
        return max(mine, key=lambda found: (found[0], found[1]))[2] if mine else None

    def proposal(self, proposal_id: str) -> Proposal:
        for proposal in self.proposals:
            if proposal.id == proposal_id:
                return proposal
        known = ", ".join(p.id for p in self.proposals) or "none"
        raise KeyError(f"no proposal {proposal_id!r} in case {self.id!r} (known: {known})")
