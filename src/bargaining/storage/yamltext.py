"""Add events (or proposals) to the text of a case.yaml, keeping every other byte, comments included.

The usual case is a block list ``events:`` whose items are one per line: new items go right after the
last one, at the same indentation, in the one-line ``- {date: ..., type: ...}`` style the case format
uses; the same holds for the ``proposals:`` list. Any other shape (a flow list, an empty key, no key)
gets its value rewritten; each attempt is checked by parsing the result, and the first that reads back
as the old items followed by the new ones wins.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from bargaining.storage.chain import StoredEvent
from bargaining.storage.errors import StorageError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WIDE = 1 << 30  # never fold a line: an item must stay on its own line

# libyaml when PyYAML has it: 20 to 50 times faster on a long record, and it reads the same values.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def event_as_yaml(event: StoredEvent) -> dict[str, Any]:
    """The event as an item of the ``events:`` list: date and type first, then its fields."""
    return yaml_item(event.type, event.date, event.payload, event.supersedes)


def yaml_item(type: str, date: dt.date, payload: Mapping[str, Any], supersedes: int | None) -> dict[str, Any]:
    item: dict[str, Any] = {"date": date, "type": type}
    item.update(_dates_back(dict(payload)))
    if supersedes is not None:
        item["supersedes"] = supersedes
    return item


def _dates_back(value: Any) -> Any:
    """Payload JSON holds dates as ``YYYY-MM-DD`` text; YAML should read them as dates again."""
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {key: _dates_back(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_back(item) for item in value]
    return value


def with_events(text: str, new: Sequence[Mapping[str, Any]]) -> str:
    """``text`` with ``new`` appended to its top-level ``events:`` list."""
    return with_items(text, new, "events")


def with_items(text: str, new: Sequence[Mapping[str, Any]], key: str) -> str:
    """``text`` with ``new`` appended to its top-level list ``key`` (``events`` or ``proposals``)."""
    if not new:
        return text
    new = [_dates_back(dict(item)) for item in new]
    try:
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        root = None
    if not isinstance(root, yaml.MappingNode):
        raise StorageError(f"cannot add the {key} to case.yaml: the file no longer parses as a mapping")
    candidate = _append_to_block(text, root, new, key)
    if candidate is not None and _tail_reads_back(candidate, text, root, new, key):
        return candidate
    for rewrite in (_rewrite_value, _redump):
        candidate = rewrite(text, root, new, key)
        if candidate is not None and _reads_back(candidate, text, new, key):
            return candidate
    raise StorageError(f"cannot add the {key} to case.yaml")


def _one_line(item: Mapping[str, Any]) -> str:
    return str(
        yaml.safe_dump(dict(item), default_flow_style=True, sort_keys=False, allow_unicode=True, width=_WIDE)
    ).strip()


def _items(new: Sequence[Mapping[str, Any]], indent: int) -> list[str]:
    return [f"{' ' * indent}- {_one_line(item)}" for item in new]


def _entries(root: yaml.MappingNode) -> list[tuple[str, yaml.Node]]:
    return [(key.value if isinstance(key, yaml.ScalarNode) else "", value) for key, value in root.value]


def _list_node(root: yaml.MappingNode, key: str) -> yaml.Node | None:
    return dict(_entries(root)).get(key)


def _append_to_block(
    text: str, root: yaml.MappingNode, new: Sequence[Mapping[str, Any]], key: str
) -> str | None:
    value = _list_node(root, key)
    if value is None:
        lead = "" if not text or text.endswith("\n") else "\n"
        return text + lead + f"{key}:\n" + "".join(line + "\n" for line in _items(new, 2))
    if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
        return None
    at = _content_end(value.value[-1], text)
    lines = "".join(line + "\n" for line in _items(new, value.start_mark.column))
    if at == len(text) and not text.endswith("\n"):
        return text + "\n" + lines
    return text[:at] + lines + text[at:]


def _content_end(node: yaml.Node, text: str) -> int:
    """Just past the line where ``node``'s own content ends.

    A block collection's end mark runs on over blank and comment lines to the next key, so descend to
    its last scalar or flow item, whose end is exact (a block scalar's includes its final newline).
    """
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline == -1 else newline + 1


def _rewrite_value(
    text: str, root: yaml.MappingNode, new: Sequence[Mapping[str, Any]], key: str
) -> str | None:
    value = _list_node(root, key)
    if value is None:
        return None
    old = _load(text).get(key) or []
    block = "\n" + "\n".join(_items([*old, *new], 2))
    return text[: value.start_mark.index] + block + text[value.end_mark.index :]


def _redump(text: str, root: yaml.MappingNode, new: Sequence[Mapping[str, Any]], key: str) -> str | None:
    data = _load(text)
    if not isinstance(data, dict):
        return None
    data[key] = [*(data.get(key) or []), *new]
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=_WIDE))


def _load(text: str) -> Any:
    return yaml.load(text, Loader=FAST_LOADER)


def _tail_reads_back(
    candidate: str, text: str, root: yaml.MappingNode, new: Sequence[Mapping[str, Any]], key: str
) -> bool:
    """Whether appended lines read back as exactly the new events, leaving everything else as it was.

    Lines inserted after the last item can only change that item and what follows it, so it is enough
    to read that window, from the last item's line to the end, under its ``events:`` key: exporting a
    long record then does not read every event again. A window that cannot be read alone (an alias to
    an anchor above it, say) is judged by reading both whole files.
    """
    old = _list_node(root, key)
    if not isinstance(old, yaml.SequenceNode) or not old.value:
        return _reads_back(candidate, text, new, key)
    start = text.rfind("\n", 0, old.value[-1].start_mark.index) + 1
    try:
        before = _load(f"{key}:\n" + text[start:])
    except yaml.YAMLError:
        return _reads_back(candidate, text, new, key)
    try:
        after = _load(f"{key}:\n" + candidate[start:])
    except yaml.YAMLError:
        return False
    if not isinstance(before, dict) or not isinstance(before.get(key), list):
        return _reads_back(candidate, text, new, key)
    expected = {**before, key: [*before[key], *(dict(item) for item in new)]}
    return candidate[:start] == text[:start] and bool(after == expected)


def _reads_back(candidate: str, original: str, new: Sequence[Mapping[str, Any]], key: str) -> bool:
    try:
        got = _load(candidate)
    except yaml.YAMLError:
        return False
    expected = _load(original)
    expected[key] = [*(expected.get(key) or []), *(dict(item) for item in new)]
    return bool(got == expected)
