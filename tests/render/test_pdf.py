"""Test turning a Document into a PDF: read it back with pypdf, pdfplumber, pdffonts, qpdf and pdf_notes.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import REPO
from pypdf import PdfReader

from compiler.document.model import Document, Inline, Note, Paragraph, Part, Text, map_inline, map_inlines
from compiler.errors import RenderError
from compiler.render import html, pdf, renderer
from compiler.render.fetch import FetchPolicy, FetchRefused
from compiler.style import ASSETS_DIR, Style, find_style
from tests.render.test_html import HOSTILE, hostile_document
from tests.sample_document import LABELS_EN, sample_document

PDF_NOTES = Path("/work/shared/tools/pdf_notes.py")

#: The @footnote border/padding combination of upstream issue #2502 (padding shorthand: no bottom padding).
BROKEN_FOOTNOTE_AREA = "\n@page { @footnote { border-top: 0.5pt solid black; padding: 2mm 0 0 0; margin: 0; background: none; } }\n"


# --- helpers -------------------------------------------------------------------------


def tool(*command: str) -> str:
    """Return the path of `command`, or skip the test when it is not installed."""
    found = shutil.which(command[0])
    if found is None:
        pytest.skip(f"{command[0]} not installed")
    return found


def page_texts(data: bytes) -> list[str]:
    """Return the text of each page, as pdfplumber reads it."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def flat(text: str) -> str:
    """Return `text` with every run of white space made one space."""
    return " ".join(text.split())


def outline(data: bytes) -> list[tuple[int, str, int]]:
    """Return the PDF bookmarks as (level, title, page from 1)."""
    reader = PdfReader(io.BytesIO(data))
    found: list[tuple[int, str, int]] = []

    def walk(items: list, level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 1)
    return found


def copy_style(style: Style, folder: Path, name: str, extra_css: str = "") -> Style:
    """Return a copy of `style` under `folder`, called `name`, with `extra_css` added to its paper.css."""
    target = folder / name
    shutil.copytree(style.folder, target)
    if extra_css:
        with open(target / "paper.css", "a", encoding="utf-8") as css:
            css.write(extra_css)
    return find_style(name, folder)


def long_notes_document(facts: int) -> Document:
    """Return sample_document(facts) with every note's text long enough for pdf_notes.py to recognise it."""
    def long(node: Inline) -> Inline:
        if not isinstance(node, Note):
            return node
        return dataclasses.replace(node, content=(Text(f"Source document number {node.number}, page {node.number}."),))

    return map_inlines(sample_document(facts=facts), lambda inlines: map_inline(inlines, long))


def run_pdf_notes(data: bytes, expect: int, folder: Path) -> subprocess.CompletedProcess:
    """Return the result of /work/shared/tools/pdf_notes.py on `data`."""
    if not PDF_NOTES.is_file():
        pytest.skip("pdf_notes.py not installed")
    path = folder / "paper.pdf"
    path.write_bytes(data)
    return subprocess.run([sys.executable, str(PDF_NOTES), str(path), "--expect", str(expect)],
                          capture_output=True, text=True, timeout=60)


# --- fixtures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def un() -> Style:
    return find_style("un-submission", None)


@pytest.fixture(scope="module")
def ngo() -> Style:
    return find_style("ngo-briefing", None)


@pytest.fixture(scope="module")
def papers(un: Style, ngo: Style) -> dict[str, bytes]:
    """Return sample_document(facts=12) as PDF in both styles."""
    return {style.name: pdf.render(sample_document(facts=12), style).data for style in (un, ngo)}


@pytest.fixture(scope="module")
def paper_files(papers: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return the two sample PDFs written to files."""
    folder = tmp_path_factory.mktemp("papers")
    paths = {}
    for name, data in papers.items():
        paths[name] = folder / f"{name}.pdf"
        paths[name].write_bytes(data)
    return paths


# --- the paper -----------------------------------------------------------------------


def test_renderer_table_finds_this_module() -> None:
    assert renderer("pdf") is pdf
    assert pdf.EXTENSION == "pdf"


@pytest.mark.parametrize("name", ["un-submission", "ngo-briefing"])
def test_a4_tagged_pdf_ua_with_metadata(papers: dict[str, bytes], name: str) -> None:
    reader = PdfReader(io.BytesIO(papers[name]))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    info = reader.metadata
    assert info.title == "Kazakhstan: Freedom of Expression"
    assert info.author == "IPHR, KIBHR"
    assert info["/Subject"] == "Briefing paper"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()


@pytest.mark.parametrize("name", ["un-submission", "ngo-briefing"])
def test_cover_contents_and_running_heads(papers: dict[str, bytes], name: str) -> None:
    texts = page_texts(papers[name])
    total = len(texts)
    cover = flat(texts[0])
    for wanted in ("Kazakhstan: Freedom of Expression", "Briefing paper for the Human Rights Committee",
                   "12 July 2011", "Submitted by", "Kazakhstan International Bureau for Human Rights"):
        assert wanted.lower() in cover.lower()
    assert "page 1 of" not in cover
    assert cover.lower().count("kazakhstan: freedom of expression") == 1  # no running head on the cover
    for number, text in enumerate(texts[1:], 2):
        assert f"page {number} of {total}" in text
        assert text.count("Kazakhstan: Freedom of Expression") >= 1
    contents = texts[1].splitlines()
    assert contents[1].strip() == "Contents" or "Contents" in texts[1]
    for level, title, page in outline(papers[name]):
        if level == 1 and title != "Contents":
            text = title.split(" ", 1)[1] if re.match(r"^[IVX]+\. ", title) else title
            line = next(line for line in contents if text in line)
            assert line.rstrip().endswith(str(page)), (title, line, page)


def test_bookmarks_name_the_parts(papers: dict[str, bytes]) -> None:
    titles = [(level, title) for level, title, _ in outline(papers["un-submission"])]
    assert titles == [
        (1, "Contents"), (1, "Summary"), (1, "I. Introduction"), (1, "II. Freedom of expression"),
        (1, "III. Freedom of peaceful assembly"), (1, "Summary of recommendations"),
        (2, "Freedom of expression"), (2, "Freedom of peaceful assembly"), (1, "Sources"), (1, "Submitted by"),
    ]


@pytest.mark.parametrize("name", ["un-submission", "ngo-briefing"])
def test_numbered_paragraphs_headings_and_lists(papers: dict[str, bytes], name: str) -> None:
    doc = sample_document(facts=12)
    text = "\n".join(page_texts(papers[name])[2:])
    starts = [int(n) for n in re.findall(r"^(\d+)\. ?(?:Fact|This paper|Peaceful)", text, re.M)]
    assert starts == [p.number for p in doc.numbered_paragraphs()]
    assert "II. Freedom of expression" in text and "III. Freedom of peaceful assembly" in text
    assert re.search(r"^\(a\) ?Decriminalise libel\.", text, re.M)
    assert re.search(r"^\(b\) ?Release imprisoned journalists\.", text, re.M)
    assert "• Bullet fact 7" in text or "Bullet fact 7" in text
    summary = text.split("Introduction")[0]
    assert not re.search(r"^\d+\. ?Journalists", summary, re.M)  # the summary is not numbered
    assert re.search(r"International Partnership for Human Rights ?\(IPHR\)", flat(text))
    assert "Contact: Brigitte Dufour" in flat(text)


@pytest.mark.parametrize("name", ["un-submission", "ngo-briefing"])
def test_every_font_is_embedded_and_bundled(paper_files: dict[str, Path], name: str) -> None:
    pdffonts = tool("pdffonts")
    out = subprocess.run([pdffonts, str(paper_files[name])], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert "Liberation" in row.split()[0], row
        assert re.search(r"\s(yes)\s+(yes)\s+(yes)\s", row), row  # emb sub uni


@pytest.mark.parametrize("name", ["un-submission", "ngo-briefing"])
def test_qpdf_finds_no_error(paper_files: dict[str, Path], name: str) -> None:
    qpdf = tool("qpdf")
    result = subprocess.run([qpdf, "--check", str(paper_files[name])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_cyrillic_paper_uses_the_bundled_fonts(ngo: Style, tmp_path: Path) -> None:
    labels = dict(LABELS_EN, contents="Содержание", page_of="стр. {page} из {pages}", submitted_by="Представлено")
    doc = sample_document(language="ru")
    doc = dataclasses.replace(
        doc, meta=dataclasses.replace(doc.meta, title="Казахстан: свобода слова", labels=labels),
        cover=dataclasses.replace(doc.cover, title="Казахстан: свобода слова", submitted_by="Представлено"))
    data = pdf.render(doc, ngo).data
    texts = page_texts(data)
    assert "Казахстан: свобода слова" in texts[0] and "Содержание" in texts[1] and "стр. 2 из" in texts[1]
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "ru"
    path = tmp_path / "ru.pdf"
    path.write_bytes(data)
    out = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    assert all("Liberation" in row for row in out.splitlines()[2:])


# --- footnotes -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["un-submission", "ngo-briefing"])
def test_note_check_passes_for_many_notes_over_several_pages(name: str) -> None:
    doc = sample_document(facts=60)
    checked = pdf.lay_out(doc, find_style(name, None))
    assert checked.repairs == () and checked.layouts == 1
    calls, notes = pdf.note_positions(checked.layout)
    expected = [n.number for n in doc.notes()]
    assert sorted(calls) == sorted(notes) == expected == list(range(1, 63))
    assert all(len(calls[n]) == 1 and [calls[n][0][0]] == notes[n] for n in expected)
    assert len({pages[0] for pages in notes.values()}) >= 4  # the notes really spread over pages


def test_pdf_notes_tool_agrees(un: Style, tmp_path: Path) -> None:
    doc = long_notes_document(60)
    result = run_pdf_notes(pdf.render(doc, un).data, len(doc.notes()), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "62 notes found of 62" in result.stdout


def test_broken_footnote_area_is_caught_and_corrected(un: Style, tmp_path: Path) -> None:
    broken = copy_style(un, tmp_path, "broken", BROKEN_FOOTNOTE_AREA)
    doc = long_notes_document(60)
    expected = [n.number for n in doc.notes()]
    # Laid out as the style asks, WeasyPrint pushes notes off the page of their call (#2502) ...
    faults = pdf.check_notes(pdf.layout_of(html.print_html(doc, broken), broken), expected)
    assert faults and {f.problem for f in faults} <= {"late", "missing"}
    # ... the renderer sees it and corrects the layout, or refuses: never a PDF with notes astray.
    try:
        checked = pdf.lay_out(doc, broken)
    except RenderError as error:
        assert "could not be placed" in str(error)
        return
    assert pdf.AREA_REPAIR in checked.repairs
    assert pdf.check_notes(checked.layout, expected) == []
    result = run_pdf_notes(pdf.render(doc, broken).data, len(expected), tmp_path)
    assert result.returncode == 0, result.stdout


WORDS = "the authorities opened criminal cases against journalists under the libel article of the code".split()


def words(count: int, start: int) -> str:
    """Return `count` words of WORDS from `start` on, round and round."""
    return " ".join(WORDS[(start + k) % len(WORDS)] for k in range(count))


def long_paragraphs_document(paragraphs: int) -> Document:
    """Return a paper of long numbered paragraphs, each calling one to three notes of one to five lines."""
    blocks, number = [], 0
    for i in range(paragraphs):
        content: list[Inline] = []
        for k in range(1 + i % 3):
            number += 1
            content += [Text(words(10 + (i * 13 + k * 17) % 60, i) + ". "),
                        Note((), number, (Text(words(3 + (i * 29 + k * 11) % 57, k) + "."),))]
        blocks.append(Paragraph(tuple(content), number=i + 1))
    part = Part("section", (Text("Long paragraphs"),), "long", tuple(blocks), label="I.")
    return dataclasses.replace(sample_document(facts=2), parts=(part,))


def test_notes_reported_a_page_late_are_brought_back(un: Style, tmp_path: Path) -> None:
    # With footnote-policy auto, WeasyPrint leaves a call on the page's last lines and prints its note overleaf.
    loose = copy_style(un, tmp_path, "loose", "\n@media print { .fn { footnote-policy: auto; } }\n")
    doc = long_paragraphs_document(12)
    expected = [n.number for n in doc.notes()]
    faults = pdf.check_notes(pdf.layout_of(html.print_html(doc, loose), loose), expected)
    assert "late" in [f.problem for f in faults]
    checked = pdf.lay_out(doc, loose)
    assert checked.layouts > 1 and checked.repairs and pdf.AREA_REPAIR not in checked.repairs
    assert all(r.startswith('[data-block="') for r in checked.repairs)
    assert pdf.check_notes(checked.layout, expected) == []


def test_notes_that_cannot_be_placed_stop_the_render(un: Style, tmp_path: Path) -> None:
    hidden = copy_style(un, tmp_path, "hidden", "\n@media print { .fn { display: none; } }\n")
    with pytest.raises(RenderError) as caught:
        pdf.render(sample_document(), hidden)
    message = str(caught.value)
    assert "footnotes: notes 1, 2, 3, 4, 5, 6, 7, 8 could not be placed" in message
    assert "note 1 missing" in message


def test_check_reports_late_and_missing_notes() -> None:
    fault = pdf.NoteFault(7, "late", (3,), (4,), "12")
    assert fault.describe() == "note 7 late (called on page 3; printed on page 4)"


# --- reproducible --------------------------------------------------------------------


def test_pdf_bytes_are_identical_with_a_build_time(un: Style) -> None:
    when = dt.datetime.fromtimestamp(1700000000, dt.timezone.utc)
    first, second = pdf.render(sample_document(), un, when).data, pdf.render(sample_document(), un, when).data
    assert first == second
    info = PdfReader(io.BytesIO(first)).metadata
    assert info["/CreationDate"] == info["/ModDate"] == "D:20231114221320+00'00"


def test_pdf_dates_default_to_the_papers_date(papers: dict[str, bytes]) -> None:
    info = PdfReader(io.BytesIO(papers["un-submission"])).metadata
    assert info["/CreationDate"] == "D:20110712"


# --- what is read, and hostile text ------------------------------------------------------


def test_hostile_text_stays_text_in_the_pdf(un: Style) -> None:
    data = pdf.render(hostile_document(), un).data
    texts = page_texts(data)
    body = flat(" ".join(texts))
    for bad in HOSTILE:
        assert flat(bad) in body, bad
    assert "49" not in body
    assert flat(HOSTILE[0]) in flat(texts[1])  # the hostile short title, as running head
    reader = PdfReader(io.BytesIO(data))
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    with pdfplumber.open(io.BytesIO(data)) as doc:
        assert all(not page.images for page in doc.pages)
    assert b"root:x:0:0" not in data


def test_fetch_policy_allows_only_data_and_files_of_the_roots(tmp_path: Path) -> None:
    style = tmp_path / "style"
    style.mkdir()
    (style / "logo.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    (style / "link.txt").symlink_to(tmp_path / "secret.txt")
    policy = FetchPolicy.for_folders(style, ASSETS_DIR)
    assert policy.fetch((style / "logo.svg").as_uri()).body == b"<svg/>"
    assert policy.fetch((style / "logo.svg").as_uri()).mime_type == "image/svg+xml"
    assert policy.fetch((ASSETS_DIR / "fonts" / "LiberationSans-Regular.ttf").as_uri()).body[:4] == b"\x00\x01\x00\x00"
    assert policy.fetch("data:text/plain;base64,aGk=").body == b"hi"
    assert policy.fetch("data:,a%20b").body == b"a b"
    for url in ((tmp_path / "secret.txt").as_uri(), (style / "link.txt").as_uri(),
                style.as_uri() + "/../secret.txt", "file:///etc/passwd", "https://example.org/logo.png",
                "http://localhost/", "ftp://example.org/x", style.as_uri(), (style / "missing.png").as_uri(),
                "file://example.org/etc/passwd"):
        with pytest.raises(FetchRefused):
            policy.fetch(url)


@pytest.mark.parametrize("css", [
    '\n.cover { background: url("https://example.org/logo.png"); }\n',
    '\n.cover { background: url("../../../../../../../../etc/passwd"); }\n',
])
def test_a_style_asking_for_other_urls_stops_the_render(un: Style, tmp_path: Path, css: str) -> None:
    greedy = copy_style(un, tmp_path, "greedy", css)
    with pytest.raises(RenderError, match="refused to fetch"):
        pdf.render(sample_document(), greedy)


def test_the_page_count_is_the_layouts_with_or_without_writing_the_pdf(un: Style) -> None:
    document = sample_document(facts=40)
    rendered = pdf.render(document, un)
    pages = len(PdfReader(io.BytesIO(rendered.data)).pages)
    assert pages > 1
    assert rendered.pages == pages == pdf.count_pages(document, un)


def test_the_build_time_given_dates_the_pdf_and_the_paper_date_otherwise(un: Style) -> None:
    document = sample_document()
    when = dt.datetime(2021, 3, 4, 5, 6, 7, tzinfo=dt.timezone.utc)
    assert pdf.metadata_date(document, when) == "2021-03-04T05:06:07+00:00"
    assert pdf.metadata_date(document) == document.meta.date.isoformat()
    info = PdfReader(io.BytesIO(pdf.render(document, un, when).data)).metadata
    assert info["/CreationDate"].startswith("D:20210304050607")

def test_a_note_late_from_a_table_row_starts_the_row_on_the_next_page_at_once() -> None:
    from compiler.render.pdf import NoteFault, remedies

    late = NoteFault(7, "late", (3,), (4,), "12")
    paragraph = remedies(late, {3: ["10", "12"]})
    assert paragraph == ['[data-block="12"] { widows: 1 !important; orphans: 1 !important; }',
                         '[data-block="12"] { break-before: page !important; }']
    assert remedies(late, {3: ["10", "12"]}, {"12"}) == ['[data-block="12"] { break-before: page !important; }']
    assert remedies(late, {3: ["12", "13"]}, {"12", "13"})[0] == '[data-block="13"] { break-before: page !important; }'


def test_notes_called_in_table_rows_are_placed_on_their_page_at_the_first_layout(monkeypatch) -> None:
    """The sample UPR paper's tables: the first layout places every note called in a row on its page.

    Cells keep widows and orphans of 1000 for it (docs/performance.md); other notes may
    still need one of the renderer's repairs.
    """
    from compiler.document.model import Note, Table, block_contents, walk
    from compiler.project import brief_paths, compile_brief, load_briefs, load_workspace_store
    from compiler.workspace import find_workspace

    monkeypatch.chdir(REPO)
    workspace = find_workspace(None, None)
    store, problems = load_workspace_store(workspace)
    [item] = load_briefs(workspace, store, brief_paths(workspace, ["briefs/kazakhstan-upr-joint.yaml"]))
    compiled = compile_brief(workspace, store, problems, item)
    tables = [b for part in compiled.document.parts for b in part.blocks if isinstance(b, Table)]
    in_rows = {n.number for table in tables for content in block_contents(table) for n in walk(content)
               if isinstance(n, Note)}
    assert in_rows
    layout = pdf.layout_of(pdf.print_html(compiled.document, compiled.style), compiled.style)
    faults = pdf.check_notes(layout, [note.number for note in compiled.document.notes()])
    assert not in_rows & {fault.number for fault in faults}, [f.describe() for f in faults]
    assert len(pdf.lay_out(compiled.document, compiled.style).repairs) <= 1


def test_an_address_breaks_only_after_its_separators_and_is_never_hyphenated(un: Style) -> None:
    import dataclasses

    from compiler.document.model import Link, Note, Paragraph, Part, Text

    url = ("https://www.internationalorganisation.example/documents/kazakhstan/reportsandsubmissions/"
           "freedomofexpressionandassembly/contributionsofnongovernmentalorganisations?language=english&format=pdf")
    base = sample_document(2)
    note = Note(base.notes()[0].citations, len(base.notes()) + 1,
                (Text("Available at "), Link(url, (Text(url),)), Text(" (accessed 29 May 2016).")))
    part = Part("section", (Text("Addresses"),), "section-9",
                (Paragraph((Text("Kazakhstan Kazakhstan Kazakhstan Kazakhstan Kazakhstan, see the address "),
                            Link(url, (Text(url),)), note), None),))
    document = dataclasses.replace(base, parts=base.parts[:-2] + (part,) + base.parts[-2:])
    text = "\n".join(page_texts(pdf.render(document, un).data))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined, breaks = "", []
    for line in lines:
        joined += line
        breaks.append(len(joined))
    assert joined.count(url) == 2, "the address is hyphenated, or broken where a copy would not give it whole"
    inside = [b for start in (joined.find(url), joined.rfind(url)) for b in breaks if start < b < start + len(url)]
    assert inside, "the address was never broken: the test proves nothing"
    assert all(joined[b - 1] in "/.-?&=" for b in inside), [joined[b - 10:b + 10] for b in inside]
