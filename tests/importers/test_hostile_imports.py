"""Tests of the import and export holes a hostile file found (issue 18): formula cells in CSV,
DTDs in workbooks, titles the store would refuse, @string macros that expand without bound."""

from __future__ import annotations

import csv
import io

import pytest

from tests.importers.conftest import import_into_fresh_copy, load

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)"]


def _fact_with_text(workspace, text: str) -> None:
    path = workspace.root / "sources/kz/hrw-memo.yaml"
    old = path.read_text(encoding="utf-8")
    marker = "text: In 2007 the authorities opened 27 criminal libel cases against journalists."
    assert marker in old
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(old.replace(marker, f'text: "{quoted}"'), encoding="utf-8")


@pytest.mark.parametrize("text", FORMULAS)
def test_facts_csv_never_writes_a_formula_cell(workspace, run, text):
    _fact_with_text(workspace, text)
    code, out, err = run("facts", "--format", "csv")
    assert code == 0, err
    row = list(csv.reader(io.StringIO(out, newline="")))[1]
    assert row[1] == "'" + text  # OWASP: a cell a spreadsheet would read as a formula starts with '
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in row)


@pytest.mark.parametrize("cell, written", [
    ("\tTab first", "'\tTab first"), ("\rCR first", "'\rCR first"), ("=A1", "'=A1"), ("plain", "plain"),
    ("", ""), ("a=b", "a=b"), ("'quoted", "'quoted"),
])
def test_a_cell_a_spreadsheet_would_run_is_text(cell, written):
    from compiler.importers.spreadsheet import formula_safe, imported_cell

    assert formula_safe(cell) == written
    assert imported_cell(written) == cell


def test_protected_cells_import_back_as_written(workspace, run, tmp_path):
    _fact_with_text(workspace, "=1+1 is how a spreadsheet writes a sum")
    code, out, _ = run("facts", "--format", "csv")
    assert code == 0
    fresh = tmp_path / "fresh"
    code, err = import_into_fresh_copy(workspace, out, fresh, run)
    assert code == 0, err
    store, problems = load(fresh)
    assert problems == []
    assert store.facts["libel-2007"].text == "=1+1 is how a spreadsheet writes a sum"


def _workbook_with(path, sheet_xml_head: str) -> None:
    """Save a facts workbook at `path` whose first sheet's XML starts with `sheet_xml_head` (a DTD)."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "text", "themes", "source"])
    book.active.append(["kz-x", "A fact.", "media", "hrw-memo"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                head, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                rest = rest.replace("</row></sheetData>", '<c r="E2" t="inlineStr"><is><t>&lol;</t></is></c></row></sheetData>')
                data = ((head + "?>" if head else "") + sheet_xml_head + rest).encode("utf-8")
            new.writestr(info, data)


LAUGHS = '<!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)) + '<!ENTITY lol "&lol9;">]>'  # a billion laughs


@pytest.mark.parametrize("head", [LAUGHS, '<!DOCTYPE worksheet [<!ENTITY lol "laugh">]>',
                                  '<!DOCTYPE worksheet [<!ENTITY lol SYSTEM "file:///etc/hostname">]>'])
@pytest.mark.parametrize("command", ["xlsx", "uhri"])
def test_a_workbook_declaring_a_dtd_or_entities_is_a_user_error(workspace, run, head, command):
    _workbook_with(workspace.root / "facts.xlsx", head)
    before = sorted(p for p in workspace.root.rglob("*") if ".brief-cache" not in p.parts)
    code, out, err = run("import", command, "facts.xlsx")
    assert code == 3, err
    assert err.count("\n") == 1 and err.startswith("facts.xlsx: ") and "DTD or entities" in err, err
    assert "Traceback" not in err
    after = sorted(p for p in workspace.root.rglob("*") if ".brief-cache" not in p.parts)
    assert after == before


def _files(workspace) -> list:
    return sorted(p for p in workspace.root.rglob("*") if ".brief-cache" not in p.parts)


@pytest.mark.parametrize("title, problem", [
    ("A title\u0007 with a bell", "control character"),
    ("Long " * 20_001, "the limit is 100,000"),
])
@pytest.mark.parametrize("format_name", ["csl", "bibtex"])
def test_a_title_the_store_would_refuse_stops_the_import(workspace, run, title, problem, format_name):
    import json

    if format_name == "csl":
        items = [{"id": "good", "type": "report", "title": "A good report"}, {"id": "bad", "type": "report", "title": title}]
        workspace.write("refs.json", json.dumps(items, indent=1))
        name = "refs.json"
    else:
        workspace.write("refs.bib", "@report{good, title = {A good report}}\n\n@report{bad,\n  title = {" + title + "},\n}\n")
        name = "refs.bib"
    before = _files(workspace)
    code, out, err = run("import", format_name, name)
    assert code == 3, err
    assert err.count("\n") == 1 and err.startswith(f"{name}:line ") and ": title: " in err and problem in err, err
    assert "'bad'" in err
    assert _files(workspace) == before  # nothing written, not even the good entry


def test_bibtex_string_macros_expand_within_a_bound(workspace, run):
    macros = ["@string{m0 = \"laugh \"}"] + [f"@string{{m{n} = " + " # ".join([f"m{n - 1}"] * 10) + "}" for n in range(1, 7)]
    workspace.write("refs.bib", "\n".join(macros) + "\n\n@report{bomb,\n  title = m6,\n}\n")  # 6 MB expanded
    before = _files(workspace)
    code, _, err = run("import", "bibtex", "refs.bib")
    assert code == 3
    first = err.splitlines()[0]
    assert first.startswith("refs.bib:line ") and "characters with its @string macros expanded; the limit is 100,000" in first, err
    assert _files(workspace) == before


def test_bibtex_string_macros_within_the_bound_still_expand(workspace, run):
    workspace.write("refs.bib", '@string{org = "Human Rights Watch"}\n@string{both = org # " and " # org}\n\n'
                                "@report{r, title = both # {, a report}, year = 2010}\n")
    code, _, err = run("import", "bibtex", "refs.bib")
    assert code == 0, err
    store, _ = load(workspace.root)
    assert store.sources["r"].title == "Human Rights Watch and Human Rights Watch, a report"


def test_bibtex_string_macros_expand_within_a_bound_for_the_whole_file(workspace, run):
    entries = [f"@misc{{e{n}, note = big}}" for n in range(250)]  # 250 times 90,000 characters
    workspace.write("refs.bib", '@string{big = "' + "x" * 90_000 + '"}\n' + "\n".join(entries) + "\n")
    code, _, err = run("import", "bibtex", "refs.bib")
    assert code == 3
    assert "the values of the file expand to more than 20,000,000 characters" in err, err


def test_recommendations_csv_never_writes_a_formula_cell(workspace, run, monkeypatch):
    from tests.test_recommendations_command import UPR_1

    text = UPR_1.replace("text: Invented recommendation on libel, first cycle.", 'text: "=HYPERLINK(\\"http://evil.example\\")"')
    text = text.replace("by: [Ruritania]", "by: [\"@Ruritania\"]", 1)
    workspace.write("sources/un/upr-1.yaml", text)
    monkeypatch.setenv("BRIEF_NO_CACHE", "1")
    code, out, err = run("recommendations", "--format", "csv")
    assert code == 0, err
    table = list(csv.reader(io.StringIO(out, newline="")))
    row = next(r for r in table if r[0] == "t1-97-12")
    assert "'=HYPERLINK(\"http://evil.example\")" in row and "'@Ruritania" in row
    assert all(not cell or cell[0] not in "=+-@\t\r" for r in table for cell in r)


def test_a_uhri_row_the_store_would_refuse_writes_nothing(workspace, run):
    from tests.importers.test_uhri import THEMES, UPR_ROWS, write_csv

    workspace.write("sources/themes.yaml", THEMES)
    rows = [dict(r) for r in UPR_ROWS]
    rows[0]["Text"] = rows[0]["Text"].replace("Invented", "Invented\x07", 1)
    write_csv(workspace.root / "export.csv", rows)
    before = _files(workspace)
    code, _, err = run("import", "uhri", "export.csv")
    assert code == 3, err
    assert "control character U+0007" in err and "Traceback" not in err
    assert _files(workspace) == before
    assert run("check")[0] == 0
