"""Text in and out, the way offices have it: one decoder, one YAML writer, one string walker.

- ``decode_text``: UTF-8 (with or without a BOM), else GB18030, the superset of
  the GBK that Chinese Windows long saved text and CSV files in.
- ``dump_yaml``: YAML as people write it by hand: list items indented under their
  key, short lists of words inline (``[A, C]``), multi-line text as ``|`` blocks.
- ``walk_strings``: every scalar of nested dicts and lists, with its key path.

(A YAML file edited in place, keeping what is not edited, is ``yamledit``.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

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
