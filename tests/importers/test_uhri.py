"""Tests of `brief import uhri`: exports of OHCHR's Universal Human Rights Index become UN documents with recommendations.

TEST DATA: every recommendation text below is invented for these tests ("Invented test
recommendation ..."), and so are the document symbols of the treaty body and the special
procedure. Only the shapes are UHRI's: its column names (misspelt as OHCHR spells them),
"- " before each value of a multi-value cell, Excel serial dates, the paragraph number
opening the text, the recommending States closing a UPR text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.importers.conftest import load

COLUMNS = ("Text", "Countries Concerned", "Reccomending Body", "Document Symbol", "Document Publication Date", "Themes",
           "Affected Persons", "Sdgs", "UPR Session", "UPR Reccomending States", "UPR Position", "Annotation Type",
           "OHCHR Annotation Id")

THEMES = """\
themes:
  media:
    title: Freedom of expression
    labels:
      uhri: ["Freedom of opinion and expression & access to information"]
  media.libel:
    title: Criminal libel
  assembly:
    title: Freedom of assembly
    labels:
      uhri: ["  freedom of PEACEFUL assembly "]
  religion:
    title: Freedom of religion
    labels:
      uhri: ["Freedom of thought, conscience & religion"]
"""

EXPRESSION = "- Freedom of opinion and expression & access to information"
SERIAL_2014_12_10 = 41983  # Excel's serial number of 10 December 2014


def row(text, symbol="A/HRC/28/10", body="- UPR", date=SERIAL_2014_12_10, themes=EXPRESSION, session=20,
        states="- Estonia\n- Latvia", position="Supported", country="- Kazakhstan") -> dict:
    return {"Text": text, "Countries Concerned": country, "Reccomending Body": body, "Document Symbol": symbol,
            "Document Publication Date": date, "Themes": themes, "Affected Persons": "", "Sdgs": "",
            "UPR Session": session, "UPR Reccomending States": states, "UPR Position": position,
            "Annotation Type": "", "OHCHR Annotation Id": ""}


UPR_ROWS = [
    row("124.12 Invented test recommendation to decriminalize defamation (Estonia, Latvia);"),
    row("124.13 Invented test recommendation on peaceful assembly (Norway).", themes="- Freedom of peaceful assembly",
        states="- Norway"),
    row("126.2 Invented test recommendation on religious registration (Portugal) (Uruguay)",
        themes="- Freedom of thought, conscience & religion\n- Economic, social & cultural rights - general measures of implementation",
        states="- Portugal\n- Uruguay", position="Noted"),
]


def write_xlsx(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    """Write `rows` as UHRI exports them: a workbook whose date cells are numbers (Excel serials)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for values in rows:
        sheet.append([values.get(c, "") if values.get(c, "") != "" else None for c in columns])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    """Write `rows` as a spreadsheet program saves CSV UTF-8: a byte-order mark and CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for values in rows:
        writer.writerow([str(values.get(_uhri_name(c), "")).replace("\n", "\r\n") for c in columns])
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))
    return path


def _uhri_name(column: str) -> str:
    return {"Recommending Body": "Reccomending Body", "UPR Recommending States": "UPR Reccomending States"}.get(column, column)


@pytest.fixture
def uhri(workspace):
    """Return the workspace with a taxonomy whose themes carry UHRI labels."""
    workspace.write("sources/themes.yaml", THEMES)
    return workspace


def imported(root: Path, name: str = "a-hrc-28-10") -> Path:
    return root / "sources" / "imported" / f"{name}.yaml"


# --- the xlsx export as OHCHR writes it -------------------------------------------------------------


def test_an_xlsx_export_becomes_a_un_document_with_its_recommendations(uhri, run):
    export = write_xlsx(uhri.root / "export.xlsx", UPR_ROWS)
    code, out, err = run("import", "uhri", str(export))
    assert code == 0, err
    assert out.splitlines()[:3] == ["row 2 -> kz-upr2-124-12  (new)", "row 3 -> kz-upr2-124-13  (new)",
                                    "row 4 -> kz-upr2-126-2  (new)"]
    assert "sources/imported/a-hrc-28-10.yaml: wrote, 3 recommendations from the export" in out
    store, problems = load(uhri.root)
    assert problems == []
    document = store.sources["a-hrc-28-10"]
    assert (document.kind, document.title, document.symbol, document.body, document.cycle, str(document.issued),
            document.country) == ("un-document", "Report of the Working Group on the Universal Periodic Review: Kazakhstan",
                                  "A/HRC/28/10", "UPR", 2, "2014-12-10", "KZ")
    first, second, third = (store.recommendations[i] for i in ("kz-upr2-124-12", "kz-upr2-124-13", "kz-upr2-126-2"))
    assert (first.paragraph, first.text, first.by, first.response, first.themes) == (
        "124.12", "Invented test recommendation to decriminalize defamation", ("Estonia", "Latvia"), "supported", ("media",))
    # a final full stop stays; the States in parentheses go, however they are grouped
    assert (second.text, second.by, second.themes) == ("Invented test recommendation on peaceful assembly.", ("Norway",), ("assembly",))
    assert (third.text, third.by, third.response, third.themes) == (
        "Invented test recommendation on religious registration", ("Portugal", "Uruguay"), "noted", ("religion",))
    text = imported(uhri.root).read_text(encoding="utf-8")
    assert text.startswith("# Imported by `brief import uhri` from export.xlsx (OHCHR's Universal Human Rights Index), rows 2-4.\n")
    assert '    paragraph: "124.12"\n' in text and "    by: [Estonia, Latvia]\n" in text
    assert run("check")[0] == 0


def test_an_unmapped_uhri_theme_is_reported_once_naming_its_rows(uhri, run):
    rows = UPR_ROWS + [row("124.40 Invented test recommendation four (Estonia, Latvia)",
                           themes=EXPRESSION + "\n- Economic, social & cultural rights - general measures of implementation")]
    code, _, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", rows)))
    assert code == 0
    warnings = [line for line in err.splitlines() if "Economic, social" in line]
    assert warnings == ["export.xlsx: warning: Themes: UHRI theme 'Economic, social & cultural rights - general measures of "
                        "implementation' (rows 4-5) is not a `labels.uhri` of any theme of the taxonomy; it is left out"]


# --- the same export saved as CSV ------------------------------------------------------------------------


def test_a_csv_saved_by_a_spreadsheet_program_imports_as_the_xlsx_does(uhri, run):
    write_xlsx(uhri.root / "export.xlsx", UPR_ROWS)
    assert run("import", "uhri", str(uhri.root / "export.xlsx"))[0] == 0
    from_xlsx = imported(uhri.root).read_text(encoding="utf-8")
    imported(uhri.root).unlink()
    # the correctly spelt headers, in another order, an extra column, the date as Excel's digits
    columns = ("Document Symbol", "Text", "Recommending Body", "Countries Concerned", "Themes", "Document Publication Date",
               "UPR Recommending States", "UPR Position", "UPR Session", "Notes of ours")
    code, out, err = run("import", "uhri", str(write_csv(uhri.root / "export.csv", UPR_ROWS, columns)))
    assert code == 0, err
    assert (uhri.root / "export.csv").read_bytes().startswith(b"\xef\xbb\xbfDocument Symbol,Text,")
    from_csv = imported(uhri.root).read_text(encoding="utf-8")
    assert from_csv.replace("export.csv", "export.xlsx") == from_xlsx


def test_text_dates_and_date_cells_are_read_too(uhri, run):
    for index, date in enumerate(("2014-12-10", "10 December 2014", dt.datetime(2014, 12, 10), "Dec. 10, 2014")):
        rows = [row(f"124.{index} Invented test recommendation (Estonia, Latvia)", date=date, symbol=f"A/HRC/28/{index}")]
        assert run("import", "uhri", str(write_xlsx(uhri.root / f"export{index}.xlsx", rows)))[0] == 0
    store, _ = load(uhri.root)
    assert {str(store.sources[f"a-hrc-28-{i}"].issued) for i in range(4)} == {"2014-12-10"}


# --- treaty bodies and special procedures -----------------------------------------------------------


def test_treaty_body_rows_take_the_number_after_a_heading_and_the_concluding_observations_number(uhri, run):
    rows = [
        row("Freedom of expression\n10. Invented test recommendation: the State party should review its libel law.",
            symbol="CCPR/C/KAZ/CO/2", body="- CCPR", session="", states="", position="", date="2016-08-09"),
        row("11. Invented test recommendation on assemblies.", symbol="CCPR/C/KAZ/CO/2", body="- CCPR", session="",
            states="", position="", date="2016-08-09", themes="- Freedom of peaceful assembly"),
        row("85. Invented test recommendation of a special rapporteur.", symbol="A/HRC/99/1/Add.1",
            body="- Special Rapporteur on freedom of religion or belief", session="", states="", position="",
            themes="- Freedom of thought, conscience & religion"),
    ]
    code, out, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", rows)))
    assert code == 0, err
    assert out.splitlines()[:3] == ["row 2 -> kz-ccpr2-10  (new)", "row 3 -> kz-ccpr2-11  (new)",
                                    "row 4 -> kz-sp-a-hrc-99-1-add-1-85  (new)"]
    store, problems = load(uhri.root)
    assert problems == []
    ccpr = store.sources["ccpr-c-kaz-co-2"]
    assert (ccpr.title, ccpr.body, ccpr.cycle, str(ccpr.issued)) == (
        "Concluding observations on the report of Kazakhstan", "CCPR", None, "2016-08-09")
    ten = store.recommendations["kz-ccpr2-10"]
    assert (ten.paragraph, ten.text, ten.by, ten.response) == (
        "10", "Invented test recommendation: the State party should review its libel law.", (), "")
    assert store.sources["a-hrc-99-1-add-1"].body == "SP"
    assert store.sources["a-hrc-99-1-add-1"].title == "Recommendations to Kazakhstan in A/HRC/99/1/Add.1"


def test_a_text_without_a_paragraph_number_is_an_error(uhri, run):
    rows = [row("Freedom of expression\nThe State party should (invented test text).", symbol="CCPR/C/KAZ/CO/2",
                body="- CCPR", session="", states="", position="")]
    code, _, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", rows)))
    assert code == 3
    assert err.splitlines() == ["export.xlsx:row 2: Text: no paragraph number: no line of the text opens with one "
                                "('Freedom of expression')"]


# --- themes -------------------------------------------------------------------------------------------------


def test_a_row_with_no_mapped_theme_is_refused_then_accepted_with_theme(uhri, run):
    rows = UPR_ROWS + [row("124.50 Invented test recommendation on something else (Estonia, Latvia)",
                           themes="- Right to health")]
    export = write_xlsx(uhri.root / "export.xlsx", rows)
    code, _, err = run("import", "uhri", str(export))
    assert code == 3
    assert "export.xlsx:row 5: Themes: no UHRI theme of the row ('Right to health') is a `labels.uhri` of a theme of the " \
           "taxonomy; add the label to themes.yaml, or give the row's theme with --theme" in err.splitlines()
    assert not imported(uhri.root).exists()
    assert run("import", "uhri", str(export), "--theme", "relgion")[:2] == (2, "")
    code, _, err = run("import", "uhri", str(export), "--theme", "religion")
    assert code == 0, err
    store, _ = load(uhri.root)
    assert store.recommendations["kz-upr2-124-50"].themes == ("religion",)
    assert store.recommendations["kz-upr2-124-12"].themes == ("media",)  # --theme only where nothing maps


# --- errors: every one listed, nothing written ----------------------------------------------------------


def test_a_missing_column_is_one_error_naming_the_file_and_the_column(uhri, run):
    columns = tuple("Document Symbl" if c == "Document Symbol" else c for c in COLUMNS)
    rows = [{("Document Symbl" if k == "Document Symbol" else k): v for k, v in r.items()} for r in UPR_ROWS]
    code, out, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", rows, columns)))
    assert (code, out) == (3, "")
    assert err.splitlines() == ["export.xlsx:row 1: Document Symbol: required column is missing; did you mean 'Document Symbl'?"]


def test_a_missing_states_column_is_one_error_when_there_are_upr_rows(uhri, run):
    columns = tuple(c for c in COLUMNS if c != "UPR Reccomending States")
    code, _, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", UPR_ROWS, columns)))
    assert code == 3
    assert [line for line in err.splitlines() if "warning" not in line] == [
        "export.xlsx:row 1: UPR Reccomending States: required column is missing: the UPR recommendations (rows 2-4) need "
        "the States that made them"]


def test_every_bad_row_is_reported_and_nothing_is_written(uhri, run):
    rows = [
        UPR_ROWS[0],
        row("124.20 Invented test recommendation (Estonia, Latvia)", date="2014-13-45"),
        row("124.21 Invented test recommendation (Estonia, Latvia)", date="03/04/2014"),
        row("124.22 Invented test recommendation (Estonia, Latvia)", position="Accepted"),
        row("124.23 Invented test recommendation (Estonia)", states=""),
        row("124.24 Invented test recommendation (Estonia, Latvia)", country="- Kazakstan"),
        row("124.25 Invented test recommendation (Estonia, Latvia)", country="- Kazakhstan\n- Kyrgyzstan"),
        row("124.12 Invented test recommendation again (Estonia, Latvia)"),
    ]
    code, out, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", rows)))
    assert (code, out) == (3, "")
    assert [line for line in err.splitlines() if "warning" not in line] == [
        "export.xlsx:row 3: Document Publication Date: impossible date '2014-13-45'",
        "export.xlsx:row 4: Document Publication Date: ambiguous date '03/04/2014': day/month or month/day; write it as YYYY-MM-DD",
        "export.xlsx:row 5: UPR Position: unknown position 'Accepted'; expected Supported, Noted or Partially supported",
        "export.xlsx:row 6: UPR Reccomending States: a UPR recommendation needs the States that made it",
        "export.xlsx:row 7: Countries Concerned: unknown country 'Kazakstan'; did you mean 'Kazakhstan'?",
        "export.xlsx:row 8: Countries Concerned: one country a row; got 2: Kazakhstan, Kyrgyzstan",
        "export.xlsx:row 9: Text: recommendation 'kz-upr2-124-12' again (also in row 2)",
    ]
    assert not (uhri.root / "sources" / "imported").exists()


def test_an_id_taken_in_the_store_is_an_error(uhri, run):
    memo = uhri.root / "sources" / "kz" / "hrw-memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8").replace("id: libel-2007", "id: kz-upr2-124-12"), encoding="utf-8")
    code, _, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", UPR_ROWS)))
    assert code == 3
    assert "export.xlsx:row 2: Text: the id 'kz-upr2-124-12' is taken: a fact of sources/kz/hrw-memo.yaml has it" in err


# --- dry run, importing again --------------------------------------------------------------------------------


def test_a_dry_run_prints_the_files_and_writes_nothing(uhri, run):
    code, out, _ = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", UPR_ROWS)), "--dry-run")
    assert code == 0
    assert "row 2 -> kz-upr2-124-12  (new)" in out
    assert "+++ sources/imported/a-hrc-28-10.yaml" in out and "+  - id: kz-upr2-124-12" in out
    assert out.splitlines()[-1] == "dry run: 3 recommendations of 1 documents; nothing written"
    assert not (uhri.root / "sources" / "imported").exists()


ASSESSMENTS = """\
# our own judgement: an import must never touch it
assessments:
  - recommendation: kz-upr2-124-12
    status: not-implemented
    as_of: 2016-12
    comment: Libel remains a crime [@libel-2007].
"""


def test_importing_a_newer_export_with_force_updates_texts_and_responses_and_keeps_the_rest(uhri, run):
    assert run("import", "uhri", str(write_xlsx(uhri.root / "old.xlsx", UPR_ROWS)))[0] == 0
    assessments = uhri.write("sources/assessments/coalition.yaml", ASSESSMENTS)
    before = assessments.read_bytes()
    path = imported(uhri.root)
    # the user comments the file and refines a theme
    text = path.read_text(encoding="utf-8")
    text = text.replace("recommendations:\n", "recommendations:\n  # checked against the PDF\n")
    text = text.replace("    themes: [media]\n", "    themes: [media.libel]  # ours\n")
    path.write_text(text, encoding="utf-8")
    newer = [
        row("124.12 Invented test recommendation to decriminalize defamation, revised (Estonia, Latvia);"),
        UPR_ROWS[2] | {"UPR Position": "Partially supported"},
        row("124.14 Invented test recommendation new in this export (Norway)", states="- Norway"),
    ]
    export = write_xlsx(uhri.root / "newer.xlsx", newer)
    code, _, err = run("import", "uhri", str(export))
    assert code == 3
    assert err.splitlines()[-1] == ("sources/imported/a-hrc-28-10.yaml: imported before, and the export differs from it; "
                                    "--force updates it (its comments, its other keys and its assessments are kept)")
    code, out, err = run("import", "uhri", str(export), "--force")
    assert code == 0, err
    assert out.splitlines()[:3] == ["row 2 -> kz-upr2-124-12  (updated: text)", "row 3 -> kz-upr2-126-2  (updated: response)",
                                    "row 4 -> kz-upr2-124-14  (new)"]
    assert ("sources/imported/a-hrc-28-10.yaml: updated, 3 recommendations from the export; kept 1 recommendations the "
            "export does not list: kz-upr2-124-13") in out
    assert assessments.read_bytes() == before
    after = path.read_text(encoding="utf-8")
    assert "  # checked against the PDF\n" in after and "    themes: [media.libel]  # ours\n" in after
    store, problems = load(uhri.root)
    assert problems == []
    assert store.recommendations["kz-upr2-124-12"].text == "Invented test recommendation to decriminalize defamation, revised"
    assert store.recommendations["kz-upr2-124-12"].themes == ("media.libel",)
    assert store.recommendations["kz-upr2-126-2"].response == "partially-supported"
    assert list(store.sources["a-hrc-28-10"].recommendations) == ["kz-upr2-124-12", "kz-upr2-124-13", "kz-upr2-126-2",
                                                                   "kz-upr2-124-14"]
    assert store.assessments["kz-upr2-124-12"][0].status == "not-implemented"
    # the same export again: nothing to do, and no --force needed
    code, out, _ = run("import", "uhri", str(export))
    assert code == 0 and "sources/imported/a-hrc-28-10.yaml: unchanged" in out
    assert run("check")[0] == 0


HAND_WRITTEN = """\
# our own file, with our own title
id: a-hrc-28-10
kind: un-document
title: "Our title of the report"
symbol: A/HRC/28/10
body: UPR
cycle: 2
issued: 2014-12-10
country: KZ
recommendations:
  - id: kz-upr2-124-12
    paragraph: "124.12"
    text: Invented test recommendation to decriminalize defamation
    by: [Estonia, Latvia]
    response: supported
    themes: [media.libel]
"""


def test_a_document_already_in_the_store_is_updated_in_its_own_file(uhri, run):
    own = uhri.write("sources/un/a-hrc-28-10.yaml", HAND_WRITTEN)
    export = write_xlsx(uhri.root / "export.xlsx", UPR_ROWS)
    code, _, err = run("import", "uhri", str(export), "--into", "sources/imported")
    assert code == 3
    assert ("export.xlsx:row 2: Document Symbol: a-hrc-28-10 is already in the store, in sources/un/a-hrc-28-10.yaml; "
            "import it there (--into sources/un, or no --into)") in err.splitlines()
    code, out, err = run("import", "uhri", str(export), "--force")
    assert code == 0, err
    assert out.splitlines()[0] == "row 2 -> kz-upr2-124-12  (unchanged)"
    assert not (uhri.root / "sources" / "imported").exists()
    text = own.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN) and 'title: "Our title of the report"' in text
    assert "  - id: kz-upr2-126-2\n" in text


def test_into_may_not_be_the_assessments_folder(uhri, run):
    code, _, err = run("import", "uhri", str(write_xlsx(uhri.root / "export.xlsx", UPR_ROWS)), "--into", "sources/assessments")
    assert code == 2 and "holds assessments, not source documents" in err


# --- the rules, one by one ------------------------------------------------------------------------------------


def test_the_states_and_the_closing_semicolon_leave_the_text():
    from compiler.importers.uhri import words_without_states as words

    assert words("Do this (Estonia, Latvia);", ("Estonia", "Latvia")) == "Do this"
    assert words("Do this (Hungary).", ("Hungary",)) == "Do this."
    assert words("Ratify the OP (OP-ICESCR) (Portugal) (Uruguay)", ("Portugal", "Uruguay")) == "Ratify the OP (OP-ICESCR)"
    assert words("Do this (Venezuela (Bolivarian Republic of), Cuba)", ("Venezuela (Bolivarian Republic of)", "Cuba")) == "Do this"
    assert words("Do this (in law)", ("Norway",)) == "Do this (in law)"  # not the row's States: kept
    assert words("Do this;", ()) == "Do this"


def test_dates_serials_and_cycles():
    from compiler.importers.uhri import cycle_of_date, cycle_of_session, issued_date

    assert issued_date(40260) == issued_date("40260") == issued_date(40260.0) == dt.date(2010, 3, 23)
    assert issued_date("2014") == 2014
    assert issued_date("December 10, 2014") == issued_date("2014-12-10 00:00:00") == dt.date(2014, 12, 10)
    assert issued_date("25/12/2014") == issued_date("12/25/2014") == dt.date(2014, 12, 25)
    with pytest.raises(ValueError, match="no Excel serial number"):
        issued_date(120)
    assert [cycle_of_session(s) for s in (1, 12, 13, 26, 27, 40, 41, 54, 55)] == [1, 1, 2, 2, 3, 3, 4, 4, None]
    assert cycle_of_date(dt.date(2010, 3, 23)) == 1 and cycle_of_date(dt.date(2014, 12, 10)) == 2
    assert cycle_of_date(dt.date(2019, 1, 1)) == 3 and cycle_of_date(dt.date(2023, 1, 1)) == 4
    assert cycle_of_date(dt.date(2028, 1, 1)) is None and cycle_of_date(2012) is None and cycle_of_date(2014) == 2


def test_bodies_and_country_names():
    from compiler.countries import country_code
    from compiler.importers.uhri import body_of

    assert [body_of(b) for b in ("UPR", "ccpr", "Committee against Torture", "SP", "Independent Expert on Belarus", "SPT")] == [
        "UPR", "CCPR", "CAT", "SP", "SP", "other"]
    assert [country_code(n) for n in ("Kazakhstan", "Venezuela (Bolivarian Republic of)", "Republic of Korea",
                                      "Netherlands (Kingdom of the)", "Türkiye", "Kazakstan")] == ["KZ", "VE", "KR", "NL", "TR", ""]


# --- the sample export (tests/data/uhri/) against the hand-written recommendations -------------------------

SAMPLE = REPO / "tests" / "data" / "uhri"


@pytest.mark.parametrize("name", ["kazakhstan-upr.xlsx", "kazakhstan-upr.csv"])
def test_the_sample_export_imports_as_the_hand_written_recommendations(name, tmp_path, run, monkeypatch):
    if not (SAMPLE / name).is_file() or not (REPO / "sources" / "un").is_dir():
        pytest.skip(f"tests/data/uhri/{name} and sources/un/ are not both in the repository yet (the sample data adds them)")
    from compiler.store import load_store

    root = tmp_path / "ws"
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "themes.yaml").write_bytes((REPO / "sources" / "themes.yaml").read_bytes())
    monkeypatch.chdir(root)
    code, _, err = run("import", "uhri", str(SAMPLE / name))
    assert code == 0, err
    ours, problems = load_store(root / "sources", root, cache=False)
    assert problems == []
    hand, _ = load_store(REPO / "sources", REPO, cache=False)

    def labelled(theme: str) -> str:  # UHRI themes name the themes that carry labels, not their sub-themes
        while not ours.themes[theme].labels.get("uhri") and "." in theme:
            theme = theme.rsplit(".", 1)[0]
        return theme

    assert ours.recommendations
    for ident, made in ours.recommendations.items():
        written = hand.recommendations[ident]
        assert (made.paragraph, made.text, made.by, made.response) == (
            written.paragraph, written.text, written.by, written.response), ident
        assert set(made.themes) == {labelled(t) for t in written.themes}, ident
        assert made.source == written.source, ident
