"""Tests of compiler.declare: one dataclass declaration gives the Field tuple, the model object and the cache record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar

import pytest

from compiler.dates import PartialDate
from compiler.declare import Group, build, computed, declared, fields_of, from_columns, from_record, to_columns, to_record
from compiler.errors import did_you_mean
from compiler.schema import Checker, Field, check_mapping
from compiler.yamlfile import parse


@dataclass(frozen=True, kw_only=True)
class Item:
    name: str = declared("string", "Its name.", required=True)
    note: str = declared("text", "A note.", default="")


@dataclass(frozen=True, kw_only=True)
class Paper:
    title: str = declared("string", "The title.", required=True)
    kind: str = declared("enum", "Its kind.", choices=("a", "b"), default="a")
    span: ClassVar[Group] = Group("When.")
    start: PartialDate | None = declared("date", "From.", key="from", within="span", default=None)
    end: PartialDate | None = declared("date", "To.", key="to", within="span", default=None)
    formats: tuple[str, ...] = declared("enums", "Formats.", choices=("x", "y"), default=("x",))
    heading: dict = declared("localized", "A heading.", factory=dict)
    items: tuple[Item, ...] = declared("objects", "The items.", model=Item, default=())
    first: Item | None = declared("object", "One item.", model=Item, default=None)
    path: str = computed("")


def _checked(text: str, fields: tuple[Field, ...]) -> tuple[dict | None, list[str]]:
    raw, problems = parse(text, "p.yaml")
    checker = Checker("p.yaml", problems)
    values = check_mapping(raw, fields, "", 1, checker)
    return values, [p.format() for p in checker.problems]


def test_fields_follow_the_declaration_with_groups_keys_and_nested_models():
    fields = fields_of(Paper)
    assert [f.name for f in fields] == ["title", "kind", "span", "formats", "heading", "items", "first"]
    span = fields[2]
    assert (span.type, span.description, [f.name for f in span.fields]) == ("object", "When.", ["from", "to"])
    assert fields[0].required and not fields[1].required
    assert fields[1].default == "a" and fields[3].default is None  # only a text default is shown to editors
    assert fields_of(Paper)[5].fields == fields_of(Item) == (
        Field("name", "string", "Its name.", required=True), Field("note", "text", "A note."))


def test_build_makes_the_model_object_of_the_checked_values():
    values, problems = _checked(
        "title: T\nspan: {from: 2009, to: 2010-06}\nformats: []\nheading: Head\n"
        "items:\n  - name: one\n    note: '  spaced  '\nfirst: {name: lone}\n", fields_of(Paper))
    assert problems == []
    paper = build(Paper, values, path="p.yaml")
    assert paper == Paper(title="T", start=PartialDate(2009), end=PartialDate(2010, 6), formats=("x",),
                          heading={"en": "Head"}, items=(Item(name="one", note="spaced"),), first=Item(name="lone"),
                          path="p.yaml")


def test_build_keeps_the_defaults_of_what_is_not_written_and_lets_the_loader_override():
    values, _ = _checked("title: T\nitems:\n  - name: one\n", fields_of(Paper))
    paper = build(Paper, values, items=(), kind="b")
    assert (paper.kind, paper.start, paper.formats, paper.heading, paper.items, paper.path) == ("b", None, ("x",), {}, (), "")


def test_the_declaration_checks_files_with_the_messages_of_check_mapping():
    _, problems = _checked("title: T\nkidn: b\nspan: {form: 2009}\nitems:\n  - note: x\n", fields_of(Paper))
    assert problems == [
        "p.yaml:2: kidn: unknown key; did you mean 'kind'?",
        "p.yaml:3: span.form: unknown key; did you mean 'from'?",
        "p.yaml:5: items[0].name: required field is missing",
    ]


def test_records_carry_values_by_name_through_json():
    values, _ = _checked("title: T\nspan: {from: 2009-05}\nformats: [y]\nitems:\n  - name: one\n", fields_of(Paper))
    record = json.loads(json.dumps(to_record(Paper, values, path="p.yaml")))
    assert record == {"title": "T", "kind": "a", "start": [2009, 5, None], "end": None, "formats": ["y"],
                      "heading": {}, "path": "p.yaml"}  # models (items, first) are recorded on their own
    dates: dict = {}
    first = from_record(Paper, record, dates)
    second = from_record(Paper, record, dates, path="q.yaml")
    assert first == Paper(title="T", start=PartialDate(2009, 5), formats=("y",), path="p.yaml")
    assert second.path == "q.yaml" and first.start is second.start  # one object per date of a load


def test_many_records_travel_as_columns():
    records = [to_record(Paper, {"title": "A", "span": {"from": PartialDate(2009)}}),
               to_record(Paper, {"title": "B", "formats": ("y",), "span": {"from": PartialDate(2009)}})]
    columns = json.loads(json.dumps(to_columns(records)))
    assert columns["title"] == ["A", "B"] and columns["start"] == [[2009, None, None]] * 2
    dates: dict = {}
    papers = from_columns(Paper, columns, dates, path=["a.yaml", "b.yaml"], end=PartialDate(2010))
    assert papers == [Paper(title="A", start=PartialDate(2009), end=PartialDate(2010), path="a.yaml"),
                      Paper(title="B", start=PartialDate(2009), end=PartialDate(2010), formats=("y",), path="b.yaml")]
    assert papers[0].start is papers[1].start
    assert from_columns(Paper, {}, dates) == []
    with pytest.raises(TypeError, match="no value of the field 'name'"):
        from_columns(Item, {"note": ["x"]}, dates)


def test_a_hand_written_field_tuple_still_checks():
    fields = (Field("size", "enum", "A size.", choices=("A4", "A5")), Field("margin", "integer", "A margin."))
    values, problems = _checked("size: A3\nmargin: 2\n", fields)
    assert values == {"margin": 2}
    assert problems == ["p.yaml:1: size: expected one of A4, A5; got 'A3'"]


@pytest.mark.parametrize("name, known, hint", [
    ("titel", ["title", "subtitle"], "; did you mean 'title'?"),
    ("zzz", ["title", "subtitle"], ""),
    (3, {"3a": 1}, "; did you mean '3a'?"),
])
def test_did_you_mean_names_the_nearest_known_name(name, known, hint):
    assert did_you_mean(name, known) == hint


def _pair(checked: tuple[str, str]) -> dict:
    word, side = checked
    return {"word": word, "upper": word.upper()}


@dataclass(frozen=True, kw_only=True)
class Inner:
    size: int = declared("number", "A size.", written=12, bounds=(4, 96))
    word: str = declared("page-size", "A word.", written="A4", choices=("A4", "A5"), convert=_pair, spread=True)
    upper: str = computed()


@dataclass(frozen=True, kw_only=True)
class Outer:
    label: str = declared("string", "For people.", default="", compare=False)
    inner: Inner = declared("object", "Made of its keys' defaults when missing.", model=Inner)
    given: Inner = declared("object", "A written mapping.", model=Inner, written={"size": 20})
    flag: bool = declared("boolean", "A flag.", written=True, convert=lambda on: "on" if on else "off")


def test_written_defaults_fill_every_missing_key_checked_and_converted_like_a_written_value():
    fields = fields_of(Outer)
    assert [(f.name, f.default) for f in fields] == [("label", None), ("inner", None), ("given", {"size": 20}), ("flag", True)]
    assert fields[1].fields[0].bounds == (4, 96) and fields[1].fields[0].default == 12
    values, problems = _checked("label: x\n", fields)
    assert problems == []
    outer = build(Outer, values)
    assert outer == Outer(inner=Inner(size=12, word="A4", upper="A4"), given=Inner(size=20, word="A4", upper="A4"), flag="on")
    assert outer.label == "x"  # kept, but not compared
    values, _ = _checked("inner: {word: a5 landscape}\ngiven: {}\nflag: false\n", fields)
    outer = build(Outer, values)
    assert (outer.inner, outer.given.size, outer.flag) == (Inner(size=12, word="A5", upper="A5"), 12, "off")


def test_a_written_default_that_does_not_check_is_a_programming_error():
    @dataclass(frozen=True, kw_only=True)
    class Bad:
        size: int = declared("number", "A size.", written=200, bounds=(4, 96))

    with pytest.raises(ValueError, match="Bad.size: the written default does not check"):
        build(Bad, {})


def test_a_declaration_worked_out_once_is_what_reading_the_class_field_by_field_gives():
    from compiler.declare import (
        _work_out_declared, _work_out_decoders, _work_out_missing, _work_out_recorded, declaration,
    )
    from compiler.store.model import Fact, Source

    for model in (Fact, Source):
        kept = model.__dict__["__declaration__"]
        assert kept.declared == _work_out_declared(model) and kept.decoders == _work_out_decoders(model)
        assert dict(kept.missing) == _work_out_missing(model) and kept.recorded == _work_out_recorded(model)
        assert kept.declared and kept.recorded
    fresh = declaration(dataclass(frozen=True, kw_only=True)(type("Fresh", (), {
        "__annotations__": {"name": "str"}, "name": declared("string", "Its name.", required=True)})))
    assert [name for name, *_ in fresh.__declaration__.declared] == ["name"]
    values = check_mapping(parse("name: x\n", "t.yaml")[0], fields_of(fresh), "", 1, Checker("t.yaml"))
    assert build(fresh, values).name == "x" and to_record(fresh, values) == {"name": "x"}


def test_a_written_default_that_does_not_check_fails_when_the_class_is_declared():
    from compiler.declare import declaration

    with pytest.raises(ValueError, match="written default does not check"):
        declaration(dataclass(frozen=True, kw_only=True)(type("Bad", (), {
            "__annotations__": {"size": "int"}, "size": declared("number", "A size.", written=500, bounds=(4, 96))})))
