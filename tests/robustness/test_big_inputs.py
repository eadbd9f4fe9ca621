"""Tests that inputs far larger than any real one fail fast with one clear line (exit 3), or are
handled in bounded time: megabytes of text, thousands of sections, deep nesting, huge selections."""

from __future__ import annotations

import functools
import re
import time

import pytest
import yaml

from compiler.brief.load import MAX_SECTIONS
from compiler.schema import MAX_TEXT_CHARS
from compiler.selection.select import MAX_FACTS_PER_PAPER
from compiler.yamlfile import MAX_BRIEF_BYTES, MAX_DEPTH
from tests.conftest import BRIEF

PROBLEM = re.compile(r"^\S+:(\d+:)? (?!ok;|errors;|not checked further)")


def check(run, seconds: float, *argv: str) -> tuple[int, list[str]]:
    """Run `brief check` and return its exit code and its problem lines; it must finish in time."""
    start = time.perf_counter()
    code, out, err = run("check", *argv)
    assert time.perf_counter() - start < seconds
    assert "Traceback" not in out + err and "internal error" not in out + err
    return code, [line for line in (out + err).splitlines() if PROBLEM.match(line) and "themes;" not in line]


def test_a_fact_of_megabytes_is_one_clear_error(workspace, run):
    text = "The authorities opened criminal cases. " * 30_000  # 1.2 million characters
    workspace.write("sources/kz/big.yaml", yaml.safe_dump(
        {"id": "big", "title": "B", "country": "KZ", "facts": [{"id": "big-1", "text": text, "themes": ["media"]}]}))
    code, problems = check(run, 10)
    assert code == 3
    assert problems == [f"sources/kz/big.yaml:4: facts[0].text: text of {len(text):,} characters; "
                        f"the limit is {MAX_TEXT_CHARS:,}"]


def test_a_fact_just_under_the_limit_is_checked_in_bounded_time(workspace, run):
    paragraph = "The authorities opened *criminal* cases [@hrw-memo, p. 3]. " * 40 + "\n\n"  # 40 notes: under the limit
    text = (paragraph * 50)[: MAX_TEXT_CHARS - 1]
    workspace.write("sources/kz/big.yaml", yaml.safe_dump(
        {"id": "big", "title": "B", "country": "KZ", "facts": [{"id": "big-1", "text": text, "themes": ["media"]}]}))
    code, problems = check(run, 20)
    assert code == 0, problems


def test_a_brief_of_megabytes_is_one_clear_error(workspace, run):
    workspace.write("briefs/paper.yaml", BRIEF + "summary: |\n" + "  Journalists were prosecuted [@libel-2007].\n" * 30_000)
    code, problems = check(run, 5)
    assert code == 3
    assert problems == [f"briefs/paper.yaml: file is larger than {MAX_BRIEF_BYTES // (1024 * 1024)} MB, the limit for a brief"]


def test_a_summary_over_the_text_limit_is_one_clear_error(workspace, run):
    summary = "Journalists were *prosecuted* [@libel-2007]. " * 5000
    workspace.write("briefs/paper.yaml", BRIEF + yaml.safe_dump({"summary": summary}, width=80))
    code, problems = check(run, 10)
    assert code == 3
    assert problems == [f"briefs/paper.yaml:7: summary: text of {len(summary):,} characters; the limit is {MAX_TEXT_CHARS:,}"]


def test_thousands_of_sections_are_one_clear_error(workspace, run):
    sections = [{"theme": "media", "intro": "Cases [@libel-2007].", "recommendations": ["Stop."]}] * 5000
    head = BRIEF.split("sections:")[0]
    workspace.write("briefs/paper.yaml", head + yaml.safe_dump({"sections": sections}))
    code, problems = check(run, 10)
    assert code == 3
    assert problems == [f"briefs/paper.yaml:4: sections: 5,000 sections; the limit is {MAX_SECTIONS:,}"]


def test_sections_up_to_the_limit_are_checked_in_bounded_time(workspace, run):
    sections = [{"theme": "media", "intro": "Cases [@khabar-2008].", "recommendations": ["Stop [@libel-2007]."]}] * MAX_SECTIONS
    workspace.write("briefs/paper.yaml", BRIEF.split("sections:")[0] + yaml.safe_dump({"sections": sections}))
    code, problems = check(run, 20)
    assert code == 0, problems[:3]


@functools.lru_cache(maxsize=1)
def many_facts(count: int) -> str:
    """Return a source document with `count` facts of the theme media."""
    facts = "".join(f"  - {{id: f-{i}, text: Fact {i}., themes: [media], date: {2000 + i % 10}}}\n" for i in range(count))
    return "id: many\ntitle: M\ncountry: KZ\nfacts:\n" + facts


def test_a_selection_of_too_many_facts_is_one_clear_error(workspace, run):
    count = MAX_FACTS_PER_PAPER + 1
    workspace.write("sources/kz/many.yaml", many_facts(count))
    code, problems = check(run, 20)
    assert code == 3
    assert problems == [f"briefs/paper.yaml: sections: the paper would state {count + 3:,} facts; the limit is "
                        f"{MAX_FACTS_PER_PAPER:,} (narrow the sections with select: tags, since, until or limit)"]


def test_a_selection_narrowed_by_limit_is_fine(workspace, run):
    workspace.write("sources/kz/many.yaml", many_facts(MAX_FACTS_PER_PAPER + 1))
    workspace.write("briefs/paper.yaml", BRIEF.replace("  - theme: media\n", "  - theme: media\n    select: {limit: 20}\n"))
    code, problems = check(run, 20)
    assert code == 0, problems[:3]


@pytest.mark.parametrize("where", ["briefs/paper.yaml", "sources/kz/deep.yaml", "sources/themes.yaml"])
def test_yaml_nested_ten_thousand_levels_deep_is_one_clear_error(workspace, run, where):
    levels = 10_000
    deep = "x: " + "[" * levels + "]" * levels + "\n"
    path = workspace.root / where
    path.write_text((path.read_text() if path.exists() and where != "sources/themes.yaml" else "") + deep)
    code, problems = check(run, 10)
    assert code == 3
    assert [p for p in problems if p.startswith(where)] == [
        f"{where}:{deep and len(path.read_text().splitlines())}: YAML error: lists and mappings nested more than {MAX_DEPTH} levels deep"
    ]


def test_an_alias_bomb_in_a_brief_is_one_clear_error(workspace, run):
    from tests.robustness.test_yaml_limits import billion_laughs

    workspace.write("briefs/paper.yaml", billion_laughs(9, "title: *LAST\ncountry: KZ\n"))
    code, problems = check(run, 5)
    assert code == 3
    assert len(problems) == 1 and "aliases (*name) repeat more than 1,000,000" in problems[0]


def test_many_citations_are_located_in_linear_time(workspace, run):
    per_field = 3_000  # ids the store does not hold, each on its own line: one error each
    fields = ["summary", "introduction", "conclusion", "other"]

    def field(name: str, indent: str) -> str:
        return "".join(f"{indent}Claim [@{name}-{i}].\n\n" for i in range(per_field))

    text = (BRIEF.split("sections:")[0] + "summary: |\n" + field("summary", "  ") + "introduction: |\n"
            + field("introduction", "  ") + "sections:\n  - theme: media\n    intro: |\n" + field("conclusion", "      ")
            + "  - title: Other\n    intro: |\n" + field("other", "      "))
    workspace.write("briefs/paper.yaml", text)
    code, problems = check(run, 20)
    assert code == 3
    assert len(problems) == per_field * len(fields)
    lines = text.splitlines()
    for problem in problems[:: per_field // 10]:
        number, ident = int(problem.split(":")[1]), problem.split("'")[1]
        assert f"[@{ident}]" in lines[number - 1]


def test_the_same_id_cited_twice_in_a_field_names_each_line(workspace, run):
    workspace.write("briefs/paper.yaml", BRIEF + "summary: |\n  One [@nope].\n\n  Two [@nope].\n")
    code, problems = check(run, 5)
    assert problems == [
        "briefs/paper.yaml:8: summary: cites 'nope', which is neither a fact, a source nor a recommendation in the store",
        "briefs/paper.yaml:10: summary: cites 'nope', which is neither a fact, a source nor a recommendation in the store",
    ]


def test_citation_brackets_are_parsed_in_linear_time():
    from compiler.citations import citations_in

    for text in ("[@" * 20_000 + "]", "[@a " * 10_000, "[@a;" * 10_000 + "]"):
        start = time.perf_counter()
        citations_in(text)
        assert time.perf_counter() - start < 5
