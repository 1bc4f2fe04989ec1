"""The layers hold (docs/architecture.md): no package imports one above it, anywhere in a module
(inside functions and TYPE_CHECKING blocks too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each package and the project's packages it may import.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "graph": frozenset({"core"}),
    "schema": frozenset({"core"}),
    "resolvers": frozenset({"core", "graph", "schema"}),
    "fupin": frozenset({"core", "graph", "schema", "resolvers", "seeds"}),
}


def imported(path: Path) -> set[str]:
    """The top-level packages `path` imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", list(MAY_IMPORT))
def test_a_package_imports_only_the_layers_below_it(package):
    project = set(MAY_IMPORT) | {"seeds", "tests", "bench"}
    upward = {
        str(path.relative_to(ROOT)): sorted((imported(path) & project) - MAY_IMPORT[package] - {package})
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {module: above for module, above in upward.items() if above} == {}
