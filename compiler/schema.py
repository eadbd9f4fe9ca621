"""Turn raw YAML values into checked values, by field definitions shared with the docs.

Each file format (source, fact, theme, brief, section ...) is a tuple of `Field`s,
derived from its model dataclass (`compiler.declare.fields_of`) or written by hand.
`check_mapping` validates one mapping against them, collecting every problem
(unknown keys with a "did you mean", missing fields, wrong types, impossible
dates) and returns the values it could accept. The same definitions describe the
formats in the documentation and the JSON Schemas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dc_field
from typing import Any, Callable

from compiler.dates import parse_date
from compiler.errors import Problem, did_you_mean
from compiler.names import Person
from compiler.yamlfile import key_text

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
THEME_PATTERN = r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_ID = re.compile(ID_PATTERN)
_THEME = re.compile(THEME_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
MAX_TEXT_CHARS = 100_000
"""The longest text one field may hold (about 15,000 words, a whole submission)."""
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # written as escapes ("\x1b"): never text


@dataclass(frozen=True)
class Field:
    """One key of a mapping in a user's file: its type, whether required, what it means."""

    name: str
    type: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple["Field", ...] = ()
    default: Any = None
    bounds: tuple[float, float] | None = None  # the least and greatest value of a "number"


@dataclass
class Checker:
    """Collect the problems of one file while its mappings are checked."""

    file: str
    problems: list[Problem] = dc_field(default_factory=list)

    def add(self, line: int | None, where: str, message: str, severity: str = "error") -> None:
        """Record one problem."""
        self.problems.append(Problem(self.file, line, where, message, severity))  # type: ignore[arg-type]


def describe(value: object) -> str:
    """Return how a wrong value is named in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def _join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


def check_mapping(value: object, fields: tuple[Field, ...], where: str, line: int, checker: Checker) -> dict | None:
    """Return the accepted values of mapping `value` checked against `fields`.

    Problems go to `checker`; a value that is not a mapping gives None.
    """
    if not isinstance(value, dict):
        checker.add(line, where or "(top level)", f"expected a mapping of keys; got {describe(value)}")
        return None
    key_lines = getattr(value, "key_lines", {})
    own_line = getattr(value, "line", line) or line
    by_name = {f.name: f for f in fields}
    result: dict[str, Any] = {}
    for key, raw in value.items():
        key_line = key_lines.get(key, own_line)
        spec = by_name.get(key) if isinstance(key, str) else None
        if spec is None:
            names = [f.name for f in fields]
            hint = did_you_mean(key, names) or f"; expected one of: {', '.join(names)}"
            checker.add(key_line, _join(where, key_text(key)), f"unknown key{hint}")
            continue
        accepted = check_value(raw, spec, _join(where, key), key_line, checker)
        if accepted is not _INVALID:
            result[key] = accepted
    for spec in fields:
        if spec.required and (spec.name not in value or value.get(spec.name) in (None, "")):
            if spec.name in value:
                checker.add(key_lines.get(spec.name, own_line), _join(where, spec.name), "must not be empty")
            else:
                checker.add(own_line, _join(where, spec.name), "required field is missing")
            result.pop(spec.name, None)
    return result


_INVALID = object()


def _string(raw, spec, where, line, checker):
    if isinstance(raw, bool) or raw is None or isinstance(raw, (list, dict)):
        checker.add(line, where, f"expected text; got {describe(raw)}")
        return _INVALID
    text = str(raw)
    if len(text) > MAX_TEXT_CHARS:
        checker.add(line, where, f"text of {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
        return _INVALID
    control = _CONTROL.search(text)
    if control:
        checker.add(line, where, f"text holds the control character U+{ord(control.group()):04X}; remove it")
        return _INVALID
    return text.strip() if spec.type != "text" else text


def _id(raw, spec, where, line, checker):
    pattern = _THEME if spec.type == "theme-id" else _ID
    if not isinstance(raw, str) or not pattern.fullmatch(raw):
        what = "a theme id (lowercase letters, digits and '-', '.' before a sub-theme)" if spec.type == "theme-id" else "an id of lowercase letters, digits and '-'"
        checker.add(line, where, f"expected {what}; got {describe(raw)}")
        return _INVALID
    return raw


def _items(raw, where, line, checker, single: tuple[type, ...]):
    """Return the items of a list and their lines (a lone value of a `single` type is a list of one), or None."""
    if isinstance(raw, single) and not isinstance(raw, bool):
        return [(raw, line)]
    if isinstance(raw, list):
        return list(zip(raw, getattr(raw, "item_lines", [line] * len(raw))))
    checker.add(line, where, f"expected a list; got {describe(raw)}")
    return None


def _strings(raw, spec, where, line, checker):
    item_type = {"ids": "id", "theme-ids": "theme-id"}.get(spec.type, "string")
    item_spec = Field(spec.name, item_type, spec.description)
    items = _items(raw, where, line, checker, (str, int))
    if items is None:
        return _INVALID
    result = []
    for index, (item, item_line) in enumerate(items):
        accepted = check_value(item, item_spec, f"{where}[{index}]", item_line, checker)
        if accepted is not _INVALID:
            result.append(accepted)
    return tuple(result)


NAME_FIELDS = (
    Field("family", "string", "The family name (with its particle: \"van den Berg\").", required=True),
    Field("given", "string", "The given names."),
)


def _names(raw, spec, where, line, checker):
    """A list of authors: text (an organisation, or a name as written) or `{family, given}` (a person)."""
    items = _items(raw, where, line, checker, (str, int, dict))
    if items is None:
        return _INVALID
    result = []
    for index, (item, item_line) in enumerate(items):
        at = f"{where}[{index}]"
        if isinstance(item, dict):
            accepted = check_mapping(item, NAME_FIELDS, at, item_line, checker)
            if accepted is not None and accepted.get("family"):
                result.append(Person(accepted["family"], accepted.get("given", "")))
            continue
        accepted = check_value(item, Field(spec.name, "string", spec.description), at, item_line, checker)
        if accepted is not _INVALID:
            result.append(accepted)
    return tuple(result)


def _date(raw, spec, where, line, checker):
    try:
        value = parse_date(raw)
    except ValueError as exc:
        checker.add(line, where, str(exc))
        return _INVALID
    if spec.type == "full-date" and not value.is_full:
        checker.add(line, where, f"expected a full date YYYY-MM-DD; got '{value}'")
        return _INVALID
    return value


def _integer(raw, spec, where, line, checker):
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        checker.add(line, where, f"expected a whole number of at least 0; got {describe(raw)}")
        return _INVALID
    return raw


def _boolean(raw, spec, where, line, checker):
    if not isinstance(raw, bool):
        checker.add(line, where, f"expected true or false; got {describe(raw)}")
        return _INVALID
    return raw


def _enum(raw, spec, where, line, checker):
    if not isinstance(raw, str) or raw not in spec.choices:
        hint = did_you_mean(raw, spec.choices) if isinstance(raw, str) else ""
        checker.add(line, where, f"expected one of {', '.join(spec.choices)}; got {describe(raw)}{hint}")
        return _INVALID
    return raw


def _paragraph(raw, spec, where, line, checker):
    """A paragraph number as printed: text, or a number as it was written (`124.10` stays "124.10")."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        checker.add(line, where, f"expected a paragraph number such as \"124.12\"; got {describe(raw)}")
        return _INVALID
    text = getattr(raw, "written", None) or str(raw)
    return _string(text, spec, where, line, checker)


def _enums(raw, spec, where, line, checker):
    item = Field(spec.name, "enum", spec.description, choices=spec.choices)
    if isinstance(raw, str):
        raw, lines = [raw], [line]
    elif isinstance(raw, list):
        lines = getattr(raw, "item_lines", [line] * len(raw))
    else:
        checker.add(line, where, f"expected a list; got {describe(raw)}")
        return _INVALID
    result = [check_value(v, item, f"{where}[{i}]", ln, checker) for i, (v, ln) in enumerate(zip(raw, lines))]
    return tuple(v for v in result if v is not _INVALID)


def _country(raw, spec, where, line, checker):
    from compiler.countries import is_country

    if not isinstance(raw, str) or not is_country(raw.upper()):
        checker.add(line, where, f"expected an ISO 3166-1 alpha-2 country code such as KZ; got {describe(raw)}")
        return _INVALID
    return raw.upper()


def _language(raw, spec, where, line, checker):
    if not isinstance(raw, str) or not _LANGUAGE.fullmatch(raw):
        checker.add(line, where, f"expected a BCP 47 language tag such as en or fr; got {describe(raw)}")
        return _INVALID
    return raw


def _url(raw, spec, where, line, checker):
    if not isinstance(raw, str) or not _URL.fullmatch(raw.strip()):
        checker.add(line, where, f"expected an http:// or https:// address; got {describe(raw)}")
        return _INVALID
    return raw.strip()


def _object(raw, spec, where, line, checker):
    if raw is None:
        return _INVALID
    accepted = check_mapping(raw, spec.fields, where, line, checker)
    return _INVALID if accepted is None else accepted


def _mapping(raw, spec, where, line, checker):
    if not isinstance(raw, dict):
        checker.add(line, where, f"expected a mapping; got {describe(raw)}")
        return _INVALID
    return raw


def _objects(raw, spec, where, line, checker):
    if not isinstance(raw, list):
        checker.add(line, where, f"expected a list; got {describe(raw)}")
        return _INVALID
    lines = getattr(raw, "item_lines", [line] * len(raw))
    result = []
    for index, (item, item_line) in enumerate(zip(raw, lines)):
        accepted = check_mapping(item, spec.fields, f"{where}[{index}]", item_line, checker)
        if accepted is not None:
            accepted["_line"] = getattr(item, "line", item_line)
            accepted["_index"] = index
            result.append(accepted)
    return tuple(result)


def _text_map(raw, spec, where, line, checker):
    """A text, or a mapping of language tag to text (`title: {en: ..., fr: ...}`)."""
    if isinstance(raw, dict):
        key_lines = getattr(raw, "key_lines", {})
        result = {}
        for key, text in raw.items():
            key_line = key_lines.get(key, line)
            if not isinstance(key, str) or not _LANGUAGE.fullmatch(key):
                checker.add(key_line, f"{where}.{key_text(key)}", f"expected a language tag such as en or fr; got {describe(key)}")
                continue
            accepted = _string(text, Field(key, "text", ""), f"{where}.{key}", key_line, checker)
            if accepted is not _INVALID:
                result[key] = accepted
        if spec.type == "localized" and result and not raw:
            return _INVALID
        return result
    if spec.type == "translations":
        checker.add(line, where, f"expected a mapping of language tag to text; got {describe(raw)}")
        return _INVALID
    accepted = _string(raw, spec, where, line, checker)
    return accepted


def _string_lists(raw, spec, where, line, checker):
    if not isinstance(raw, dict):
        checker.add(line, where, f"expected a mapping; got {describe(raw)}")
        return _INVALID
    key_lines = getattr(raw, "key_lines", {})
    result = {}
    for key, value in raw.items():
        if spec.choices and key not in spec.choices:
            hint = did_you_mean(key, spec.choices) or f"; expected one of: {', '.join(spec.choices)}"
            checker.add(key_lines.get(key, line), f"{where}.{key_text(key)}", f"unknown key{hint}")
            continue
        accepted = _strings(value, Field(str(key), "strings", ""), f"{where}.{key_text(key)}", key_lines.get(key, line), checker)
        if accepted is not _INVALID:
            result[str(key)] = accepted
    return result


LENGTH_PATTERN = r"^\s*(\d{1,5}(?:\.\d{1,4})?)\s*(mm|cm|in|pt|px|pc)\s*$"
COLOUR_PATTERN = r"^#?([0-9A-Fa-f]{6})$"
FONT_FAMILY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _-]{0,63}$"  # safe inside a CSS string and a Word font name
ORIENTATIONS = ("portrait", "landscape")
_LENGTH = re.compile(LENGTH_PATTERN)
_COLOUR = re.compile(COLOUR_PATTERN)
_FONT_FAMILY = re.compile(FONT_FAMILY_PATTERN)


def _whole(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def _number(raw, spec, where, line, checker):
    low, high = spec.bounds or (0, float("inf"))
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not low <= raw <= high:
        checker.add(line, where, f"expected a number from {low:g} to {high:g}; got {describe(raw)}")
        return _INVALID
    return _whole(raw)


def _length(raw, spec, where, line, checker):
    """A length such as 25mm: returned as (amount, unit)."""
    match = _LENGTH.match(raw) if isinstance(raw, str) else None
    if not match:
        checker.add(line, where, f"expected a length such as 25mm, 2.5cm, 1in or 72pt; got {describe(raw)}")
        return _INVALID
    return _whole(float(match.group(1))), match.group(2)


def _colour(raw, spec, where, line, checker):
    """Six hexadecimal digits, '#' allowed before them: returned upper case, without '#'."""
    match = _COLOUR.match(str(raw)) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else None
    if not match:
        checker.add(line, where, f"expected a colour as six hex digits in quotes, e.g. \"1F5C99\"; got {describe(raw)}")
        return _INVALID
    return match.group(1).upper()


def _page_size(raw, spec, where, line, checker):
    """One of the field's choices in any case, optionally followed by an orientation: returned as (choice, orientation)."""
    words = raw.split() if isinstance(raw, str) else []
    names = {choice.lower(): choice for choice in spec.choices}
    if not 1 <= len(words) <= 2 or words[0].lower() not in names or (len(words) == 2 and words[1].lower() not in ORIENTATIONS):
        checker.add(line, where, f"expected a page size ({', '.join(spec.choices)}), optionally followed by "
                                 f"portrait or landscape; got {describe(raw)}")
        return _INVALID
    return names[words[0].lower()], words[1].lower() if len(words) == 2 else "portrait"


def _font_family(raw, spec, where, line, checker):
    if not isinstance(raw, str) or not _FONT_FAMILY.match(raw.strip()):
        checker.add(line, where, f"expected a font name of letters, digits, spaces, '-' and '_'; got {describe(raw)}")
        return _INVALID
    return raw.strip()


_CHECKS: dict[str, Callable] = {
    "string": _string,
    "text": _string,
    "id": _id,
    "theme-id": _id,
    "strings": _strings,
    "ids": _strings,
    "theme-ids": _strings,
    "date": _date,
    "full-date": _date,
    "integer": _integer,
    "boolean": _boolean,
    "enum": _enum,
    "paragraph": _paragraph,
    "enums": _enums,
    "country": _country,
    "language": _language,
    "url": _url,
    "object": _object,
    "mapping": _mapping,
    "objects": _objects,
    "names": _names,
    "localized": _text_map,
    "translations": _text_map,
    "string-lists": _string_lists,
    "number": _number,
    "length": _length,
    "colour": _colour,
    "page-size": _page_size,
    "font-family": _font_family,
}


def check_value(raw: object, spec: Field, where: str, line: int, checker: Checker) -> Any:
    """Return `raw` checked against `spec`, or the marker `_INVALID` after recording why."""
    if raw is None:  # an empty value: a required field is reported missing by check_mapping
        return _INVALID
    return _CHECKS[spec.type](raw, spec, where, line, checker)


def is_invalid(value: object) -> bool:
    """Return whether `value` is the marker of a rejected value."""
    return value is _INVALID
