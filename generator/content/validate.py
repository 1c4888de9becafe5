"""pydantic's validation errors → Chinese diagnostics with file, line, field and a hint."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

from .. import messages as msg
from ..diagnostics import Diagnostic
from .loader import SourceFile
from .schema import Problem

_TYPE_NAMES = {
    int: "数字",
    float: "数字",
    bool: "true/false",
    list: "列表",
    dict: "映射",
    type(None): "空值",
    str: "文本",
}


def translate_error(err: Any, source: SourceFile, model: type[BaseModel]) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    error = ctx.get("error")
    if isinstance(error, Problem):
        return source.diagnostic(loc, error.message, error.hint)
    if kind == "string_type" and given is None:
        return source.diagnostic(loc, *msg.SCHEMA_ERRORS["string_too_short"])
    message, hint = msg.SCHEMA_ERRORS.get(kind, msg.SCHEMA_FALLBACK)
    values = {
        **{k: v for k, v in ctx.items() if k != "error"},
        "input": given,
        "input_type": _TYPE_NAMES.get(type(given), type(given).__name__),
        "detail": err.get("msg", ""),
    }
    if "expected" in ctx:
        values["expected"] = "、".join(
            s.strip(" '") for s in str(ctx["expected"]).replace(" or ", ",").split(",")
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = (msg.DID_YOU_MEAN.format(name=close[0]) if close else "") + msg.ALLOWED_FIELDS.format(
            fields="、".join(allowed)
        )
    return source.diagnostic(loc, message.format_map(_Safe(values)), hint.format_map(_Safe(values)))


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Names of the fields the model allows at ``loc`` (for "did you mean" hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            info = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if info is None:
                return []
            current = info.annotation
        elif isinstance(part, int):
            args = typing.get_args(_unwrap(current))
            current = args[0] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Optional[X] → X; Annotated[X, ...] → X; list[X] stays (indexed by ints)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation
