"""Read YAML keeping the line of every key and list item, so errors can point at them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple[str | int, ...]


class YamlProblem(Exception):
    """The text is not YAML we accept; carries the 1-based line of the fault."""

    def __init__(self, line: int, key: Path, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.key = key
        self.message = message


@dataclass
class LocatedYaml:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return 1


# libyaml's loader keeps the same line marks and parses about ten times faster; PyYAML may lack it.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reader_line(text: str, exc: yaml.reader.ReaderError) -> int:
    """Line of a character YAML forbids: libyaml counts bytes of UTF-8, PyYAML counts characters."""
    if _Loader is yaml.SafeLoader:
        return text.count("\n", 0, exc.position) + 1
    return text.encode("utf-8")[: exc.position].count(b"\n") + 1


def load_located(text: str) -> LocatedYaml:
    """Parse one YAML document; raise YamlProblem on syntax errors and duplicate keys."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(
            _reader_line(text, exc), (), f"not valid YAML: character {exc.character!r} is not allowed"
        ) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            raise YamlProblem(
                _reader_line(text, exc), (), f"not valid YAML: {exc.name}: {exc.reason}"
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            raise YamlProblem(line, (), f"not valid YAML: {exc.problem or exc}") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(1, (), f"not valid YAML: {exc}") from None
        located = LocatedYaml(None)
        if node is None:
            return located
        located.lines[()] = node.start_mark.line + 1
        located.data = _build(loader, node, (), located.lines)
        return located
    finally:
        loader.dispose()


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path, lines: dict[Path, int]) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            try:
                key = loader.construct_object(key_node, deep=True)
            except yaml.YAMLError as exc:
                raise YamlProblem(key_node.start_mark.line + 1, path, f"bad key: {exc}") from None
            if isinstance(key, dt.date):
                key = key.isoformat()  # dated values ({2019-07-01: 0.2}); pydantic parses them back
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise YamlProblem(
                    key_node.start_mark.line + 1, path, f"keys must be text or dates, got {key!r}"
                )
            if key in result:
                raise YamlProblem(key_node.start_mark.line + 1, (*path, key), "duplicate key")
            lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(loader, item, (*path, index), lines))
        return items
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        # e.g. an impossible date such as 2019-02-30
        raise YamlProblem(node.start_mark.line + 1, path, f"bad value {node.value!r}: {exc}") from None
