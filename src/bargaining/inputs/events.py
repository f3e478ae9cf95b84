"""Check a case's ``events:`` list: each event's keys, then the proposals it names.

``load_case`` calls :func:`check_events`; errors carry the file and line like every other input error.
The case carries the whole typed list (superseded events included) as ``Case.events``; its current record
is ``Case.record``.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bargaining.inputs.errors import InputError, located, located_errors
from bargaining.inputs.yamlsrc import LocatedYaml
from bargaining.model import EVENT_TYPES, Event, event_problems

if TYPE_CHECKING:
    from bargaining.inputs.schema import CaseFile


class _Events(BaseModel):
    model_config = ConfigDict(frozen=True)

    events: tuple[Event, ...]


class _One(BaseModel):
    event: Event


def check_events(
    spec: CaseFile, source: LocatedYaml, label: str, errors: list[InputError]
) -> tuple[Event, ...]:
    """The typed events, every one of them; an InputError appended for every bad event."""
    raw = list(spec.events)
    before = len(errors)
    typed: tuple[Event, ...] = ()
    try:
        typed = _Events.model_validate({"events": raw}).events
    except ValidationError as exc:
        for item, error in zip(
            exc.errors(include_url=False), located_errors(exc, source, label), strict=True
        ):
            errors.append(_clearer(item, error, raw))
    proposals = {p.id: p for p in spec.proposals}
    corrected_by: dict[int, int] = {}
    for index, entry in enumerate(raw):
        try:
            event = _One.model_validate({"event": entry}).event
        except ValidationError:
            continue  # already reported above
        errors.extend(located(event_problems(event, index, proposals, corrected_by), source, label))
        if event.supersedes is not None:
            corrected_by.setdefault(event.supersedes, index + 1)
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
