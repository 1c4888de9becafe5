"""The house plan, enforced: arrows only downward, no import cycle (late imports count), short functions.

Read from the source with ``ast`` (nothing is imported), so a late ``from .x import y``
inside a function counts like one at the top of the file.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
MAX_FUNCTION_LINES = 80

# Top to bottom. A module may import from its own layer's package or from any lower layer,
# never upward and never sideways into another package of its layer. The shared leaves may
# use each other (the cycle test keeps them honest).
LAYERS: list[set[str]] = [
    {"cli"},
    {"serve"},  # pingan serve: may build the site (pipeline), writes through the scorer
    {"pipeline"},
    {"scorer"},
    {"site"},
    {"printing", "quizformats", "imports"},
    {"content"},
    {
        "render",
        "writer",
        "publish",
        "privacy",
        "diagnostics",
        "sanitize",
        "escape",
        "textio",
        "yamledit",
        "parallel",
        "errors",
        "dates",
        "messages",
        "safexml",
        "usercache",
        "memory",
    },
]
LEAVES = LAYERS[-1]


def modules() -> dict[str, Path]:
    """Dotted module name (without the ``generator.`` prefix) → file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        if "migrations" in parts:
            continue  # Alembic's own scripts
        found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Project modules ``name`` imports anywhere in its file (top level or inside functions)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1] if node.level > 1 else package
                stem = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == "generator":
                stem = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:
                candidate = ".".join([*stem, alias.name])
                targets.add(candidate if candidate in known else ".".join(stem))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    targets.add(".".join(alias.name.split(".")[1:]))
    return {t for t in targets if t in known and t != name}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    return next(i for i, layer in enumerate(LAYERS) if top in layer)


def test_every_module_has_a_layer():
    unplaced = [m for m in graph() if m and m.split(".")[0] not in set().union(*LAYERS)]
    assert not unplaced, f"add these to LAYERS (and docs/architecture.md): {unplaced}"


def test_arrows_only_point_down():
    wrong = []
    for module, targets in graph().items():
        if not module:
            continue
        for target in targets:
            if not target:
                continue
            mine, theirs = module.split(".")[0], target.split(".")[0]
            if mine == theirs or (mine in LEAVES and theirs in LEAVES):
                continue
            if layer_of(target) <= layer_of(module):
                wrong.append(f"{module} → {target}")
    assert not wrong, "imports that run up or sideways:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle_even_through_late_imports():
    # A package's __init__ re-exporting its own modules is its face, not an arrow of the house.
    edges = {
        module: {
            t for t in targets if not ((_is_package(module) and t.startswith(f"{module}.")) or module == "")
        }
        for module, targets in graph().items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    assert not cycles, f"import cycles: {cycles}"


def _is_package(module: str) -> bool:
    return (PACKAGE / module.replace(".", "/") / "__init__.py").is_file()


def test_site_never_imports_the_scorer():
    offending = [
        m
        for m, targets in graph().items()
        if m.startswith("site") and any(t.startswith("scorer") for t in targets)
    ]
    assert not offending


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_function_is_longer_than_80_lines(path: Path):
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"split these: {long}"
