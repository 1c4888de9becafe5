"""Text in and out, the way offices have it: one decoder, one YAML writer, one string walker.

- ``decode_text``: UTF-8 (with or without a BOM), else GB18030, the superset of
  the GBK that Chinese Windows long saved text and CSV files in.
- ``dump_yaml``: YAML as people write it by hand: list items indented under their
  key, short lists of words inline (``[A, C]``), multi-line text as ``|`` blocks.
- ``walk_strings``: every scalar of nested dicts and lists, with its key path.
- ``YamlDocument``: a YAML file edited in place (ruamel.yaml round trip): what is not
  edited keeps its comments, order, quoting, indentation, line endings and BOM.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from io import StringIO
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

KeyPath = tuple[str | int, ...]
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(raw: bytes) -> tuple[str, str] | None:
    """``(text, encoding)`` for the first encoding in ``ENCODINGS`` that fits, else None."""
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


class _HandWrittenDumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    inline = bool(value) and all(isinstance(item, str) and "\n" not in item for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_HandWrittenDumper.add_representer(str, _represent_str)
_HandWrittenDumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_HandWrittenDumper, allow_unicode=True, sort_keys=False, width=10**6)


def walk_strings(data: Any, key_path: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """``(key path, text)`` for every non-empty scalar (numbers and dates as text too)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*key_path, key))
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            yield from walk_strings(value, (*key_path, index))
    elif data is not None:
        yield key_path, str(data)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlDocument:
    """A YAML file edited in place: only what is set or added is written anew.

    Text read with ruamel.yaml's round-trip loader keeps comments, key order, quoting and
    indentation (guessed from the file); a file's BOM and CRLF line endings are kept too.
    New values are written so that a YAML 1.1 reader (PyYAML, which reads content) reads
    them back as they were meant: text that would read as a number, date or truth value
    is quoted.
    """

    def __init__(self, text: str = ""):
        self.bom = text.startswith("\ufeff")
        text = text.removeprefix("\ufeff")
        self.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        self._yaml = YAML(typ="rt")
        self._yaml.preserve_quotes = True
        self._yaml.width = 10**6  # never fold a long line the file did not fold
        indent, offset = load_yaml_guess_indent(text)[1:] if text.strip() else (4, 2)
        indent, offset = indent or 2, offset or 0
        self._yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
        self.data = self._yaml.load(text) if text.strip() else None
        if self.data is None:
            self.data = CommentedMap()

    def dump(self) -> str:
        out = StringIO()
        self._yaml.dump(self.data, out)
        text = out.getvalue()
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return ("\ufeff" if self.bom else "") + text

    def sequence(self, key: str) -> CommentedSeq:
        """The list under ``key`` of the top mapping (created, or turned to block style, to be added to)."""
        value = self.data.get(key)
        if not isinstance(value, CommentedSeq):
            value = CommentedSeq()
            self.data[key] = value
        if not value:
            value.fa.set_block_style()  # `members: []` grows into a block list, not a flow one
        return value

    @staticmethod
    def append(seq: CommentedSeq, item: dict[str, Any]) -> CommentedMap:
        """Add a mapping at the end of ``seq``; comment lines that followed the old last item
        (before the next key, or at the end of the file) stay after the new one."""
        moved = _split_trailing_comment(seq)
        new = CommentedMap((key, yaml_value(value)) for key, value in item.items())
        seq.append(new)
        if moved is not None:
            _attach_trailing_comment(new, moved)
        return new

    @staticmethod
    def set(mapping: CommentedMap, key: str, value: Any, position: int | None = None) -> None:
        """Set ``key``; an existing value keeps its quoting, a new key goes at ``position``."""
        old = mapping.get(key)
        if key in mapping:
            keeps_quotes = isinstance(old, str) and type(old) is not str and isinstance(value, str)
            mapping[key] = type(old)(value) if keeps_quotes else yaml_value(value)
            return
        if position is None or position >= len(mapping):
            moved = _split_trailing_comment(mapping)
            mapping[key] = yaml_value(value)
            if moved is not None:
                _attach_trailing_comment(mapping, moved)
        else:
            mapping.insert(position, key, yaml_value(value))


def yaml_value(value: Any, quoted: bool = False) -> Any:
    """``value`` as it should be written: text a YAML 1.1 reader would take for something else
    (a number, a date, ``yes``) in double quotes, as the content files quote phone numbers."""
    if isinstance(value, str) and (quoted or not _reads_back_as_text(value)):
        return DoubleQuotedScalarString(value)
    return value


# A word (letters of any script, digits, "_" and "-", not starting with "_" or "-") is plain
# YAML syntax; whether it reads back as text is then only a matter of PyYAML's implicit
# types (numbers, dates, yes/no, null), which its resolver tells without parsing. Anything
# else is parsed: a 50,000-member roster has half a million values, most of them words.
_WORD = re.compile(r"[^\W_][\w-]*")
_RESOLVER = yaml.resolver.Resolver()


def _reads_back_as_text(value: str) -> bool:
    if _WORD.fullmatch(value):
        return _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    try:
        return yaml.load(value, Loader=_LOADER) == value
    except yaml.YAMLError:
        return False


def _last_slot(node: Any) -> tuple[Any, Any] | None:
    """The innermost (container, key or index) whose comment follows the last line of ``node``."""
    while isinstance(node, CommentedMap | CommentedSeq) and len(node):
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        value = node[key]
        if not (isinstance(value, CommentedMap | CommentedSeq) and len(value)):
            return node, key
        node = value
    return None


def _comment_position(holder: Any) -> int:
    return 2 if isinstance(holder, CommentedMap) else 0  # ruamel's slot for "after this item"


def _split_trailing_comment(node: Any) -> Any:
    """Cut off the whole-line comments after ``node``'s last line (its end-of-line comment stays)."""
    slot = _last_slot(node)
    if slot is None:
        return None
    holder, key = slot
    entry = holder.ca.items.get(key)
    token = entry[_comment_position(holder)] if entry else None
    if token is None or "\n" not in token.value:
        return None
    first, rest = token.value.split("\n", 1)
    if not rest:
        return None
    moved = copy.copy(token)
    moved.value = "\n" + rest
    token.value = first + "\n"
    return moved


def _attach_trailing_comment(node: Any, token: Any) -> None:
    slot = _last_slot(node)
    if slot is None:
        return
    holder, key = slot
    entry = holder.ca.items.setdefault(key, [None, None, None, None])
    entry[_comment_position(holder)] = token
