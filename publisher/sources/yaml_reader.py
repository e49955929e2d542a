"""YAML as release sources use it: safe, strict, and with the line of every key.

PyYAML's safe loader, with three changes for files written by hand and read by a build:

- a key given twice is an error naming both lines (YAML lets the second silently win);
- aliases (``*name``) are refused: a release never needs them, and expanding nested ones is how
  a 1 KB file asks for gigabytes of memory;
- every mapping remembers the line of each key (:class:`Mapping`), so later checks can say
  where a wrong value stands; an impossible date (``2023-02-30``) names its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

from publisher.errors import SourceError


class Mapping(dict[str, Any]):
    """A YAML mapping that knows the 1-based line of each of its keys."""

    lines: dict[str, int]

    def line(self, key: str) -> int | None:
        """The line ``key`` stands on, or None when it is not in the mapping."""
        return self.lines.get(key)


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event: yaml.AliasEvent = self.peek_event()  # type: ignore[no-untyped-call]
            mark = event.start_mark if isinstance(event.start_mark, yaml.Mark) else None
            raise ConstructorError(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed here: write the value out",
                mark,
            )
        return super().compose_node(parent, index)

    def construct_release_mapping(self, node: MappingNode) -> Mapping:
        mapping = Mapping()
        mapping.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise ConstructorError(
                    None, None, "a key must be a word, e.g. 'title:'", key_node.start_mark
                )
            name = str(key)
            line = key_node.start_mark.line + 1
            if name in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f"'{name}' is given twice, on lines {mapping.lines[name]} and {line}: keep one",
                    key_node.start_mark,
                )
            mapping[name] = self.construct_object(value_node, deep=True)
            mapping.lines[name] = line
        return mapping

    def construct_checked_timestamp(self, node: ScalarNode) -> object:
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise ConstructorError(
                None,
                None,
                f"'{node.value}' is not a date in the calendar: write a real date as YYYY-MM-DD",
                node.start_mark,
            ) from None


_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_release_mapping
)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)


def load_yaml(path: Path, text: str, first_line: int = 1) -> Any:
    """The YAML document in ``text`` (which starts at ``first_line`` of ``path``).

    Any problem is a SourceError naming the file and the line.
    """
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise SourceError(path, f"invalid YAML: {problem}", line) from None
    except RecursionError:
        raise SourceError(path, "invalid YAML: nested too deeply", first_line) from None
    _shift_lines(data, first_line - 1)
    return data


def _shift_lines(value: Any, offset: int) -> None:
    """Make key lines count from the start of the file, not of the YAML block."""
    if isinstance(value, Mapping):
        value.lines = {k: v + offset for k, v in value.lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shift_lines(item, offset)
