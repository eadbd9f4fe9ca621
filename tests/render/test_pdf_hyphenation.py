"""The PDF hyphenates ordinary words but never a name (a word beginning with a capital letter) or a number."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from weasyprint import HTML

from compiler.render.pdf import keep_names_whole

WORDS = ("Zhanaozen Mambetalin Constitutionality Karaganda Kazakhstani " * 6
         + "unconstitutionality incomprehensibility internationalisation characteristically " * 6
         + "CCPR/C/KAZ/CO/1 1234567890123 ")
HTML_TEXT = f"""<html lang="en"><body style="width: 32mm; hyphens: auto; text-align: justify; font-size: 11pt">
<p>{WORDS}</p></body></html>"""


def test_ordinary_words_are_hyphenated_names_and_numbers_never(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    keep_names_whole()
    pdf = tmp_path / "words.pdf"
    HTML(string=HTML_TEXT).write_pdf(pdf)
    lines = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()
    split = [line.split()[-1] for line in lines if re.search(r"[\w][\u2010-]$", line)]
    assert split, "ordinary long words are still hyphenated"
    assert all(word[0].islower() for word in split), split
