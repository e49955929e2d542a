"""YAML as release sources use it: safe, strict, and with the line of every key.

PyYAML's safe loader, with three changes for files written by hand and read by a build:

- a key given twice is an error naming both lines (YAML lets the second silently win);
- aliases (``*name``) are refused: a release never needs them, and expanding nested ones is how
  a 1 KB file asks for gigabytes of memory;
- every mapping remembers the line of each key (:class:`Mapping`), so later checks can say
  where a wrong value stands; an impossible date (``2023-02-30``) names its line.

With ``text_only`` (a file that is a table of words, as a lexicon is), every key must be text
that is not blank, and a value written plainly must be text too: ``NO:`` is YAML 1.1's false and
``1:`` a number, so each is refused with its line and the quoting that makes it a word.
"""

from __future__ import annotations

import datetime as dt
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


def _read_as(value: object) -> str:
    """What a plain scalar that is not text was read as, for a message."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return "nothing (null)" if value is None else type(value).__name__


class _Loader(yaml.SafeLoader):
    text_only = False

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
            name = self._key_name(key_node)
            line = key_node.start_mark.line + 1
            if name in mapping:
                raise ConstructorError(
                    None,
                    None,
                    f"'{name}' is given twice, on lines {mapping.lines[name]} and {line}: keep one",
                    key_node.start_mark,
                )
            mapping[name] = self._value(name, value_node)
            mapping.lines[name] = line
        return mapping

    def _key_name(self, node: Node) -> str:
        key = self.construct_object(node, deep=True)
        scalar = isinstance(node, ScalarNode)
        if not self.text_only:
            if not scalar or key is None or not isinstance(key, str | int | float | bool):
                raise ConstructorError(
                    None, None, "a key must be a word, e.g. 'title:'", node.start_mark
                )
            return str(key)
        if not scalar:
            raise ConstructorError(None, None, "a key must be a word", node.start_mark)
        if not isinstance(key, str):
            raise ConstructorError(
                None,
                None,
                f"the key '{node.value}' is read as {_read_as(key)}, not as a word: "
                f'quote it: "{node.value}": ...',
                node.start_mark,
            )
        if not key.strip():
            raise ConstructorError(
                None,
                None,
                f"the key {key!r} is blank: write the word before ':' (or delete the line)",
                node.start_mark,
            )
        return key

    def _value(self, name: str, node: Node) -> Any:
        value = self.construct_object(node, deep=True)
        if (
            self.text_only
            and isinstance(node, ScalarNode)
            and value is not None
            and not isinstance(value, str)
        ):
            raise ConstructorError(
                None,
                None,
                f"the value '{node.value}' of '{name}' is read as {_read_as(value)}, not as text: "
                f'quote it: {name}: "{node.value}"',
                node.start_mark,
            )
        return value

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


class _TextLoader(_Loader):
    text_only = True


def load_yaml(path: Path, text: str, first_line: int = 1, *, text_only: bool = False) -> Any:
    """The YAML document in ``text`` (which starts at ``first_line`` of ``path``).

    Any problem is a SourceError naming the file and the line. ``text_only``: keys and plain
    values must be text (see the module's notes).
    """
    try:
        data = yaml.load(text, Loader=_TextLoader if text_only else _Loader)
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
