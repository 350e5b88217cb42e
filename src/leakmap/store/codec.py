"""Typed records to JSON and back, so the case stores what stages produce losslessly.

Only the shapes our records use are supported: dataclasses, StrEnums, dates, str/int/
float/bool, ``X | None``, ``tuple[X, ...]``, ``frozenset[X]`` and fixed tuples. Anything
else is a programming error and raises ``TypeError`` at once.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """A record as JSON-ready values (lists, dicts, strings, numbers)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(to_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}")


def dumps(record: Any) -> str:
    """A record as a compact JSON string."""
    return json.dumps(to_plain(record), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    """A JSON string back into a record of type ``cls``."""
    return from_plain(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(tp: Any, value: Any) -> Any:
    """Rebuild a value of type ``tp`` from what ``to_plain`` made."""
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return from_plain(inner[0], value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        return tuple(from_plain(a, v) for a, v in zip(args, value, strict=True))
    if origin is frozenset:
        (arg,) = typing.get_args(tp)
        return frozenset(from_plain(arg, v) for v in value)
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{k: from_plain(hints[k], v) for k, v in value.items() if k in hints})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(value)
    if tp is date:
        return date.fromisoformat(value)
    if tp is float:
        return float(value)
    if tp in (str, int, bool):
        return value
    raise TypeError(f"cannot load a {tp!r}")
