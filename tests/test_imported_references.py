"""Issue 14's first check: the Zotero and BibTeX files of tests/data/imports, imported, cited and built.

Their journal article, book and memorandum come out in the DOCX's footnotes, in the
PDF as pdftotext reads it, and in the list of sources, with journal, volume, issue,
pages, DOI, edition, place, URL and access date, as the committed table of cases
(tests/data/citations/cases.yaml) says for the same records.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.conftest import REPO

DATA = REPO / "tests" / "data"
TABLE = yaml.safe_load((DATA / "citations" / "cases.yaml").read_text(encoding="utf-8"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# each import's ids of the table's article, book and memorandum
IMPORTS = {
    "zotero.json": ("csl", {"karimova-2017": "karimova-2017-forced", "beethoven-2012": "beethoven-2012-example",
                            "hrw-2008": "human-rights-watch-2008-kazakhstan"}),
    "refs.bib": ("bibtex", {"karimova-2017": "karimova2017forced", "beethoven-2012": "example2012handbook",
                            "hrw-2008": "hrw2008madrid"}),
}


def squash(text: str) -> str:
    """Return text without white space or hyphens (lines break differently in each format)."""
    return re.sub(r"[\s\-\u00ad\u2011\u202f\u00a0\u2060]", "", text)


def expected_notes() -> list[str]:
    """Return the table's `un` notes of the case citing the article, then those of the book's case."""
    cases = {c["notes"][0]: c for c in TABLE["cases"]}
    article = cases["@karimova-2017, p. 130"]["un"][0]
    book = cases["@beethoven-2012, p. 25; @hrw-2008, p. 3"]["un"][0]
    return [article, book]


@pytest.fixture(scope="module", params=sorted(IMPORTS))
def built(request, tmp_path_factory):
    from compiler.cli import main

    name = request.param
    kind, ids = IMPORTS[name]
    root = tmp_path_factory.mktemp(name.replace(".", "-"))
    (root / "briefs").mkdir()
    (root / "sources").mkdir()
    brief = {"title": "Imported references", "country": "KZ",
             "summary": f"An article [@{ids['karimova-2017']}, p. 130]. "
                        f"A book and a memorandum [@{ids['beethoven-2012']}, p. 25; @{ids['hrw-2008']}, p. 3]."}
    (root / "briefs" / "imported.yaml").write_text(yaml.safe_dump(brief), encoding="utf-8")
    cwd = Path.cwd()
    try:
        import os

        os.chdir(root)
        assert main(["import", kind, str(DATA / "imports" / name)]) == 0
        assert main(["build", "-o", "out"]) == 0
    finally:
        os.chdir(cwd)
    return root / "out", ids


def test_the_docx_notes_print_what_the_table_says(built):
    out, _ = built
    with zipfile.ZipFile(out / "imported.docx") as archive:
        notes_xml = etree.fromstring(archive.read("word/footnotes.xml"))
        rels = archive.read("word/_rels/footnotes.xml.rels").decode("utf-8")
    notes = ["".join(t.text or "" for t in n.iter(f"{W}t")).strip()
             for n in notes_xml.iter(f"{W}footnote") if int(n.get(f"{W}id")) > 0]
    assert [squash(n) for n in notes] == [squash(n) for n in expected_notes()]
    # the addresses are hyperlinks of the notes
    assert 'Target="https://doi.org/10.1234/jes.2017.82"' in rels
    assert 'Target="https://www.hrw.org/news/2008/05/28/human-rights-kazakhstan"' in rels


def test_the_pdf_prints_the_notes_and_the_list_of_sources(built):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    out, ids = built
    text = subprocess.run(["pdftotext", str(out / "imported.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flat = squash(text)
    for note in expected_notes():
        assert squash(note) in flat, note
    entries = {e.split(",")[0]: e for e in TABLE["list"]["un"]}
    # the list of sources: the article with its page range, the memorandum with its address and access date
    assert squash(entries["Karimova"]) in flat
    assert squash(entries["Human Rights Watch"]) in flat
