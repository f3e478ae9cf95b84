"""Input errors are values: every one names the file, the line, the key path and what was expected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from bargaining.inputs.yamlsrc import LocatedYaml
from bargaining.model import Problem, data_path, key_path, pydantic_problems, shown

__all__ = ["InputError", "data_path", "key_path", "located", "located_errors", "shown"]


@dataclass(frozen=True, order=True)
class InputError:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key or '(document)'}: {self.message}"


def located_errors(exc: ValidationError, source: LocatedYaml, label: str) -> list[InputError]:
    """Every pydantic error of a YAML document as an InputError at the line of the key it concerns."""
    return located(pydantic_problems(exc, source.data), source, label)


def located(problems: Sequence[Problem], source: LocatedYaml, label: str) -> list[InputError]:
    """The model's problems as InputErrors of the file they were read from."""
    return [InputError(label, source.line_of(p.path), p.key, p.message) for p in problems]
