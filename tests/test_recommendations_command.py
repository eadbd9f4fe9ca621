"""Check `brief recommendations`: the matrix of every recommendation with its latest assessment as of a date.

TEST DATA, INVENTED FOR THESE TESTS: the workspace below holds two UPR reports (cycles 1
and 2), a treaty body's concluding observations and a UPR report on another country.
Their symbols look like real ones; every text, State ("Ruritania", "Freedonia", ...),
paragraph number, response and assessment is made up and must never reach a sample or
a paper. The documents' ids are chosen so that their alphabetical order is not the
order of their issue dates.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

UPR_1 = """\
# TEST DATA: invented words, States and paragraph numbers
id: z-upr-first
kind: un-document
title: "Report of the Working Group on the Universal Periodic Review: Kazakhstan (test data)"
symbol: A/HRC/14/10
body: UPR
cycle: 1
issued: 2010-03-23
country: KZ
recommendations:
  - id: t1-97-12
    paragraph: "97.12"
    text: Invented recommendation on libel, first cycle.
    by: [Ruritania]
    themes: [media.libel]
  - id: t1-97-2
    paragraph: "97.2"
    text: Invented recommendation on assemblies, first cycle.
    by: [Freedonia, Ruritania]
    response: noted
    themes: [assembly]
  - id: t1-95-3
    paragraph: "95.3"
    text: Invented recommendation on religion, first cycle.
    by: [Grand Fenwick]
    response: supported
    themes: [religion]
"""

CCPR = """\
# TEST DATA: invented words and paragraph numbers
id: m-ccpr
kind: un-document
title: Concluding observations on the initial report of Kazakhstan (test data)
symbol: CCPR/C/KAZ/CO/1
body: CCPR
issued: 2011-07-19
country: KZ
recommendations:
  - id: tc-10
    paragraph: "10"
    text: Invented Committee recommendation on the media.
    themes: [media]
    follow_up: true
  - id: tc-9
    paragraph: "9"
    text: Invented Committee recommendation on assemblies.
    themes: [assembly]
"""

UPR_2 = """\
# TEST DATA: invented words, States and paragraph numbers
id: a-upr-second
kind: un-document
title: "Report of the Working Group on the Universal Periodic Review: Kazakhstan (test data)"
symbol: A/HRC/28/10
body: UPR
cycle: 2
issued: 2014-12-10
country: KZ
recommendations:
  - id: t2-124-12
    paragraph: "124.12"
    text: Invented recommendation to decriminalise defamation, "second cycle", with a comma.
    by: [Ruritania, Freedonia, Ruritanië]
    response: supported
    themes: [media.libel]
  - id: t2-124-2
    paragraph: "124.2"
    text: Invented recommendation on the media law.
    by: [Freedonia]
    response: partially-supported
    themes: [media]
  - id: t2-126-1
    paragraph: "126.1"
    text: "=1+1 invented recommendation that starts like a formula."
    by: [Grand Fenwick]
    response: noted
    themes: [assembly]
"""

ELSEWHERE = """\
# TEST DATA: invented words, States and paragraph numbers
id: b-upr-elsewhere
kind: un-document
title: "Report of the Working Group on the Universal Periodic Review: Elsewhere (test data)"
symbol: A/HRC/99/99
body: UPR
cycle: 2
issued: 2012-01-01
country: FR
recommendations:
  - id: tf-1
    paragraph: "1"
    text: Invented recommendation to another State.
    by: [Ruritania]
    response: supported
    themes: [media]
"""

ASSESSMENTS = """\
# TEST DATA: invented assessments
assessments:
  - recommendation: t2-124-12
    status: not-implemented
    as_of: 2016-12
    by: Test Coalition
    comment: Libel remains a crime [@libel-2007].
    evidence: [libel-2007, khabar-2008]
  - recommendation: t2-124-12
    status: partially-implemented
    as_of: 2015
  - recommendation: t2-124-12
    status: implemented
    as_of: 2018-01-05
  - recommendation: t2-124-2
    status: not-implemented
    as_of: 2016-06-30
  - recommendation: tc-10
    status: no-information
    as_of: 2012
  - recommendation: t1-97-2
    status: implemented
    as_of: 2013-05
"""

ALL_ORDER = ["t1-95-3", "t1-97-2", "t1-97-12", "tc-9", "tc-10", "tf-1", "t2-124-2", "t2-124-12", "t2-126-1"]
KZ_ORDER = [i for i in ALL_ORDER if i != "tf-1"]
EPOCH_2017 = "1500000000"  # 2017-07-14
EPOCH_2020 = "1600000000"  # 2020-09-13
HEADER = ["id", "document", "symbol", "body", "cycle", "paragraph", "country", "text", "by", "response", "themes",
          "status", "as_of", "assessed_by", "comment", "evidence"]


@pytest.fixture
def matrix(workspace, monkeypatch):
    """Return the workspace with the review-cycle test data, the clock set to 14 July 2017."""
    workspace.write("sources/un/upr-1.yaml", UPR_1)
    workspace.write("sources/un/ccpr.yaml", CCPR)
    workspace.write("sources/un/upr-2.yaml", UPR_2)
    workspace.write("sources/un/elsewhere.yaml", ELSEWHERE)
    workspace.write("sources/assessments/coalition.yaml", ASSESSMENTS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2017)
    monkeypatch.setenv("BRIEF_NO_CACHE", "1")
    return workspace


def listed(run, *argv) -> list[dict]:
    code, out, err = run("recommendations", "--format", "json", *argv)
    assert (code, err) == (0, ""), err
    return json.loads(out)


def ids(run, *argv) -> list[str]:
    return [row["id"] for row in listed(run, *argv)]


def statuses(run, *argv) -> dict[str, tuple[str, str | None]]:
    return {row["id"]: (row["status"], row["as_of"]) for row in listed(run, *argv)}


# --- which recommendations, in which order, with which assessment -----------------------------------


def test_every_recommendation_in_the_order_of_issue_dates_then_paragraph_numbers(matrix, run):
    # z-upr-first (2010) before m-ccpr (2011), b-upr-elsewhere (2012), a-upr-second (2014);
    # 95.3 < 97.2 < 97.12, 9 < 10, 124.2 < 124.12 < 126.1
    assert ids(run) == ALL_ORDER


def test_the_latest_assessment_as_of_the_date_a_partial_as_of_counting_as_its_last_day(matrix, run):
    assert statuses(run, "--as-of", "2015-12-30")["t2-124-12"] == ("no-information", None)  # "2015" holds from 31 Dec
    assert statuses(run, "--as-of", "2015-12-31")["t2-124-12"] == ("partially-implemented", "2015")
    assert statuses(run, "--as-of", "2016-12-30")["t2-124-12"] == ("partially-implemented", "2015")
    assert statuses(run, "--as-of", "2016-12-31")["t2-124-12"] == ("not-implemented", "2016-12")
    assert statuses(run, "--as-of", "2016")["t2-124-12"] == ("not-implemented", "2016-12")  # a partial --as-of: its last day
    assert statuses(run, "--as-of", "2016-11")["t2-124-12"] == ("partially-implemented", "2015")
    assert statuses(run, "--as-of", "2018-01-05")["t2-124-12"] == ("implemented", "2018-01-05")
    found = statuses(run, "--as-of", "2016-07")
    assert found["t2-124-2"] == ("not-implemented", "2016-06-30")
    assert found["tc-10"] == ("no-information", "2012")  # assessed, with no information
    assert found["t1-95-3"] == ("no-information", None)  # never assessed


def test_the_default_date_is_today_from_source_date_epoch(matrix, run, monkeypatch):
    assert statuses(run)["t2-124-12"] == ("not-implemented", "2016-12")  # 14 July 2017
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH_2020)
    assert statuses(run)["t2-124-12"] == ("implemented", "2018-01-05")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # the clock: some day after 2018
    assert statuses(run)["t2-124-12"] == ("implemented", "2018-01-05")


def test_filters_by_country_body_cycle_and_theme(matrix, run):
    assert ids(run, "--country", "kz") == KZ_ORDER
    assert ids(run, "--country", "FR") == ["tf-1"]
    assert ids(run, "--body", "CCPR") == ["tc-9", "tc-10"]
    assert ids(run, "--body", "UPR", "--body", "CCPR") == ALL_ORDER
    assert ids(run, "--body", "CAT") == []
    assert ids(run, "--cycle", "1") == ["t1-95-3", "t1-97-2", "t1-97-12"]
    assert ids(run, "--cycle", "2", "--country", "KZ") == ["t2-124-2", "t2-124-12", "t2-126-1"]
    assert ids(run, "--theme", "media.libel") == ["t1-97-12", "t2-124-12"]
    assert ids(run, "--theme", "media", "--country", "KZ") == ["t1-97-12", "tc-10", "t2-124-2", "t2-124-12"]  # sub-themes too
    assert ids(run, "--theme", "religion", "--theme", "media.libel") == ["t1-95-3", "t1-97-12", "t2-124-12"]
    assert ids(run, "--theme", "assembly", "--body", "UPR", "--cycle", "2") == ["t2-126-1"]


def test_filters_by_status_as_of_the_date_no_information_matching_the_unassessed(matrix, run):
    assert ids(run, "--status", "implemented", "--as-of", "2017") == ["t1-97-2"]
    assert ids(run, "--status", "implemented", "--as-of", "2018") == ["t1-97-2", "t2-124-12"]
    assert ids(run, "--status", "not-implemented", "--status", "partially-implemented", "--as-of", "2016-06-30") == [
        "t2-124-2", "t2-124-12"]
    assert ids(run, "--status", "no-information", "--country", "KZ", "--as-of", "2016") == [
        "t1-95-3", "t1-97-12", "tc-9", "tc-10", "t2-126-1"]  # tc-10 assessed so, the others never
    assert ids(run, "--status", "no-information", "--as-of", "2011", "--cycle", "1") == ["t1-95-3", "t1-97-2", "t1-97-12"]


# --- formats ---------------------------------------------------------------------------------------


EXPECTED_124_12 = {
    "id": "t2-124-12", "document": "a-upr-second", "symbol": "A/HRC/28/10", "body": "UPR", "cycle": 2,
    "paragraph": "124.12", "country": "KZ",
    "text": 'Invented recommendation to decriminalise defamation, "second cycle", with a comma.',
    "by": ["Ruritania", "Freedonia", "Ruritanië"], "response": "supported", "themes": ["media.libel"],
    "status": "not-implemented", "as_of": "2016-12", "assessed_by": "Test Coalition",
    "comment": "Libel remains a crime [@libel-2007].", "evidence": ["libel-2007", "khabar-2008"],
    "file": "sources/un/upr-2.yaml", "line": 11,
}


def test_json_is_a_list_of_objects_with_every_column(matrix, run):
    rows = {row["id"]: row for row in listed(run)}
    assert rows["t2-124-12"] == EXPECTED_124_12
    assert list(rows["t2-124-12"]) == HEADER + ["file", "line"]
    ccpr = rows["tc-9"]
    assert (ccpr["cycle"], ccpr["by"], ccpr["response"], ccpr["status"], ccpr["as_of"], ccpr["evidence"]) == (
        None, [], None, "no-information", None, [])


def expected_csv_row(row: dict) -> list[str]:
    return ["; ".join(v) if isinstance(v, list) else "" if v is None else str(v) for k, v in row.items() if k in HEADER]


def test_csv_has_a_header_and_the_machine_words(matrix, run):
    code, out, err = run("recommendations", "--format", "csv")
    assert (code, err) == (0, "")
    table = list(csv.reader(io.StringIO(out, newline="")))
    assert table[0] == HEADER
    assert [r[0] for r in table[1:]] == ALL_ORDER
    rows = {r[0]: r for r in table[1:]}
    assert rows["t2-124-12"] == expected_csv_row(EXPECTED_124_12)
    assert rows["t2-124-12"][HEADER.index("by")] == "Ruritania; Freedonia; Ruritanië"
    assert rows["t2-124-2"][HEADER.index("response")] == "partially-supported"
    assert rows["t1-95-3"][HEADER.index("status"):] == ["no-information", "", "", "", ""]
    assert out.count("\r\n") == len(table)


def test_the_table_writes_statuses_and_responses_out_and_fits_the_terminal(matrix, run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, wide, err = run("recommendations", "--as-of", "2016-07")
    assert (code, err) == (0, "")
    lines = wide.splitlines()
    assert lines[0].split() == ["ID", "SYMBOL", "PARA", "BY", "RESPONSE", "STATUS", "AS", "OF", "TEXT"]
    assert [line.split()[0] for line in lines[1:-1]] == ALL_ORDER
    assert lines[-1] == "9 recommendations (statuses as of 2016-07)"
    row = next(line for line in lines if line.startswith("t2-124-2 "))
    assert "partially supported" in row and "not implemented" in row and "2016-06-30" in row
    assert "partially implemented" in next(line for line in lines if line.startswith("t2-124-12 "))
    assert "no information" in next(line for line in lines if line.startswith("t1-95-3 "))
    assert "-implemented" not in wide and "no-information" not in wide
    assert max(map(len, lines)) <= 200
    monkeypatch.setenv("COLUMNS", "80")
    code, narrow, _ = run("recommendations", "--as-of", "2016-07")
    assert max(map(len, narrow.splitlines())) <= 80 < max(map(len, lines))
    assert narrow.splitlines()[0].split() == ["ID", "SYMBOL", "PARA", "STATUS", "TEXT"]  # by, as of, response dropped
    assert "partially implemented" in narrow and "…" in narrow


def test_output_to_a_file_takes_the_format_from_its_suffix(matrix, run, tmp_path):
    code, out, err = run("recommendations", "-o", str(tmp_path / "m.json"), "--country", "KZ")
    assert (code, err) == (0, "")
    assert out.endswith("m.json: 8 recommendations, statuses as of 2017-07-14\n")
    assert [r["id"] for r in json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))] == KZ_ORDER
    assert run("recommendations", "--output", str(tmp_path / "m.csv"))[0] == 0
    assert (tmp_path / "m.csv").read_bytes().decode("utf-8").startswith(",".join(HEADER) + "\r\n")
    assert run("recommendations", "-o", str(tmp_path / "m.txt"))[0] == 0
    assert (tmp_path / "m.txt").read_text(encoding="utf-8").startswith("ID ")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


# --- the spreadsheet ---------------------------------------------------------------------------------


def load_xlsx(path):
    from openpyxl import load_workbook

    return load_workbook(path).active


def test_xlsx_header_bold_and_frozen_with_filters_widths_wrapping_and_a_status_list(matrix, run, tmp_path):
    target = tmp_path / "matrix.xlsx"
    code, out, err = run("recommendations", "--format", "xlsx", "-o", str(target), "--as-of", "2016-12-31")
    assert (code, err) == (0, ""), err
    sheet = load_xlsx(target)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P10"  # the header and 9 rows
    assert [c.value for c in sheet[1]] == HEADER and all(c.font.bold for c in sheet[1])
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[0] for v in values] == ALL_ORDER
    got = {v[0]: v for v in values}
    assert [("" if x is None else x) for x in got["t2-124-12"]] == [
        int(x) if k == "cycle" else x for k, x in zip(HEADER, expected_csv_row(EXPECTED_124_12))]
    assert {v[0]: v[HEADER.index("status")] for v in values} == {
        "t1-95-3": "no-information", "t1-97-2": "implemented", "t1-97-12": "no-information", "tc-9": "no-information",
        "tc-10": "no-information", "tf-1": "no-information", "t2-124-2": "not-implemented", "t2-124-12": "not-implemented",
        "t2-126-1": "no-information"}
    formula = sheet.cell(row=ALL_ORDER.index("t2-126-1") + 2, column=HEADER.index("text") + 1)
    assert (formula.value, formula.data_type) == ("=1+1 invented recommendation that starts like a formula.", "s")
    paragraph = sheet.cell(row=2 + ALL_ORDER.index("t2-124-12"), column=HEADER.index("paragraph") + 1)
    assert (paragraph.value, paragraph.data_type) == ("124.12", "s")  # text, never the number 124.12
    text = sheet.cell(row=2, column=HEADER.index("text") + 1)
    assert text.alignment.wrap_text and not sheet.cell(row=2, column=1).alignment.wrap_text
    widths = {c: sheet.column_dimensions[c].width for c in "ABHL"}
    assert widths["H"] > widths["L"] > widths["A"] > 10 and widths["H"] <= 72
    [choices] = sheet.data_validations.dataValidation
    assert (choices.type, choices.formula1, str(choices.sqref)) == (
        "list", '"implemented,partially-implemented,not-implemented,no-information"', "L2:L1048576")


def test_xlsx_with_source_date_epoch_gives_the_same_bytes(matrix, run, tmp_path):
    assert run("recommendations", "-o", str(tmp_path / "one.xlsx"))[0] == 0
    assert run("recommendations", "-o", str(tmp_path / "two.xlsx"))[0] == 0
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    from openpyxl import load_workbook

    assert str(load_workbook(tmp_path / "one.xlsx").properties.modified) == "2017-07-14 02:40:00"


def calc_missing() -> str:
    """Return why LibreOffice cannot open a workbook here ('' when it can): no soffice, or soffice without Calc."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return "LibreOffice (soffice) is not installed: the xlsx is not opened by it"
    program = Path(os.path.realpath(soffice)).parent
    if program.name == "program" and not any(program.glob("libsclo.*")):
        return "LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui): the xlsx is not opened by it"
    return ""


@pytest.mark.skipif(bool(calc_missing()), reason=calc_missing())
def test_libreoffice_opens_the_xlsx_with_the_rows_and_latest_statuses(matrix, run, tmp_path):
    target = tmp_path / "matrix.xlsx"
    assert run("recommendations", "-o", str(target), "--country", "KZ")[0] == 0
    out = tmp_path / "lo"
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"
    result = subprocess.run(["soffice", profile, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                             "--outdir", str(out), str(target)], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    table = list(csv.reader(io.StringIO((out / "matrix.csv").read_text(encoding="utf-8"), newline="")))
    assert table[0] == HEADER
    assert [r[0] for r in table[1:]] == KZ_ORDER
    rows = {r[0]: r for r in table[1:]}
    assert rows["t2-124-12"] == expected_csv_row(EXPECTED_124_12)  # as of 14 July 2017
    assert {i: r[HEADER.index("status")] for i, r in rows.items()} == {
        "t1-95-3": "no-information", "t1-97-2": "implemented", "t1-97-12": "no-information", "tc-9": "no-information",
        "tc-10": "no-information", "t2-124-2": "not-implemented", "t2-124-12": "not-implemented",
        "t2-126-1": "no-information"}
    assert rows["t2-124-2"][HEADER.index("paragraph")] == "124.2"
    assert rows["t2-126-1"][HEADER.index("text")] == "=1+1 invented recommendation that starts like a formula."
    code, ours, _ = run("recommendations", "--format", "csv", "--country", "KZ")
    from compiler.importers.spreadsheet import imported_cell

    # LibreOffice reads what `--format csv` prints, but for the ' before a cell that would be a formula
    assert table == [[imported_cell(c) for c in r] for r in csv.reader(io.StringIO(ours, newline=""))]
    assert "'=1+1 invented" in ours


# --- errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["--body", "upr"], "brief: --body: unknown body 'upr'; did you mean 'UPR'?"),
    (["--body", "XYZ"], "brief: --body: unknown body 'XYZ'; expected one of UPR, CCPR, CESCR, CAT, CEDAW, CERD, CRC, "
                        "CRPD, CMW, CED, SP, other"),
    (["--status", "implemeted"], "brief: --status: unknown status 'implemeted'; did you mean 'implemented'?"),
    (["--theme", "medai"], "brief: --theme: unknown theme 'medai'; did you mean 'media'?"),
    (["--format", "xlsx"], "brief: --format xlsx writes a workbook: give the file with -o FILE"),
    (["--format", "csv", "-o", "m.xlsx"], "brief: --output: 'm.xlsx' ends in .xlsx, but --format is csv"),
    (["--cycle", "0"], "brief: --cycle: expected a review cycle, 1 or more; got 0"),
    (["--country", "Kazakhstan"], "brief: --country: expected an ISO 3166-1 alpha-2 code such as KZ; got 'Kazakhstan'"),
    (["--as-of", "2017-13"], "brief: argument --as-of: impossible date '2017-13': month 13 does not exist "
                             "(see `brief recommendations --help`)"),
])
def test_usage_errors_are_one_line_exit_2(matrix, run, argv, message):
    assert run("recommendations", *argv) == (2, "", message + "\n")


def test_a_store_with_errors_lists_what_loaded_says_why_and_exits_3(matrix, run):
    matrix.write("sources/assessments/broken.yaml", "assessments:\n  - recommendation: t2-999\n    status: implemented\n"
                                                    "    as_of: 2016\n")
    code, out, err = run("recommendations", "--format", "csv")
    assert code == 3
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ALL_ORDER
    assert err == ("sources/assessments/broken.yaml:2: assessments[0].recommendation: unknown recommendation 't2-999'; "
                   "did you mean 'tc-9'?\n")


def test_a_file_that_cannot_be_written_is_one_line_exit_5(matrix, run, tmp_path):
    (tmp_path / "taken.csv").mkdir()
    code, out, err = run("recommendations", "-o", str(tmp_path / "taken.csv"))
    assert (code, out) == (5, "")
    assert len(err.splitlines()) == 1 and "cannot write the output" in err


# --- through `brief serve` ---------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(__import__("socket"), "AF_UNIX"), reason="brief serve needs Unix sockets")
def test_through_the_server_the_same_output_and_the_same_workbook(matrix, tmp_path, monkeypatch):
    from tests.server.test_serve import Server, brief, served

    epoch = {"SOURCE_DATE_EPOCH": EPOCH_2017, "COLUMNS": "100"}
    commands = [("recommendations",), ("recommendations", "--format", "json", "--theme", "media"),
                ("recommendations", "--status", "implemeted"), ("recommendations", "-o", str(tmp_path / "{}.xlsx"))]
    monkeypatch.chdir(matrix.root)  # the socket is reached by its short relative path
    server = Server(matrix.root)
    try:
        for argv in commands:
            alone = brief(*[a.format("alone") for a in argv], cwd=matrix.root, env=epoch, server=False)
            through = brief(*[a.format("served") for a in argv], cwd=matrix.root, env=epoch)
            assert (through.returncode, through.stdout.replace("served", "alone"), through.stderr) == (
                alone.returncode, alone.stdout, alone.stderr), argv
        assert (tmp_path / "served.xlsx").read_bytes() == (tmp_path / "alone.xlsx").read_bytes()
    finally:
        log = server.stop()
    assert len(served(log)) == len(commands), log


def test_csv_imports_no_renderer_nor_spreadsheet_library(matrix):
    import sys

    from tests.conftest import REPO

    code = ("import sys\nfrom compiler.cli import main\nrc = main(['recommendations', '--format', 'csv'])\n"
            "print(rc, *(name in sys.modules for name in ('weasyprint', 'docx', 'openpyxl')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=matrix.root, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert out.stdout.split()[-4:] == ["0", "False", "False", "False"], out.stdout + out.stderr
