"""Each package's public names: an ``__all__`` that resolves, and no import cycle anywhere in src/."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "bargaining"

PACKAGES = (
    "model",
    "inputs",
    "costing",
    "budget",
    "process",
    "record",
    "analysis",
    "simulate",
    "report",
    "storage",
    "cli",
    "web",
)


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_has_an_all_that_resolves(name: str) -> None:
    package = importlib.import_module(f"bargaining.{name}")
    public = getattr(package, "__all__", None)
    assert isinstance(public, list) and public, f"bargaining.{name} has no __all__"
    assert len(public) == len(set(public)), f"bargaining.{name}.__all__ repeats a name"
    missing = [item for item in public if not hasattr(package, item)]
    assert not missing, f"bargaining.{name}.__all__ names what it does not hold: {missing}"


def test_every_package_is_listed() -> None:
    graph = grimp.build_graph("bargaining")
    found = {m.split(".")[1] for m in graph.modules if m.count(".") >= 1}
    assert found - {"data"} <= set(PACKAGES), f"a package this test does not know: {found - set(PACKAGES)}"


def _cycles(inside: str) -> list[str]:
    graph = grimp.build_graph("bargaining")
    found = []
    for module in sorted(m for m in graph.modules if m.startswith(inside)):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                found.append(f"{module} -> {imported} -> ... -> {module}")
    return found


@pytest.mark.parametrize("package", [p for p in PACKAGES if p != "web"])
def test_no_import_cycle(package: str) -> None:
    cycles = _cycles(f"bargaining.{package}")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_import_cycle_in_the_web() -> None:
    cycles = _cycles("bargaining.web")
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _reaching_imports() -> list[str]:
    """Imports from one package into a module of another that the other's ``__all__`` does not offer.

    ``from bargaining.storage import accounts`` is fine when ``storage.__all__`` lists ``accounts`` (the
    package declares that namespace public); ``from bargaining.costing.paid import paid_by_year`` is not.
    """
    graph = grimp.build_graph("bargaining")
    found = []
    for importer in sorted(graph.modules):
        home = importer.split(".")[1] if importer.count(".") else ""
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            parts = imported.split(".")
            if len(parts) < 3 or parts[1] in (home, "data"):
                continue
            offered = getattr(importlib.import_module(".".join(parts[:2])), "__all__", [])
            if parts[2] not in offered:
                found.append(f"{importer} imports {imported}")
    return found


def test_other_packages_are_used_through_their_all() -> None:
    # Issue 9 item 3: public names are imported through each package's __init__, so a package can
    # reorganise its modules without breaking the others.
    reaching = _reaching_imports()
    assert not reaching, "import these through the package's __init__:\n" + "\n".join(reaching)


def test_no_module_imports_another_module_s_private_names() -> None:
    # Issue 9 item 6: a leading underscore means "this module's own"; reaching for it from elsewhere
    # couples two modules behind their public API.
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bargaining"):
                private = [
                    a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")
                ]
                if private:
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.module} {private}")
    assert not found, "private names imported from another module:\n" + "\n".join(found)


def test_no_module_is_over_400_lines() -> None:
    # The house rule (modules under ~400 lines): past that, a module holds more than one idea; split it.
    long = [
        f"{p.relative_to(SRC)}: {n}"
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 400
    ]
    assert not long, "modules over 400 lines:\n" + "\n".join(sorted(long))
