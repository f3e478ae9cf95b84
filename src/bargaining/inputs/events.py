"""Check a case's ``events:`` list: each event's keys, then the proposals it names.

``load_case`` calls :func:`check_events`; errors carry the file and line like every other input error.
The case carries the whole typed list (superseded events included) as ``Case.events``; its current record
is ``Case.record``.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bargaining.inputs.errors import InputError, key_path, located_errors
from bargaining.inputs.yamlsrc import LocatedYaml
from bargaining.model.events import (
    EVENT_TYPES,
    Counter,
    Event,
    LimitWaived,
    ProposalPassed,
    StrikeNotice,
    proposal_refs,
    supersede_problem,
)

if TYPE_CHECKING:
    from bargaining.inputs.schema import CaseFile


class _Events(BaseModel):
    model_config = ConfigDict(frozen=True)

    events: tuple[Event, ...]


class _One(BaseModel):
    event: Event


def check_events(
    spec: CaseFile, located: LocatedYaml, label: str, errors: list[InputError]
) -> tuple[Event, ...]:
    """The typed events, every one of them; an InputError appended for every bad event."""
    raw = list(spec.events)
    before = len(errors)
    typed: tuple[Event, ...] = ()
    try:
        typed = _Events.model_validate({"events": raw}).events
    except ValidationError as exc:
        for item, error in zip(
            exc.errors(include_url=False), located_errors(exc, located, label), strict=True
        ):
            errors.append(_clearer(item, error, raw))
    proposals = {p.id: p for p in spec.proposals}
    corrected_by: dict[int, int] = {}
    for index, entry in enumerate(raw):
        try:
            event = _One.model_validate({"event": entry}).event
        except ValidationError:
            continue  # already reported above
        problems = _problems(event, proposals)
        if event.supersedes is not None:
            problem = supersede_problem(event.supersedes, index + 1, corrected_by)
            if problem is not None:
                problems.append((problem, "supersedes"))
            corrected_by.setdefault(event.supersedes, index + 1)
        for message, key in problems:
            path: tuple[str | int, ...] = ("events", index, *((key,) if key else ()))
            errors.append(InputError(label, located.line_of(path), key_path(path), message))
    return typed if len(errors) == before else ()


def _clearer(item: Any, error: InputError, raw: list[Any]) -> InputError:
    """Name the missing key, and suggest the event type meant."""
    loc = item["loc"]
    if item["type"] == "missing" and not error.key.endswith(str(loc[-1])):
        return InputError(error.file, error.line, f"{error.key}.{loc[-1]}", error.message)
    if item["type"] == "union_tag_invalid" and len(loc) >= 2 and isinstance(raw[int(loc[1])], dict):
        given = str(raw[int(loc[1])].get("type"))
        close = difflib.get_close_matches(given, EVENT_TYPES, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "the event types are listed in docs/case-format.md"
        return InputError(error.file, error.line, error.key, f"unknown event type {given!r}; {hint}")
    return error


def _problems(event: BaseModel, proposals: dict[str, Any]) -> list[tuple[str, str | None]]:
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
