"""Tests that hostile YAML fails fast with one clear problem: bombs, depth, size, odd tags."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from compiler.yamlfile import MAX_ALIAS_EXPANSION, MAX_DEPTH, MAX_FILE_BYTES, parse, read


def billion_laughs(levels: int = 9, extra: str = "") -> str:
    """Return the classic alias bomb: each level a list of nine aliases of the level below."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for index in range(1, levels):
        name = f"l{index}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n" + extra.replace("LAST", previous)


def timed_parse(text: str, seconds: float = 5.0):
    start = time.perf_counter()
    value, problems = parse(text, "bomb.yaml")
    assert time.perf_counter() - start < seconds
    return value, problems


# --- alias bombs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        "",  # the values alone
        "? *LAST\n: key\n",  # a bomb as a mapping key, which is turned into text
        "title: *LAST\n",
    ],
    ids=["values", "as-key", "as-field"],
)
def test_nine_level_billion_laughs_is_refused_fast(extra):
    value, problems = timed_parse(billion_laughs(9, extra))
    assert value is None
    assert len(problems) == 1
    problem = problems[0]
    assert problem.file == "bomb.yaml"
    assert problem.line is not None
    assert problem.message.startswith("YAML error: aliases (*name) repeat more than")
    assert "1,000,000" in problem.message


def test_merge_key_bomb_is_refused_fast():
    lines = ["m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}"]
    for index in range(1, 10):
        lines.append(f"m{index}: &m{index} {{<<: [" + ", ".join([f"*m{index - 1}"] * 9) + "]}")
    value, problems = timed_parse("\n".join(lines) + "\n")
    assert value is None
    assert [p.message.split(":")[0] for p in problems] == ["YAML error"]


def test_merge_chain_is_bounded():
    lines = ["m0: &m0 {k0: 0}"] + [f"m{i}: &m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, 3000)]
    value, problems = timed_parse("\n".join(lines) + "\n")
    assert value is None
    assert len(problems) == 1 and problems[0].message.startswith("YAML error:")


def test_small_bomb_is_refused_before_the_text_it_would_make_is_built():
    # 4 levels of 9 are only 6,561 strings, but each is 200,000 characters long
    big = "x" * 200_000
    text = billion_laughs(4).replace('"lol"', f'"{big}"', 1).replace('"lol"', "lol")
    value, problems = timed_parse(text + "title: *l3\n")
    assert value is None
    assert problems[0].message.startswith("YAML error: aliases (*name) repeat more than")


def test_ordinary_anchors_and_aliases_still_work():
    text = textwrap.dedent(
        """\
        defaults: &themes [media, assembly]
        facts:
          - {id: a, themes: *themes}
          - {id: b, themes: *themes}
        """
    )
    value, problems = parse(text, "s.yaml")
    assert problems == []
    assert value["facts"][1]["themes"] == ["media", "assembly"]


def test_aliases_just_under_the_budget_are_accepted():
    chunk = "y" * 999
    count = MAX_ALIAS_EXPANSION // 1000 - 1
    text = f"a: &a {chunk}\nb: [" + ", ".join(["*a"] * count) + "]\n"
    value, problems = parse(text, "s.yaml")
    assert problems == []
    assert len(value["b"]) == count


def test_recursive_alias_is_an_error_not_a_hang():
    value, problems = timed_parse("a: &a [1, *a]\n")
    assert value is None
    assert problems[0].line == 1


# --- merge keys ----------------------------------------------------------------------


def test_merge_key_override_is_not_a_duplicate():
    text = "base: &b {kind: report, country: KZ}\ndoc:\n  <<: *b\n  kind: memorandum\n"
    value, problems = parse(text, "s.yaml")
    assert problems == []
    assert value["doc"] == {"kind": "memorandum", "country": "KZ"}


def test_a_key_written_twice_next_to_a_merge_is_still_a_duplicate():
    text = "base: &b {kind: report}\ndoc:\n  <<: *b\n  title: A\n  title: B\n"
    value, problems = parse(text, "s.yaml")
    assert [(p.line, p.field) for p in problems] == [(5, "title")]


# --- nesting ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["flow-list", "flow-map", "block-list"])
@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 10_000])
def test_deep_nesting_is_one_clear_problem(shape, levels):
    if shape == "flow-list":
        text = "a: " + "[" * levels + "]" * levels + "\n"
    elif shape == "flow-map":
        text = "a: " + "{a: " * levels + "1" + "}" * levels + "\n"
    else:
        text = "".join(" " * (2 * i) + "-\n" for i in range(levels))
    value, problems = timed_parse(text)
    assert value is None
    assert len(problems) == 1
    assert problems[0].message == f"YAML error: lists and mappings nested more than {MAX_DEPTH} levels deep"
    assert problems[0].line is not None


def test_nesting_at_the_limit_is_read():
    levels = MAX_DEPTH - 1  # the top-level mapping is one level
    value, problems = parse("a: " + "[" * levels + "]" * levels + "\n", "s.yaml")
    assert problems == []


@pytest.mark.parametrize("levels", [200_000, 2_000_000])
def test_nesting_that_would_overflow_the_c_stack_is_refused(levels):
    # run in a child: before the limit, libyaml's composer crashed the interpreter (SIGSEGV)
    code = textwrap.dedent(
        f"""\
        from compiler.yamlfile import parse
        levels = {levels}
        for text in ("a: " + "[" * levels + "]" * levels, "- " * levels + "x"):
            value, problems = parse(text, "deep.yaml")
            assert value is None, problems
            print(problems[0].format())
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        f"deep.yaml:1: YAML error: lists and mappings nested more than {MAX_DEPTH} levels deep"
    ] * 2


# --- size -------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_without_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("text: |\n")
        line = "  " + "x" * 1022 + "\n"
        for _ in range(MAX_FILE_BYTES // len(line) + 2):
            handle.write(line)
    start = time.perf_counter()
    value, problems, text = read(path, "huge.yaml")
    assert time.perf_counter() - start < 2
    assert value is None and text == ""
    assert [p.format() for p in problems] == ["huge.yaml: file is larger than 20 MB, the limit for a YAML file"]


def test_file_at_the_size_limit_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    head = "text: "
    path.write_text(head + "x" * (MAX_FILE_BYTES - len(head) - 1) + "\n", encoding="utf-8")
    value, problems, _ = read(path, "big.yaml")
    assert problems == []
    assert len(value["text"]) == MAX_FILE_BYTES - len(head) - 1


# --- tags ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a: !!bool maybe\n",
        "a: !!seq x\n",
        "a: !!map [1]\n",
        "a: !!omap [b: 1]\n",
        "a: !!int x\n",
        "a: !!float x\n",
        "a: !!int 1e9999\n",
        "a: !!timestamp [1]\n",
        "a: !!str [1]\n",
        "a: !!null [1]\n",
        "a: !!binary '%%%'\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!pairs [b: 1]\n",
        "a: !!python/object/apply:os.system [echo hi]\n",
        "a: !!python/name:os.system\n",
        "a: !local x\n",
        "a: !<tag:example.com,2000:x> x\n",
    ],
)
def test_unusual_tags_give_one_problem_on_their_line(text):
    value, problems = parse(text, "t.yaml")
    assert value is None
    assert len(problems) == 1
    assert problems[0].line == 1
    assert problems[0].message.startswith("YAML")


def test_supported_tags_still_read():
    value, problems = parse("a: !!str 2011\nb: !!int '12'\nc: !!float '1.5'\nd: !!bool 'true'\n", "t.yaml")
    assert problems == []
    assert value == {"a": "2011", "b": 12, "c": 1.5, "d": True}


@pytest.mark.parametrize("text, line", [("a: \x00\n", 1), ("é: x\nb: \"ééé\"\n\n\x07\n", 4), ("a: |\n  x\x1b[31m\n", 2)])
def test_control_characters_are_one_problem_on_their_line(text, line):
    value, problems = parse(text, "c.yaml")
    assert value is None
    assert [p.format() for p in problems] == [
        f"c.yaml:{line}: YAML syntax error: the control character U+{ord(next(c for c in text if c < ' ' and c not in chr(10) + chr(9))):04X} is not allowed"
    ]


@pytest.mark.parametrize("text", ["a: \ud800\n", "[" * 6000 + "\ud800"])
def test_unpaired_surrogates_are_a_problem_not_a_crash(text):
    value, problems = parse(text, "s.yaml")
    assert value is None
    assert [p.format() for p in problems] == ["s.yaml:1: YAML syntax error: an unpaired surrogate is not valid Unicode text"]
