"""Read the forecast's priors (``bargaining/data/priors.yaml``, or a file of the same shape)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from bargaining.inputs.errors import InputError, located_errors
from bargaining.inputs.yamlsrc import YamlProblem, load_located
from bargaining.model import Priors

PRIORS_FILE = "priors.yaml"


def load_priors(path: Path | None = None) -> tuple[Priors | None, list[InputError]]:
    """The priors in ``path`` (default: the shipped ones), or None with every error located."""
    if path is None:
        return _bundled(), []
    label = str(path)
    try:
        located = load_located(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        return None, [InputError(label, 1, "", f"cannot read the file as UTF-8 text: {exc}")]
    except YamlProblem as problem:
        return None, [InputError(label, problem.line, "", problem.message)]
    try:
        return Priors.model_validate(located.data), []
    except ValidationError as exc:
        return None, located_errors(exc, located, label)


@cache
def _bundled() -> Priors:
    text = resources.files("bargaining").joinpath("data", PRIORS_FILE).read_text(encoding="utf-8")
    return Priors.model_validate(load_located(text).data)


def bundled_priors() -> Priors:
    """The shipped priors (a packaging error if they do not validate: a test reads them)."""
    return _bundled()
