"""Tables in both formats: a Word table whose header row repeats and whose rows never split, the same in the PDF.

A Document holding a 60-row table with notes in its cells is rendered to DOCX (read
back as XML, by pandoc and by LibreOffice) and to PDF (read back with pdfplumber): the
header shows on every page the table spans, each row stands whole on one page, every
note called in a cell sits on the page of its call, and the citation pass, the manifest
and the word count see the cells.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree

from compiler.document.model import (
    Citation, Document, Note, Paragraph, Part, Strong, Table, TableRow, Text, map_blocks, plain_text,
)
from compiler.manifest import manifest
from compiler.render import renderer
from compiler.style import find_style
from compiler.document.assemble import roman
from compiler.wordcount import count_words, words_in
from tests.sample_document import sample_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROWS = 60
HEADER = ("Recommendation", "Recommended by", "Status")


def numbered_note(number: int) -> Note:
    return Note((Citation(f"src-{number}"),), number, (Text(f"Source of row {number}, a report long enough to read, p. {number}."),))


def table_document() -> Document:
    """Return the sample paper with a section holding a long table whose every row calls a note."""
    base = sample_document(4)
    offset = len(base.notes())
    rows = tuple(
        TableRow(((Strong((Text(f"124.{i}"),)), Text(f" Row {i} recommends that the State review its law on the matter, "
                                                         "in line with its obligations."), numbered_note(0)),
                  (Text("Testland and Otherland"),), (Text("not implemented"),)), (f"rec-{i}",))
        for i in range(1, ROWS + 1))
    table = Table(tuple((Text(h),) for h in HEADER), rows, (6, 3, 2))
    labelled = sum(1 for p in base.parts[:-2] if p.label)  # the part comes next: I., II., III., then IV.
    part = Part("section", (Text("Follow-up"),), "section-9", (table,), label=f"{roman(labelled + 1)}.")
    parts = base.parts[:-2] + (part,) + base.parts[-2:]
    document = dataclasses.replace(base, parts=parts)
    # number every note 1, 2, 3 ... in reading order, as the citation pass does
    counter = iter(range(1, 10_000))

    def renumber(note: Note) -> Note:
        number = next(counter)
        content = note.content if note.citations[0].id != "src-0" else numbered_note(number).content
        return Note(note.citations, number, content)

    from compiler.document.model import map_inline, map_inlines

    numbered = map_inlines(document, lambda inlines: map_inline(inlines, lambda n: renumber(n) if isinstance(n, Note) else n))
    assert len(numbered.notes()) == offset + ROWS
    return numbered


@pytest.fixture(scope="module")
def document() -> Document:
    return table_document()


@pytest.fixture(scope="module")
def docx_data(document: Document) -> bytes:
    return renderer("docx").render(document, find_style("un-submission", None)).data


@pytest.fixture(scope="module")
def pdf_data(document: Document) -> bytes:
    return renderer("pdf").render(document, find_style("un-submission", None)).data


def test_the_docx_table_repeats_its_header_and_keeps_rows_whole(docx_data: bytes, document: Document):
    with zipfile.ZipFile(io.BytesIO(docx_data)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    (table,) = body.iter(f"{W}tbl")
    rows = table.findall(f"{W}tr")
    assert len(rows) == ROWS + 1
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)
    grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
    assert grid == [9072 * 6 // 11, 9072 * 3 // 11, 9072 * 2 // 11]  # 6:3:2 of the A4 text width (160 mm) in twips
    assert ["".join(t.text for t in cell.iter(f"{W}t")) for cell in rows[0].findall(f"{W}tc")] == list(HEADER)
    texts = {n.get(f"{W}id"): "".join(t.text or "" for t in n.iter(f"{W}t")) for n in notes.iter(f"{W}footnote")}
    called = [ref.get(f"{W}id") for ref in table.iter(f"{W}footnoteReference")]
    assert len(called) == ROWS
    assert all("Source of row" in texts[ident] for ident in called)


def test_pandoc_reads_the_docx_table(docx_data: bytes, tmp_path: Path):
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not installed")
    path = tmp_path / "paper.docx"
    path.write_bytes(docx_data)
    text = subprocess.run(["pandoc", "-f", "docx", "-t", "html", str(path)], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    assert text.count("<table") == 1 and "<thead>" in text
    assert text.count("<tr") == ROWS + 1 and "Row 60 recommends" in text


def test_libreoffice_repeats_the_header_on_every_page_of_the_table(docx_data: bytes, tmp_path: Path):
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    path = tmp_path / "paper.docx"
    path.write_bytes(docx_data)
    profile = tmp_path / "profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], capture_output=True, check=True, timeout=180)
    pages = subprocess.run(["pdftotext", "-layout", str(tmp_path / "paper.pdf"), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    spanned = [page for page in pages if re.search(r"\b124\.\d+ Row", page)]
    assert len(spanned) >= 3
    assert all("Recommendation" in page and "Status" in page for page in spanned)
    found = [int(n) for page in spanned for n in re.findall(r"\b124\.(\d+) Row", page)]
    assert found == list(range(1, ROWS + 1))


def pdf_pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_the_pdf_repeats_the_header_keeps_rows_whole_and_notes_on_their_page(pdf_data: bytes, document: Document):
    pages = pdf_pages(pdf_data)
    spanned = [(index, page) for index, page in enumerate(pages) if re.search(r"124\.\d+ Row", page)]
    assert len(spanned) >= 3
    for _, page in spanned:
        assert re.search(r"Recommendation\s+Recommended by\s+Status", page), page[:300]
    order = [int(n) for _, page in spanned for n in re.findall(r"124\.(\d+) Row", page)]
    assert order == list(range(1, ROWS + 1))  # each row once: none split over two pages
    for _, page in spanned:  # each row whole: its last words on the page of its first
        starts = re.findall(r"124\.(\d+) Row", page)
        assert page.count("with its obligations.") >= len(starts)
    note_pages = {}
    for index, page in enumerate(pages):
        for number in re.findall(r"^(\d+) Source of row", page, re.M):
            note_pages[int(number)] = index
    row_pages = {int(row): index for index, page in spanned for row in re.findall(r"124\.(\d+) Row", page)}
    table_notes = [n.number for n in document.notes() if n.content[0].text.startswith("Source of row")]
    assert len(table_notes) == ROWS
    for row, number in zip(range(1, ROWS + 1), table_notes):
        assert note_pages.get(number) == row_pages[row], (row, number)


def test_the_citation_pass_word_count_and_manifest_see_the_cells(document: Document):
    table = next(b for p in document.parts for b in p.blocks if isinstance(b, Table))
    numbers = [n.number for row in table.rows for cell in row.cells for n in cell if isinstance(n, Note)]
    assert numbers == sorted(numbers) and len(numbers) == ROWS
    without = map_blocks(document, lambda b: Paragraph(()) if isinstance(b, Table) else b)
    cells = [cell for cell in table.header] + [cell for row in table.rows for cell in row.cells]
    assert count_words(document).body - count_words(without).body == sum(words_in(plain_text(cell)) for cell in cells)
    rows = [p for p in manifest(document, "b.yaml")["paragraphs"] if "records" in p]
    assert [r["records"] for r in rows] == [[f"rec-{i}"] for i in range(1, ROWS + 1)]
    assert [r["row"] for r in rows] == list(range(1, ROWS + 1))
    assert [r["notes"] for r in rows] == [[n] for n in numbers]


def test_the_screen_html_has_a_table_head_and_the_notes_as_endnotes(document: Document):
    html = renderer("html").render(document, find_style("un-submission", None)).data.decode("utf-8")
    assert html.count("<table") == 1 and "<thead>" in html and html.count('<th scope="col">') == 3
    assert html.count('data-records="rec-') == ROWS
    assert 'class="fn-call"' in html and "Source of row 60" in html
