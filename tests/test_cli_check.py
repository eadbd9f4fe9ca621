"""Tests of the `brief check` and `brief facts` commands, run through compiler.cli.main."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from tests.conftest import BRIEF

PROBLEM_LINE = re.compile(r"^\S+:\d+: ")

GOOD_DOC = (
    "id: uz-report\n"
    "title: Uzbekistan report\n"
    "country: UZ\n"
    "facts:\n"
    "  - id: uz-press\n"
    "    text: A newspaper was closed.\n"
    "    themes: [media]\n"
    "    date: 2008-04\n"
)


def problem_lines(stdout: str) -> list[str]:
    """Return the lines of `stdout` that report a problem at a file and line."""
    return [line for line in stdout.splitlines() if PROBLEM_LINE.match(line)]


# --- brief check --------------------------------------------------------------------


def test_check_valid_workspace_exits_0(workspace, run):
    code, out, err = run("check")
    assert code == 0
    assert problem_lines(out) == []
    assert err == ""
    assert "briefs/paper.yaml: ok" in out


BROKEN = {
    "yaml-syntax": (
        "sources/kz/bad.yaml",
        "id: bad\ntitle: x: y\n",
        "sources/kz/bad.yaml:2: YAML syntax error: the value of 'title' holds ': ', so it must be quoted (\"...\" or '...')",
    ),
    "unknown-key": (
        "sources/kz/bad.yaml",
        "id: bad\ntitle: B\ncountry: KZ\nfacts:\n  - id: bad-1\n    text: t\n    themes: [media]\n    tagz: [x]\n",
        "sources/kz/bad.yaml:8: facts[0].tagz: unknown key; did you mean 'tags'?",
    ),
    "wrong-type": (
        "sources/kz/bad.yaml",
        "id: bad\ntitle: B\ncountry: KZ\nfacts:\n  - id: bad-1\n    text: t\n    themes: [media]\n    tags: {a: 1}\n",
        "sources/kz/bad.yaml:8: facts[0].tags: expected a list; got a mapping",
    ),
    "unknown-theme": (
        "sources/kz/bad.yaml",
        "id: bad\ntitle: B\ncountry: KZ\nfacts:\n  - id: bad-1\n    text: t\n    themes: [medai]\n",
        "sources/kz/bad.yaml:7: facts[0].themes[0]: unknown theme 'medai'; did you mean 'media'?",
    ),
    "duplicate-id": (
        "sources/uz/bad.yaml",
        "id: bad\ntitle: B\ncountry: UZ\nfacts:\n  - id: khabar-2008\n    text: t\n    themes: [media]\n",
        "sources/uz/bad.yaml:5: facts[0].id: duplicate id 'khabar-2008', also in sources/kz/hrw-memo.yaml:15",
    ),
    "dangling-citation": (
        "briefs/paper.yaml",
        BRIEF + "summary: |\n  Libel is a crime [@libel-2007].\n  Broadcasters [@nope].\n",
        "briefs/paper.yaml:9: summary: cites 'nope', which is neither a fact, a source nor a recommendation in the store",
    ),
    "impossible-date": (
        "briefs/paper.yaml",
        BRIEF.replace("date: 2011-07-12", "date: 2011-02-30"),
        "briefs/paper.yaml:3: date: impossible date '2011-02-30': February 2011 has 28 days",
    ),
    "impossible-fact-date": (
        "sources/kz/bad.yaml",
        "id: bad\ntitle: B\ncountry: KZ\nfacts:\n  - id: bad-1\n    text: t\n    themes: [media]\n    date: 2011-13\n",
        "sources/kz/bad.yaml:8: facts[0].date: impossible date '2011-13': month 13 does not exist",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_check_broken_file_exits_3_with_one_line(workspace, run, kind):
    relative, text, expected = BROKEN[kind]
    workspace.write(relative, text)
    code, out, err = run("check")
    assert code == 3
    assert problem_lines(out) == [expected]
    assert "Traceback" not in out + err


@pytest.mark.parametrize("kind", sorted(kind for kind, (relative, *_) in BROKEN.items() if relative.startswith("sources/")))
def test_a_source_error_leaves_no_brief_said_ok(workspace, run, kind):
    relative, text, _ = BROKEN[kind]
    workspace.write(relative, text)
    code, out, err = run("check")
    assert code == 3
    said = [line.split(";") for line in out.splitlines() if line.startswith("briefs/paper.yaml: ")]
    assert [(parts[0], parts[-1]) for parts in said] == [
        ("briefs/paper.yaml: errors", " not built until the errors of the sources above are fixed")]


def test_check_json_gives_one_object_per_brief(workspace, run):
    workspace.write("briefs/second.yaml", "title: Second\ncountry: KZ\nsections:\n  - theme: religion\n  - title: Other\n    select: {include: [rally-2008]}\n")
    code, out, err = run("check", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list)
    assert [item["brief"] for item in data] == ["briefs/paper.yaml", "briefs/second.yaml"]
    for item in data:
        assert {"brief", "sections", "cited", "problems"} <= set(item)  # the product may add keys
        assert item["problems"] == []
        for section in item["sections"]:
            assert set(section) == {"title", "theme", "facts", "follow_up"}
    assert data[0]["sections"] == [
        {"title": "Freedom of expression", "theme": "media", "facts": ["libel-2007", "khabar-2008"], "follow_up": []},
        {"title": "Freedom of assembly", "theme": "assembly", "facts": ["rally-2008"], "follow_up": []},
    ]
    assert data[0]["cited"] == ["libel-2007", "khabar-2008", "rally-2008"]
    assert data[1]["sections"] == [
        {"title": "Freedom of religion", "theme": "religion", "facts": ["baptists-2008"], "follow_up": []},
        {"title": "Other", "theme": None, "facts": ["rally-2008"], "follow_up": []},
    ]


def test_check_json_lists_problems_with_every_key(workspace, run):
    workspace.write("briefs/paper.yaml", BRIEF + "summary: See [@nope].\n")
    code, out, _ = run("check", "--format", "json")
    assert code == 3
    (item,) = json.loads(out)
    assert item["problems"] == [{
        "file": "briefs/paper.yaml",
        "line": 7,
        "field": "summary",
        "message": "cites 'nope', which is neither a fact, a source nor a recommendation in the store",
        "severity": "error",
    }]


def test_check_json_reports_a_warning_with_its_severity(workspace, run):
    workspace.write("briefs/paper.yaml", BRIEF + "  - theme: religion\n    select:\n      exclude: [nope]\n")
    code, out, _ = run("check", "--format", "json")
    assert code == 0
    (item,) = json.loads(out)
    assert [(p["line"], p["field"], p["severity"]) for p in item["problems"]] == [
        (9, "sections[2].select.exclude[0]", "warning")
    ]


def test_check_warning_exits_0_and_strict_turns_it_into_4(workspace, run):
    workspace.write("briefs/paper.yaml", BRIEF + "  - theme: religion\n    select:\n      exclude: [nope]\n")
    code, out, _ = run("check")
    assert code == 0
    assert problem_lines(out) == ["briefs/paper.yaml:9: warning: sections[2].select.exclude[0]: no fact 'nope' in the store"]
    code, out, _ = run("check", "--strict")
    assert code == 4


def test_check_strict_without_warnings_exits_0(workspace, run):
    assert run("check", "--strict")[0] == 0


def test_check_named_brief_checks_only_it(workspace, run):
    workspace.write("briefs/broken.yaml", "title: Broken\ncountry: KZ\nsummary: See [@nope].\n")
    assert run("check")[0] == 3
    code, out, _ = run("check", "briefs/paper.yaml")
    assert code == 0
    assert "broken" not in out


def test_check_named_brief_by_name_only(workspace, run):
    workspace.write("briefs/broken.yaml", "title: Broken\ncountry: KZ\nsummary: See [@nope].\n")
    assert run("check", "paper")[0] == 0
    assert run("check", "broken")[0] == 3


def test_check_nonexistent_brief_is_a_usage_error(workspace, run):
    code, out, err = run("check", "briefs/nope.yaml")
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "nope" in err


def test_check_with_workspace_option_from_another_folder(workspace, run, monkeypatch):
    elsewhere = workspace.root.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run("check", "--workspace", str(workspace.root))
    assert code == 0
    assert "paper.yaml: ok" in out


def test_check_finds_the_workspace_from_a_subfolder(workspace, run, monkeypatch):
    monkeypatch.chdir(workspace.root / "briefs")
    assert run("check")[0] == 0


def test_check_finds_the_workspace_from_the_brief_file(workspace, run, monkeypatch):
    elsewhere = workspace.root.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert run("check", str(workspace.root / "briefs" / "paper.yaml"))[0] == 0


def test_check_without_workspace_exits_2_with_one_line(workspace, run, monkeypatch):
    elsewhere = workspace.root.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run("check")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "no workspace found: neither " in err and "nor any folder above it holds sources/" in err and " . " not in err
    assert "Traceback" not in err


def test_check_workspace_option_without_sources_exits_2(workspace, run):
    empty = workspace.root.parent / "empty"
    empty.mkdir()
    code, _, err = run("check", "--workspace", str(empty))
    assert code == 2
    assert err.strip().splitlines() == [f"brief: --workspace: {empty} holds no sources/ folder"]


def test_check_unknown_option_exits_2_with_one_line(workspace, run):
    code, out, err = run("check", "--bogus")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "--bogus" in err
    assert "Traceback" not in err


def test_check_unknown_option_message_names_the_program_once(workspace, run):
    _, _, err = run("check", "--bogus")
    assert not err.startswith("brief: brief")


# --- brief facts --------------------------------------------------------------------


def fact_ids(out: str) -> list[str]:
    return [item["id"] for item in json.loads(out)]


def test_facts_table_lists_every_fact(workspace, run):
    code, out, err = run("facts")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "DATE", "THEMES", "TEXT"]
    assert [line.split()[0] for line in lines[1:-1]] == ["libel-2007", "khabar-2008", "rally-2008", "baptists-2008"]
    assert lines[1].split()[:3] == ["libel-2007", "2007", "media.libel"]
    assert lines[-1] == "4 facts"


def test_facts_json_has_every_field_plus_document(workspace, run):
    code, out, _ = run("facts", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 4
    for item in data:
        assert {"id", "document", "text", "themes", "date", "locator", "quote", "tags", "country"} <= set(item)
    assert data[0]["id"] == "libel-2007"
    assert data[0]["document"] == "hrw-memo"
    assert data[0]["text"] == "In 2007 the authorities opened 27 criminal libel cases against journalists."
    assert data[0]["themes"] == ["media.libel"]
    assert data[0]["date"] == "2007"
    assert data[0]["locator"] == "p. 3"
    assert data[0]["tags"] == ["journalists", "libel"]


def test_facts_yaml_parses_back_to_the_json(workspace, run):
    workspace.write("sources/no/doc.yaml", GOOD_DOC.replace("UZ", "NO").replace("uz-", "no-"))
    _, as_json, _ = run("facts", "--format", "json")
    code, as_yaml, _ = run("facts", "--format", "yaml")
    assert code == 0
    assert yaml.safe_load(as_yaml) == json.loads(as_json)


def test_facts_filter_theme_includes_sub_themes(workspace, run):
    _, out, _ = run("facts", "--format", "json", "--theme", "media")
    assert fact_ids(out) == ["libel-2007", "khabar-2008"]


def test_facts_filter_repeated_theme_is_any_of(workspace, run):
    _, out, _ = run("facts", "--format", "json", "--theme", "media.libel", "--theme", "religion")
    assert fact_ids(out) == ["libel-2007", "baptists-2008"]


def test_facts_filter_country(workspace, run):
    workspace.write("sources/uz/doc.yaml", GOOD_DOC)
    _, out, _ = run("facts", "--format", "json", "--country", "UZ")
    assert fact_ids(out) == ["uz-press"]
    _, out, _ = run("facts", "--format", "json", "--country", "kz")
    assert fact_ids(out) == ["libel-2007", "khabar-2008", "rally-2008", "baptists-2008"]


def test_facts_filter_since_uses_first_day_of_partial_dates(workspace, run):
    _, out, _ = run("facts", "--format", "json", "--since", "2008-03")
    assert fact_ids(out) == ["rally-2008", "baptists-2008"]


def test_facts_filter_until_uses_last_day_of_partial_dates(workspace, run):
    _, out, _ = run("facts", "--format", "json", "--until", "2008-06")
    assert fact_ids(out) == ["libel-2007", "khabar-2008", "rally-2008"]


def test_facts_filter_tag(workspace, run):
    _, out, _ = run("facts", "--format", "json", "--tag", "protest")
    assert fact_ids(out) == ["rally-2008"]
    _, out, _ = run("facts", "--format", "json", "--tag", "protest", "--tag", "libel")
    assert fact_ids(out) == ["libel-2007", "rally-2008"]


def test_facts_filters_combine(workspace, run):
    _, out, _ = run("facts", "--format", "json", "--theme", "media", "--since", "2008")
    assert fact_ids(out) == ["khabar-2008"]


def test_facts_unknown_theme_exits_2(workspace, run):
    code, out, err = run("facts", "--theme", "medai")
    assert code == 2
    assert out == ""
    assert err.strip().splitlines() == ["brief: --theme: unknown theme 'medai'; did you mean 'media'?"]


def test_facts_unknown_country_exits_2(workspace, run):
    code, _, err = run("facts", "--country", "XX")
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_facts_impossible_since_exits_2(workspace, run):
    code, _, err = run("facts", "--since", "2008-13")
    assert code == 2
    assert "impossible date '2008-13'" in err
    assert "Traceback" not in err


def test_facts_with_workspace_option(workspace, run, monkeypatch):
    elsewhere = workspace.root.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, _ = run("facts", "--workspace", str(workspace.root), "--format", "json")
    assert code == 0
    assert len(json.loads(out)) == 4


def test_check_summarises_a_brief_without_sections_in_words(workspace, run):
    workspace.write("briefs/bare.yaml", "title: Bare\ncountry: KZ\nsummary: A claim [@libel-2007].\n")
    code, out, _ = run("check", "briefs/bare.yaml")
    assert code == 0
    assert "briefs/bare.yaml: ok; no sections, 0 facts, 1 ids cited" in out
