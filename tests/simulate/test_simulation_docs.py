"""The simulation section of docs/case-format.md describes every key the loader accepts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from bargaining.inputs.simulation import SimulationSpec

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _keys(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    keys = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        for inner in _models(field.annotation):
            keys |= _keys(inner, seen)
    return keys


def _models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) or () for m in _models(arg)]


def test_every_simulation_key_is_in_the_simulation_section() -> None:
    text = (DOCS / "case-format.md").read_text()
    section = text.split("\n## simulation\n", 1)[1].split("\n## ", 1)[0]
    missing = sorted(key for key in _keys(SimulationSpec, set()) if f"`{key}`" not in section)
    assert not missing, f"simulation keys not described in docs/case-format.md: {missing}"
