"""Turn the Field definitions of the file formats into JSON Schemas (draft-07) for editors.

The schemas are generated from the same `Field` tuples the loaders check files with,
which the model dataclasses declare (`compiler.declare.fields_of`), so an editor running
yaml-language-server flags what `brief check` would flag, where JSON Schema can say
it: unknown keys (`additionalProperties: false`), wrong enum values, bad ids,
impossible months. They accept everything the loaders accept: a single value where a
list is expected, dates written as text or as a bare year (`2007`), an empty optional
key. The committed copies live in `schemas/`; a test fails when they drift from the code.
The field tables of docs/format.md come from the same definitions (`field_table`).
"""

from __future__ import annotations

import json
from typing import Any, Callable

from compiler.schema import (
    COLOUR_PATTERN,
    FONT_FAMILY_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    LENGTH_PATTERN,
    ORIENTATIONS,
    THEME_PATTERN,
    Field,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
NAMES = ("brief", "source", "themes", "assessments", "spellings", "style", "profile")

# Dates as the loader reads them (compiler.dates.parse_date): YYYY, YYYY-MM or YYYY-MM-DD, one- or
# two-digit month and day, surrounding white space ignored. Whether day 31 exists in that month is
# left to `brief check`.
_YEAR = r"(?!0000)[0-9]{4}"
_MONTH = r"(0?[1-9]|1[0-2])"
_DAY = r"(0?[1-9]|[12][0-9]|3[01])"
DATE_PATTERN = rf"^\s*{_YEAR}(-{_MONTH}(-{_DAY})?)?\s*$"
FULL_DATE_PATTERN = rf"^\s*{_YEAR}-{_MONTH}-{_DAY}\s*$"
URL_PATTERN = r'^\s*[Hh][Tt][Tt][Pp][Ss]?://[^\s<>"]+\s*$'
FONT_NAME_PATTERN = rf"^\s*{FONT_FAMILY_PATTERN[1:-1]}\s*$"  # the loader strips a font name before its check


def _any_case(word: str) -> str:
    """Return a pattern matching `word` in any case (JSON Schema patterns have no flags)."""
    return "".join(f"[{ch.upper()}{ch.lower()}]" if ch.isalpha() else ch for ch in word)


def _country_pattern() -> str:
    """Return a pattern matching every ISO 3166-1 alpha-2 code the loader accepts, in any case."""
    import pycountry

    codes = sorted(c.alpha_2 for c in pycountry.countries)
    either = "|".join(_any_case(code) for code in codes)
    return f"^({either})$"


def _definitions() -> dict[str, dict]:
    """Return the value types shared by several fields, by name."""
    return {
        "id": {
            "description": "An id: lowercase letters, digits and '-', starting with a letter or digit.",
            "type": "string",
            "pattern": ID_PATTERN,
        },
        "theme-id": {
            "description": "A theme id: lowercase letters, digits and '-', with '.' before a sub-theme (media.libel).",
            "type": "string",
            "pattern": THEME_PATTERN,
        },
        "date": {
            "description": "A date: YYYY, YYYY-MM or YYYY-MM-DD (a bare year may be written as a number).",
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
        },
        "full-date": {
            "description": "A full date: YYYY-MM-DD.",
            "type": "string",
            "pattern": FULL_DATE_PATTERN,
        },
        "country": {
            "description": "An ISO 3166-1 alpha-2 country code such as KZ (lower case is accepted).",
            "type": "string",
            "pattern": _country_pattern(),
        },
        "language": {
            "description": "A BCP 47 language tag such as en, fr or en-GB.",
            "type": "string",
            "pattern": LANGUAGE_PATTERN,
        },
        "url": {
            "description": "An http:// or https:// address.",
            "type": "string",
            "pattern": URL_PATTERN,
        },
    }


_TEXT: dict[str, Any] = {"type": ["string", "number"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/definitions/{name}"}


_NAME = {"anyOf": [{"type": ["string", "integer"]}, {
    "type": "object", "required": ["family"], "additionalProperties": False,
    "properties": {"family": {"type": "string", "minLength": 1, "description": "The family name (with its particle)."},
                   "given": {"type": "string", "description": "The given names."}},
}]}


def _single_or_list(single: dict, item: dict, at_least_one: bool = False) -> dict:
    """Return the schema of a list that may also be written as its single item."""
    array: dict[str, Any] = {"type": "array", "items": _nullable(item)}
    if at_least_one:
        array["minItems"] = 1
    return {"anyOf": [single, array]}


def _nullable(schema: dict) -> dict:
    """Return `schema` also accepting null (an empty value, which the loader ignores)."""
    if "type" in schema and set(schema) <= {"type", "minLength", "pattern"}:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*kinds, "null"]}
    if list(schema) == ["anyOf"]:
        return {"anyOf": [*schema["anyOf"], {"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _language_map() -> dict:
    return {"type": "object", "propertyNames": {"pattern": LANGUAGE_PATTERN}, "additionalProperties": _TEXT}


def _value(spec: Field) -> dict:
    """Return the schema of one value of `spec`, as the loader's check of its type accepts it."""
    build: dict[str, Callable[[], dict]] = {
        "string": lambda: dict(_TEXT),
        "text": lambda: dict(_TEXT),
        "id": lambda: _ref("id"),
        "theme-id": lambda: _ref("theme-id"),
        "strings": lambda: _single_or_list({"type": ["string", "integer"]}, _TEXT),
        "ids": lambda: _single_or_list(_ref("id"), _ref("id")),
        "names": lambda: _single_or_list(_NAME, _NAME),
        "theme-ids": lambda: _single_or_list(_ref("theme-id"), _ref("theme-id"), at_least_one=spec.required),
        "date": lambda: _ref("date"),
        "full-date": lambda: _ref("full-date"),
        "integer": lambda: {"type": "integer", "minimum": 0},
        "boolean": lambda: {"type": "boolean"},
        "enum": lambda: {"enum": list(spec.choices)},
        "paragraph": lambda: {"type": ["string", "number"]},
        "enums": lambda: _single_or_list({"enum": list(spec.choices)}, {"enum": list(spec.choices)}),
        "country": lambda: _ref("country"),
        "language": lambda: _ref("language"),
        "url": lambda: _ref("url"),
        "object": lambda: _object(spec.fields),
        "objects": lambda: {"type": "array", "items": _object(spec.fields)},
        "mapping": lambda: _mapping(spec),
        "localized": lambda: {"anyOf": [dict(_TEXT), _language_map()]},
        "translations": _language_map,
        "string-lists": lambda: _string_lists(spec),
        "number": lambda: _number(spec),
        "length": lambda: {"type": "string", "pattern": LENGTH_PATTERN},
        "colour": lambda: {"anyOf": [{"type": "string", "pattern": COLOUR_PATTERN},
                                     {"type": "integer", "minimum": 100000, "maximum": 999999}]},
        "page-size": lambda: {"type": "string", "pattern": _page_size_pattern(spec.choices)},
        "font-family": lambda: {"type": "string", "pattern": FONT_NAME_PATTERN},
    }
    if spec.type not in build:
        raise ValueError(f"no JSON Schema for the field type '{spec.type}' of '{spec.name}'")
    return build[spec.type]()


def _number(spec: Field) -> dict:
    """Return the schema of a number within the field's bounds (at least 0 without them)."""
    low, high = spec.bounds or (0, None)
    schema: dict[str, Any] = {"type": "number", "minimum": low}
    if high is not None:
        schema["maximum"] = high
    return schema


def _page_size_pattern(sizes: tuple[str, ...]) -> str:
    """Return a pattern matching one of `sizes` in any case, optionally followed by an orientation."""
    names = "|".join(_any_case(size) for size in sizes)
    orientations = "|".join(_any_case(word) for word in ORIENTATIONS)
    return rf"^\s*({names})(\s+({orientations}))?\s*$"


def _string_lists(spec: Field) -> dict:
    """Return the schema of a mapping of names (the field's choices, when it has any) to lists of text."""
    lists = _value(Field(spec.name, "strings", ""))
    if not spec.choices:
        return {"type": "object", "additionalProperties": lists}
    return {
        "type": "object",
        "properties": {name: {"description": f"The labels of the {name} vocabulary.", **lists} for name in spec.choices},
        "additionalProperties": False,
    }


def _mapping(spec: Field) -> dict:
    """Return the schema of a mapping by id, its entries described by the field's own fields."""
    schema: dict[str, Any] = {"type": "object"}
    if spec.fields:
        schema["propertyNames"] = {"pattern": THEME_PATTERN}
        schema["additionalProperties"] = _object(spec.fields)
    return schema


def _non_empty(schema: dict) -> dict:
    """Return `schema` refusing the empty text, as a required field does."""
    if schema.get("type") == _TEXT["type"]:
        return {**schema, "minLength": 1}
    if list(schema) == ["anyOf"]:
        return {"anyOf": [_non_empty(s) for s in schema["anyOf"]]}
    return schema


def _property(spec: Field) -> dict:
    """Return the schema of the key `spec`: its description, its value, null when optional."""
    value = _value(spec)
    value = _non_empty(value) if spec.required else _nullable(value)
    description = spec.description
    if spec.required:
        description += " Required."
    out: dict[str, Any] = {"description": description}
    if spec.default is not None:
        out["default"] = spec.default
    if "$ref" in value:  # draft-07 ignores the keywords beside a $ref, the description among them
        value = {"allOf": [value]}
    out.update(value)
    return out


def _object(fields: tuple[Field, ...]) -> dict:
    """Return the schema of a mapping checked against `fields`: no other key allowed."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {spec.name: _property(spec) for spec in fields},
        "additionalProperties": False,
    }
    required = [spec.name for spec in fields if spec.required]
    if required:
        schema["required"] = required
    return schema


def _formats() -> dict[str, tuple[str, str, tuple[Field, ...]]]:
    """Return each file format: its title, its description and the fields of its top level."""
    from compiler.brief.load import BRIEF_FIELDS
    from compiler.profiles import PROFILE_FIELDS
    from compiler.store.load import ASSESSMENT_FILE_FIELDS, SOURCE_FIELDS, SPELLINGS, THEMES_FILE_FIELDS
    from compiler.style import STYLE_FIELDS

    return {
        "brief": (
            "brief specification",
            "A brief: briefs/<name>.yaml, the paper to build from the source store (see docs/format.md).",
            BRIEF_FIELDS,
        ),
        "source": (
            "source document",
            "One source document of the store, sources/**/<doc>.yaml, with the facts taken from it (see docs/format.md).",
            SOURCE_FIELDS,
        ),
        "themes": (
            "theme taxonomy",
            "The theme taxonomy, sources/themes.yaml: the themes facts are filed under, by id (see docs/format.md).",
            THEMES_FILE_FIELDS,
        ),
        "assessments": (
            "assessments of recommendations",
            "A file of sources/assessments/: the organisation's dated assessments of the recommendations of the store "
            "(see docs/format.md).",
            ASSESSMENT_FILE_FIELDS,
        ),
        "spellings": (
            "preferred spellings",
            "The preferred spelling of names, sources/spellings.yaml: each name and the variants a paper must not "
            "print (see docs/checks.md).",
            SPELLINGS,
        ),
        "style": (
            "style settings",
            "The settings of a style: styles/<name>/style.yaml, shared by the DOCX, HTML and PDF (see docs/styles.md).",
            STYLE_FIELDS,
        ),
        "profile": (
            "submission profile",
            "The rules of one body for the submissions it receives: profiles/<name>.yaml (see docs/profiles.md).",
            PROFILE_FIELDS,
        ),
    }


def schema_for(name: str) -> dict:
    """Return the JSON Schema of file format `name` (one of NAMES)."""
    formats = _formats()
    if name not in formats:
        raise ValueError(f"no schema '{name}'; expected one of {', '.join(NAMES)}")
    title, description, fields = formats[name]
    body = _value(fields) if isinstance(fields, Field) else _object(fields)  # a file that is one mapping of names
    schema: dict[str, Any] = {"$schema": DRAFT, "title": title, "description": description}
    schema.update(body)
    schema["definitions"] = _definitions()
    return schema


def schema_text(name: str) -> str:
    """Return the JSON Schema of `name` as the text committed in schemas/<name>.schema.json."""
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"


def schema_file_name(name: str) -> str:
    """Return the file name of the schema of `name`."""
    return f"{name}.schema.json"


def tables_of(fields: tuple[Field, ...]) -> list[tuple[Field, ...]]:
    """Return `fields` and the fields of every mapping nested in them, each once: the tables of a format's docs."""
    out = [fields]
    for spec in fields:
        if spec.fields and spec.fields not in out:
            out += [t for t in tables_of(spec.fields) if t not in out]
    return out


def field_table(fields: tuple[Field, ...]) -> str:
    """Return the Markdown table of `fields` as docs/format.md shows it: field, type, required, meaning."""
    rows = ["| field | type | required | meaning |", "|---|---|---|---|"]
    for spec in fields:
        kind = f"{spec.type} ({', '.join(spec.choices)})" if spec.choices and spec.type in ("enum", "enums") else spec.type
        rows.append(f"| `{spec.name}` | {kind} | {'yes' if spec.required else ''} | {spec.description} |")
    return "\n".join(rows)
