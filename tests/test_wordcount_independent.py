"""Check the word count `brief check` reports against an independent count of the built PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

BRIEF = "briefs/kazakhstan-ccpr-2011.yaml"


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
