"""Turn YAML text into plain Python values that remember their line numbers.

Only the safe subset of YAML is read (PyYAML's C parser when present). Mappings
become `LineDict` and sequences `LineList`, which record the line of every key and
item so that each problem can name its line. Two YAML 1.1 surprises are removed:
dates stay strings (we parse and check them ourselves, so an impossible date is a
clear problem rather than a crash), and only `true`/`false` are booleans (so the
country code `NO` stays Norway).

Hostile files fail fast with one problem instead of exhausting memory, time or the
C stack: a file is at most `MAX_FILE_BYTES`, lists and mappings nest at most
`MAX_DEPTH` levels, aliases (`*name`) may repeat at most `MAX_ALIAS_EXPANSION`
nodes and characters (no "billion laughs"), and only the plain tags (`!!str`,
`!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`) are read.
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

MAX_FILE_BYTES = 20 * 1024 * 1024
"""The largest YAML file read (20 MB): a store of many thousand facts, split into files."""
MAX_BRIEF_BYTES = 1024 * 1024
"""The largest brief file read (1 MB); real briefs are under 100 kB."""
MAX_DEPTH = 100
"""The deepest nesting of lists and mappings read; real files nest fewer than 10 levels."""
MAX_ALIAS_EXPANSION = 1_000_000
"""The most nodes and characters that aliases may add to what a file holds itself."""

# libyaml's composer recurses in C: far below the depth that overflows its stack, every
# file that could nest deeper than this is scanned for its depth first (a collection
# needs one of the characters counted, so smaller counts cannot nest that deep).
_SCAN_DEPTH_ABOVE = 5_000
_INDICATORS = "[{-?:"
_UNSUPPORTED_TAGS = ("binary", "set", "pairs", "omap")


class LimitError(yaml.YAMLError):
    """A file that is read no further: too large, too deep or too repetitive."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def key_text(key: object) -> str:
    """Return a mapping key as a problem's field shows it: on one line, at most 40 characters."""
    text = str(key)
    if len(text) > 40:
        text = text[:37] + "..."
    return text if text.isprintable() else repr(text)[1:-1]


def _too_deep(line: int | None) -> LimitError:
    return LimitError(f"YAML error: lists and mappings nested more than {MAX_DEPTH} levels deep", line)


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict
    value_lines: dict


class LineList(list):
    """A sequence that knows the line of itself and of each of its items."""

    line: int = 0
    item_lines: list


class WrittenFloat(float):
    """A number with a fractional part that remembers how it was written (`124.10` is not `124.1`)."""

    written: str = ""


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
        self.depth = 0
        self.aliases = True  # whether the text may hold aliases (an anchor `&` and an alias `*`)

    def get_single_data(self):
        """Return the document's value, after refusing one that aliases would blow up."""
        node = self.get_single_node()
        if node is None:
            return None
        if self.aliases:
            _check_aliases(node)
        return self.construct_document(node)


def _cannot_read(node: yaml.Node) -> str:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    if isinstance(node, yaml.ScalarNode):
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"cannot read {shown!r} as {tag}"
    return f"cannot read a {node.id} as {tag}"


def _check_aliases(root: yaml.Node) -> None:
    """Raise LimitError when aliases repeat more than MAX_ALIAS_EXPANSION nodes and characters.

    Walks the node graph once (each node by identity), so a bomb is measured without
    being expanded. A recursive alias is left to the constructor, which refuses it.
    """
    expanded: dict[int, int] = {}
    own_total = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    opened: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            if key not in expanded:
                expanded[key] = 1 + len(node.value)
                own_total += expanded[key]
            continue
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        if children_done:
            expanded[key] = 1 + sum(expanded.get(id(c), 0) for c in children)
            own_total += 1
            extra = expanded[key] - own_total
            if extra > MAX_ALIAS_EXPANSION:
                raise LimitError(
                    f"YAML error: aliases (*name) repeat more than {MAX_ALIAS_EXPANSION:,} nodes and "
                    "characters; write the values out instead",
                    node.start_mark.line + 1,
                )
            continue
        if key in expanded or key in opened:
            continue  # seen (an alias), or recursive (refused when constructed)
        opened.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in expanded and id(c) not in opened)


def _libyaml_too_deep(exc: yaml.YAMLError) -> bool:
    """Whether `exc` is libyaml's own nesting limit (0.2.6 and later refuse 1,000 levels)."""
    return isinstance(exc, yaml.MarkedYAMLError) and exc.problem == "exceeded maximum nesting depth" and exc.problem_mark is not None


def _scan_depth(text: str) -> None:
    """Raise LimitError when `text` nests lists and mappings deeper than MAX_DEPTH (libyaml events only)."""
    if sum(text.count(c) for c in _INDICATORS) <= _SCAN_DEPTH_ABOVE:
        return
    scanner = _Base(text)
    starts = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    try:
        while True:
            event = scanner.get_event()
            if event is None:
                return
            if isinstance(event, starts):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1)
            elif isinstance(event, ends):
                depth -= 1
    except yaml.YAMLError as exc:
        if isinstance(exc, LimitError):
            raise
        if _libyaml_too_deep(exc):
            raise _too_deep(exc.problem_mark.line + 1) from None
        return  # a syntax error: the real parse reports it
    finally:
        scanner.dispose()


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.depth += 1
    try:
        if loader.depth > MAX_DEPTH:
            raise _too_deep(node.start_mark.line + 1)
        return _mapping(loader, node)
    finally:
        loader.depth -= 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    if not isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(None, None, _cannot_read(node), node.start_mark)
    own = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    merged = len(node.value) - own  # pairs merged in (`<<: *x`) come first; own keys override them
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.value_lines = {}
    own_keys: set = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            key = str(key)
        line = key_node.start_mark.line + 1
        if index >= merged:
            if key in own_keys:
                loader.duplicates.append((line, key))
            own_keys.add(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
        result.value_lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    loader.depth += 1
    try:
        if loader.depth > MAX_DEPTH:
            raise _too_deep(node.start_mark.line + 1)
        if not isinstance(node, yaml.SequenceNode):
            raise yaml.constructor.ConstructorError(None, None, _cannot_read(node), node.start_mark)
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    finally:
        loader.depth -= 1
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _refuse_tag(loader: _Loader, node: yaml.Node) -> None:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise yaml.constructor.ConstructorError(None, None, f"the tag {tag} is not supported; write text, a list or a mapping", node.start_mark)


for _tag in _UNSUPPORTED_TAGS:
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def _checked(construct):
    """Return `construct` made to report a value its tag cannot have (`!!bool maybe`) on its line."""

    def checked(loader: _Loader, node: yaml.Node):
        try:
            return construct(loader, node)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, _cannot_read(node), node.start_mark) from exc

    return checked


def _construct_float(loader: _Loader, node: yaml.ScalarNode) -> WrittenFloat:
    number = WrittenFloat(loader.construct_yaml_float(node))
    number.written = node.value
    return number


for _tag in ("bool", "int"):
    _name = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_name, _checked(_Loader.yaml_constructors[_name]))
_Loader.add_constructor("tag:yaml.org,2002:float", _checked(_construct_float))


_KEY_VALUE = re.compile(r"\s*(?:-\s+)?([^\s:#'\"][^:#]*?|'[^']*'|\"[^\"]*\"):\s+(.*)")
_QUOTED_THEN_MORE = re.compile(r"\s*(?:-\s+)?(?:[^\s:#][^:#]*?:\s+)?([\"'])(?:(?!\1).)*\1\s*[^\s#]")
_CLOSERS = {"flow sequence": ("]", "list in [brackets]"), "flow mapping": ("}", "mapping in {braces}")}


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """Return the line a YAML syntax error is to be reported on and what it means, in the writer's terms.

    The parser says where it gave up; the explanation names what the writer did: a value holding ': '
    unquoted, a quote opened and never closed (reported on the line where it opens), a tab indenting a
    line, a value starting with a character YAML reserves, a line indented out of step. Anything else
    keeps the parser's own words.
    """
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    lines = text.splitlines()
    at = lines[line - 1] if line is not None and 0 < line <= len(lines) else ""
    start = exc.context_mark.line + 1 if exc.context_mark is not None else line
    if context.startswith("while scanning a quoted scalar") and "end of stream" in problem:
        opened = lines[start - 1] if start is not None and 0 < start <= len(lines) else ""
        column = exc.context_mark.column if exc.context_mark is not None else -1
        quote = opened[column] if 0 <= column < len(opened) and opened[column] in "'\"" else '"'
        return start, f"the quote ({quote}) opened on this line is never closed"
    for kind, (closer, what) in _CLOSERS.items():
        if context.startswith(f"while parsing a {kind}") and exc.context_mark is not None:
            return start, f"the {what} opened on this line is not closed with '{closer}' (or a value in it holding ': ' or ',' is not quoted)"
    if problem.startswith("mapping values are not allowed"):
        found = _KEY_VALUE.match(at)
        if found and ": " in found.group(2) + " ":
            key = found.group(1).strip("'\"")
            return line, f"the value of '{key}' holds ': ', so it must be quoted (\"...\" or '...')"
        return line, "this line is indented more than the key above it (keys of one mapping start in the same column)"
    if "tab character" in problem:
        return line, "a tab indents this line; YAML is indented with spaces only"
    if problem.startswith("found character") and "cannot start any token" in problem:
        column = exc.problem_mark.column if exc.problem_mark is not None else -1
        character = at[column] if 0 <= column < len(at) else ""
        if character == "\t":
            return line, "a tab indents this line; YAML is indented with spaces only"
        if character:
            return line, f"a value cannot start with '{character}' unless it is quoted (\"...\" or '...')"
    if context.startswith(("while scanning an alias", "while scanning an anchor")):
        sign = "*" if "alias" in context else "&"
        return line, f"a value starting with '{sign}' must be quoted (\"...\" or '...'): YAML reads '{sign}' as a reference"
    if _QUOTED_THEN_MORE.match(at) and (problem.startswith("did not find expected key") or "found '<scalar>'" in problem):
        return line, "text follows the closing quote of this value: put the whole value inside the quotes"
    if problem.startswith(("did not find expected key", "did not find expected '-' indicator", "expected <block end>")):
        return line, ("this line is out of step with the lines above: keys of one mapping start in the same column, "
                      "and so do the '- ' of one list")
    return line, problem or context or "invalid YAML"


def parse(text: str, path: str) -> tuple[object, list[Problem]]:
    """Return the value of YAML `text` and the problems found while reading it.

    A syntax error gives the value None and one problem naming its line.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # only from callers passing str: files are decoded strictly
        line = text.count("\n", 0, exc.start) + 1
        return None, [Problem(path, line, "", "YAML syntax error: an unpaired surrogate is not valid Unicode text")]
    try:
        _scan_depth(text)
    except LimitError as exc:
        return None, [Problem(path, exc.line, "", exc.message)]
    loader = _Loader(text)
    loader.aliases = "&" in text and "*" in text
    try:
        value = loader.get_single_data()
    except LimitError as exc:
        return None, [Problem(path, exc.line, "", exc.message)]
    except yaml.MarkedYAMLError as exc:
        if _libyaml_too_deep(exc):
            return None, [Problem(path, exc.problem_mark.line + 1, "", _too_deep(0).message)]
        line, what = explain(exc, text)
        return None, [Problem(path, line, "", f"YAML syntax error: {what}")]
    except yaml.reader.ReaderError as exc:  # a control character; its position counts UTF-8 bytes
        line = text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        return None, [Problem(path, line, "", f"YAML syntax error: the control character U+{code:04X} is not allowed")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, "", "YAML error: " + " ".join(str(exc).split()))]
    except RecursionError:  # merge keys (`<<: *x`) chained too long
        return None, [Problem(path, None, "", "YAML error: merge keys or aliases chained too deep to read")]
    except (ValueError, TypeError, OverflowError) as exc:
        return None, [Problem(path, None, "", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    problems = [
        Problem(path, line, key_text(key), "key appears twice in the same mapping; the last one is used")
        for line, key in loader.duplicates
    ]
    return value, problems


def read(path: Path, shown: str, limit: int = MAX_FILE_BYTES, what: str = "a YAML file") -> tuple[object, list[Problem], str]:
    """Return the value of the YAML file at `path`, its problems and its text.

    `shown` is the path as messages print it; a file over `limit` bytes (the limit
    for `what`) is not read.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        return None, [Problem(shown, None, "", f"cannot read file: {exc.strerror or exc}")], ""
    if len(raw) > limit:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
        return None, [Problem(shown, None, "", f"file is larger than {size}, the limit for {what}")], ""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", "file is not valid UTF-8 text")], ""
    value, problems = parse(text, shown)
    return value, problems, text
