"""Turn the model dataclasses of the file formats into their Field tuples, model objects and cache records.

Each file format is declared once, as the frozen dataclass its loader returns. A field
a user writes carries its `Field` spec (type, meaning, required, choices) in its
`dataclasses.field(metadata=...)`, made by `declared`; a field the loader fills in
itself (a path, a line, an id taken from a key) is made by `computed` and is not part
of the file. From that one declaration:

- `fields_of(cls)` gives the `Field` tuple that `compiler.schema.check_mapping`
  checks a file with, that `compiler.jsonschema` turns into a JSON Schema and into the
  field tables of docs/format.md and docs/profiles.md;
- `build(cls, values)` makes the model object of the values `check_mapping` accepted;
- `to_record` and `from_record` carry a model's values through JSON by name, and
  `to_columns` and `from_columns` many of them (the store index caches parsed source
  files this way, their facts as columns).

Where the model's shape differs from the file's, the declaration says so: a `Group`
names a mapping of the file whose keys are fields of the model itself (a brief's
`period: {from, to}` is `Brief.period_from` and `Brief.period_to`); `key` names a
file key that is not a Python name (`from`); a `model` gives the dataclass of a nested
mapping (`object`), of each item of a list (`objects`) or of each entry of a mapping
by id (`mapping`). A model value is the checked value, with three conversions: `text`
is stripped, a `localized` text is a mapping by language (`{"en": text}`), and an
empty list is the field's default. A field may add its own: a `written` default (as
the file writes it, checked and converted when the key is missing) and a `convert`
of the checked value (docs/declarations.md; the style uses both).

A `Field` tuple written by hand (`compiler.schema.Field`) stays checkable with
`check_mapping`; `fields_of` only derives such tuples.

This mechanism was chosen over attrs+cattrs and pydantic after measuring start-up
cost (docs/declarations.md): it adds no dependency and about nothing to the start of
a `brief` command, while carrying line numbers and collecting every problem needs the
checkers of `compiler.schema` anyway.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from compiler.dates import PartialDate
from compiler.names import as_name
from compiler.schema import Checker, Field, check_value

_SPEC = "brief.spec"
_LISTS = ("strings", "ids", "theme-ids", "enums")
_DATES = ("date", "full-date")


class Spec(NamedTuple):
    """How one model field is written in its file: the `Field` parts, the file key, where it sits."""

    type: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    key: str | None = None
    within: str | None = None
    model: type | None = None
    written: Any = MISSING
    bounds: tuple[float, float] | None = None
    convert: Callable[[Any], Any] | None = None
    spread: bool = False


class Group(NamedTuple):
    """A mapping of the file whose keys are fields of the model itself, declared in the model as a ClassVar."""

    description: str


def declared(
    type: str,
    description: str,
    *,
    default: Any = MISSING,
    factory: Callable[[], Any] | Any = MISSING,
    required: bool = False,
    choices: tuple[str, ...] = (),
    key: str | None = None,
    within: str | None = None,
    model: type | None = None,
    written: Any = MISSING,
    bounds: tuple[float, float] | None = None,
    convert: Callable[[Any], Any] | None = None,
    spread: bool = False,
    compare: bool = True,
) -> Any:
    """Return the dataclass field of a key users write: its type, meaning and model default.

    `key` is the file's key when it differs from the field's name; `within` names the
    `Group` the key is written in; `model` is the dataclass of a nested mapping;
    `factory` makes a default that is mutable (a mapping). A field without a default
    must be given (a required key, or one the loader fills in).

    `written` is a default as the file would write it ("25mm"): shown to editors and
    in the docs, and, when the key is missing, checked and converted like a written
    value to give the model value. `bounds` are the least and greatest value of a
    `number`. `convert` turns the checked value into the model value; with `spread`
    it returns the values of several fields of the model, by name. `compare=False`
    leaves the field out of the model's equality (a name for people reading the file).
    """
    spec = Spec(type, description, required, tuple(choices), key, within, model, written, bounds, convert, spread)
    return dataclasses.field(default=default, default_factory=factory, compare=compare, metadata={_SPEC: spec})


def computed(default: Any = MISSING) -> Any:
    """Return the dataclass field of a value the loader fills in (a path, a line): no key of the file."""
    return dataclasses.field(default=default)


def _spec(field: dataclasses.Field) -> Spec | None:
    return field.metadata.get(_SPEC)


def _key(field: dataclasses.Field, spec: Spec) -> str:
    return spec.key or field.name


def _field(field: dataclasses.Field, spec: Spec) -> Field:
    """Return the `Field` of one declared model field; a written default, or a default that is text, is shown to editors."""
    nested = fields_of(spec.model) if spec.model is not None else ()
    if spec.written is not MISSING:
        default = spec.written
    else:
        default = field.default if isinstance(field.default, str) and field.default else None
    return Field(_key(field, spec), spec.type, spec.description, spec.required, spec.choices, nested, default,
                 spec.bounds)


def fields_of(cls: type) -> tuple[Field, ...]:
    """Return the keys of the file format `cls` declares, in the order of its declaration."""
    declared_fields = {f.name: f for f in dataclasses.fields(cls)}
    out = []
    for name in cls.__annotations__:
        group = cls.__dict__.get(name)
        if isinstance(group, Group):
            members = tuple(_field(f, s) for f in declared_fields.values() if (s := _spec(f)) and s.within == name)
            out.append(Field(name, "object", group.description, fields=members))
            continue
        field = declared_fields.get(name)
        spec = _spec(field) if field is not None else None
        if spec is not None and spec.within is None:
            out.append(_field(field, spec))
    return tuple(out)


class Compiled(NamedTuple):
    """What the loaders read of a declaration at every object: worked out once per class by `declaration`."""

    declared: tuple[tuple[str, str, str | None, Spec], ...]
    missing: Mapping[str, Any]
    decoders: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
    recorded: tuple[dataclasses.Field, ...]  # the fields a cache record holds: written ones not holding models


_COMPILED = "__declaration__"


def declaration(cls: type) -> type:
    """Return the model dataclass `cls` with its declaration worked out once, as a frozen class attribute.

    Used as a class decorator on every model of a file format (above `@dataclass`): the
    loaders build tens of thousands of objects, and would otherwise go over the
    dataclass's fields again for each. A class without it is read field by field.
    A `written` default that does not check fails here, at import.
    """
    setattr(cls, _COMPILED, Compiled(_work_out_declared(cls), MappingProxyType(_work_out_missing(cls)),
                                     _work_out_decoders(cls), _work_out_recorded(cls)))
    return cls


def _compiled(cls: type) -> Compiled:
    found = cls.__dict__.get(_COMPILED)
    if found is not None:
        return found
    return Compiled(_work_out_declared(cls), _work_out_missing(cls), _work_out_decoders(cls), _work_out_recorded(cls))


def _declared(cls: type) -> tuple[tuple[str, str, str | None, Spec], ...]:
    """Return each declared field of `cls`: its name, its file key, its group and its spec."""
    return _compiled(cls).declared


def _missing(cls: type) -> Mapping[str, Any]:
    """Return the checked values of the keys of `cls` that take a value when missing, by file key."""
    return _compiled(cls).missing


def _decoders(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return the fields of `cls` a record holds as dates, as lists of a tuple, and as lists of names."""
    return _compiled(cls).decoders


def _work_out_recorded(cls: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in dataclasses.fields(cls) if (s := _spec(f)) is not None and s.model is None)


def _work_out_declared(cls: type) -> tuple[tuple[str, str, str | None, Spec], ...]:
    return tuple((f.name, _key(f, s), s.within, s) for f in dataclasses.fields(cls) if (s := _spec(f)) is not None)


def _work_out_missing(cls: type) -> dict[str, Any]:
    """Return the checked values of the keys of `cls` that take a value when missing, by file key.

    A key with a `written` default takes it, checked as if written; a nested mapping
    declared without a default is made of its own keys' defaults.
    """
    out: dict[str, Any] = {}
    for field in dataclasses.fields(cls):
        spec = _spec(field)
        if spec is None or spec.within is not None:
            continue
        if spec.written is not MISSING:
            checker = Checker(cls.__name__)
            out[_key(field, spec)] = check_value(spec.written, _field(field, spec), field.name, 0, checker)
            if checker.problems:
                raise ValueError(f"{cls.__name__}.{field.name}: the written default does not check: {checker.problems}")
        elif spec.model is not None and spec.type == "object" and field.default is MISSING:
            out[_key(field, spec)] = {}
    return out


def _model_value(spec: Spec, value: Any) -> Any:
    if spec.type == "text":
        value = value.strip()
    elif spec.type == "localized":
        value = value if isinstance(value, dict) else {"en": value}
    elif spec.model is not None and spec.type == "object":
        value = build(spec.model, value)
    elif spec.model is not None and spec.type == "objects":
        value = tuple(build(spec.model, item) for item in value)
    return value if spec.convert is None else spec.convert(value)


def model_values(cls: type, values: dict, nested: bool = True, skip: Iterable[str] = ()) -> dict[str, Any]:
    """Return the model values, by field name, of the `values` that `check_mapping` accepted for `cls`.

    Without `nested`, the fields holding models (`object`, `objects`) are left out; so
    are the fields named in `skip`. A missing key takes its declared default (`_missing`).
    """
    out: dict[str, Any] = {}
    missing = _missing(cls)
    for name, key, within, spec in _declared(cls):
        if (spec.model is not None and not nested) or name in skip:
            continue
        place = values.get(within, {}) if within else values
        if key in place and place[key] != ():
            value = _model_value(spec, place[key])
        elif within is None and key in missing:
            value = _model_value(spec, missing[key])
        else:
            continue
        if spec.spread:
            out.update(value)
        else:
            out[name] = value
    return out


def build(cls: type, values: dict, **given: Any) -> Any:
    """Return the model object `cls` of checked `values`; `given` are the fields the loader fills in (or overrides)."""
    return cls(**model_values(cls, values, skip=given), **given)


# --- cache records: model values through JSON, by name ----------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return [value.year, value.month, value.day]
    if isinstance(value, tuple):
        return list(value)
    return value


def to_record(cls: type, values: dict, **extra: Any) -> dict[str, Any]:
    """Return the JSON record of `cls` for checked `values`: every field of the file not holding models, by name.

    A field the values lack is recorded with its default; `extra` adds the values of
    fields the loader fills in (a line, an index), by their names.
    """
    present = model_values(cls, values, nested=False)
    record = {}
    for field in _compiled(cls).recorded:
        if field.name in present:
            value = present[field.name]
        else:
            value = field.default_factory() if field.default_factory is not MISSING else field.default
        record[field.name] = _encode(None if value is MISSING else value)
    record.update(extra)
    return record


def _dates(values: list, seen: dict[tuple, PartialDate]) -> list[PartialDate | None]:
    """Return the PartialDate of each record's [year, month, day] (or None), one object per date of `seen`."""
    out = []
    known = seen.get
    for value in values:
        if value is None:
            out.append(None)
            continue
        key = tuple(value)
        date = known(key)
        if date is None:
            date = seen[key] = PartialDate(*key)
        out.append(date)
    return out


def _work_out_decoders(cls: type) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return the fields of `cls` a record holds as dates, as lists of a tuple, and as lists of names."""
    dates, lists, names = [], [], []
    for field in dataclasses.fields(cls):
        spec = _spec(field)
        if spec is not None and spec.model is None:
            if spec.type in _DATES:
                dates.append(field.name)
            elif spec.type in _LISTS:
                lists.append(field.name)
            elif spec.type == "names":
                names.append(field.name)
    return tuple(dates), tuple(lists), tuple(names)


def _decoded(values: dict, dates: dict[tuple, PartialDate], date_names: tuple[str, ...], lists: tuple[str, ...],
             names: tuple[str, ...]) -> dict:
    for name in date_names:
        if name in values:
            values[name] = _dates([values[name]], dates)[0]
    for name in lists:
        if name in values:
            values[name] = tuple(values[name])
    for name in names:  # a person is recorded as [family, given]
        if name in values:
            values[name] = tuple(as_name(item) for item in values[name])
    return values


def from_record(cls: type, record: dict, dates: dict[tuple, PartialDate], **given: Any) -> Any:
    """Return the model object `cls` of a `to_record` record; `given` fills in or overrides fields.

    Every name of the record must be a field of `cls`. `dates` shares one PartialDate
    per date among the records of a load (a large store holds tens of thousands of
    dates, few of them distinct).
    """
    values = _decoded(dict(record), dates, *_decoders(cls))
    values.update(given)
    return cls(**values)


def to_columns(records: list[dict]) -> dict[str, list]:
    """Return records of the same names as columns: for each name, the list of its values.

    Many records (the facts of a document) take less room and time this way: each name
    is written and read once.
    """
    names = list(records[0]) if records else []
    return {name: [record[name] for record in records] for name in names}


def from_columns(cls: type, columns: dict[str, list], dates: dict[tuple, PartialDate], **given: Any) -> list:
    """Return the model objects `cls` of `to_columns` columns, in order; `given` maps names to a column or one value.

    The objects are made without calling the class: each one's attributes are set
    from its row at once. Loading a large store makes tens of thousands of facts, and
    this is three times faster than the frozen dataclass's `__init__`, which sets each
    field in turn; the objects are equal and equally frozen. A field neither in the
    columns nor given takes its default.
    """
    count = len(next(iter(columns.values()), ()))
    if not count:
        return []
    date_names, lists, names = _decoders(cls)
    columns = dict(columns)
    for name in date_names:
        if name in columns:
            columns[name] = _dates(columns[name], dates)
    for name in lists:
        if name in columns:
            columns[name] = [tuple(v) for v in columns[name]]
    for name in names:
        if name in columns:
            columns[name] = [tuple(as_name(item) for item in v) for v in columns[name]]
    for name, value in given.items():
        columns[name] = value if isinstance(value, (list, range)) else [value] * count
    for field in dataclasses.fields(cls):
        if field.name not in columns:
            default = field.default_factory() if field.default_factory is not MISSING else field.default
            if default is MISSING:
                raise TypeError(f"{cls.__name__}: no value of the field '{field.name}'")
            columns[field.name] = [default] * count
    names = list(columns)
    new = object.__new__
    objects = []
    for row in zip(*columns.values()):
        made = new(cls)
        made.__dict__.update(zip(names, row))
        objects.append(made)
    return objects
