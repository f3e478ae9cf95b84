"""Input errors are values: every one names the file, the line, the key path and what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class InputError:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key or '(document)'}: {self.message}"


def key_path(parts: Sequence[str | int]) -> str:
    """``('proposals', 0, 'terms', 1, 'percent')`` -> ``proposals[0].terms[1].percent``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
