"""The layers of the Lambda code, as the tree shows them: each module imports only from its own package or
from a layer below it (functions → services → api → runtime → store / emails / pages → domain → errors)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Top first. Packages on one line are side by side: neither may import the other.
LAYERS = (
    ("functions",),
    ("shared.services",),
    ("shared.api",),
    ("shared.runtime",),
    ("shared.store", "shared.emails", "shared.pages"),
    ("shared.domain",),
    ("shared.errors", "shared.ids", "shared.observability"),
)


def _package(module: str) -> tuple[int, str] | None:
    for rank, packages in enumerate(LAYERS):
        for package in packages:
            if module == package or module.startswith(package + "."):
                return rank, package
    return None


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function (a lazy import is an import too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}  # from shared import runtime
    return {name for name in found if name.split(".")[0] in ("shared", "functions")}


def _modules() -> list[tuple[str, Path]]:
    files = sorted((ROOT / "shared").rglob("*.py")) + sorted((ROOT / "functions").rglob("*.py"))
    return [(".".join(p.relative_to(ROOT).with_suffix("").parts), p) for p in files]


def test_every_module_sits_in_a_layer():
    loose = [m for m, _ in _modules() if _package(m) is None and m != "shared.__init__"]
    assert loose == []


@pytest.mark.parametrize(("module", "path"), _modules(), ids=lambda v: v if isinstance(v, str) else "")
def test_nothing_imports_upward_or_sideways(module, path):
    here = _package(module)
    if here is None:
        return
    rank, package = here
    wrong = []
    for imported in _imports(path):
        there = _package(imported)
        if there is None or there[1] == package:
            continue
        if there[0] <= rank:  # above, or beside on the same layer
            wrong.append(imported)
    assert wrong == [], f"{module} imports {wrong} (layers: {LAYERS})"
