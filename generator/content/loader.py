"""Load YAML while remembering where every value came from.

PyYAML forgets positions once values are constructed and silently keeps the
last of two duplicate keys. We compose the node tree ourselves (as Ansible's
loader does), so every mapping key and list item keeps its (line, column), and
a repeated key becomes a diagnostic instead of lost data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import messages as msg
from ..diagnostics import Diagnostic

KeyPath = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it (about 10× faster on large projects);
# its marks carry the same line and column.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SourceFile:
    """One YAML file: its data, and the position of every key path in it."""

    path: Path
    rel: str  # path relative to the project root, used in messages
    data: Any = None
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, key_path: KeyPath) -> tuple[int, int]:
        """Line and column of the nearest known ancestor of ``key_path``.

        A missing field has no position of its own, so it points at the
        mapping that should have held it.
        """
        probe = tuple(key_path)
        while probe:
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))

    def diagnostic(self, key_path: KeyPath, message: str, hint: str = "") -> Diagnostic:
        line, col = self.position(key_path)
        return Diagnostic(self.rel, line, col, format_key_path(key_path), message, hint)


def format_key_path(key_path: KeyPath) -> str:
    out = ""
    for part in key_path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _position(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load_yaml(path: Path, rel: str) -> tuple[SourceFile, list[Diagnostic]]:
    """Parse one file. Never raises for bad content: problems come back as data."""
    source = SourceFile(path=path, rel=rel)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return source, [Diagnostic(rel, 1, 1, "", msg.NOT_UTF8.format(pos=exc.start), msg.NOT_UTF8_HINT)]
    except OSError as exc:
        return source, [Diagnostic(rel, 0, 0, "", msg.CANNOT_READ.format(err=exc.strerror))]

    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return source, [_syntax_diagnostic(rel, exc)]
    except yaml.YAMLError as exc:  # e.g. a stray control character
        return source, [
            Diagnostic(
                rel,
                1,
                1,
                "",
                msg.YAML_SYNTAX.format(explained=msg.YAML_PROBLEM_FALLBACK, problem=exc),
                msg.YAML_SYNTAX_HINT,
            )
        ]
    finally:
        loader.dispose()

    if root is None:
        return source, [Diagnostic(rel, 1, 1, "", msg.EMPTY_FILE, msg.EMPTY_FILE_HINT)]

    diagnostics: list[Diagnostic] = []
    source.marks[()] = _position(root.start_mark)
    source.data = _construct(root, (), source, loader, diagnostics)
    return source, diagnostics


def _syntax_diagnostic(rel: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = _position(mark) if mark else (1, 1)
    problem = "; ".join(filter(None, [exc.context, exc.problem]))
    explained = next(
        (text for key, text in msg.YAML_PROBLEMS.items() if key in problem), msg.YAML_PROBLEM_FALLBACK
    )
    if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        context_line, context_col = _position(exc.context_mark)
        explained += msg.YAML_CONTEXT.format(line=context_line, col=context_col)
    return Diagnostic(
        rel,
        line,
        col,
        "",
        msg.YAML_SYNTAX.format(explained=explained, problem=problem),
        msg.YAML_SYNTAX_HINT,
    )


def _construct(
    node: yaml.Node,
    key_path: KeyPath,
    source: SourceFile,
    loader: Any,
    diagnostics: list[Diagnostic],
) -> Any:
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _position(key_node.start_mark)
                diagnostics.append(
                    Diagnostic(source.rel, line, col, format_key_path(key_path), msg.COMPLEX_KEY)
                )
                continue
            key = loader.construct_object(key_node)
            key = key if isinstance(key, str | int) else str(key)
            child = (*key_path, key)
            if key in result:
                line, col = _position(key_node.start_mark)
                first_line = source.marks[child][0]
                diagnostics.append(
                    Diagnostic(
                        source.rel,
                        line,
                        col,
                        format_key_path(child),
                        msg.DUPLICATE_KEY.format(first=first_line),
                        msg.DUPLICATE_KEY_HINT,
                    )
                )
                continue
            source.marks[child] = _position(key_node.start_mark)
            result[key] = _construct(value_node, child, source, loader, diagnostics)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item_node in enumerate(node.value):
            child = (*key_path, index)
            source.marks[child] = _position(item_node.start_mark)
            items.append(_construct(item_node, child, source, loader, diagnostics))
        return items
    try:
        return loader.construct_object(node)
    except yaml.constructor.ConstructorError as exc:
        line, col = _position(node.start_mark)
        diagnostics.append(
            Diagnostic(
                source.rel, line, col, format_key_path(key_path), msg.BAD_SCALAR.format(problem=exc.problem)
            )
        )
        return None
    except ValueError:  # e.g. 2024-02-30 looks like a date but is none
        line, col = _position(node.start_mark)
        diagnostics.append(
            Diagnostic(source.rel, line, col, format_key_path(key_path), msg.BAD_DATE, msg.BAD_DATE_HINT)
        )
        return None
