"""Read YAML keeping the line of every key and list item, so errors can point at them.

Every document is bounded before it is built: its size, the nesting of its lists and mappings, and the
number of values it expands to once aliases are followed (a "billion laughs" of nine nested aliases
expands 35 lines to 10^9 values). libyaml composes a document into a graph in which an alias is the
node it names, so composing is linear in the text; the expansion is counted on that graph, once per
node, before anything is built from it. Every loader of the package (case.yaml, rule packs, typed terms,
``record --field``) reads through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import yaml

from bargaining.model import MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES

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
    """Parse one YAML document; raise YamlProblem on syntax errors, duplicate keys and documents
    beyond the bounds (size, nesting, values after aliases)."""
    located = LocatedYaml(None)
    with _composed(text) as (loader, node):
        if node is None:
            return located
        located.lines[()] = node.start_mark.line + 1
        located.data = _build(loader, node, (), located.lines)
    return located


def load_value(text: str) -> Any:
    """Parse one bounded YAML document into plain values (no line marks): faster, for typed fields."""
    with _composed(text) as (loader, node):
        if node is None:
            return None
        try:
            return loader.construct_document(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlProblem(1, (), f"bad value: {exc}") from None


@contextmanager
def _composed(text: str) -> Iterator[tuple[yaml.SafeLoader, yaml.Node | None]]:
    """The loader and the checked node graph of one document; raise YamlProblem when it is not one."""
    size = len(text.encode("utf-8"))
    if size > MAX_YAML_BYTES:
        raise YamlProblem(
            1,
            (),
            f"the document is {size:,} bytes; at most {MAX_YAML_BYTES:,} are read (see docs/security.md)",
        )
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
        except RecursionError:
            # PyYAML's pure-Python composer recurses once per level (libyaml stops at 1,000 levels).
            raise YamlProblem(1, (), f"nested more than {MAX_YAML_DEPTH} levels deep") from None
        if node is not None:
            _check_expansion(node)
        yield loader, node
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a graph nested too deep, naming itself, or expanding beyond MAX_YAML_NODES values.

    An iterative depth-first walk that sizes each node once (a node met again through an alias adds its
    known size), so the check costs time linear in the text however far the aliases would expand.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, closing = stack.pop()
        key = id(node)
        line = node.start_mark.line + 1
        if closing:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_YAML_NODES:
                raise YamlProblem(
                    line,
                    (),
                    f"expands to more than {MAX_YAML_NODES:,} values once its aliases (*name) are followed",
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise YamlProblem(line, (), "an alias (*name) refers to a list or mapping that contains it")
        if depth >= MAX_YAML_DEPTH:  # the root is at depth 0
            raise YamlProblem(line, (), f"nested more than {MAX_YAML_DEPTH} levels deep")
        open_nodes.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))


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
