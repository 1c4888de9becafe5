"""Load YAML while remembering where every value came from, within limits.

PyYAML forgets positions once values are constructed and silently keeps the
last of two duplicate keys. We build the values ourselves from the parser's
event stream, so every mapping key and list item keeps its (line, column), and
a repeated key becomes a diagnostic instead of lost data.

Building from events (rather than from PyYAML's composed node tree) is also
where a hostile file is stopped before it costs anything: PyYAML's composer
recurses once per level of nesting and shares one node between an anchor and
all its aliases, so ten lines of aliases that refer to aliases (a "billion
laughs" file) stand for 10⁹ values. Here nothing recurses, and a file is
refused at the line where it crosses a limit: ``MAX_DEPTH`` levels of nesting,
``MAX_ALIAS_VALUES`` values produced by aliases, ``MAX_VALUES`` values in all,
``MAX_FILE_BYTES`` bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from .. import messages as msg
from ..diagnostics import Diagnostic
from ..messages import parsing as pmsg

KeyPath = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it (several times faster on large projects);
# its marks carry the same line and column.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits, far above any real content file and far below what would take minutes or gigabytes.
# The largest real file is a county's roster: 50,000 members imported from a 花名册 are a
# 7 MB roster.yml of 450,000 values nested three levels deep, read in a few seconds.
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 200
MAX_VALUES = 2_000_000
MAX_ALIAS_VALUES = 10_000

_STR_TAG = "tag:yaml.org,2002:str"


class Marks:
    """Where one value starts (``at``), and the marks of the values inside it, by key or index.

    A tree rather than a dict of key paths: a path costs memory for each of its levels, so
    many values 200 levels deep would cost 200 times their size.
    """

    __slots__ = ("at", "inside")

    def __init__(self, at: tuple[int, int] | None = None):
        self.at = at  # (line, column); None for a level that only holds others
        self.inside: dict[str | int, Marks] | None = None

    def child(self, key: str | int, at: tuple[int, int] | None = None) -> Marks:
        if self.inside is None:
            self.inside = {}
        node = self.inside[key] = Marks(at)
        return node


class _Unmarked(Marks):
    """Marks that keep no positions, for text read only for its values (a read-back check of a
    50,000-member roster.yml saves 450,000 of them): every level is this same object."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__((0, 0))
        self.inside = _Itself(self)

    def child(self, key: str | int, at: tuple[int, int] | None = None) -> Marks:
        return self


class _Itself(dict):  # type: ignore[type-arg]
    def __init__(self, owner: Marks):
        super().__init__()
        self.owner = owner

    def __missing__(self, key: object) -> Marks:
        return self.owner


@dataclass
class SourceFile:
    """One YAML file: its data, and the position of every key path in it."""

    path: Path
    rel: str  # path relative to the project root, used in messages
    data: Any = None
    marks: Marks = field(default_factory=Marks)  # marks.at: where the document starts

    def position(self, key_path: KeyPath) -> tuple[int, int]:
        """Line and column of the nearest known ancestor of ``key_path``.

        A missing field has no position of its own, so it points at the
        mapping that should have held it.
        """
        node, found = self.marks, self.marks.at or (1, 1)
        for part in key_path:
            node = node.inside.get(part) if node.inside else None  # type: ignore[assignment]
            if node is None:
                break
            found = node.at or found
        return found

    def mark(self, key_path: KeyPath, at: tuple[int, int]) -> None:
        """Record where ``key_path`` starts (for data that was not read from YAML text)."""
        node = self.marks
        for part in key_path:
            node = (node.inside or {}).get(part) or node.child(part)
        node.at = at

    def rename(self, old: str, new: str) -> None:
        """Move a top-level field to a new name; its positions answer to both names."""
        self.data[new] = self.data.pop(old)
        inside = self.marks.inside or {}
        if old in inside:
            inside[new] = inside[old]

    def diagnostic(self, key_path: KeyPath, message: str, hint: str = "") -> Diagnostic:
        line, col = self.position(key_path)
        return Diagnostic(self.rel, line, col, format_key_path(key_path), message, hint)


class RememberedSource(SourceFile):
    """The source of a document kept by its bytes (``filecache``): its data, but not the position of
    every value (the larger half of an entry, and of the time to write and read it). Positions are
    read again from the file the first time a problem needs one."""

    def __init__(self, path: Path, rel: str, data: Any):
        self.path, self.rel, self.data = path, rel, data  # no marks: __getattr__ reads them

    def __getattr__(self, name: str) -> Any:
        if name != "marks":
            raise AttributeError(name)
        self.marks = load_yaml(self.path, self.rel)[0].marks
        return self.marks


def format_key_path(key_path: KeyPath) -> str:
    out = ""
    for part in key_path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _position(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def load_yaml(path: Path, rel: str, data: bytes | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """Parse one file (or ``data``, its bytes as already read). Never raises for bad content:
    problems come back as data."""
    source = SourceFile(path=path, rel=rel)
    try:
        if data is None:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                return source, [_too_large(rel, size)]
            data = path.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            return source, [_too_large(rel, len(data))]
        # As a text file is read: any line ending is a newline.
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        return source, [Diagnostic(rel, 1, 1, "", msg.NOT_UTF8.format(pos=exc.start), msg.NOT_UTF8_HINT)]
    except OSError as exc:
        return source, [Diagnostic(rel, 0, 0, "", msg.CANNOT_READ.format(err=exc.strerror))]
    return parse_yaml(text, path, rel)


def parse_yaml(
    text: str, path: Path, rel: str, positions: bool = True
) -> tuple[SourceFile, list[Diagnostic]]:
    """``load_yaml`` for text already read (``path`` only names it). Without ``positions`` the
    values' lines and columns are not kept (problems still say where they are)."""
    source = SourceFile(path=path, rel=rel) if positions else SourceFile(path, rel, marks=_Unmarked())
    diagnostics: list[Diagnostic] = []
    try:
        found, data = _build(text, source, diagnostics)
    except _Refused as exc:
        return SourceFile(path, rel), [exc.diagnostic]
    except yaml.MarkedYAMLError as exc:
        return SourceFile(path, rel), [_syntax_diagnostic(rel, exc)]
    except yaml.YAMLError as exc:  # e.g. a stray control character
        return SourceFile(path, rel), [
            Diagnostic(
                rel,
                1,
                1,
                "",
                msg.YAML_SYNTAX.format(explained=msg.YAML_PROBLEM_FALLBACK, problem=exc),
                msg.YAML_SYNTAX_HINT,
            )
        ]
    if not found:
        return source, [Diagnostic(rel, 1, 1, "", msg.EMPTY_FILE, msg.EMPTY_FILE_HINT)]
    source.data = data
    return source, diagnostics


def _build(text: str, source: SourceFile, diagnostics: list[Diagnostic]) -> tuple[bool, Any]:
    try:
        return _build_with(_Loader, text, source, diagnostics)
    except yaml.scanner.ScannerError as exc:
        # libyaml (0.2.5+) scans far ahead inside [ and { and stops at 1000 levels, before the
        # events reach MAX_DEPTH: read such a file again with the pure-Python scanner, which
        # does not look ahead, so that the refusal names the line where nesting passed the limit.
        if _Loader is yaml.SafeLoader or "nesting depth" not in str(exc.problem):
            raise
        diagnostics.clear()
        return _build_with(yaml.SafeLoader, text, source, diagnostics)


def _build_with(
    loader_type: type, text: str, source: SourceFile, diagnostics: list[Diagnostic]
) -> tuple[bool, Any]:
    loader = loader_type(text)  # the pure-Python reader already rejects control characters here
    try:
        return _Builder(loader, source, diagnostics).document()
    finally:
        loader.dispose()


def _too_large(rel: str, size: int) -> Diagnostic:
    mb = 1024 * 1024
    message = pmsg.YAML_TOO_LARGE.format(size=f"{size / mb:.1f}", limit=MAX_FILE_BYTES // mb)
    return Diagnostic(rel, 0, 0, "", message, pmsg.YAML_TOO_LARGE_HINT)


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


# --- building values from events ----------------------------------------------------------------


class _Refused(Exception):
    """The file crossed a limit: stop at once and report only this."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class _Anchor:
    """An anchored node (``&name``): where its events are in the recording, and its size."""

    mark: Any
    start: int  # index of its first event in ``_Builder.recording``
    end: int = -1  # one past its last event; -1 while the node itself is still being read
    values: int = 0  # values it produced, its own aliases expanded


_KEY = object()  # the next node is a mapping key
_BAD = object()  # a scalar that could not be constructed (already reported)


class _Frame:
    """A mapping or list being filled, or a node being read and dropped (``container is None``)."""

    __slots__ = ("anchor", "container", "drop", "key", "marks", "parent", "place")

    def __init__(
        self,
        container: dict[Any, Any] | list[Any] | None,
        marks: Marks | None,
        parent: _Frame | None = None,
        place: str | int | None = None,
    ):
        self.container = container
        self.marks = marks  # where the values inside it start
        self.parent = parent  # the enclosing frame (None at the top), and
        self.place = place  # this container's key or index in it: the key path, for messages
        self.key: Any = _KEY  # a mapping's key waiting for its value, or _KEY while reading a key
        self.drop = False  # a mapping's next value belongs to a rejected key
        self.anchor: _Anchor | None = None

    def path(self, *more: str | int) -> KeyPath:
        parts = list(reversed(more))
        frame: _Frame | None = self
        while frame is not None and frame.parent is not None:
            parts.append(frame.place)  # type: ignore[arg-type]
            frame = frame.parent
        return tuple(reversed(parts))


class _Builder:
    """Reads one document's events into Python values, positions and diagnostics.

    An alias replays the recorded events of its anchor at the alias's place, so it gives
    fresh values and positions exactly as if the anchored text were written there again.
    Only events inside anchors are recorded: a file without anchors records nothing.
    """

    def __init__(self, loader: Any, source: SourceFile, diagnostics: list[Diagnostic]):
        self.loader = loader
        self.resolve = loader.resolve
        # First characters of the plain scalars the resolver may type (digits, "t" of true, "~"…);
        # any other plain scalar is a string without asking it (a quarter of the load time).
        resolvers = loader.yaml_implicit_resolvers  # (a None key would apply to every scalar)
        self.resolvable = None if None in resolvers else frozenset(resolvers)
        self.source = source
        self.diagnostics = diagnostics
        self.anchors: dict[str, _Anchor] = {}
        self.recording: list[tuple[Any, _Anchor | None]] = []  # (event, an alias's anchor)
        self.open_anchors = 0  # anchored nodes of the text still being read
        self.replays: list[Iterator[tuple[Any, _Anchor | None]]] = []
        self.replaying: Any = None  # the alias in the text whose anchor is being replayed
        self.values = 0  # values built so far
        self.typed: dict[str, Any] = {}  # plain scalar text → its value (numbers, dates…)
        self.alias_values = 0  # of which built by replaying aliases
        self.root = _Frame([], source.marks)  # holds the document's one value
        self.root_mark: Any = None

    def document(self) -> tuple[bool, Any]:
        """(whether the stream has a document, its value); raises on a second document."""
        loader = self.loader
        loader.get_event()  # stream start
        if isinstance(loader.peek_event(), StreamEndEvent):
            return False, None
        loader.get_event()  # document start
        stack = [self.root]
        self._step(stack)
        get_event = loader.get_event
        while len(stack) > 1:
            if self.replays or self.open_anchors:
                self._step(stack)
                continue
            # The common case, read without the general machinery: a scalar outside any anchor
            # or alias (a 50,000-member roster is 700,000 of them).
            event = get_event()
            if event.__class__ is ScalarEvent and event.anchor is None:
                self._plain_scalar(stack[-1], event)
            else:
                target = self.anchors.get(event.anchor) if event.__class__ is AliasEvent else None
                self._handle(stack, event, target, False)
        loader.get_event()  # document end
        if not isinstance(loader.peek_event(), StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                self.root_mark,
                "but found another document",
                loader.get_event().start_mark,
            )
        return True, self.root.container[0]  # type: ignore[index]

    def _next(self) -> tuple[Any, _Anchor | None, bool]:
        """(event, an alias's anchor, replayed): from the innermost replay, else from the text."""
        while self.replays:
            item = next(self.replays[-1], None)
            if item is not None:
                return item[0], item[1], True
            self.replays.pop()
        event = self.loader.get_event()
        # Resolved as it is read (and recorded with it), so a replayed alias needs no lookup.
        target = self.anchors.get(event.anchor) if event.__class__ is AliasEvent else None
        if self.open_anchors:
            self.recording.append((event, target))
        return event, target, False

    def _step(self, stack: list[_Frame]) -> None:
        self._handle(stack, *self._next())

    def _handle(self, stack: list[_Frame], event: Any, target: _Anchor | None, replayed: bool) -> None:
        cls = event.__class__
        if cls is ScalarEvent:
            anchor = None if replayed or event.anchor is None else self._open_anchor(event)
            self._scalar(stack[-1], event, replayed)
            if anchor is not None:
                self._close_anchor(anchor)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            frame = stack.pop()
            if frame.anchor is not None:
                self._close_anchor(frame.anchor)
        elif cls is AliasEvent:
            self._alias(stack[-1], event, target, replayed)
        else:
            self._start(stack, event, replayed)

    # -- anchors and aliases --

    def _open_anchor(self, event: Any) -> _Anchor:
        earlier = self.anchors.get(event.anchor)
        if earlier is not None:
            raise yaml.composer.ComposerError(
                "found duplicate anchor; first occurrence",
                earlier.mark,
                "second occurrence",
                event.start_mark,
            )
        if not self.open_anchors:
            self.recording.append((event, None))
        self.open_anchors += 1
        anchor = _Anchor(event.start_mark, len(self.recording) - 1)
        anchor.values = self.values  # until closed: the count before it
        self.anchors[event.anchor] = anchor
        return anchor

    def _close_anchor(self, anchor: _Anchor) -> None:
        anchor.end = len(self.recording)
        anchor.values = self.values - anchor.values
        self.open_anchors -= 1

    def _alias(self, frame: _Frame, event: Any, target: _Anchor | None, replayed: bool) -> None:
        if target is None:
            raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
        if target.end < 0:
            message = pmsg.YAML_ALIAS_RECURSIVE.format(name=event.anchor)
            raise _Refused(self._diagnostic(event, message, pmsg.YAML_ALIAS_RECURSIVE_HINT))
        if self._drop(frame):
            return  # the value of a rejected key: nothing to expand
        if not replayed:
            self.replaying = event
            if self.alias_values + target.values > MAX_ALIAS_VALUES:
                self._too_many_alias_values()
        self.replays.append(iter(self.recording[target.start : target.end]))

    def _too_many_alias_values(self) -> None:
        event = self.replaying
        message = pmsg.YAML_ALIAS_EXPANSION.format(name=event.anchor, limit=f"{MAX_ALIAS_VALUES:,}")
        raise _Refused(self._diagnostic(event, message, pmsg.YAML_ALIAS_EXPANSION_HINT))

    # -- values --

    def _scalar(self, frame: _Frame, event: Any, replayed: bool) -> None:
        if self._drop(frame):
            return
        self._count(event, replayed)
        slot = self._slot(frame, event)
        if slot is _KEY:
            self._key(frame, event, self._construct(event, frame))
            return
        place = slot[0]
        value = self._construct(event, frame, *([] if place is None else [place]))
        self._put(frame, place, None if value is _BAD else value)

    def _plain_scalar(self, frame: _Frame, event: Any) -> None:
        """``_scalar`` for an untagged scalar read from the text, with what it does inlined."""
        container = frame.container
        if event.tag is not None or container is None or frame.drop or frame is self.root:
            self._scalar(frame, event, False)
            return
        self.values += 1
        if self.values > MAX_VALUES:
            self._count(event, False)
        value = event.value
        is_list = container.__class__ is list
        if event.implicit[0] and value and (self.resolvable is None or value[0] in self.resolvable):
            value = self.typed.get(value, _KEY)  # may be a number, date, truth value or null
            if value is _KEY:
                place = (len(container),) if is_list else () if frame.key is _KEY else (frame.key,)
                value = self._construct(event, frame, *place)  # type: ignore[arg-type]
        mark = event.start_mark
        if is_list:
            frame.marks.child(len(container), (mark.line + 1, mark.column + 1))  # type: ignore[union-attr,arg-type]
            container.append(None if value is _BAD else value)  # type: ignore[union-attr]
        elif frame.key is not _KEY:
            key, frame.key = frame.key, _KEY
            container[key] = None if value is _BAD else value  # type: ignore[index]
        elif value.__class__ is str and value not in container:  # a new key, as nearly every key is
            frame.marks.child(value, (mark.line + 1, mark.column + 1))  # type: ignore[union-attr]
            frame.key = value
        else:
            self._key(frame, event, value)

    def _start(self, stack: list[_Frame], event: Any, replayed: bool) -> None:
        if len(stack) > MAX_DEPTH:
            message = pmsg.YAML_TOO_DEEP.format(limit=MAX_DEPTH)
            raise _Refused(self._diagnostic(event, message, pmsg.YAML_TOO_DEEP_HINT))
        anchor = None if replayed or event.anchor is None else self._open_anchor(event)
        parent = stack[-1]
        frame = _Frame(None, None)
        if not self._drop(parent):
            self._count(event, replayed)
            slot = self._slot(parent, event)
            if slot is _KEY:  # a list or mapping as a key: reject it and drop its value
                line, col = _position(event.start_mark)
                field = format_key_path(parent.path())
                self.diagnostics.append(Diagnostic(self.source.rel, line, col, field, msg.COMPLEX_KEY))
                parent.drop = True
            else:
                place, marks = slot
                container: dict[Any, Any] | list[Any] = {} if event.__class__ is MappingStartEvent else []
                self._put(parent, place, container)
                frame = _Frame(container, marks, None if parent is self.root else parent, place)
        frame.anchor = anchor
        stack.append(frame)

    @staticmethod
    def _drop(frame: _Frame) -> bool:
        """Whether the next node is dropped: inside a dropped node, or the value of a rejected key."""
        if frame.container is None:
            return True
        if frame.drop:
            frame.drop = False
            return True
        return False

    def _slot(self, frame: _Frame, event: Any) -> Any:
        """Where the node starting at ``event`` goes: (its key or index, its marks), or ``_KEY``
        when it is a mapping key."""
        at = _position(event.start_mark)
        if frame is self.root:
            self.root_mark = event.start_mark
            frame.marks.at = at  # type: ignore[union-attr]
            return None, frame.marks
        if frame.container.__class__ is list:
            index = len(frame.container)  # type: ignore[arg-type]
            return index, frame.marks.child(index, at)  # type: ignore[union-attr]
        if frame.key is _KEY:
            return _KEY
        key, frame.key = frame.key, _KEY
        return key, frame.marks.inside[key]  # type: ignore[union-attr,index]

    @staticmethod
    def _put(frame: _Frame, place: Any, value: Any) -> None:
        if frame.container.__class__ is list:
            frame.container.append(value)  # type: ignore[union-attr]
        else:
            frame.container[place] = value  # type: ignore[index]

    def _key(self, frame: _Frame, event: Any, key: Any) -> None:
        if key is _BAD:
            frame.drop = True
            return
        key = key if isinstance(key, str | int) else str(key)
        if key in frame.container:  # type: ignore[operator]
            line, col = _position(event.start_mark)
            first_line = frame.marks.inside[key].at[0]  # type: ignore[union-attr,index]
            self.diagnostics.append(
                Diagnostic(
                    self.source.rel,
                    line,
                    col,
                    format_key_path(frame.path(key)),
                    msg.DUPLICATE_KEY.format(first=first_line),
                    msg.DUPLICATE_KEY_HINT,
                )
            )
            frame.drop = True
            return
        frame.marks.child(key, _position(event.start_mark))  # type: ignore[union-attr]
        frame.key = key

    def _construct(self, event: Any, frame: _Frame, *place: str | int) -> Any:
        """The scalar's Python value (PyYAML's safe types); _BAD after reporting a bad one."""
        tag = event.tag
        implicit = False
        if tag is None or tag == "!":
            value = event.value
            typed = self.resolvable is None or not value or value[0] in self.resolvable
            if not (event.implicit[0] and typed):
                return value  # quoted, or no implicit type (number, date, bool…) starts like this
            # The same text always resolves to the same value: each is constructed once
            # (a roster writes `joined: 2024-03-01` and `team: team-1` thousands of times).
            known = self.typed.get(value, _KEY)
            if known is not _KEY:
                return known
            implicit = True
            tag = self.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR_TAG:
            if implicit:
                self.typed[event.value] = event.value
            return event.value
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            constructed = self.loader.construct_object(node)
            if implicit:
                self.typed[event.value] = constructed
            return constructed
        except yaml.constructor.ConstructorError as exc:
            message, hint = msg.BAD_SCALAR.format(problem=exc.problem), ""
        except ValueError:  # e.g. 2024-02-30 looks like a date but is none
            message, hint = msg.BAD_DATE, msg.BAD_DATE_HINT
        line, col = _position(event.start_mark)
        field = format_key_path(frame.path(*place))
        self.diagnostics.append(Diagnostic(self.source.rel, line, col, field, message, hint))
        return _BAD

    def _count(self, event: Any, replayed: bool) -> None:
        self.values += 1
        if replayed:
            self.alias_values += 1
            if self.alias_values > MAX_ALIAS_VALUES:
                self._too_many_alias_values()
        if self.values > MAX_VALUES:
            message = pmsg.YAML_TOO_MANY_VALUES.format(limit=f"{MAX_VALUES:,}")
            raise _Refused(self._diagnostic(event, message, pmsg.YAML_TOO_MANY_VALUES_HINT))

    def _diagnostic(self, event: Any, message: str, hint: str) -> Diagnostic:
        line, col = _position(event.start_mark)
        return Diagnostic(self.source.rel, line, col, "", message, hint)
