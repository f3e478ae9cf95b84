"""The rules a proposal or an event must keep within its case, as pure checks returning Problems.

One home for each: ``load_case`` runs them over the case file (adding the file and line), and
``Case.with_proposal`` / ``Case.with_event`` run them on a single new item (storage and the web), so a
proposal passed in the workbench is held to exactly the rules of the case file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from pydantic import BaseModel, TypeAdapter, ValidationError

from bargaining.model.benefits import Health
from bargaining.model.events import (
    Counter,
    Event,
    LimitWaived,
    ProposalPassed,
    proposal_refs,
    supersede_problem,
)
from bargaining.model.fiscal import Calendar, fiscal_year_label, parse_fiscal_year
from bargaining.model.problems import Path, Problem, pydantic_problems
from bargaining.model.procedure import StrikeNotice
from bargaining.model.proposal import Proposal
from bargaining.model.terms import (
    Caseload,
    ClassSize,
    HealthCap,
    HealthContribution,
    HealthPlanChange,
    HealthShare,
    OneTime,
    Raise,
    ScheduleAdd,
    StepFreeze,
    Term,
    shared_key,
)


def proposal_problems(
    proposal: Proposal,
    index: int,
    *,
    calendar: Calendar,
    ids: Collection[str],
    bands: Collection[str] | None,
    roles: Collection[str] | None,
    health: Health | None = None,
    units: Sequence[str] = (),
) -> list[Problem]:
    """What is wrong with ``proposals[index]`` in its case: the proposal it answers must be one of
    ``ids``; its dates inside the horizon; one freeze per year and one salary per band or role; a class
    size term needs the enrollment (``bands``, None when the case has none); raises name roles of the
    roster (``roles``, None when unknown); health terms need the unit's plans (``health``) and name
    their plans and tiers; with several ``units``, the proposal names one of them (``roles`` and
    ``health`` are then its unit's)."""
    where: Path = ("proposals", index)
    found = _one_per_key(proposal.terms, where)
    if proposal.unit is not None and units and proposal.unit not in units:
        found.append(
            Problem((*where, "unit"), f"no unit {proposal.unit!r} in this case (units: {', '.join(units)})")
        )
    elif proposal.unit is None and len(units) > 1:
        found.append(
            Problem(where, f"the case has several units: name the proposal's unit, one of {', '.join(units)}")
        )
    if proposal.answers is not None and proposal.answers not in ids:
        found.append(Problem((*where, "answers"), f"no proposal with id {proposal.answers!r} in this case"))
    horizon_start = calendar.year_start(calendar.first_year)
    horizon_end = calendar.year_start(calendar.last_year + 1) - dt.timedelta(days=1)
    for t_index, term in enumerate(proposal.terms):
        at = (*where, "terms", t_index)
        for key in ("effective", "paid"):
            when = getattr(term, key, None)
            if when is not None and not horizon_start <= when <= horizon_end:
                found.append(
                    Problem((*at, key), f"{when} is outside the horizon {horizon_start} to {horizon_end}")
                )
        effective = getattr(term, "effective", None)
        if term.sunset is not None and effective is not None and term.sunset < effective:
            found.append(Problem((*at, "sunset"), f"sunset {term.sunset} comes before effective {effective}"))
        if isinstance(term, StepFreeze) and not (
            calendar.first_year <= parse_fiscal_year(term.fiscal_year) <= calendar.last_year
        ):
            first, last = fiscal_year_label(calendar.first_year), fiscal_year_label(calendar.last_year)
            found.append(
                Problem((*at, "fiscal_year"), f"{term.fiscal_year} is outside the horizon {first} to {last}")
            )
        if isinstance(term, ClassSize):
            if bands is None:
                found.append(
                    Problem((*at, "grade_band"), "a class_size term needs the case's enrollment file")
                )
            elif term.grade_band not in bands:
                found.append(
                    Problem(
                        (*at, "grade_band"),
                        f"grade band {term.grade_band!r} is not in the enrollment file"
                        f" (has {', '.join(sorted(bands))})",
                    )
                )
        found += _health_problems(term, at, health)
        if isinstance(term, Raise | ScheduleAdd | OneTime) and term.roles and roles is not None:
            for role in term.roles:
                if role not in roles:
                    found.append(
                        Problem(
                            (*at, "roles"), f"role {role!r} is not in the roster (has {', '.join(roles)})"
                        )
                    )
    return found


def _one_per_key(terms: Sequence[Term], where: Path) -> list[Problem]:
    """Terms that must agree with their siblings: one freeze per fiscal year, and one salary for the
    added positions of a grade band (class size) or a role (caseload), since the strictest cap binds."""
    found = []
    freezes: dict[str, int] = {}
    salaries: dict[tuple[str, str], tuple[float | None, int]] = {}
    for t_index, term in enumerate(terms):
        at = (*where, "terms", t_index)
        if isinstance(term, StepFreeze):
            if term.fiscal_year in freezes:
                found.append(
                    Problem(
                        (*at, "fiscal_year"),
                        f"{term.fiscal_year} is already frozen by terms[{freezes[term.fiscal_year]}]",
                    )
                )
            freezes.setdefault(term.fiscal_year, t_index)
        key = shared_key(term)
        if key is not None and isinstance(term, ClassSize | Caseload):
            if key in salaries and salaries[key][0] != term.salary:
                first = salaries[key][1]
                found.append(
                    Problem(
                        (*at, "salary"),
                        f"differs from terms[{first}] on the same {key[1]!r}; give them one salary",
                    )
                )
            salaries.setdefault(key, (term.salary, t_index))
    return found


def event_problems(
    event: Event, index: int, proposals: Mapping[str, Proposal], superseded_by: Mapping[int, int]
) -> list[Problem]:
    """What is wrong with ``events[index]`` in its case: the proposals it names exist and agree with it,
    its dates are in order, and what it supersedes is an earlier event not already superseded
    (``superseded_by``: event number -> the number of the event that superseded it)."""
    where: Path = ("events", index)
    found = [
        Problem((*where, key) if key else where, message)
        for message, key in _event_problems(event, proposals)
    ]
    if event.supersedes is not None:
        problem = supersede_problem(event.supersedes, index + 1, superseded_by)
        if problem is not None:
            found.append(Problem((*where, "supersedes"), problem))
    return found


def _event_problems(event: BaseModel, proposals: Mapping[str, Proposal]) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for key, ref in proposal_refs(event):
        if ref not in proposals:
            known = ", ".join(proposals) or "none"
            found.append((f"no proposal with id {ref!r} in this case (known: {known})", key))
    if isinstance(event, ProposalPassed) and event.proposal in proposals and event.by is not None:
        party = proposals[event.proposal].party
        if event.by != party and not (party == "joint" and event.by == "both"):
            found.append((f"proposal {event.proposal!r} belongs to the {party}, not the {event.by}", "by"))
    if isinstance(event, Counter) and event.proposal in proposals:
        answers = proposals[event.proposal].answers
        if answers is not None and answers != event.answers:
            found.append(
                (f"proposal {event.proposal!r} says it answers {answers!r}, not {event.answers!r}", "answers")
            )
    if isinstance(event, LimitWaived) and event.until < event.date:
        found.append((f"until {event.until} comes before the waiver's date {event.date}", "until"))
    if isinstance(event, StrikeNotice) and event.strike_date is not None and event.strike_date < event.date:
        found.append(
            (f"strike_date {event.strike_date} comes before the notice's date {event.date}", "strike_date")
        )
    return found


def superseded_by(events: Sequence[Event]) -> dict[int, int]:
    """Event number -> the number of the first later event that supersedes it."""
    found: dict[int, int] = {}
    for number, event in enumerate(events, start=1):
        if event.supersedes is not None:
            found.setdefault(event.supersedes, number)
    return found


_EVENT: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(raw: Mapping[str, object], index: int) -> tuple[Event | None, list[Problem]]:
    """An event read from a mapping (a form, a JSON body, a stored row) as ``events[index]``."""
    try:
        return _EVENT.validate_python(dict(raw)), []
    except ValidationError as exc:
        return None, [
            Problem(("events", index, *p.path), p.message) for p in pydantic_problems(exc, dict(raw))
        ]


def parse_proposal(raw: Mapping[str, object], index: int) -> tuple[Proposal | None, list[Problem]]:
    """A proposal read from a mapping as ``proposals[index]``."""
    try:
        return Proposal.model_validate(dict(raw)), []
    except ValidationError as exc:
        return None, [
            Problem(("proposals", index, *p.path), p.message) for p in pydantic_problems(exc, dict(raw))
        ]


def _health_problems(term: Term, at: Path, health: Health | None) -> list[Problem]:
    """A health term needs the unit's plans; a plan or a tier it names must be one of them."""
    if not isinstance(term, HealthCap | HealthShare | HealthPlanChange | HealthContribution):
        return []
    if health is None:
        return [
            Problem((*at, "type"), f"a {term.type} term needs the unit's health plans (unit.benefits.health)")
        ]
    tiers = {plan: [tier.name for tier in found.tiers] for plan, found in ((p.name, p) for p in health.plans)}
    if isinstance(term, HealthPlanChange):
        if term.plan not in tiers:
            return [Problem((*at, "plan"), f"no plan {term.plan!r} (has {', '.join(tiers)})")]
        unknown = [name for name in term.premiums if name not in tiers[term.plan]]
        if unknown:
            return [
                Problem(
                    (*at, "premiums"),
                    f"plan {term.plan!r} has no tier {unknown[0]!r} (has {', '.join(tiers[term.plan])})",
                )
            ]
    if isinstance(term, HealthContribution):
        every = sorted({name for names in tiers.values() for name in names})
        unknown = [name for name in term.amounts if name not in every]
        if unknown:
            return [Problem((*at, "amounts"), f"no tier {unknown[0]!r} in any plan (has {', '.join(every)})")]
    return []
