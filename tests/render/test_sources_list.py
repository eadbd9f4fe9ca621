"""The list of sources as readers see it: each entry whole on one page, ragged right, in both formats."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from tests.conftest import REPO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BRIEFS = sorted(p.stem for p in (REPO / "briefs").glob("*.yaml"))


def squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011\u202f\u00a0\u2060]", "", text)


def entries_and_style(docx) -> tuple[list[str], etree._Element]:
    """Return the texts of the DOCX's Bibliography paragraphs and the Bibliography style."""
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    entries = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")
               if (s := p.find(f"{W}pPr/{W}pStyle")) is not None and s.get(f"{W}val") == "Bibliography"]
    style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Bibliography")
    return entries, style


@pytest.mark.parametrize("name", BRIEFS)
def test_no_entry_of_the_list_of_sources_is_split_across_pages(sample_papers, name):
    entries, style = entries_and_style(sample_papers / f"{name}.docx")
    assert entries, "the sample paper has a list of sources"
    assert style.find(f"{W}pPr/{W}keepLines") is not None and style.find(f"{W}pPr/{W}jc").get(f"{W}val") == "left"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    pages = subprocess.run(["pdftotext", str(sample_papers / f"{name}.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    flat = [squash(page) for page in pages]
    for entry in entries:
        assert any(squash(entry) in page for page in flat), f"split across pages or missing: {entry}"
