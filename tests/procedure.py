"""Helpers for the impasse-engine tests: a bundled rule pack, events from YAML text, warning codes."""

from __future__ import annotations

import datetime as dt

import yaml

from bargaining.inputs import load_pack
from bargaining.model import Event, Pack, parse_events
from bargaining.process import ProcessStatus

D = dt.date.fromisoformat


def pack(name: str) -> Pack:
    found, errors = load_pack(name)
    assert found is not None, errors
    return found


def events(text: str) -> tuple[Event, ...]:
    return parse_events(yaml.safe_load(text))


def codes(status: ProcessStatus) -> list[str]:
    return [w.code for w in status.warnings]
