"""The import rule of docs/ARCHITECTURE.md, enforced: validators <- generator <- distill <- server.

A package may import only the packages to its left. The check reads every module's AST, so an
import inside a function body (the CLI defers heavy imports that way) counts as much as one at the
top of a file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAIN = ["validators", "generator", "distill", "server"]


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(top-level package, line) of every absolute import of one of ours in `path`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update((name.split(".")[0], node.lineno) for name in names)
    return {(pkg, line) for pkg, line in found if pkg in CHAIN}


@pytest.mark.parametrize("package", CHAIN)
def test_a_package_imports_only_those_to_its_left(package):
    allowed = set(CHAIN[: CHAIN.index(package) + 1])
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {pkg}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for pkg, line in imported_packages(path)
        if pkg not in allowed
    ]
    assert not offences, "\n".join(offences)


def test_the_check_sees_an_import_to_the_right(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from distill import train\n    import server.cli\n")
    assert imported_packages(module) == {("distill", 2), ("server", 3)}
