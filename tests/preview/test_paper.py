"""Check what one build of `brief preview` gives: the page, the report as `brief check` gives it, the problems, the provenance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from compiler.context import Context
from compiler.manifest import manifest
from compiler.preview.paper import build, judged, preview_page
from compiler.workspace import Workspace
from tests.preview.conftest import BRIEF, limit_pages

UPR = "briefs/kazakhstan-upr-joint.yaml"


def test_a_quote_found_in_the_archived_text_is_verified_and_its_source_and_places_given(workspace):
    memo = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace(
        "issued: 2008-12\n", "issued: 2008-12\ntext: memo.txt\nurl: https://www.hrw.org/report/2008/12/memo\n").replace(
        "    locator: p. 3\n", "    locator: p. 3\n    quote: opened 27 criminal libel cases\n"), encoding="utf-8")
    (workspace.root / "sources" / "kz" / "memo.txt").write_text("In 2007 the authorities opened 27 criminal\nlibel cases.",
                                                                 encoding="utf-8")
    built = build(Workspace(workspace.root), workspace.root / "briefs" / "paper.yaml", Context.of_process(),
                  "vscode://file/{path}:{line}")
    assert built.page is not None and built.problems == []
    records = built.provenance["records"]
    libel, khabar = records["libel-2007"], records["khabar-2008"]
    assert (libel["quote"], libel["verified"], libel["locator"]) == ("opened 27 criminal libel cases", True, "p. 3")
    assert khabar["quote"] is None and khabar["verified"] is None  # no quote: nothing to verify
    assert libel["line"] == memo.read_text(encoding="utf-8").splitlines().index("  - id: libel-2007") + 1
    assert libel["file"] == "sources/kz/hrw-memo.yaml" and libel["file_url"] == memo.as_uri()
    assert libel["editor_url"] == f"vscode://file/{memo}:{libel['line']}"
    source = built.provenance["sources"]["hrw-memo"]
    assert source["archived_text"] == "memo.txt" and source["url"] == "https://www.hrw.org/report/2008/12/memo"
    assert "Human Rights in Kazakhstan" in source["reference"] and source["line"] == 1


def test_the_provenance_is_the_manifest_s_with_the_records_it_names(sample, monkeypatch):
    monkeypatch.chdir(sample)
    built = build(Workspace(sample), sample / UPR, Context.of_process())
    record = manifest(built.compiled.document, built.compiled.brief.path)
    assert built.provenance["paragraphs"] == record["paragraphs"] and built.provenance["notes"] == record["notes"]
    named = {i for p in record["paragraphs"] for i in p["facts"] + p.get("recommendations", []) + p.get("records", [])}
    named |= {i for n in record["notes"] for i in n["cites"]}
    assert set(built.provenance["records"]) == named
    row = next(p for p in record["paragraphs"] if p.get("records"))
    recommendation = built.provenance["records"][row["records"][0]]
    store = built.compiled.selection.store
    assessment = store.assessment(recommendation["id"], built.compiled.brief.date)
    assert recommendation["kind"] == "recommendation" and recommendation["assessment"]["status"] == assessment.status
    assert recommendation["assessment"]["line"] == assessment.line and recommendation["source"] in built.provenance["sources"]


def test_the_report_and_warnings_are_those_brief_check_prints(sample, monkeypatch):
    monkeypatch.chdir(sample)
    built = build(Workspace(sample), sample / UPR, Context.of_process())
    checked = subprocess.run([sys.executable, "-m", "compiler", "check", UPR], cwd=sample, capture_output=True, text=True,
                             timeout=120, env={**os.environ, "BRIEF_NO_SERVER": "1"})
    lines = checked.stdout.splitlines()
    assert f"  {built.report['line']}" in lines
    assert [w["text"] for w in built.warnings] == [line for line in lines if ": warning: " in line]
    json_report = json.loads(subprocess.run(
        [sys.executable, "-m", "compiler", "check", UPR, "--format", "json"], cwd=sample, capture_output=True, text=True,
        timeout=120, env={**os.environ, "BRIEF_NO_SERVER": "1"}).stdout)[0]
    assert built.report["rules"] == json_report["rules"] and built.report["words"] == json_report["words"]


def test_pages_judge_the_profile_s_rules_again(sample, monkeypatch):
    monkeypatch.chdir(sample)
    brief = limit_pages(sample)
    built = build(Workspace(sample), brief, Context.of_process())
    assert built.compiled.counts_pages and built.report["pages"] is None
    assert not any("pages" in w["text"] for w in built.warnings)
    over = judged(built, 42)
    assert over.report["pages"] == 42
    assert [w["text"] for w in over.warnings if "pages" in w["message"]] and over.warnings[:len(built.warnings)] == built.warnings
    assert judged(over, 3).warnings == built.warnings  # within the limit: the pages warning goes


def test_a_brief_with_errors_has_no_page_and_says_why(sample, monkeypatch):
    monkeypatch.chdir(sample)
    brief = sample / BRIEF
    brief.write_text(brief.read_text(encoding="utf-8").replace("style: un-submission", "style: no-such-style"), encoding="utf-8")
    built = build(Workspace(sample), brief, Context.of_process())
    assert built.page is None and built.provenance is None
    assert [p["field"] for p in built.problems] == ["style"] and built.problems[0]["place"]["file"] == BRIEF


def test_the_page_is_the_print_html_with_the_preview_s_assets(sample, monkeypatch):
    monkeypatch.chdir(sample)
    built = build(Workspace(sample), sample / BRIEF, Context.of_process())
    page = preview_page(built.page, 7)
    assert page.replace('<meta name="brief-paper" content="7">\n<link rel="icon" href="data:,">\n'
                        '<link rel="stylesheet" href="/_brief/preview.css">\n'
                        '<script src="/_brief/preview.js" defer></script>\n', "") == built.page.replace(
        Path(sys.modules["compiler.render.html"].FONTS_DIR).as_uri() + "/", "/_brief/fonts/")


def test_a_store_error_is_a_problem_of_its_source_file(sample, monkeypatch):
    monkeypatch.chdir(sample)
    source = sample / "sources" / "kazakhstan" / "hrw-2008-madrid-promises.yaml"
    text = source.read_text(encoding="utf-8")
    first_theme = next(i for i, line in enumerate(text.splitlines()) if line.strip().startswith("themes: ["))
    lines = text.splitlines(keepends=True)
    lines[first_theme] = lines[first_theme].replace("themes: [", "themes: [no-such-theme, ")
    source.write_text("".join(lines), encoding="utf-8")
    built = build(Workspace(sample), sample / BRIEF, Context.of_process())
    assert built.page is None and built.problems
    problem = built.problems[0]
    assert (problem["file"], problem["line"]) == ("sources/kazakhstan/hrw-2008-madrid-promises.yaml", first_theme + 1)
    assert "no-such-theme" in problem["message"] and problem["text"].startswith(f"{problem['file']}:{first_theme + 1}: ")
