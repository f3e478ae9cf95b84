"""Docs stay true: every CLI command and every case-file key is documented."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main
from pydantic import BaseModel

from bargaining.cli import app
from bargaining.inputs.schema import CaseFile
from bargaining.model import TERM_TYPES

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _commands(group: object, prefix: str = "") -> list[str]:
    """Names of every command and sub-command (Typer ships its own click, so go by attributes)."""
    names = []
    for name, command in getattr(group, "commands", {}).items():
        full = f"{prefix}{name}"
        names.append(full)
        names.extend(_commands(command, full + " "))
    return names


def test_every_command_has_a_section_in_cli_md() -> None:
    text = (DOCS / "cli.md").read_text()
    group = typer.main.get_command(app)
    headings = set(re.findall(r"^## bargain (.+?)\s*$", text, flags=re.M))
    missing = [name for name in _commands(group) if name not in headings]
    assert not missing, f"commands without a '## bargain NAME' section in docs/cli.md: {missing}"


def _keys(model: type[BaseModel], seen: set[type[BaseModel]]) -> set[str]:
    if model in seen:
        return set()
    seen.add(model)
    keys = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        for inner in _models_in(field.annotation):
            keys |= _keys(inner, seen)
    return keys


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    return found


def test_every_case_file_key_is_in_case_format_md() -> None:
    text = (DOCS / "case-format.md").read_text()
    keys = _keys(CaseFile, set())
    for term in TERM_TYPES:
        keys |= _keys(term, set())
    missing = sorted(key for key in keys if f"`{key}`" not in text)
    assert not missing, f"case-file keys not described in docs/case-format.md: {missing}"


def test_every_term_type_is_in_case_format_md() -> None:
    text = (DOCS / "case-format.md").read_text()
    for term in TERM_TYPES:
        kind = term.model_fields["type"].annotation.__args__[0]  # type: ignore[union-attr]
        assert f"`{kind}`" in text, kind


def test_every_simulation_key_is_in_the_simulation_section() -> None:
    from bargaining.model.scenario import SimulationSpec

    text = (DOCS / "case-format.md").read_text()
    section = text.split("\n## simulation\n", 1)[1].split("\n## ", 1)[0]
    missing = sorted(key for key in _keys(SimulationSpec, set()) if f"`{key}`" not in section)
    assert not missing, f"simulation keys not described in docs/case-format.md: {missing}"


def test_every_budget_key_is_in_the_budget_section() -> None:
    from bargaining.inputs.budget import BudgetSpec

    text = (DOCS / "case-format.md").read_text()
    section = text.split("\n## budget\n", 1)[1].split("\n## ", 1)[0]
    missing = sorted(key for key in _keys(BudgetSpec, set()) if f"`{key}`" not in section)
    assert not missing, f"budget keys not described in docs/case-format.md: {missing}"
