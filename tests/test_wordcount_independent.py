"""Check the word count `brief check` reports against independent counts of the built DOCX and PDF.

The DOCX count is the one a secretariat makes: Word's, on the text the file carries
(document and footnotes), less the cover (the first section of the document, when the
profile has a cover page) and the contents (its heading and the TOC field). It is read
here from the WordprocessingML with the standard library, apart from compiler/wordcount.py,
which counts the Document model.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import REPO

BRIEF = "briefs/kazakhstan-ccpr-2011.yaml"
SAMPLES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "briefs").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# what Word takes for a word: a run between spaces (a no-break space joins) holding a letter or digit
SPACES = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")


def word_count(text: str) -> int:
    return sum(1 for token in SPACES.split(text) if re.search(r"[^\W_]", token))


def paragraph_texts(xml: bytes, *, skip_cover: bool) -> list[str]:
    """Return the text of each paragraph of a WordprocessingML part, less the cover section and the contents."""
    texts, in_cover, toc_depth, field_depth = [], skip_cover, None, 0
    for paragraph in ElementTree.fromstring(xml).iter(W + "p"):
        ends_section = paragraph.find(f"{W}pPr/{W}sectPr") is not None
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        in_contents = toc_depth is not None or (style is not None and style.get(W + "val", "").startswith("TOC"))
        chars = []
        for node in paragraph.iter():
            if node.tag == W + "fldChar":
                kind = node.get(W + "fldCharType")
                field_depth += {"begin": 1, "end": -1}.get(kind, 0)
                if kind == "end" and toc_depth is not None and field_depth < toc_depth:
                    toc_depth = None
            elif node.tag == W + "instrText" and (node.text or "").strip().startswith("TOC"):
                toc_depth, in_contents = field_depth, True
            elif node.tag == W + "t":
                chars.append(node.text or "")
            elif node.tag in (W + "tab", W + "br", W + "cr"):
                chars.append(" ")
        if not (in_cover or in_contents):
            texts.append("".join(chars))
        if ends_section:
            in_cover = False
    return texts


def docx_words(docx: Path, *, skip_cover: bool) -> tuple[int, int]:
    """Return the words of the body and of the footnotes of `docx`, as Word counts them."""
    with zipfile.ZipFile(docx) as z:
        body = sum(word_count(t) for t in paragraph_texts(z.read("word/document.xml"), skip_cover=skip_cover))
        notes = sum(word_count(t) for t in paragraph_texts(z.read("word/footnotes.xml"), skip_cover=False))
    return body, notes


@pytest.mark.parametrize("brief", SAMPLES)
def test_reported_words_are_the_words_word_counts_in_the_docx(brief, run, monkeypatch, sample_papers):
    monkeypatch.chdir(REPO)
    code, out, err = run("check", brief, "--format", "json")
    reported = json.loads(out)[0]["words"]
    body, notes = docx_words(sample_papers / (Path(brief).stem + ".docx"), skip_cover=True)
    assert (reported["body"], reported["notes"]) == (body, notes)


def test_word_count_rules():
    from compiler.wordcount import words_in

    # hyphenated, an address, a UN symbol, a number with separators: one word each; a spaced dash is none
    assert words_in("state-run A/HRC/28/10 https://undocs.org/A/HRC/28/10 1,000 — p. 3") == 6
    # a no-break space joins (French punctuation, grouped digits), a narrow one too
    assert words_in("Kazakhstan\u00a0: 10\u202f000 personnes") == 3
    assert words_in("Казахстан ратифицировал пакт в 2006 году.") == 6



@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_reported_words_are_within_a_few_percent_of_the_pdf_text(run, monkeypatch, tmp_path):
    monkeypatch.chdir(REPO)
    code, out, err = run("check", BRIEF, "--format", "json")
    reported = json.loads(out)[0]["words"]
    assert run("build", BRIEF, "--to", "pdf", "-o", str(tmp_path), "-q")[0] == 0
    pdf = tmp_path / "kazakhstan-ccpr-2011.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout).group(1))
    contents_pages = 1
    text = subprocess.run(["pdftotext", "-f", str(2 + contents_pages), "-l", str(pages), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    title = "Kazakhstan: Freedom of Expression, Assembly and Religion"
    lines = [l for l in text.splitlines() if l.strip() != title and not re.fullmatch(r"page \d+ of \d+", l.strip())]
    # paragraph and note numbers, section labels, list letters and bullets are not words
    words = [w for w in " ".join(lines).split()
             if re.search(r"\w", w) and not re.fullmatch(r"\d+\.|[IVXL]+\.|\([a-z]+\)|\d+", w)]
    independent = len(words)
    assert abs(reported["total"] - independent) / independent < 0.03, (reported, independent)
