"""Issue 15's editorial rules: one planted defect per rule gives exactly one warning, at its file and line.

tests/data/editorial is a clean workspace (no editorial warning under --strict); each
case copies it, plants one defect by editing its files, and runs `brief check --format
json`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compiler.brief.model import EDITORIAL_RULES
from tests.conftest import REPO

CLEAN = REPO / "tests" / "data" / "editorial"
MONITOR = "sources/monitor-report.yaml"
COMMITTEE = "sources/committee-observations.yaml"
PARTNER = "sources/partner-letter.yaml"
BRIEF = "briefs/paper.yaml"

# rule: (edits as (file, old, new), the file and the text of the line the warning must name)
CASES = {
    "future-source": ([(COMMITTEE, "issued: 2009-11-02", "issued: 2011-01-10")], COMMITTEE, "id: committee-observations"),
    "unfindable-source": ([(PARTNER, "publisher: Partner Group\n", ""), (PARTNER, "author: [Partner Group]\n", ""),
                           (PARTNER, "url: https://example.org/partner/letter\n", "")], PARTNER, "id: partner-letter"),
    "placeholder-title": ([(COMMITTEE, "title: Concluding observations on the example report",
                            "title: Concluding observations [draft]")], COMMITTEE, "id: committee-observations"),
    "self-sourcing": ([(BRIEF, "name: Example Coalition", "name: Example Monitor")], BRIEF, "submitted_by:"),
    "repeated-citation": ([(BRIEF, "[@f-closures; @f-committee]", "[@f-closures; @f-closures]")], BRIEF,
                          "Newspapers are closed"),
    "old-fact": ([(BRIEF, "[@f-closures; @f-committee].", "[@f-closures; @f-committee]. A law [@f-old-law].")],
                 MONITOR, "- id: f-old-law"),
    "fact-after-source": ([(MONITOR, "date: 2010-04\n", "date: 2010-06-15\n")], MONITOR, "- id: f-fines"),
    "spelling": ([(MONITOR, "closed in Almaty.", "closed in Alma-Ata.")], MONITOR, "- id: f-closures"),
    "spelling-variant": ([(PARTNER, "Reporters in Shymkent", "Reporters in Astana"),
                          (MONITOR, "protesters in Astana", "protesters in Astama")], MONITOR, "- id: f-detentions"),
    "number-conflict": ([(MONITOR, "text: A journalist was fined for a satirical column.\n    themes: [media]\n"
                          "    date: 2010-04\n    tags: [fines]",
                          "text: Police detained 15 protesters in Astana.\n    themes: [media]\n"
                          "    date: 2010-05-01\n    tags: [detentions]")], MONITOR, "- id: f-detentions"),
}


def check(root: Path, run, monkeypatch) -> tuple[int, list[dict]]:
    monkeypatch.chdir(root)
    code, out, _ = run("check", "--strict", "--format", "json")
    return code, [p for entry in json.loads(out) for p in entry["problems"]]


def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(CLEAN, root, ignore=shutil.ignore_patterns(".brief-cache"))
    return root


def test_every_rule_has_a_case():
    assert sorted(CASES) == sorted(EDITORIAL_RULES)


def test_the_clean_workspace_has_no_warning(tmp_path, run, monkeypatch):
    code, problems = check(workspace(tmp_path), run, monkeypatch)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize("rule", sorted(CASES))
def test_one_planted_defect_gives_one_warning_at_its_line(tmp_path, run, monkeypatch, rule):
    root = workspace(tmp_path)
    edits, file, line_text = CASES[rule]
    for path, old, new in edits:
        text = (root / path).read_text(encoding="utf-8")
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if line_text in text)
    code, problems = check(root, run, monkeypatch)
    assert code == 4
    assert [(p["rule"], Path(p["file"]).as_posix(), p["line"]) for p in problems] == [(rule, file, line)], problems


def test_allow_silences_a_rule_for_the_ids_it_names_and_reports_an_allow_that_silences_nothing(tmp_path, run, monkeypatch):
    root = workspace(tmp_path)
    brief = root / BRIEF
    brief.write_text(brief.read_text(encoding="utf-8").replace("[@f-closures; @f-committee].",
                                                               "[@f-closures; @f-committee]. A law [@f-old-law].")
                     + "allow:\n  - rule: old-fact\n    ids: [f-old-law]\n    why: The law of 2005 is still in force.\n"
                       "  - rule: spelling\n    ids: [f-closures]\n    why: Nothing to silence.\n", encoding="utf-8")
    code, problems = check(root, run, monkeypatch)
    line = brief.read_text(encoding="utf-8").splitlines().index("  - rule: spelling") + 1
    assert [(p["field"], p["line"]) for p in problems] == [("allow[1]", line)], problems
    assert "silences nothing" in problems[0]["message"]
    brief.write_text(brief.read_text(encoding="utf-8").replace("    why: Nothing to silence.\n", ""), encoding="utf-8")
    code, problems = check(root, run, monkeypatch)
    assert code == 3 and problems[0]["field"] == "allow[1].why" and "required" in problems[0]["message"]


def test_a_spellings_file_that_is_not_a_mapping_of_lists_or_lists_a_variant_twice_is_an_error(tmp_path, run, monkeypatch):
    root = workspace(tmp_path)
    spellings = root / "sources" / "spellings.yaml"
    spellings.write_text("Almaty: [Alma-Ata]\nAlmaty2: [Alma-Ata]\n", encoding="utf-8")
    code, problems = check(root, run, monkeypatch)
    assert code == 3
    assert [(Path(p["file"]).name, p["line"], p["field"]) for p in problems] == [("spellings.yaml", 2, "Almaty2")], problems
    assert "'Alma-Ata' is also listed under 'Almaty'" in problems[0]["message"]
    spellings.write_text("- Almaty\n- Alma-Ata\n", encoding="utf-8")
    code, problems = check(root, run, monkeypatch)
    assert code == 3 and Path(problems[0]["file"]).name == "spellings.yaml" and "expected a mapping" in problems[0]["message"]


def test_a_section_named_by_title_can_be_allowed_and_a_brief_without_a_date_has_no_future_source(tmp_path, run, monkeypatch):
    root = workspace(tmp_path)
    brief = root / BRIEF
    text = brief.read_text(encoding="utf-8").replace("date: 2010-07-01\n", "")
    (root / COMMITTEE).write_text((root / COMMITTEE).read_text(encoding="utf-8").replace("issued: 2009-11-02", "issued: 2011-01-10"),
                                  encoding="utf-8")
    (root / MONITOR).write_text((root / MONITOR).read_text(encoding="utf-8").replace("date: 2010-04\n", "date: 2010-06-15\n"),
                                encoding="utf-8")
    brief.write_text(text + "allow:\n  - rule: fact-after-source\n    ids: [Freedom of expression and the media]\n"
                            "    why: The section's title names it.\n", encoding="utf-8")
    code, problems = check(root, run, monkeypatch)
    assert (code, problems) == (0, [])
