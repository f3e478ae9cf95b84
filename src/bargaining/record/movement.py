"""Seeing impasse coming: each side's position on each item over time, the gap, movement per session,
stalls, proposals left without a counter, and where the gap is heading.

An *item* is a contract article (the terms' ``article``), or the term type when a term names no article.
A side's position on an item is the terms of its latest proposal that touches the item; a side that has
bargained but never touched an item stands on the status quo there ($0). Dollars come from a ``price``
function (the costing engine, passed in by the caller: this layer does not import costing); values are in
the terms' own units (percent raise, FTE, students fewer per class...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from bargaining.model import SIDES, Counter, Event, Language, NoCounter, Proposal, Settlement, Withdrawn
from bargaining.record.units import STATUS_QUO, item_of, measures, signature

Price = Callable[[Proposal], float]
MOVED = 0.5  # dollars: a smaller change is rounding, not movement
TOTAL = "(whole package)"
CONTACTS = ("session", "mediation_started", "mediation_session")  # events where the sides meet
HORIZON_DAYS = 100 * 365  # a gap that closes later than this is not closing


@dataclass(frozen=True)
class Point:
    """One side's position on one item, as of one proposal."""

    date: dt.date
    party: str
    proposal: str
    dollars: float | None
    values: Mapping[str, float]
    moved: bool  # the terms differ from this side's previous position on the item
    moved_dollars: float | None  # toward the other side since this side's previous position
    moved_values: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class GapPoint:
    date: dt.date
    employer: float | None
    union: float | None

    @property
    def gap(self) -> float | None:
        if self.employer is None or self.union is None:
            return None
        return self.union - self.employer


@dataclass(frozen=True)
class Track:
    item: str
    money: bool
    points: tuple[Point, ...]
    gap_dollars: tuple[GapPoint, ...]
    gap_values: Mapping[str, tuple[GapPoint, ...]]  # by unit
    stalled_sessions: int  # bargaining contacts since either side last moved on the item
    last_moved: dt.date | None
    apart: (
        bool  # the sides' standing positions differ (a side that never touched it stands on the status quo)
    )

    @property
    def gap(self) -> float | None:
        return self.gap_dollars[-1].gap if self.gap_dollars else None


@dataclass(frozen=True)
class SessionMove:
    date: dt.date
    employer: float | None  # dollars moved toward the other side on this day
    union: float | None
    items_moved: tuple[str, ...]


@dataclass(frozen=True)
class Uncountered:
    proposal: str
    party: str
    date: dt.date
    days_waiting: int
    reason: str


@dataclass(frozen=True)
class Projection:
    item: str
    gap: float
    pace_per_day: float  # change of the gap per day (negative when closing)
    closes: dt.date | None  # None when the gap is not closing
    months_after_expiration: float | None


@dataclass(frozen=True)
class Movement:
    as_of: dt.date
    tracks: tuple[Track, ...]  # the whole package first, then each item
    sessions: tuple[SessionMove, ...]
    uncountered: tuple[Uncountered, ...]
    projections: tuple[Projection, ...]

    def track(self, item: str) -> Track:
        return next(t for t in self.tracks if t.item == item)


def positions(
    proposals: Sequence[Proposal], events: Sequence[Event], as_of: dt.date
) -> list[tuple[str, Proposal]]:
    """(side, proposal) in date order: each side's proposals (those the record says were passed, when it
    says any), and a settlement's proposal as both sides'."""
    passed = {getattr(e, "proposal", None) for e in events if e.type in ("proposal_passed", "counter")}
    found: list[tuple[dt.date, int, str, Proposal]] = []
    for order, proposal in enumerate(proposals):
        # Once the record says which proposals were passed, variants it never names are not positions.
        if proposal.party in SIDES and proposal.date <= as_of and (passed == set() or proposal.id in passed):
            found.append((proposal.date, order, proposal.party, proposal))
    by_id = {p.id: p for p in proposals}
    for event in events:
        if isinstance(event, Settlement) and event.date <= as_of and event.proposal in by_id:
            agreed = by_id[event.proposal].model_copy(update={"date": event.date})
            found.extend((event.date, len(proposals), side, agreed) for side in SIDES)
    return [(side, proposal) for _, _, side, proposal in sorted(found, key=lambda f: (f[0], f[1], f[2]))]


def movement(
    proposals: Sequence[Proposal],
    events: Sequence[Event],
    as_of: dt.date,
    expires: dt.date | None = None,
    price: Price | None = None,
) -> Movement:
    """Everything above, as known on ``as_of``."""
    events = [e for e in events if e.date <= as_of]
    listed = positions(proposals, events, as_of)
    contacts = sorted({e.date for e in events if e.type in CONTACTS} | {p.date for _, p in listed})
    items = sorted({item_of(t) for _, p in listed for t in p.terms})
    tracks = [_track(TOTAL, listed, contacts, events, price)]
    tracks.extend(_track(item, listed, contacts, events, price) for item in items)
    projections = [
        found for track in tracks if track.money and (found := _project(track, as_of, expires)) is not None
    ]
    return Movement(
        as_of=as_of,
        tracks=tuple(tracks),
        sessions=_session_moves(tracks, contacts),
        uncountered=_uncountered(proposals, events, as_of),
        projections=tuple(projections),
    )


def _track(
    item: str,
    listed: list[tuple[str, Proposal]],
    contacts: list[dt.date],
    events: Sequence[Event],
    price: Price | None,
) -> Track:
    points: list[Point] = []
    held: dict[str, tuple[Point, tuple[str, ...]]] = {}
    for side, proposal in listed:
        terms = proposal.terms if item == TOTAL else tuple(t for t in proposal.terms if item_of(t) == item)
        if not terms:
            continue
        values = measures(terms) if item != TOTAL else {}
        dollars = price(proposal.model_copy(update={"terms": terms})) if price is not None else None
        shape = signature(terms)
        sign = 1.0 if side == "employer" else -1.0  # the employer concedes by adding, the union by cutting
        before = held.get(side)
        moved_dollars = None
        moved_values: dict[str, float] = {}
        if before is not None:
            if dollars is not None and before[0].dollars is not None:
                moved_dollars = sign * (dollars - before[0].dollars)
            for unit in sorted(values.keys() | before[0].values.keys()):
                start = before[0].values.get(unit, STATUS_QUO.get(unit))
                end = values.get(unit, STATUS_QUO.get(unit))
                if start is not None and end is not None and end != start:
                    moved_values[unit] = sign * (end - start)
        point = Point(
            proposal.date,
            side,
            proposal.id,
            dollars,
            values,
            before is None or before[1] != shape,
            moved_dollars,
            moved_values,
        )
        points.append(point)
        held[side] = (point, shape)
    last_moved = max((p.date for p in points if p.moved), default=None)
    stalled = 0
    if last_moved is not None:
        skipped = _not_discussed(events, item)
        stalled = sum(1 for day in contacts if day > last_moved and day not in skipped)
    entered: dict[str, dt.date] = {}
    for side, proposal in listed:
        entered.setdefault(side, proposal.date)
    units = sorted({unit for p in points for unit in p.values})
    standing = {side: shape for side, (_, shape) in held.items()}
    apart = len(standing) == 1 or (len(standing) == 2 and standing["employer"] != standing["union"])
    return Track(
        item=item,
        money=any(
            not isinstance(t, Language) for _, p in listed for t in p.terms if item in (TOTAL, item_of(t))
        ),
        points=tuple(points),
        gap_dollars=_gap(points, lambda p: p.dollars, entered, 0.0),
        gap_values={u: _gap(points, _value_of(u), entered, STATUS_QUO.get(u)) for u in units},
        stalled_sessions=stalled,
        last_moved=last_moved,
        apart=apart,
    )


def _value_of(unit: str) -> Callable[[Point], float | None]:
    def value(point: Point) -> float | None:
        return point.values.get(unit)

    return value


def _not_discussed(events: Sequence[Event], item: str) -> set[dt.date]:
    """Session days whose recorded articles leave ``item`` out: it was not on the table then."""
    skipped = set()
    for event in events:
        discussed = getattr(event, "articles", ())
        if event.type in CONTACTS and discussed and item not in discussed:
            skipped.add(event.date)
    return skipped


def _gap(
    points: list[Point],
    amount: Callable[[Point], float | None],
    entered: dict[str, dt.date],
    status_quo: float | None,
) -> tuple[GapPoint, ...]:
    """Both sides' standing positions on each day either changed. A side that has bargained but never
    touched the item stands on the status quo. One sweep: the points are in date order."""
    if not points:
        return ()
    days = sorted({p.date for p in points} | {d for d in entered.values() if d > points[0].date})
    held: dict[str, float] = {}
    series = []
    next_point = 0
    for day in days:
        while next_point < len(points) and points[next_point].date <= day:
            point = points[next_point]
            value = amount(point)
            if value is not None:
                held[point.party] = value
            next_point += 1
        standing = {
            side: held[side]
            if side in held
            else (status_quo if side in entered and entered[side] <= day else None)
            for side in SIDES
        }
        series.append(GapPoint(day, standing["employer"], standing["union"]))
    return tuple(series)


def _session_moves(tracks: list[Track], contacts: list[dt.date]) -> tuple[SessionMove, ...]:
    """What moved on each bargaining day: a proposal counts on the first contact on or after its date."""
    total = tracks[0]
    priced = bool(total.points) and total.points[0].dollars is not None
    slot = {day: i for i, day in enumerate(contacts)}
    dollars: dict[str, list[float]] = {side: [0.0] * len(contacts) for side in SIDES}
    for point in total.points:
        dollars[point.party][slot[point.date]] += point.moved_dollars or 0.0
    items: list[list[str]] = [[] for _ in contacts]
    for track in tracks[1:]:
        for index in sorted({slot[p.date] for p in track.points if p.moved}):
            items[index].append(track.item)
    return tuple(
        SessionMove(
            day,
            dollars["employer"][i] if priced else None,
            dollars["union"][i] if priced else None,
            tuple(items[i]),
        )
        for i, day in enumerate(contacts)
    )


def _uncountered(
    proposals: Sequence[Proposal], events: Sequence[Event], as_of: dt.date
) -> tuple[Uncountered, ...]:
    """Side proposals that got no counter: recorded as such, or with no later proposal from the other side."""
    if any(isinstance(e, Settlement) for e in events):
        return ()
    known = [p for p in proposals if p.party in SIDES and p.date <= as_of]
    withdrawn = {e.proposal for e in events if isinstance(e, Withdrawn)}
    refused = {e.proposal: e.date for e in events if isinstance(e, NoCounter)}
    answered = {p.answers for p in known if p.answers is not None}
    answered |= {e.answers for e in events if isinstance(e, Counter)}
    latest: dict[str, dt.date] = {
        side: max((p.date for p in known if p.party == side), default=dt.date.min) for side in SIDES
    }
    found = []
    for proposal in known:
        other = "union" if proposal.party == "employer" else "employer"
        if proposal.id in withdrawn:
            continue
        if proposal.id in refused:
            reason = f"no counter recorded on {refused[proposal.id]}"
        elif proposal.id in answered or latest[other] > proposal.date:
            continue
        else:
            reason = f"no later proposal from the {other}"
        waited = (as_of - proposal.date).days
        found.append(Uncountered(proposal.id, proposal.party, proposal.date, waited, reason))
    return tuple(found)


def _project(track: Track, as_of: dt.date, expires: dt.date | None) -> Projection | None:
    """Fit a line through the gap over the days both sides have held positions (and today), and follow it
    to zero: "at the current pace"."""
    series = [(g.date, g.gap) for g in track.gap_dollars if g.gap is not None]
    if not series:
        return None
    gap = float(series[-1][1])
    if abs(gap) <= MOVED:
        return Projection(track.item, gap, 0.0, series[-1][0], None)
    if len(series) < 2:
        return None  # one pair of positions shows no pace yet
    days = np.array([(d - as_of).days for d, _ in series] + [0], dtype=np.float64)
    gaps = np.array([g for _, g in series] + [gap], dtype=np.float64)
    slope = float(np.polyfit(days, gaps, 1)[0]) if np.ptp(days) > 0 else 0.0
    if abs(slope) * 365.25 <= MOVED:
        slope = 0.0  # less than a rounding error a year: arithmetic noise, not a pace
    closes = None
    if gap * slope < 0 and abs(gap / slope) <= HORIZON_DAYS:
        closes = as_of + dt.timedelta(days=int(np.ceil(abs(gap / slope))))
    months = None
    if closes is not None and expires is not None:
        months = (closes - expires).days / (365.25 / 12)
    return Projection(track.item, gap, slope, closes, months)
