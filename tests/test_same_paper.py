"""Check that the DOCX and the PDF of each sample brief carry the same paragraphs, numbers and notes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from tests.conftest import REPO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BRIEFS = sorted(p.name for p in (REPO / "briefs").glob("*.yaml"))


def squash(text: str) -> str:
    """Return text without white space, hyphens or soft hyphens (line breaking differs between formats)."""
    return re.sub(r"[\s\-\u00ad\u2011\u202f\u00a0\u2060]", "", text)


def docx_paper(path: Path) -> tuple[list[tuple[int, str]], list[str]]:
    """Return the numbered paragraphs (number, text with note numbers at their calls) and the note texts of a DOCX."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        notes_xml = etree.fromstring(archive.read("word/footnotes.xml"))
        numbering = etree.fromstring(archive.read("word/numbering.xml"))
    decimal = {a.get(f"{W}abstractNumId") for a in numbering.iter(f"{W}abstractNum")
               if a.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "decimal" and a.find(f"{W}lvl/{W}lvlText").get(f"{W}val") == "%1."}
    paragraph_ids = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num") if n.find(f"{W}abstractNumId").get(f"{W}val") in decimal}
    notes = {}
    for note in notes_xml.iter(f"{W}footnote"):
        ident = int(note.get(f"{W}id"))
        if ident > 0:
            notes[ident] = "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
    numbered = []
    for p in body.iter(f"{W}p"):
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is None:
            continue
        texts = []
        for node in p.iter(f"{W}t", f"{W}footnoteReference"):
            texts.append(node.text or "" if node.tag == f"{W}t" else str(int(node.get(f"{W}id"))))
        numbered.append((num.get(f"{W}val"), "".join(texts)))
    # the paragraph numbering is the list numbered "1.", "2.", "3." ...
    paragraphs = [(i, text) for i, (n, text) in enumerate((x for x in numbered if x[0] in paragraph_ids), 1)]
    return paragraphs, [notes[k] for k in sorted(notes)]


@pytest.fixture(scope="module")
def built(sample_papers):
    return sample_papers


@pytest.mark.parametrize("brief", BRIEFS)
def test_docx_and_pdf_carry_the_same_numbered_paragraphs_and_notes(built, brief):
    import json

    name = brief[:-5]
    manifest = json.loads((built / f"{name}.manifest.json").read_text(encoding="utf-8"))
    paragraphs, notes = docx_paper(built / f"{name}.docx")
    assert [n for n, _ in paragraphs] == [p["number"] for p in manifest["paragraphs"] if p["number"] is not None]
    assert notes == [n["text"] for n in manifest["notes"]]
    with pdfplumber.open(built / f"{name}.pdf") as pdf:
        flat = squash(" ".join(page.extract_text() or "" for page in pdf.pages))
    position = 0
    for number, text in paragraphs:
        start = squash(f"{number}.{text}")[:50]
        found = flat.find(start, position)
        assert found >= 0, (number, text[:80])
        position = found
    for note in notes:
        assert squash(note)[:60] in flat, note


@pytest.mark.parametrize("brief", BRIEFS)
def test_every_selected_fact_appears_in_order_in_both(built, brief, run, monkeypatch):
    import json

    monkeypatch.chdir(REPO)
    code, out, err = run("check", f"briefs/{brief}", "--format", "json")
    selected = [f for s in json.loads(out)[0]["sections"] for f in s["facts"]]
    manifest = json.loads((built / f"{brief[:-5]}.manifest.json").read_text(encoding="utf-8"))
    stated = [f for p in manifest["paragraphs"] for f in p["facts"]]
    assert stated == selected
