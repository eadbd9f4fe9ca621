"""Check the French sample paper in its outputs: French headings and contents title, note calls before punctuation."""

from __future__ import annotations

import re
import zipfile

import pdfplumber
import pytest
from lxml import etree


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def papers(sample_papers):
    return sample_papers


def runs_around_calls(docx_path):
    """Yield (text before, text after) each footnote call of the body, within its paragraph."""
    with zipfile.ZipFile(docx_path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    for p in body.iter(f"{W}p"):
        pieces = []
        for node in p.iter(f"{W}t", f"{W}footnoteReference"):
            pieces.append(None if node.tag == f"{W}footnoteReference" else (node.text or ""))
        for i, piece in enumerate(pieces):
            if piece is None:
                before = "".join(x for x in pieces[:i] if x)
                after = "".join(x for x in pieces[i + 1:] if x)
                yield before, after


def test_french_docx_has_french_headings_and_calls_before_punctuation(papers):
    with zipfile.ZipFile(papers / "kazakhstan-ccpr-2011-fr.docx") as archive:
        text = "".join(t.text or "" for t in etree.fromstring(archive.read("word/document.xml")).iter(f"{W}t"))
    assert "Table des matières" in text and "Résumé" in text and "Introduction" in text and "Contents" not in text
    pairs = list(runs_around_calls(papers / "kazakhstan-ccpr-2011-fr.docx"))
    assert pairs
    assert not [b for b, a in pairs if b.rstrip().endswith((".", ",", ";"))]
    assert sum(a.startswith((".", ",", "\u202f;")) for b, a in pairs) >= len(pairs) // 2


def test_english_docx_has_calls_after_punctuation(papers):
    pairs = list(runs_around_calls(papers / "kazakhstan-ccpr-2011.docx"))
    assert not [a for b, a in pairs if a.startswith((".", ",", ";"))]
    assert sum(b.endswith((".", ",", ";")) for b, a in pairs) >= len(pairs) // 2


def pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_french_pdf_has_french_headings_and_calls_before_punctuation(papers):
    text = pdf_text(papers / "kazakhstan-ccpr-2011-fr.pdf")
    assert "Table des matières" in text and "Résumé" in text and "Recommandations" in text
    assert "page 2 sur" in text
    before = len(re.findall(r"[a-zà-ÿ)»]\d{1,3}\.", text))
    after = len(re.findall(r"[a-zà-ÿ]\.\d{1,3}(?:\s|$)", text))
    assert before > 20 and after == 0, (before, after)


def test_english_pdf_has_calls_after_punctuation(papers):
    text = pdf_text(papers / "kazakhstan-ccpr-2011.pdf")
    after = len(re.findall(r"[a-z]\.\d{1,3}(?:\s|$)", text))
    before = len(re.findall(r"[a-z]\d{1,3}\.(?:\s|$)", text))
    assert after > 20 and before == 0, (before, after)


def footnotes_text(docx_path) -> list[str]:
    """Return the text of each footnote of a DOCX (the separators left out)."""
    with zipfile.ZipFile(docx_path) as archive:
        root = etree.fromstring(archive.read("word/footnotes.xml"))
    notes = ["".join(t.text or "" for t in note.iter(f"{W}t")) for note in root.iter(f"{W}footnote")]
    return [note for note in notes if note.strip()]


def test_french_notes_write_their_locators_in_french(papers):
    notes = footnotes_text(papers / "kazakhstan-ccpr-2011-fr.docx")
    pdf = " ".join(pdf_text(papers / "kazakhstan-ccpr-2011-fr.pdf").split())
    for text in ["\n".join(notes), pdf]:
        assert not re.search(r"»\s*section", text), re.findall(r".{30}»\s*section", text)[:3]
        assert not re.search(r"\bn\. \d", text), re.findall(r".{30}\bn\. \d", text)[:3]
        assert re.search(r"section «\s*Promise 1\s*», note 1", text)
        assert "par. 95.13" in text
