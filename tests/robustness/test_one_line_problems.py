"""Tests that every problem stays one line, whatever characters the user's keys and values hold,
and that odd `text:` paths are problems, not crashes."""

from __future__ import annotations

import pytest

from compiler.brief import load_brief
from compiler.store import load_store
from compiler.yamlfile import parse
from tests.conftest import SOURCE

HEAD = 'id: odd\ntitle: Odd\ncountry: KZ\n'


def store_lines(workspace, text: str) -> list[str]:
    workspace.write("sources/kz/odd.yaml", text)
    _, problems = load_store(workspace.root / "sources", workspace.root, cache=False)
    return [p.format() for p in problems]


def assert_one_line_each(lines: list[str]) -> None:
    assert lines
    for line in lines:
        assert "\n" not in line and "\r" not in line and "\x00" not in line, line
        assert len(line) < 400, line


@pytest.mark.parametrize(
    "key",
    ['"a\\nb"', '"\\ttab"', '"\\0nul"', '"\\u202eevil"', '"' + "k" * 500 + '"', '"\\r\\nx"'],
)
def test_odd_unknown_keys_are_shown_on_one_line(workspace, key):
    found = store_lines(workspace, HEAD + f"{key}: 1\n")
    assert_one_line_each(found)
    assert found[0].startswith("sources/kz/odd.yaml:4: ")


def test_a_newline_in_a_key_is_escaped(workspace):
    assert store_lines(workspace, HEAD + '"publisher\\n": 1\n') == [
        "sources/kz/odd.yaml:4: publisher\\n: unknown key; did you mean 'publisher'?"
    ]


def test_duplicate_odd_key_is_one_line():
    _, problems = parse('"a\\nb": 1\n"a\\nb": 2\n', "d.yaml")
    assert [p.format() for p in problems] == ["d.yaml:2: a\\nb: key appears twice in the same mapping; the last one is used"]


@pytest.mark.parametrize("ident", ['"libel-2007\\n"', '"libel-2007\\n\\n"'])
def test_an_id_with_a_trailing_newline_is_not_an_id(workspace, ident):
    text = SOURCE.replace("id: hrw-memo", "id: other-memo").replace("- id: libel-2007", f"- id: {ident}")
    text = text.replace("id: khabar-2008", "id: other-1").replace("id: rally-2008", "id: other-2").replace("id: baptists-2008", "id: other-3")
    found = store_lines(workspace, text)
    assert_one_line_each(found)
    assert any("facts[0].id: expected an id of lowercase letters, digits and '-'" in line for line in found)


def test_a_theme_id_with_a_trailing_newline_is_refused(workspace):
    workspace.write("sources/themes.yaml", 'themes:\n  "media\\n":\n    title: Media\n')
    _, problems = load_store(workspace.root / "sources", workspace.root, cache=False)
    lines = [p.format() for p in problems]
    assert_one_line_each(lines)
    assert "sources/themes.yaml:2: themes.media\\n: a theme id is lowercase letters, digits and '-', with '.' before a sub-theme" in lines


def test_a_language_with_a_trailing_newline_is_refused(workspace):
    found = store_lines(workspace, HEAD + 'language: "en\\n"\n')
    assert found == ["sources/kz/odd.yaml:4: language: expected a BCP 47 language tag such as en or fr; got 'en\\n'"]


@pytest.mark.parametrize(
    "ref, message",
    [
        ('"a\\0b"', "text holds the control character U+0000; remove it"),
        ('"' + "x" * 5000 + '"', "archived text '" + "x" * 197 + "...' is not a usable file name"),
        ('"x\\ny"', "archived text 'x\\ny' does not exist"),
    ],
)
def test_odd_archived_text_paths_are_problems(workspace, ref, message):
    found = store_lines(workspace, HEAD + f"text: {ref}\n")
    assert_one_line_each(found)
    assert len(found) == 1 and found[0].startswith(f"sources/kz/odd.yaml:4: text: {message}")


def test_a_path_the_file_system_refuses_is_a_problem(tmp_path):
    from compiler.store.load import _check_quotes

    root = tmp_path / "ws"
    found = _check_quotes(root / "sources" / "a.yaml", "a.yaml", root, "a\x00b", 4, [])
    assert [p.format() for p in found] == ["a.yaml:4: text: archived text 'a\\x00b' is not a usable file name"]


def test_archived_text_over_the_size_limit_is_not_read(workspace):
    from compiler.yamlfile import MAX_FILE_BYTES

    big = workspace.root / "sources" / "kz" / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: instant, and no disk used
    found = store_lines(workspace, HEAD + "text: big.txt\n")
    assert found == ["sources/kz/odd.yaml:4: text: archived text 'big.txt' is larger than 20 MB; it is not read"]


@pytest.mark.parametrize("field, value", [("style", '"un-submission\\nx"'), ("profile", '"none\\nx"'), ("style", '"a\\tb"')])
def test_style_and_profile_names_are_shown_on_one_line(workspace, field, value):
    from compiler.profiles import profile_names
    from compiler.style import style_names

    store, _ = load_store(workspace.root / "sources", workspace.root, cache=False)
    path = workspace.write("briefs/b.yaml", f"title: T\ncountry: KZ\n{field}: {value}\n")
    _, problems = load_brief(path, store, style_names(workspace.root / "styles"), profile_names(workspace.root / "profiles"))
    lines = [p.format() for p in problems]
    assert_one_line_each(lines)
    assert lines[0].startswith(f"briefs/b.yaml:3: {field}: ")


@pytest.mark.parametrize("escaped, code", [("\\x00", "0000"), ("\\e[31m", "001B"), ("\\x07", "0007"), ("\\x7f", "007F"), ("\\x9b2J", "009B")])
def test_control_characters_written_as_escapes_are_refused(workspace, run, escaped, code):
    # they would reach the terminal of `brief facts` and the XML of the DOCX
    workspace.write("sources/kz/hrw-memo.yaml", SOURCE.replace(
        "text: Police detained protesters in Almaty.", f'text: "Police {escaped} detained protesters."'))
    found = store_lines(workspace, HEAD)
    assert f"sources/kz/hrw-memo.yaml:21: facts[2].text: text holds the control character U+{code}; remove it" in found
    code_, out, err = run("facts")
    assert "\x1b" not in out and "\x00" not in out


def test_tabs_and_line_breaks_written_as_escapes_are_text(workspace):
    workspace.write("sources/kz/hrw-memo.yaml", SOURCE.replace(
        "text: Police detained protesters in Almaty.", 'text: "Police\\tdetained\\r\\nprotesters."'))
    assert store_lines(workspace, HEAD) == []
