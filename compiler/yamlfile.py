"""Turn YAML text into plain Python values that remember their line numbers.

Only the safe subset of YAML is read (PyYAML's C parser when present). Mappings
become `LineDict` and sequences `LineList`, which record the line of every key and
item so that each problem can name its line. Two YAML 1.1 surprises are removed:
dates stay strings (we parse and check them ourselves, so an impossible date is a
clear problem rather than a crash), and only `true`/`false` are booleans (so the
country code `NO` stays Norway).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from compiler.errors import Problem

try:  # the C parser is several times faster; the constructors stay in Python
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict
    value_lines: dict


class LineList(list):
    """A sequence that knows the line of itself and of each of its items."""

    line: int = 0
    item_lines: list


def _bool_free_resolvers() -> dict:
    resolvers = {}
    for first, entries in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
        kept = [(tag, rx) for tag, rx in entries if tag != "tag:yaml.org,2002:bool"]
        if kept:
            resolvers[first] = kept
    strict_bool = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
    for first in "tTfF":
        resolvers.setdefault(first, [])
        resolvers[first] = [("tag:yaml.org,2002:bool", strict_bool)] + resolvers[first]
    return resolvers


class _Loader(_Base):
    yaml_implicit_resolvers = _bool_free_resolvers()

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, object]] = []


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.value_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            loader.duplicates.append((line, key))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
        result.value_lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse(text: str, path: str) -> tuple[object, list[Problem]]:
    """Return the value of YAML `text` and the problems found while reading it.

    A syntax error gives the value None and one problem naming its line.
    """
    loader = _Loader(text)
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(path, line, "", f"YAML syntax error: {what}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, "", f"YAML error: {exc}")]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        return None, [Problem(path, None, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    problems = [
        Problem(path, line, str(key), "key appears twice in the same mapping; the last one is used")
        for line, key in loader.duplicates
    ]
    return value, problems


def read(path: Path, shown: str) -> tuple[object, list[Problem], str]:
    """Return the value of the YAML file at `path`, its problems and its text.

    `shown` is the path as messages print it.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, "", f"cannot read file: {exc.strerror or exc}")], ""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", "file is not valid UTF-8 text")], ""
    value, problems = parse(text, shown)
    return value, problems, text
