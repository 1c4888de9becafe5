"""Every message the code names exists: a missing one would turn a clear error into an internal one."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def message_modules(tree: ast.Module) -> dict[str, str]:
    """Local name → messages module, from `from .. import messages as msg` / `from ..messages import scorer as smsg`."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                local = alias.asname or alias.name
                if module.endswith("messages") and alias.name.islower():
                    found[local] = f"generator.messages.{alias.name}"
                elif alias.name == "messages":
                    found[local] = "generator.messages"
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_named_in_code_exists(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {local: importlib.import_module(name) for local, name in message_modules(tree).items()}
    missing = [
        f"{node.value.id}.{node.attr} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.isupper()
        and not hasattr(modules[node.value.id], node.attr)
    ]
    assert not missing, f"messages not defined: {missing}"


TEMPLATES = PACKAGE / "templates"


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.j2")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_message_named_in_a_template_exists(path: Path):
    import re

    import generator.messages as labels
    import generator.messages.printing as text

    source = path.read_text(encoding="utf-8")
    missing = [f"labels.{n}" for n in re.findall(r"\blabels\.([A-Z_]+)\b", source) if not hasattr(labels, n)]
    missing += [
        f"labels.printing.{n}"
        for n in re.findall(r"\blabels\.printing\.([A-Z_]+)", source)
        if not hasattr(text, n)
    ]
    missing += [f"text.{n}" for n in re.findall(r"\btext\.([A-Z_]+)\b", source) if not hasattr(text, n)]
    import generator.messages.serve as serve_text  # the session pages (templates/serve/)

    missing += [
        f"serve_text.{n}"
        for n in re.findall(r"\bserve_text\.([A-Z_]+)\b", source)
        if not hasattr(serve_text, n)
    ]
    assert not missing, f"messages not defined: {missing}"
