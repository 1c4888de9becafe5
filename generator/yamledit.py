"""Edit a YAML file's text in place: add items to its top-level lists, set fields of their items.

roster.yml is content an office keeps by hand: its comments ("内部资料，不得公开"), order,
quoting and indentation are theirs. So an edit never re-writes the file from data: one pass
over libyaml's events notes where each top-level list, each of its items and each of their
fields starts and ends in the text, and every change is a splice at those places. Nothing
else is touched, and the cost is one parse whatever the file's size (50,000 members: about
two seconds; a round-trip library that rebuilds and re-serialises the whole document took
over a minute).

Lists written in flow style (``members: []``) become block lists; an item written as a flow
mapping (``- {id: M1, name: 甲一}``) is written again whole, in flow style. New text follows
the file's own layout (the dash and key columns of its items), and a value is quoted only
when a YAML 1.1 reader (PyYAML, which reads content) would otherwise take it for something
else. A file's BOM and CRLF line endings are kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
# A word (letters of any script, digits, "_" and "-", not starting with "_" or "-") is plain
# YAML syntax; whether it reads back as text is then only a matter of PyYAML's implicit types
# (numbers, dates, yes/no, null), which its resolver tells without parsing.
_WORD = re.compile(r"[^\W_][\w-]*")
_RESOLVER = yaml.resolver.Resolver()
# What YAML allows unescaped in a quoted scalar (its "printable" set, minus line breaks).
_UNPRINTABLE = re.compile("[^\t\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Field:
    """One ``key: value`` of an item: where its value's text is."""

    value_start: int
    value_end: int
    style: str | None  # None (plain), "'", '"', "|", ">"; "*" for an alias, "{" for a list or mapping
    text: str | None = None  # a scalar's text as written (unquoted); None for anything else


@dataclass
class Item:
    """One mapping in a top-level list."""

    start: int  # where its first key (or its "{") starts
    column: int
    flow: bool
    end: int = 0  # the end of the last value inside it
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass
class Sequence:
    """The list under a top-level ``key:``."""

    start: int
    end: int = 0
    flow: bool = False
    last: int = 0  # the end of its last item's text
    items: list[Item | None] = field(default_factory=list)  # None: an item that is not a mapping


class YamlTextEditor:
    """The text of one YAML document whose top level is a mapping, with edits to apply."""

    def __init__(self, text: str):
        self.bom = text.startswith("\ufeff")
        text = text.removeprefix("\ufeff")
        self.crlf = "\r\n" in text
        self.text = text.replace("\r\n", "\n")
        self.sequences: dict[str, Sequence] = {}
        self.empty: dict[str, tuple[int, int]] = {}  # top-level `key:` with no value: where that is
        self._splices: list[tuple[int, int, int, str]] = []  # (start, end, order of the call, new text)
        self._appended: dict[str, list[dict[str, Any]]] = {}
        if self.text.strip():
            _Scanner(self).scan()

    # -- edits --

    def items(self, key: str) -> list[Item | None]:
        sequence = self.sequences.get(key)
        return sequence.items if sequence else []

    def append(self, key: str, entry: dict[str, Any]) -> None:
        """Add ``entry`` (a mapping, keys in the order given) at the end of the list under ``key``."""
        self._appended.setdefault(key, []).append(entry)

    def set(self, item: Item, key: str, value: Any, after: list[str]) -> None:
        """Set ``key`` of ``item``; a new key goes after the last of ``after`` the item has, else first.
        An existing value keeps its quoting where the new value allows it."""
        if item.flow:
            raise ValueError("set on a flow item: use rewrite")
        old = item.fields.get(key)
        if old is not None:
            keep = old.style if old.style in ("'", '"') else None
            text = _scalar(value, keep or ('"' if isinstance(value, _Quoted) else None))
            if old.style in ("|", ">"):
                text += "\n"  # a block scalar's text runs to the start of the next line
            elif old.value_start == old.value_end:
                text = " " + text  # `key:` with nothing after it
            self._splice(old.value_start, old.value_end, text)
            return
        line = f"{key}: {_render(value)}"
        present = [item.fields[k] for k in after if k in item.fields]
        if present:
            at = _line_end(self.text, max(f.value_end for f in present))
            self._splice(at, at, "\n" + " " * item.column + line)
        else:
            self._splice(item.start, item.start, line + "\n" + " " * item.column)

    def rewrite(self, item: Item, entry: dict[str, Any]) -> None:
        """Write a flow-style item again whole, as ``entry``."""
        self._splice(item.start, item.end, _flow_mapping(entry))

    def _splice(self, start: int, end: int, text: str) -> None:
        self._splices.append((start, end, len(self._splices), text))

    def dump(self) -> str:
        splices = list(self._splices)

        def add(start: int, end: int, text: str) -> None:
            splices.append((start, end, len(splices), text))

        additions = ""
        for key, entries in self._appended.items():
            sequence = self.sequences.get(key)
            layout = self._layout(sequence)
            block = "".join("\n" + _block_item(entry, *layout) for entry in entries)
            if key in self.empty:
                start, end = self.empty[key]
                add(_after_colon(self.text, start), end, block)
            elif sequence is None:
                additions += f"{key}:{block}\n"
            elif sequence.flow and not sequence.items:
                # `members: []` grows into a block list
                add(_after_colon(self.text, sequence.start), sequence.end, block)
            elif sequence.flow:  # items added inside the brackets: the ones there stay as they are
                at = self.text.rfind("]", sequence.start, sequence.end)
                add(at, at, "".join(", " + _flow_mapping(entry) for entry in entries))
            else:
                at = _line_end(self.text, sequence.last)
                add(at, at, block)
        # From the end backwards, so earlier places stay where they were; at one place, the
        # later call first, so that the texts end up in the order they were asked for.
        pieces, rest = [], len(self.text)
        for start, end, _, new in sorted(splices, reverse=True):
            pieces += [self.text[end:rest], new]
            rest = start
        pieces.append(self.text[:rest])
        text = "".join(reversed(pieces))
        if additions:
            text = (text if not text or text.endswith("\n") else text + "\n") + additions
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text

    def _layout(self, sequence: Sequence | None) -> tuple[int, int]:
        """(dash column, key column) of new items: as this list's block items, else as any list's."""
        candidates = [sequence] if sequence else []
        candidates += [s for s in self.sequences.values() if s is not sequence]
        for candidate in candidates:
            for item in candidate.items:
                if item is not None and not item.flow and not candidate.flow:
                    dash = self.text.rfind("-", 0, item.start)
                    dash_column = dash - (self.text.rfind("\n", 0, dash) + 1)
                    if 0 <= dash_column < item.column:
                        return dash_column, item.column
        return 2, 4


class _Scanner:
    """One pass over the parser's events, noting the top-level lists and their items' fields."""

    def __init__(self, editor: YamlTextEditor):
        self.editor = editor
        self.loader = _LOADER(editor.text)

    def scan(self) -> None:
        try:
            self._document()
        finally:
            self.loader.dispose()

    def _next(self) -> Any:
        return self.loader.get_event()

    def _document(self) -> None:
        self._next()  # stream start
        if not isinstance(self._next(), yaml.DocumentStartEvent):
            return
        top = self._next()
        if not isinstance(top, MappingStartEvent) or top.flow_style:
            return  # not a block mapping: nothing to edit in place (the caller's check says so)
        while True:
            key = self._next()
            if isinstance(key, MappingEndEvent):
                return
            value = self._next()
            if isinstance(key, ScalarEvent) and isinstance(value, SequenceStartEvent):
                self.editor.sequences[key.value] = self._sequence(value)
                continue
            if isinstance(key, ScalarEvent) and isinstance(value, ScalarEvent) and _is_null(value):
                self.editor.empty[key.value] = (value.start_mark.index, value.end_mark.index)
            self._skip(key)
            self._skip(value)

    def _sequence(self, start: Any) -> Sequence:
        sequence = Sequence(start.start_mark.index, flow=bool(start.flow_style))
        while True:
            event = self._next()
            if isinstance(event, SequenceEndEvent):
                sequence.end = event.end_mark.index
                return sequence
            if isinstance(event, MappingStartEvent) and event.anchor is None:
                item = self._item(event)
                sequence.items.append(item)
                sequence.last = max(sequence.last, item.end)
            else:
                sequence.last = max(sequence.last, self._skip(event))
                sequence.items.append(None)

    def _item(self, start: Any) -> Item:
        item = Item(start.start_mark.index, start.start_mark.column, bool(start.flow_style))
        while True:
            key = self._next()
            if isinstance(key, MappingEndEvent):
                if item.flow:
                    item.end = key.end_mark.index
                return item
            value = self._next()
            end = self._skip(value)
            item.end = max(item.end, end)
            if not isinstance(key, ScalarEvent):
                self._skip(key)
                continue
            if isinstance(value, ScalarEvent):
                style, text = value.style or None, value.value  # libyaml gives "" for plain
            else:
                style, text = ("*" if isinstance(value, AliasEvent) else "{"), None
            item.fields[key.value] = Field(value.start_mark.index, end, style, text)

    def _skip(self, event: Any) -> int:
        """Read past the node ``event`` starts; the end of its text."""
        end = event.end_mark.index
        depth = 1 if isinstance(event, CollectionStartEvent) else 0
        while depth:
            event = self._next()
            if isinstance(event, CollectionStartEvent):
                depth += 1
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
                if not _flow_end(event):
                    continue
            end = max(end, event.end_mark.index)
        return end


def _is_null(event: Any) -> bool:
    # libyaml gives style "" for a plain scalar, PyYAML's own parser None
    return not event.style and event.value in ("", "~", "null", "Null", "NULL")


def _flow_end(event: Any) -> bool:
    # a block collection's end event sits where the next node starts (after comments and blank
    # lines): only a flow collection's "]" or "}" ends its text
    return event.start_mark.index != event.end_mark.index


def _after_colon(text: str, index: int) -> int:
    """``index`` moved back over the spaces after ``key:``, so a block list starts on the next line
    without a trailing space."""
    while index > 0 and text[index - 1] == " ":
        index -= 1
    return index


def _line_end(text: str, index: int) -> int:
    """Where to add a line after the text ending at ``index``: the end of that line (after any
    comment on it), or ``index`` itself when it already ends a line (a block scalar does)."""
    if index > 0 and text[index - 1] == "\n":
        return index - 1
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline


def _reads_back_as_text(value: str) -> bool:
    """Whether ``value`` written plain reads back (PyYAML, YAML 1.1) as this same text."""
    if _WORD.fullmatch(value):
        return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG
    try:
        return yaml.load(value, Loader=_LOADER) == value
    except yaml.YAMLError:
        return False


def _scalar(value: Any, style: str | None = None) -> str:
    """``value`` as YAML text: plain when it reads back as itself, else quoted (``style`` first)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    text = str(value)
    if style == "'" and "\n" not in text and not _UNPRINTABLE.search(text):
        return "'" + text.replace("'", "''") + "'"
    if style is None and _reads_back_as_text(text):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return json.dumps(text) if _UNPRINTABLE.search(quoted) else quoted


def quoted(value: Any) -> Any:
    """Mark ``value`` to be written in double quotes (digits kept as text, as content files
    write phone numbers)."""
    return _Quoted(value) if isinstance(value, str) else value


class _Quoted(str):
    pass


def _render(value: Any) -> str:
    return _scalar(str(value), '"') if isinstance(value, _Quoted) else _scalar(value)


def _block_item(entry: dict[str, Any], dash: int, column: int) -> str:
    lines = [f"{key}: {_render(value)}" for key, value in entry.items()]
    first = " " * dash + "-" + " " * (column - dash - 1)
    return first + ("\n" + " " * column).join(lines)


def _flow_mapping(entry: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_render(value)}" for key, value in entry.items()) + "}"
