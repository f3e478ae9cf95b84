"""Validate the case's ``simulation:`` section into a ``bargaining.model.scenario.SimulationSpec``, every
error located at its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from bargaining.inputs.errors import InputError, data_path, key_path
from bargaining.inputs.yamlsrc import LocatedYaml
from bargaining.model import SIDES, SimulationSpec, message_of, shown

if TYPE_CHECKING:
    from bargaining.inputs.schema import CaseFile

SECTION = "simulation"


def check_simulation(
    spec: CaseFile, located: LocatedYaml, label: str, errors: list[InputError]
) -> SimulationSpec | None:
    """Validate ``spec.simulation``: the SimulationSpec, or None (with errors appended) when it is bad.

    ``utilities: preferences`` is checked against the raw ``preferences:`` section (both sides stated),
    so this check does not depend on the preferences section's own validation having run first."""
    raw = spec.simulation
    if not raw:
        return None
    try:
        parsed = SimulationSpec.model_validate(raw)
    except ValidationError as exc:
        seen = set()
        for item in exc.errors(include_url=False):
            mapping = isinstance(item.get("input"), dict)
            if (item["type"] in {"float_type", "float_parsing"} and mapping) or (
                item["type"] == "model_attributes_type" and not mapping
            ):
                continue  # report a bad distribution by its own errors, and a bad number as a number
            located_at = data_path(raw, item["loc"], missing=item["type"] == "missing", tags=("dist",))
            path = (SECTION, *located_at)
            message = _message(item)
            if (path, message) not in seen:
                seen.add((path, message))
                errors.append(InputError(label, located.line_of(path), key_path(path), message))
        return None
    if parsed.utilities == "preferences" and not all(spec.preferences.get(side) for side in SIDES):
        path = (SECTION, "utilities")
        message = "utilities: preferences needs a preferences section stating both sides' preferences"
        errors.append(InputError(label, located.line_of(path), key_path(path), message))
        return None
    return parsed


def _message(item: Any) -> str:
    kind = item["type"]
    if kind == "union_tag_invalid":
        return f"unknown dist {item['input'].get('dist')!r}; expected uniform, triangular or choice"
    if kind == "union_tag_not_found":
        return "a distribution needs dist: uniform, triangular or choice"
    if kind in {"float_type", "float_parsing"}:
        return f"expected a number or a distribution (got {shown(item.get('input'))})"
    message = message_of(item)
    if kind == "value_error" and not isinstance(item.get("input"), dict | list):
        message = f"{message} (got {shown(item.get('input'))})"  # the number a range check refused
    return message
