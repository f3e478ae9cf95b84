"""Reading the files of a case folder: only regular files inside the folder, each of a bounded size.

A case file names its other files (``unit.roster``, ``enrollment``) by a path relative to its folder.
Such a path may not be absolute, may not climb out with ``..``, and may not pass through a symbolic link,
and the file must be a regular file (not a device such as /dev/zero, a pipe or a folder) of at most the
size its kind allows. Otherwise what the folder holds (and what storage copies into the record) would not
be what is costed, and a case could read any file the process can.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath


class FileRefused(Exception):
    """A case file that is not read; ``message`` says why in the user's words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def relative_problem(name: str) -> str | None:
    """Why ``name`` cannot name a file of a case folder (None when it can)."""
    if not name.strip():
        return "expected the name of a file in the case folder, e.g. roster.csv"
    if "\\" in name or PureWindowsPath(name).drive:
        return f"{name!r}: write the path with forward slashes, relative to the case folder"
    path = PurePosixPath(name)
    if path.is_absolute():
        return f"{name!r} is an absolute path; expected a file in the case folder, e.g. roster.csv"
    if ".." in path.parts:
        return f"{name!r} leaves the case folder ('..'); expected a file in the case folder"
    return None


@dataclass(frozen=True)
class StoredFiles:
    """A case folder held in memory (the files storage keeps, by relative POSIX path), read like a folder
    without writing it anywhere. ``name`` stands for the folder in error messages."""

    name: str
    files: Mapping[str, bytes]

    def __truediv__(self, other: str) -> PurePosixPath:
        return PurePosixPath(self.name) / other

    def exists(self) -> bool:
        return True


CaseFolder = Path | StoredFiles


def read_case_file(folder: CaseFolder, name: str, max_bytes: int) -> bytes:
    """The bytes of ``folder/name``; raise FileRefused (or FileNotFoundError) when it may not be read.

    Every part of the path below ``folder`` is checked with lstat, and the file itself is opened without
    following a link and checked again on the open descriptor, so a link swapped in between is not read.
    """
    problem = relative_problem(name)
    if problem is not None:
        raise FileRefused(problem)
    if isinstance(folder, StoredFiles):
        stored = folder.files.get(PurePosixPath(name).as_posix())
        if stored is None:
            raise FileNotFoundError(name)
        if len(stored) > max_bytes:
            raise FileRefused(f"{name!r} is {len(stored):,} bytes; at most {max_bytes:,} are read")
        return stored
    parts = PurePosixPath(name).parts
    here = folder
    for index, part in enumerate(parts):
        here = here / part
        info = os.lstat(here)  # FileNotFoundError propagates: the caller says "file not found"
        if stat.S_ISLNK(info.st_mode):
            raise FileRefused(f"{'/'.join(parts[: index + 1])!r} is a symbolic link; copy the file in")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(here, flags)
    except OSError as exc:
        raise FileRefused(f"cannot open {name!r}: {exc.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"{name!r} is not a regular file (a folder, a device or a pipe)")
        if info.st_size > max_bytes:
            raise FileRefused(f"{name!r} is {info.st_size:,} bytes; at most {max_bytes:,} are read")
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:  # grew while being read
        raise FileRefused(f"{name!r} is over {max_bytes:,} bytes; at most {max_bytes:,} are read")
    return content
