"""Tests of `brief import csv|xlsx` and `brief facts --format csv`: facts from spreadsheets and back."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.importers.conftest import DATA, import_into_fresh_copy, load


def test_csv_facts_are_appended_keeping_every_comment(commented, run):
    osce = commented.root / "sources" / "kz" / "osce.yaml"
    memo = commented.root / "sources" / "kz" / "hrw-memo.yaml"
    before = {path: path.read_text(encoding="utf-8") for path in (osce, memo)}
    code, out, err = run("import", "csv", str(DATA / "facts.csv"))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "sources/kz/osce.yaml: appended 2 facts: kz-2009-blogger-fined, kz-2009-rally-dispersed",
        "sources/kz/hrw-memo.yaml: appended 1 facts: kz-2008-baptists-raided",
        "3 facts imported into 2 files",
    ]
    after = osce.read_text(encoding="utf-8")
    old_lines = before[osce].splitlines(keepends=True)
    # every line of the file is still there, in order: the new facts go after the last fact
    assert after.startswith("".join(old_lines[:-2]))
    assert after.endswith("\n# End of the facts taken so far; more to come from section 3.\n")
    for comment in ("# Source: an OSCE report", "# the title as printed on the cover", "# --- Media ---",
                    "# checked against the printed copy"):
        assert comment in after
    assert memo.read_text(encoding="utf-8").startswith(before[memo])
    store, problems = load(commented.root)
    assert problems == []
    assert store.sources["osce-2009-report"].facts == (
        "kz-2009-media-law-amended", "kz-2009-internet-law", "kz-2009-blogger-fined", "kz-2009-rally-dispersed")
    rally = store.facts["kz-2009-rally-dispersed"]
    assert rally.text == "Police dispersed a rally in Almaty, detaining 12 people, including\ntwo journalists."
    assert (rally.themes, str(rally.date), rally.locator, rally.tags, rally.country) == (
        ("assembly",), "2009-12-01", "para. 20", ("protest",), "KZ")
    blogger = store.facts["kz-2009-blogger-fined"]
    assert blogger.text == 'A blogger was fined for "insulting" an official, under the 2009 law.'
    assert blogger.themes == ("media", "media.libel")


def test_facts_tag_finds_the_imported_facts(commented, run):
    run("import", "csv", str(DATA / "facts.csv"))
    code, out, _ = run("facts", "--tag", "bloggers", "--format", "json")
    assert code == 0
    assert [f["id"] for f in json.loads(out)] == ["kz-2009-blogger-fined"]
    code, out, _ = run("facts", "--tag", "protest", "--tag", "baptists", "--format", "json")
    assert {f["id"] for f in json.loads(out)} == {"kz-2009-rally-dispersed", "kz-2008-baptists-raided", "rally-2008"}


def test_the_appended_layout_follows_the_file(commented, run):
    run("import", "csv", str(DATA / "facts.csv"))
    text = (commented.root / "sources" / "kz" / "osce.yaml").read_text(encoding="utf-8")
    assert (
        "    tags: [internet]\n"
        "\n"
        "  - id: kz-2009-blogger-fined\n"
        "    text: A blogger was fined for \"insulting\" an official, under the 2009 law.\n"
        "    themes: [media, media.libel]\n"
        "    date: 2009-10\n"
        "    locator: para. 14\n"
        "    tags: [bloggers, internet]\n"
        "\n"
        "  - id: kz-2009-rally-dispersed\n"
        "    text: |-\n"
        "      Police dispersed a rally in Almaty, detaining 12 people, including\n"
        "      two journalists.\n"
    ) in text
    memo = (commented.root / "sources" / "kz" / "hrw-memo.yaml").read_text(encoding="utf-8")
    assert memo.endswith(
        "    date: 2008-09-01\n"
        "  - id: kz-2008-baptists-raided\n"
        "    text: >-\n"
        "      Police raided a Baptist service, fining the pastor, his deputy and three\n"
        "      others.\n"
        "    themes: [religion]\n"
        "    date: 2008\n"
        "    locator: p. 9\n"
        "    tags: [baptists]\n"
    )


def test_every_bad_row_is_reported_and_nothing_written(commented, run):
    files = sorted((commented.root / "sources").rglob("*.yaml"))
    before = [p.read_bytes() for p in files]
    code, out, err = run("import", "csv", str(DATA / "bad-facts.csv"))
    assert code == 3
    shown = DATA / "bad-facts.csv"
    assert err.splitlines() == [
        f"{shown}:row 3: themes: unknown theme 'medai'; did you mean 'media'?",
        f"{shown}:row 4: date: impossible date '2009-02-30': February 2009 has 28 days",
        f"{shown}:row 5: source: no document 'osce-2009-reprot' in the store; did you mean 'osce-2009-report'?",
        f"{shown}:row 6: id: duplicate id 'libel-2007': a fact of sources/kz/hrw-memo.yaml has it",
        f"{shown}:row 7: id: duplicate id 'kz-2009-good-row', also in row 2",
    ]
    assert out == ""
    assert [p.read_bytes() for p in files] == before
    assert sorted((commented.root / "sources").rglob("*.yaml")) == files


@pytest.mark.parametrize("csv_text, message", [
    ("id,text,themes,source,colour\n", "facts.csv:row 1: colour: unknown column; expected the columns id, text, themes, date, locator, quote, tags, country, source"),
    ("id,text,source\n", "facts.csv:row 1: themes: required column is missing"),
    ("id,text,themes,source,id\n", "facts.csv:row 1: id: the column appears twice"),
    ("", "facts.csv:row 1: the file is empty; expected a header row with the columns id, text, themes, date, locator, quote, tags, country, source"),
    ("id,text,themes,source\nx-1,T,media,hrw-memo,extra\n", "facts.csv:row 2: the row has 5 cells; the header names 4"),
    ("id,text,themes,source\nX_1,T,media,hrw-memo\n", "facts.csv:row 2: id: expected an id of lowercase letters, digits and '-'; got 'X_1'"),
    ("id,text,themes,source\nx-1,T,;,hrw-memo\n", "facts.csv:row 2: themes: at least one theme is required"),
    ("id,text,themes,source\nx-1,,media,hrw-memo\n", "facts.csv:row 2: text: required field is missing"),
    ("id,text,themes,source\nx-1,T,media,\n", "facts.csv:row 2: source: required: the id of the document the fact is taken from"),
    ("id,text,themes,source,country\nx-1,T,media,hrw-memo,XX\n", "facts.csv:row 2: country: expected an ISO 3166-1 alpha-2 country code such as KZ; got 'XX'"),
])
def test_bad_files_and_rows(workspace, run, csv_text, message):
    workspace.write("facts.csv", csv_text)
    code, _, err = run("import", "csv", "facts.csv")
    assert (code, err.strip()) == (3, message)


def test_semicolon_separated_csv_and_no_bom(workspace, run):
    # as spreadsheet programs with a comma as decimal mark save them; an empty cell past the last column is ignored
    workspace.write("facts.csv", 'id;text;themes;source;tags\nx-1;"Text; with a semicolon";"media;media.libel";hrw-memo;"a;b";\n')
    code, _, err = run("import", "csv", "facts.csv")
    assert code == 0, err
    fact = load(workspace.root)[0].facts["x-1"]
    assert (fact.text, fact.themes, fact.tags) == ("Text; with a semicolon", ("media", "media.libel"), ("a", "b"))


def test_xlsx_written_by_openpyxl(commented, run):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Facts"
    sheet.append(["ID", "Text", "Themes", "Date", "Locator", "Quote", "Tags", "Country", "Source"])
    sheet.append(["kz-2009-x1", "A fact dated by a date cell.", "media", dt.datetime(2009, 10, 5), "p. 2", None, "a; b", None, "osce-2009-report"])
    sheet.append(["kz-2009-x2", "A fact dated by a number cell.", "assembly", 2009, 14, None, None, "kz", "osce-2009-report"])
    sheet.append([None] * 9)
    sheet.append(["kz-2009-x3", "A fact dated by a text cell.", "religion; media", "2009-07", None, "Its words.", None, None, "hrw-memo"])
    path = commented.root / "facts.xlsx"
    book.save(path)
    code, out, err = run("import", "xlsx", str(path))
    assert (code, err) == (0, ""), err
    store, problems = load(commented.root)
    assert problems == []
    x1, x2, x3 = (store.facts[f"kz-2009-x{n}"] for n in (1, 2, 3))
    assert (str(x1.date), x1.locator, x1.tags) == ("2009-10-05", "p. 2", ("a", "b"))
    assert (str(x2.date), x2.locator, x2.country) == ("2009", "14", "KZ")
    assert (str(x3.date), x3.themes, x3.quote, x3.source) == ("2009-07", ("religion", "media"), "Its words.", "hrw-memo")


def test_xlsx_bad_row_reports_its_row(commented, run):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "text", "themes", "source"])
    book.active.append(["kz-ok", "Fine.", "media", "hrw-memo"])
    book.active.append(["kz-bad", "Bad theme.", "medai", "hrw-memo"])
    book.save(commented.root / "facts.xlsx")
    code, _, err = run("import", "xlsx", "facts.xlsx")
    assert (code, err) == (3, "facts.xlsx:row 3: themes: unknown theme 'medai'; did you mean 'media'?\n")


def test_a_file_that_is_not_a_workbook(workspace, run):
    code, _, err = run("import", "xlsx", str(DATA / "facts.csv"))
    assert (code, err) == (3, f"{DATA / 'facts.csv'}: not an xlsx workbook: File is not a zip file\n")


def test_dry_run_prints_the_diff_and_writes_nothing(commented, run):
    osce = commented.root / "sources" / "kz" / "osce.yaml"
    before = osce.read_bytes()
    code, out, _ = run("import", "csv", str(DATA / "facts.csv"), "--dry-run")
    assert code == 0
    assert "sources/kz/osce.yaml: would append 2 facts: kz-2009-blogger-fined, kz-2009-rally-dispersed" in out
    assert "+  - id: kz-2009-blogger-fined" in out
    assert out.splitlines()[-1] == "dry run: 3 facts for 2 files; nothing written"
    assert osce.read_bytes() == before


def test_reference_options_are_refused_for_facts(workspace, run):
    code, _, err = run("import", "csv", str(DATA / "facts.csv"), "--force")
    assert (code, err.strip()) == (2, "brief: --force applies to `brief import csl`, `bibtex` and `uhri` only")


def test_a_document_without_facts_gets_a_facts_list(workspace, run):
    workspace.write("sources/kz/bare.yaml", "# A bare document.\nid: bare\ntitle: Bare\ncountry: KZ  # Kazakhstan\n")
    workspace.write("facts.csv", "id,text,themes,source\nbare-1,First.,media,bare\nbare-2,Second.,assembly,bare\n")
    code, _, err = run("import", "csv", "facts.csv")
    assert code == 0, err
    assert (workspace.root / "sources/kz/bare.yaml").read_text(encoding="utf-8") == (
        "# A bare document.\nid: bare\ntitle: Bare\ncountry: KZ  # Kazakhstan\n"
        "facts:\n  - id: bare-1\n    text: First.\n    themes: [media]\n  - id: bare-2\n    text: Second.\n    themes: [assembly]\n")
    assert load(workspace.root)[0].sources["bare"].facts == ("bare-1", "bare-2")


def test_a_document_with_an_empty_flow_list(workspace, run):
    workspace.write("sources/kz/empty.yaml", "id: empty  # no facts yet\ntitle: Empty\nfacts: []\n")
    workspace.write("facts.csv", "id,text,themes,source\nempty-1,First.,media,empty\n")
    code, _, err = run("import", "csv", "facts.csv")
    assert code == 0, err
    text = (workspace.root / "sources/kz/empty.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: empty  # no facts yet\n")
    assert load(workspace.root)[0].sources["empty"].facts == ("empty-1",)


def test_facts_csv_round_trips(workspace, run, tmp_path):
    workspace.write("sources/kz/hrw-memo.yaml", (workspace.root / "sources/kz/hrw-memo.yaml").read_text(encoding="utf-8").replace(
        "    tags: [journalists, libel]\n",
        "    quote: 27 criminal cases, \"for libel\"\n    tags: [journalists, libel]\n    country: kz\n"))
    code, csv_text, _ = run("facts", "--format", "csv")
    assert code == 0
    lines = csv_text.split("\r\n")
    assert lines[0] == "id,text,themes,date,locator,quote,tags,country,source"
    assert lines[1] == 'libel-2007,In 2007 the authorities opened 27 criminal libel cases against journalists.,media.libel,2007,p. 3,"27 criminal cases, ""for libel""",journalists;libel,KZ,hrw-memo'
    original, _ = load(workspace.root)

    # the same documents without their facts, in a fresh workspace, then the CSV imported
    fresh = tmp_path / "fresh"
    code, err = import_into_fresh_copy(workspace, csv_text, fresh, run)
    assert code == 0, err
    again, problems = load(fresh)
    assert problems == []

    def comparable(store):
        from compiler.store.model import fact_as_dict

        return [{k: v for k, v in fact_as_dict(f).items() if k not in ("file", "line")} for f in store.facts.values()]

    assert comparable(again) == comparable(original)


def test_a_workbook_that_unpacks_too_large_is_refused(commented, run, monkeypatch):
    from openpyxl import Workbook

    from compiler.importers import spreadsheet

    book = Workbook()
    book.active.append(["id", "text", "themes", "source"])
    book.save(commented.root / "facts.xlsx")
    monkeypatch.setattr(spreadsheet, "MAX_XLSX_INFLATED", 1000)
    code, _, err = run("import", "xlsx", "facts.xlsx")
    assert code == 3 and err.startswith("facts.xlsx: workbook unpacks to ") and "more than the 1,000 an import reads" in err


def test_an_import_file_too_large_is_refused(workspace, run, monkeypatch):
    import compiler.importers as importers

    monkeypatch.setattr(importers, "MAX_IMPORT_BYTES", 10)
    workspace.write("facts.csv", "id,text,themes,source\n")
    code, _, err = run("import", "csv", "facts.csv")
    assert (code, err) == (3, "facts.csv: file is 22 bytes, more than the 10 an import reads\n")
