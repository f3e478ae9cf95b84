"""Reading a case folder for storage: its files verbatim, and the raw ``events:`` list of case.yaml."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bargaining.inputs import InputError, YamlProblem, key_path, load_located, load_value
from bargaining.model import limits, supersede_problem
from bargaining.storage.chain import EVENT_TYPE
from bargaining.storage.errors import CaseRefused, StorageError
from bargaining.storage.eventlog import NewEvent


def read_folder(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` by relative POSIX path; hidden files and caches are left out.

    The folder as a whole is bounded (``limits.MAX_FOLDER_FILES`` files, ``limits.MAX_FOLDER_BYTES`` in
    all): sizes are summed before anything is read, and each file is read no further than what is left."""
    paths: list[tuple[str, Path, int]] = []
    total = 0
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink():
            if len(paths) >= limits.MAX_FOLDER_FILES:
                raise StorageError(
                    f"{folder}: more than {limits.MAX_FOLDER_FILES} files; a case folder holds case.yaml "
                    "and its tables (nothing imported)"
                )
            size = path.lstat().st_size
            total += size
            paths.append((relative.as_posix(), path, size))
    bound = limits.MAX_FOLDER_BYTES
    if total > bound:
        _too_big(folder, total, bound)
    found: dict[str, bytes] = {}
    left = bound
    for name, path, _ in paths:
        with path.open("rb") as opened:
            content = opened.read(left + 1)
        if len(content) > left:  # it grew since it was measured
            _too_big(folder, bound - left + len(content), bound)
        left -= len(content)
        found[name] = content
    return found


def _too_big(folder: Path, size: int, bound: int) -> None:
    error = InputError(
        str(folder), 0, "", f"{size:,} bytes in all; a case folder may hold at most {bound:,} bytes"
    )
    raise CaseRefused(f"{folder}: {error.message} (nothing imported)", [error])


def decode(content: bytes) -> str:
    return content.decode("utf-8-sig")


def events_of_case_file(text: str, label: str) -> list[NewEvent]:
    """The raw ``events:`` list of case.yaml as events to store, with located errors for what cannot be.

    The text is read by libyaml first; only when something is wrong is it read again, slowly, by the
    reader that knows the line of every key.
    """
    try:
        data = load_value(text)
    except YamlProblem:
        data = None
    else:
        new, errors = _events(data, label, lambda path: 1)
        if not errors:
            return new
    located = load_located(text)
    new, errors = _events(located.data, label, located.line_of)
    if errors:
        raise CaseRefused(f"{len(errors)} error(s) in {label}; nothing imported", sorted(errors))
    return new


def _events(
    data: Any, label: str, line_of: Callable[[tuple[str | int, ...]], int]
) -> tuple[list[NewEvent], list[InputError]]:
    raw = data.get("events") if isinstance(data, dict) else None
    errors: list[InputError] = []
    new: list[NewEvent] = []
    superseded: dict[int, int] = {}
    for index, item in enumerate(raw or []):
        where: tuple[str | int, ...] = ("events", index)

        def error(key: str | None, message: str, where: tuple[str | int, ...] = where) -> None:
            path = (*where, key) if key is not None else where
            errors.append(InputError(label, line_of(path), key_path(path), message))

        if not isinstance(item, dict):
            error(None, "expected a mapping such as {date: 2018-07-02, type: impasse_declared}")
            continue
        kind, date, supersedes = item.get("type"), item.get("date"), item.get("supersedes")
        if not isinstance(kind, str) or not EVENT_TYPE.match(kind):
            error("type", "expected an event type in lower case with underscores, e.g. mediation_started")
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            error("date", "expected a date YYYY-MM-DD")
        if supersedes is not None:
            if isinstance(supersedes, bool) or not isinstance(supersedes, int):
                error("supersedes", "expected the number of an earlier event in this list")
            elif (problem := supersede_problem(supersedes, index + 1, superseded)) is not None:
                error("supersedes", problem)
            else:
                superseded[supersedes] = index + 1
        payload = {k: v for k, v in item.items() if k not in ("type", "date", "supersedes")}
        event = NewEvent(str(kind), date if isinstance(date, dt.date) else dt.date.min, payload, None)
        for problem in event.problems():
            if not problem.startswith(("type", "date")):
                error(None, problem)
        new.append(
            NewEvent(event.type, event.date, payload, supersedes if isinstance(supersedes, int) else None)
        )
    return new, errors
