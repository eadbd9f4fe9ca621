"""Tests of compiler.yamlfile: YAML read with line numbers, without YAML 1.1 surprises."""

from __future__ import annotations

import pytest

from compiler.errors import Problem
from compiler.yamlfile import LineDict, LineList, parse, read


def test_mapping_records_the_line_of_each_key():
    value, problems = parse("title: T\n\ncountry: KZ\nsections:\n  - theme: media\n", "b.yaml")
    assert problems == []
    assert isinstance(value, LineDict)
    assert value.key_lines == {"title": 1, "country": 3, "sections": 4}


def test_nested_mapping_records_its_own_line_and_key_lines():
    value, _ = parse("a: 1\nperiod:\n  from: 2009\n  to: 2011\n", "b.yaml")
    assert value["period"].line == 3
    assert value["period"].key_lines == {"from": 3, "to": 4}


def test_sequence_records_the_line_of_each_item():
    value, problems = parse("themes:\n  - media\n\n  - assembly\n  - religion\n", "s.yaml")
    assert problems == []
    assert isinstance(value["themes"], LineList)
    assert value["themes"] == ["media", "assembly", "religion"]
    assert value["themes"].item_lines == [2, 4, 5]


def test_flow_sequence_items_on_one_line_share_that_line():
    value, _ = parse("a: 1\ntags: [x, y]\n", "s.yaml")
    assert value["tags"].item_lines == [2, 2]


def test_mappings_inside_a_sequence_record_their_start_line():
    value, _ = parse("facts:\n  - id: a\n    text: t\n  - id: b\n    text: u\n", "s.yaml")
    assert [item.line for item in value["facts"]] == [2, 4]
    assert value["facts"].item_lines == [2, 4]
    assert value["facts"][1].key_lines == {"id": 4, "text": 5}


def test_syntax_error_gives_one_problem_with_its_line():
    value, problems = parse("a: 1\nb: c: d\nc: 3\n", "s.yaml")
    assert value is None
    assert len(problems) == 1
    assert problems[0].line == 2
    assert problems[0].message.startswith("YAML syntax error")
    assert problems[0].format() == "s.yaml:2: YAML syntax error: the value of 'b' holds ': ', so it must be quoted (\"...\" or '...')"


def test_bad_indentation_is_a_syntax_error_on_its_line():
    value, problems = parse("a: 1\nb:\n  c: 1\n d: 2\n", "s.yaml")
    assert value is None
    assert len(problems) == 1
    assert problems[0].line == 4
    assert "YAML syntax error" in problems[0].message


def test_tab_indentation_is_a_syntax_error_not_a_crash():
    value, problems = parse("a:\n\tb: 1\n", "s.yaml")
    assert value is None
    assert [p.line for p in problems] == [2]
    assert "YAML syntax error" in problems[0].message


QUOTE_IT = "(\"...\" or '...')"
EXPLAINED = {
    # what a writer did: (the text, the line reported, the explanation)
    "colon in a value": ("facts:\n  - id: x\n    text: The court ruled: guilty\n", 3,
                         f"the value of 'text' holds ': ', so it must be quoted {QUOTE_IT}"),
    "unclosed double quote": ('id: x\ntitle: "Kazakhstan report\nthemes: [a]\ndate: 2011\n', 2,
                              'the quote (") opened on this line is never closed'),
    "unclosed single quote": ("id: x\nthemes: [a]\ntitle: 'Kazakhstan report\n", 3,
                              "the quote (') opened on this line is never closed"),
    "tab": ("a:\n\tb: 1\n", 2, "a tab indents this line; YAML is indented with spaces only"),
    "at sign": ("text: @fact is\n", 1, f"a value cannot start with '@' unless it is quoted {QUOTE_IT}"),
    "backtick": ("text: `code`\n", 1, f"a value cannot start with '`' unless it is quoted {QUOTE_IT}"),
    "asterisk": ("text: *bold* claim\n", 1,
                 f"a value starting with '*' must be quoted {QUOTE_IT}: YAML reads '*' as a reference"),
    "text after a quote": ('title: "A" and more\n', 1,
                           "text follows the closing quote of this value: put the whole value inside the quotes"),
    "unclosed list": ("themes: [a, b\ndate: 2011\nx: y\n", 1,
                      "the list in [brackets] opened on this line is not closed with ']' (or a value in it holding ': ' "
                      "or ',' is not quoted)"),
    "indented too far": ("id: x\n  title: y\n", 2,
                         "this line is indented more than the key above it (keys of one mapping start in the same column)"),
    "indented too little": ("facts:\n  - id: x\n    text: y\n   date: 2011\n", 4,
                            "this line is out of step with the lines above: keys of one mapping start in the same column, "
                            "and so do the '- ' of one list"),
}


@pytest.mark.parametrize("case", EXPLAINED)
def test_syntax_errors_are_explained_in_the_writers_terms_on_the_line_to_fix(case):
    text, line, message = EXPLAINED[case]
    value, problems = parse(text, "s.yaml")
    assert value is None
    assert [p.format() for p in problems] == [f"s.yaml:{line}: YAML syntax error: {message}"]


def test_python_tags_are_refused_as_an_error_not_executed():
    value, problems = parse("a: !!python/object/apply:os.system [echo hi]\n", "s.yaml")
    assert value is None
    assert len(problems) == 1
    assert problems[0].line == 1


def test_duplicate_key_is_reported_with_its_line_and_last_value_kept():
    value, problems = parse("id: a\ntitle: One\ntitle: Two\n", "s.yaml")
    assert value["title"] == "Two"
    assert problems == [
        Problem("s.yaml", 3, "title", "key appears twice in the same mapping; the last one is used")
    ]


def test_duplicate_key_in_a_nested_mapping_is_reported():
    _, problems = parse("facts:\n  - id: a\n    text: t\n    id: b\n", "s.yaml")
    assert [(p.line, p.field) for p in problems] == [(4, "id")]


def test_country_code_no_stays_the_string_no():
    value, problems = parse("country: NO\nother: no\nbig: No\n", "b.yaml")
    assert problems == []
    assert value == {"country": "NO", "other": "no", "big": "No"}


def test_yes_on_off_y_n_stay_strings():
    value, _ = parse("a: yes\nb: on\nc: off\nd: y\ne: n\nf: Yes\ng: ON\n", "b.yaml")
    assert value == {"a": "yes", "b": "on", "c": "off", "d": "y", "e": "n", "f": "Yes", "g": "ON"}


def test_only_true_and_false_are_booleans():
    value, _ = parse("a: true\nb: false\nc: True\nd: FALSE\n", "b.yaml")
    assert value == {"a": True, "b": False, "c": True, "d": False}
    assert all(isinstance(v, bool) for v in value.values())


def test_dates_stay_strings():
    value, _ = parse("full: 2011-07-12\nmonth: 2011-07\nstamp: 2011-07-12T10:00:00Z\nbad: 2011-02-30\n", "b.yaml")
    assert value == {"full": "2011-07-12", "month": "2011-07", "stamp": "2011-07-12T10:00:00Z", "bad": "2011-02-30"}
    assert all(type(v) is str for v in value.values())


def test_year_alone_stays_a_number():
    value, _ = parse("date: 2007\n", "b.yaml")
    assert value == {"date": 2007}


def test_empty_text_is_none_without_problems():
    assert parse("", "b.yaml") == (None, [])


def test_read_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_bytes(b"id: a\ntitle: Caf\xe9\n")
    value, problems, text = read(path, "s.yaml")
    assert value is None
    assert text == ""
    assert [p.format() for p in problems] == ["s.yaml:2: file is not valid UTF-8 text"]


def test_read_accepts_a_utf8_byte_order_mark(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_bytes("\ufeffid: a\ntitle: Café\n".encode("utf-8"))
    value, problems, _ = read(path, "s.yaml")
    assert problems == []
    assert value == {"id": "a", "title": "Café"}


def test_read_of_a_missing_file_is_a_problem_not_an_exception(tmp_path):
    value, problems, _ = read(tmp_path / "nope.yaml", "nope.yaml")
    assert value is None
    assert len(problems) == 1
    assert problems[0].format().startswith("nope.yaml: cannot read file: ")
