"""Problems are values: what is wrong with a value, at the key path where it is wrong.

The model checks a case, an event or a proposal without knowing where it came from; ``bargaining.inputs``
adds the file and line (``InputError``), the web shows the key path. How a pydantic error reads in words
has its one home here (``pydantic_problems``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

Path = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong (``message``, naming what was expected) at ``path`` (``("events", 3, "by")``)."""

    path: Path
    message: str

    @property
    def key(self) -> str:
        return key_path(self.path)

    def __str__(self) -> str:
        return f"{self.key or '(document)'}: {self.message}"


def key_path(parts: Sequence[str | int]) -> str:
    """``('proposals', 0, 'terms', 1, 'percent')`` -> ``proposals[0].terms[1].percent``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


# Names pydantic puts in an error location for the member of a union it tried, not for a key.
_TYPE_NAMES = {"float", "int", "str", "bool", "date", "list", "dict", "tuple"}


def data_path(
    data: Any, loc: Sequence[int | str], *, missing: bool = False, tags: Sequence[str] = ("type",)
) -> tuple[str | int, ...]:
    """Follow a pydantic error location through the raw data it validated.

    Location parts that are not in the data are either the name of a union member pydantic tried (a type
    name, ``tagged-union[...]``, a model name, or the value of a tag key such as ``type``), which is
    dropped, or a key the data lacks, which is kept and ends the walk. When the error says a key is
    ``missing``, the last part is that key even if it is named like a type (``date``).
    """
    if missing and loc:
        return (*data_path(data, loc[:-1], tags=tags), loc[-1])
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list | tuple) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and not _is_member_name(part, node, tags):
            path.append(part)
            break
    return tuple(path)


def _is_member_name(part: str, node: dict[Any, Any], tags: Sequence[str]) -> bool:
    if part in _TYPE_NAMES or "[" in part or part[:1].isupper():
        return True
    return any(node.get(tag) == part for tag in tags)


def shown(value: Any) -> str:
    """A value as the user wrote it in YAML (a date as 2019-01-10, text in quotes), never a Python repr."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    return str(value)


def message_of(item: Any, *, private: bool = False) -> str:
    """The words of one pydantic error (an item of ``ValidationError.errors()``), with the value given shown
    as written; ``private`` leaves the value out (a side's confidential numbers). The one rule that turns a
    pydantic error into a message: sections with kinds of their own (distributions, say) word those and
    call this for the rest."""
    message = str(item["msg"])
    if item["type"] == "missing":
        return "required key is missing"
    if item["type"] == "extra_forbidden":
        return "unknown key"
    if item["type"] in ("value_error", "assertion_error"):
        message = str(item.get("ctx", {}).get("error", message.removeprefix("Value error, ")))
        return message
    given = item.get("input")
    if private or isinstance(given, dict | list | tuple) or "input" not in item:
        return message
    if item["type"] == "string_type" and isinstance(given, dt.date | int | float | bool):
        return f"expected text, got {shown(given)}; put it in quotes to keep it as text ('{shown(given)}')"
    return f"{message} (got {shown(given)})"


def pydantic_problems(exc: ValidationError, data: Any, *, tags: Sequence[str] = ("type",)) -> list[Problem]:
    """Every error pydantic found in ``data``, in words, at the key path it concerns."""
    found = []
    for item in exc.errors(include_url=False):
        path = data_path(data, item["loc"], missing=item["type"] == "missing", tags=tags)
        if item["type"] == "union_tag_not_found":
            path = (*path, "type")
            message = "required key is missing (the item's type)"
        elif item["type"] == "union_tag_invalid":
            context = item.get("ctx", {})
            path = (*path, "type")
            message = f"unknown type {context.get('tag')!r}; expected one of {context.get('expected_tags')}"
        else:
            message = message_of(item)
        found.append(Problem(path, message))
    return found
