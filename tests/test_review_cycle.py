"""The review cycle end to end, on a workspace written by hand against FORMAT.md section 4.

tests/data/review-cycle/ is not a sample: its texts are invented for the tests. The
brief reviews earlier recommendations in paragraphs, in a table and through `include`,
and closes with the matrix. Checked: the selection rules, `brief check --format json`,
the warnings, the note forms, and the DOCX and PDF (every reviewed recommendation with
its paragraph number, in order, its notes on the page of their calls; tables as Word
tables with a repeating header row).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "review-cycle"
PDF_NOTES = Path("/work/shared/tools/pdf_notes.py")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# What FORMAT.md section 4 selects from the workspace, section by section.
EXPECTED = [
    # media, UPR cycle 2: media and media.libel; 124.2 before 124.12 before 126.40; not the first
    # cycle's 97.6, not the third cycle's (issued after the brief's date)
    ["kz-upr2-124-2", "kz-upr2-124-12", "kz-upr2-126-40"],
    # assembly, every body, minus the excluded 126.1: the 2014 UPR report before the 2016 CCPR one
    ["kz-upr2-125-9", "kz-ccpr2-50"],
    # no theme: only the include
    ["kz-upr2-124-30"],
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("review") / "ws"
    shutil.copytree(DATA, root)
    return root


def brief(workspace: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler", *args], cwd=workspace, capture_output=True, text=True,
                          timeout=300, env={"PATH": "/usr/bin:/bin", "BRIEF_NO_CACHE": "1", "HOME": str(workspace)})


@pytest.fixture(scope="module")
def built(workspace: Path) -> Path:
    out = workspace / "out"
    result = brief(workspace, "build", "--to", "docx,pdf", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


def test_check_lists_each_sections_reviewed_recommendations_as_the_rules_select_them(workspace):
    result = brief(workspace, "check", "--format", "json")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)[0]
    assert [s["follow_up"] for s in entry["sections"]] == EXPECTED
    assert [r for r in entry["rules"] if r["rule"] == "follow_up"] == [
        {"rule": "follow_up", "met": True, "message": "reviews 6 earlier recommendations"}]
    warnings = [p for p in entry["problems"] if p["severity"] == "warning"]
    assert [(p["field"], p["message"]) for p in warnings] == [(
        "sections[2].follow_up",
        "no assessment of 'kz-upr2-124-30' as of 2017-03-01 in sources/assessments/; the paper gives its status as no "
        "information")]
    assert brief(workspace, "check", "--strict").returncode == 4


def test_a_upr_brief_reviewing_nothing_is_warned(workspace, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("out"))
    text = (copy / "briefs" / "follow-up.yaml").read_text(encoding="utf-8")
    text = re.sub(r"    follow_up:\n(      .*\n)+", "", text).replace("annex_recommendations: true\n", "")
    (copy / "briefs" / "follow-up.yaml").write_text(text, encoding="utf-8")
    result = brief(copy, "check")
    assert result.returncode == 0, result.stderr
    assert ("briefs/follow-up.yaml:7: warning: profile: upr-joint: reviews none of the 7 recommendations of earlier "
            "UPR reviews in the store (give a section `follow_up:`)") in result.stdout


def docx_paragraphs(path: Path) -> tuple[list[tuple[int, str]], list[etree._Element], dict[int, str]]:
    """Return the numbered paragraphs (number, text) of a DOCX, its tables and its footnotes by id."""
    with zipfile.ZipFile(path) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    numbered, count = [], 0
    for p in body.iter(f"{W}p"):
        if p.find(f"{W}pPr/{W}numPr") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "NumberedParagraph":
            count += 1
            numbered.append((count, "".join(t.text or "" for t in p.iter(f"{W}t"))))
    footnotes = {int(n.get(f"{W}id")): "".join(t.text or "" for t in n.iter(f"{W}t")) for n in notes.iter(f"{W}footnote")}
    return numbered, list(body.iter(f"{W}tbl")), footnotes


def test_every_reviewed_recommendation_is_a_numbered_paragraph_in_order_in_the_docx(built):
    numbered, _, footnotes = docx_paragraphs(built / "follow-up.docx")
    reviews = [(n, text) for n, text in numbered if text.startswith(("Recommendation ", "CCPR/"))]
    assert [text.split(" (")[0].split(":")[0] for _, text in reviews] == [
        "Recommendation 124.2", "Recommendation 124.12", "Recommendation 126.40", "Recommendation 124.30"]
    assert [n for n, _ in reviews] == [2, 3, 4, 6]  # 5 states the assembly fact; its section reviews in a table
    first = reviews[1][1]
    assert first.startswith("Recommendation 124.12 (Otherland; supported): “Test recommendation to decriminalise defamation.”")
    # the comment restates the fact paragraph 1 states: it refers to it rather than cite it again
    assert "Status (December 2016): not implemented. Libel is still prosecuted (para.\u00a01)." in first
    assert "Status: no information." in reviews[3][1]
    texts = list(footnotes.values())
    assert any("A/HRC/28/10, para. 124.12 (Otherland; supported)." in t and "Report of the Working Group" in t for t in texts)
    # the note before cites the same report (the fact between is referred to, not cited)
    assert any(t.strip() == "Ibid., para. 126.40 (Testland and Otherland; noted)." for t in texts), texts


def test_tables_are_word_tables_with_a_repeating_header_and_rows_that_do_not_split(built):
    _, tables, footnotes = docx_paragraphs(built / "follow-up.docx")
    assert len(tables) == 2  # the assembly section's, and the matrix
    section, matrix = tables
    for table in tables:
        rows = table.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
        header = ["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in rows[0].findall(f"{W}tc")]
        assert header == ["Recommendation", "Recommended by", "Response", "Status", "Comment"]

    def cells(table):
        return [["".join(t.text or "" for t in cell.iter(f"{W}t")) for cell in row.findall(f"{W}tc")]
                for row in table.findall(f"{W}tr")[1:]]

    assert [row[:4] for row in cells(section)] == [
        ["125.9 “Test recommendation on assemblies.”", "Testland", "supported", "not implemented (1 December 2016)"],
        ["50 “Test Committee recommendation on freedom of assembly.”", "", "", "no information (January 2017)"],
    ]
    assert section.find(f".//{W}footnoteReference") is not None  # the section's table cites
    matrix_rows = cells(matrix)
    assert [row[0].split(" “")[0] for row in matrix_rows] == [
        "A/HRC/28/10, 124.2", "A/HRC/28/10, 124.12", "A/HRC/28/10, 126.40", "A/HRC/28/10, 125.9",
        "CCPR/C/KAZ/CO/2, 50", "A/HRC/28/10, 124.30"]
    assert matrix_rows[1][1:4] == ["Otherland", "supported", "not implemented (December 2016)"]


def test_the_pdf_carries_the_same_reviews_with_every_note_on_the_page_of_its_call(built):
    with pdfplumber.open(built / "follow-up.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    flat = " ".join(text.split())
    order = [flat.index(f"Recommendation {p} (") for p in ("124.2", "124.12", "126.40", "124.30")]
    assert order == sorted(order)
    assert "Annex: recommendations reviewed" in flat
    if not PDF_NOTES.is_file() or shutil.which("qpdf") is None:
        pytest.skip("pdf_notes.py or qpdf not installed")
    # pdf_notes.py takes the cover's date line ("1 March 2017") for note 1: read the pages after the cover
    body = built / "follow-up-body.pdf"
    subprocess.run(["qpdf", str(built / "follow-up.pdf"), "--pages", str(built / "follow-up.pdf"), "2-z", "--", str(body)],
                   check=True, timeout=60)
    notes = len(json.loads((built / "follow-up.manifest.json").read_text(encoding="utf-8"))["notes"])
    result = subprocess.run([sys.executable, str(PDF_NOTES), str(body), "--expect", str(notes)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{notes} notes found of {notes}; missing []; off their call's page (note, call page, note page): []" in result.stdout


def test_the_manifest_traces_paragraphs_and_rows_to_their_recommendations(built):
    manifest = json.loads((built / "follow-up.manifest.json").read_text(encoding="utf-8"))
    by_paragraph = [(p["number"], p.get("recommendations")) for p in manifest["paragraphs"] if p.get("recommendations")]
    assert by_paragraph == [(2, ["kz-upr2-124-2"]), (3, ["kz-upr2-124-12"]), (4, ["kz-upr2-126-40"]), (6, ["kz-upr2-124-30"])]
    rows = [p["records"] for p in manifest["paragraphs"] if p.get("records")]
    assert rows == [["kz-upr2-125-9"], ["kz-ccpr2-50"]] + [[i] for i in EXPECTED[0] + EXPECTED[1] + EXPECTED[2]]


@pytest.mark.parametrize("language, words", [
    ("fr", ["Recommandation 124.12 (Otherland ; acceptée)", "non mise en œuvre", "Mise en œuvre des recommandations antérieures",
            "Annexe : recommandations examinées", "Formulée par", "notée", "par. 126.40"]),
    ("es", ["Recomendación 124.12 (Otherland; aceptada)", "no aplicada", "Aplicación de las recomendaciones anteriores",
            "Anexo: recomendaciones examinadas", "anotada"]),
    ("ru", ["Рекомендация 124.12 (Otherland; поддержана)", "не выполнена", "Выполнение ранее вынесенных рекомендаций",
            "принята к сведению"]),
])
def test_statuses_responses_and_headings_are_worded_in_the_papers_language(workspace, tmp_path, language, words):
    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("out"))
    path = copy / "briefs" / "follow-up.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", f"language: {language}")
                    .replace("profile: upr-joint", "profile: none"), encoding="utf-8")
    result = brief(copy, "build", "--to", "html", "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 0, result.stderr
    import html as html_module

    text = html_module.unescape(re.sub(r"<[^>]+>", "", (tmp_path / "out" / "follow-up.html").read_text(encoding="utf-8")))
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    for expected in words:
        assert expected in text, expected


def test_a_matrix_asked_of_a_paper_reviewing_nothing_is_warned(workspace, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("out"))
    path = copy / "briefs" / "follow-up.yaml"
    path.write_text(re.sub(r"    follow_up:\n(      .*\n)+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = brief(copy, "check")
    assert ("briefs/follow-up.yaml: warning: annex_recommendations: the paper reviews no recommendation (no section's "
            "follow_up selects one): no matrix is added") in result.stdout


def test_evidence_joins_the_note_a_comment_ends_with(workspace, tmp_path):
    copy = tmp_path / "ws"
    shutil.copytree(workspace, copy, ignore=shutil.ignore_patterns("out"))
    path = copy / "sources" / "assessments" / "coalition.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "comment: A rally was dispersed.", "comment: A rally was dispersed [@t-libel-2016]."), encoding="utf-8")
    result = brief(copy, "build", "--to", "docx", "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "follow-up.manifest.json").read_text(encoding="utf-8"))
    row = next(p for p in manifest["paragraphs"] if p.get("records") == ["kz-upr2-125-9"])
    assert len(row["notes"]) == 2  # the recommendation's, and one for the comment and the evidence
    note = next(n for n in manifest["notes"] if n["number"] == row["notes"][1])
    assert note["cites"] == ["t-libel-2016", "t-rally-2016"]
