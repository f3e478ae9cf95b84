"""Read the reference class of real disputes: one YAML file per dispute, every error located.

The class shipped with the package lives in ``bargaining/data/reference``; a folder of such files (or one
file) can be read instead. A figure without a source, a source key no one defined, an id used twice,
dates out of order and percents out of range are errors, each reported as ``FILE:LINE: KEY.PATH: message``.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from bargaining.inputs.errors import InputError, key_path, located_errors
from bargaining.inputs.files import FileRefused, read_case_file
from bargaining.inputs.yamlsrc import YamlProblem, load_located
from bargaining.model import DEFER_CHECKS, MAX_YAML_BYTES, Dispute, dispute_problems, duplicate_ids

# How the shipped disputes were chosen, in markdown: it describes that class only, not a user's folder.
SAMPLING_NOTE = "sampling.md"


def bundled_reference_dir() -> Traversable:
    return resources.files("bargaining").joinpath("data", "reference")


def bundled_sampling_note() -> str:
    """How the disputes shipped with the package were chosen (``data/reference/sampling.md``)."""
    return bundled_reference_dir().joinpath(SAMPLING_NOTE).read_text(encoding="utf-8")


def load_reference(where: str | Path | None = None) -> tuple[tuple[Dispute, ...] | None, list[InputError]]:
    """Every dispute in ``where`` (a folder of ``*.yaml`` files or one file; default: the bundled class).

    Returns the disputes sorted by id (None when anything is wrong) and the sorted list of every error.
    """
    if where is None:
        files: list[Traversable | Path] = sorted(
            (f for f in bundled_reference_dir().iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name
        )
    else:
        path = Path(where)
        if path.is_dir():
            files = [*sorted(path.glob("*.yaml"))]
        elif path.is_file():
            files = [path]
        else:
            return None, [InputError(str(path), 1, "", "no such file or folder")]
    if not files:
        return None, [InputError(str(where), 1, "", "no dispute files (*.yaml) in the folder")]
    disputes: list[Dispute] = []
    labels: list[str] = []
    errors: list[InputError] = []
    for file in files:
        dispute, problems = _read(file)
        errors.extend(problems)
        if dispute is not None:
            disputes.append(dispute)
            labels.append(str(file))
    for index, repeated in duplicate_ids(tuple(disputes)):
        errors.append(InputError(labels[index], 1, "id", f"id {repeated!r} is used by another dispute"))
    if errors:
        return None, sorted(errors)
    return tuple(sorted(disputes, key=lambda d: d.id)), []


def _read(file: Traversable | Path) -> tuple[Dispute | None, list[InputError]]:
    label = str(file)
    try:
        # A user's file is read by the one rule for user files (regular, unlinked, bounded in size).
        raw = (
            read_case_file(file.parent, file.name, MAX_YAML_BYTES)
            if isinstance(file, Path)
            else file.read_bytes()
        )
        located = load_located(raw.decode("utf-8-sig"))
    except FileRefused as refused:
        return None, [InputError(label, 1, "", refused.message)]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [InputError(label, 1, "", f"cannot read the file as UTF-8 text: {exc}")]
    except YamlProblem as problem:
        return None, [InputError(label, problem.line, key_path(problem.key), problem.message)]
    if not isinstance(located.data, dict):
        return None, [
            InputError(label, 1, "", "expected one dispute: a mapping of keys such as id, employer")
        ]
    try:
        dispute = Dispute.model_validate(located.data, context={DEFER_CHECKS: True})
    except ValidationError as exc:
        return None, located_errors(exc, located, label)
    problems = [
        InputError(label, located.line_of(path), key_path(path), message)
        for path, message in dispute_problems(dispute)
    ]
    return (None, problems) if problems else (dispute, [])
