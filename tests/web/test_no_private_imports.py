"""A name starting with an underscore stays in its module: no web module takes another's private helpers
(issue 9, item 6: routers once imported ``_csrf``, ``_back`` and ``_chart`` across modules). Import
circles are refused by tests/layout/test_public_api.py."""

from __future__ import annotations

import ast
from pathlib import Path

import bargaining


def test_no_web_module_takes_another_modules_private_names() -> None:
    """A name starting with an underscore stays in its module: no ``from bargaining.x import _y`` and no
    ``module._y`` on a module of ours, in the web workbench."""
    root = Path(bargaining.__file__).parent
    found = []
    for path in sorted((root / "web").rglob("*.py")):
        tree = ast.parse(path.read_text())
        ours = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bargaining"):
                for alias in node.names:
                    if alias.name.startswith("_"):
                        found.append(f"{path.relative_to(root)}:{node.lineno}: {alias.name}")
                    ours.add(alias.asname or alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in ours
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert found == []
