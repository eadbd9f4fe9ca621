"""Open every sample paper's DOCX in LibreOffice, as a partner would, and check what Word users expect of it.

Each sample is built to DOCX (`brief build --to docx`) and converted to PDF by
LibreOffice headless once for the module, together with a copy of the UPR sample to
which a Heading 1 was added in raw WordprocessingML, as Word writes it, and the UPR
sample as LibreOffice saves it (DOCX to DOCX), as a partner using it returns it. In
LibreOffice's rendering: every contents entry gives the page its heading falls on;
the parts carry the numerals the paper gives them, though Word's list numbers them;
the added heading takes the next numeral and the parts after it renumber; the running
head stands on every page but the cover. The DOCX names the paper's language with its
region for spelling checkers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.conftest import REPO, build_samples

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
SAMPLES = sorted(path.stem for path in (REPO / "briefs").glob("*.yaml"))
ADDED = "upr-with-a-new-part"
ADDED_TITLE = "A part a partner added"
SAVED = "upr-saved-by-libreoffice"
REGIONS = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU"}


def w(name: str) -> str:
    """Return the Clark name of w:`name`."""
    return f"{{{W}}}{name}"


def text_of(paragraph: etree._Element) -> str:
    """Return the text of a paragraph, tabs as tabs (not its tab stops), field instructions left out."""
    return "".join("\t" if node.tag == w("tab") else node.text or "" for node in paragraph.iter(w("t"), w("tab"))
                   if node.tag == w("t") or node.getparent().tag == w("r"))


def style_of(paragraph: etree._Element) -> str:
    """Return the styleId of a paragraph ("" when it names none)."""
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return found.get(w("val")) if found is not None else ""


def flat(text: str) -> str:
    """Return `text` with its runs of white space (no-break ones too) as single spaces."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@dataclass(frozen=True)
class Heading:
    """A heading of the DOCX: its title, and the numeral its contents entry gives it ("" for none)."""

    title: str
    label: str


def headings_of(docx: Path) -> list[Heading]:
    """Return the DOCX's Heading 1 paragraphs (the parts) in order, with the numerals of their contents entries."""
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    paragraphs = body.findall(".//w:body/w:p", NS)
    entries = [text_of(p).split("\t") for p in paragraphs if style_of(p) in ("TOC1", "TOC2")]
    titles = [flat(text_of(p)) for p in paragraphs if style_of(p) == "Heading1"]
    assert [flat(entry[-2]) for entry in entries] == titles  # the contents lists every part heading, in order (as the PDF)
    return [Heading(title, entry[0] if len(entry) == 3 else "") for title, entry in zip(titles, entries)]  # numeral, title, page


def add_heading_1(source: Path, target: Path, before: int) -> str:
    """Write `source` to `target` with a Heading 1 added before its `before`th numbered one, as Word writes one; return the title it displaced."""
    with zipfile.ZipFile(source) as archive:
        entries = {info: archive.read(info) for info in archive.infolist()}
    name = next(info for info in entries if info.filename == "word/document.xml")
    body = etree.fromstring(entries[name])
    numbered = [p for p in body.iter(w("p")) if style_of(p) == "Heading1" and p.find("w:pPr/w:numPr", NS) is None]
    added = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
                             f'<w:r><w:t>{ADDED_TITLE}</w:t></w:r></w:p>')
    numbered[before - 1].addprevious(added)
    entries[name] = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries.items():
            archive.writestr(info, data)
    return flat(text_of(numbered[before - 1]))


@dataclass(frozen=True)
class Rendered:
    """A DOCX, the text of each page of LibreOffice's PDF of it (pdftotext -layout) from page 1, and the headings brief wrote."""

    docx: Path
    pages: list[str]
    headings: list[Heading]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Build every sample to DOCX, add a part to a copy of the UPR one, and have LibreOffice convert them all at once."""
    missing = [tool for tool in ("soffice", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (LibreOffice, poppler-utils)")
    out = build_samples(tmp_path_factory.mktemp("docx-word"), "docx")
    displaced = add_heading_1(out / "kazakhstan-upr-joint.docx", out / f"{ADDED}.docx", before=2)
    (out / "displaced.txt").write_text(displaced, encoding="utf-8")
    names = SAMPLES + [ADDED, SAVED]
    profile = f"-env:UserInstallation={tmp_path_factory.mktemp('lo-profile').as_uri()}"
    saved = tmp_path_factory.mktemp("saved-by-libreoffice")  # a partner who opens the file in LibreOffice and saves it
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(saved),
                    str(out / "kazakhstan-upr-joint.docx")], capture_output=True, check=True, timeout=300)
    shutil.copy(saved / "kazakhstan-upr-joint.docx", out / f"{SAVED}.docx")
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *(str(out / f"{name}.docx") for name in names)],
                   capture_output=True, check=True, timeout=300)
    found = {}
    for name in names:
        pdf = out / f"{name}.pdf"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                 check=True).stdout).group(1))
        pages = text.split("\f")[:count]  # pdftotext ends each page with a form feed: page N is pdftotext -f N -l N
        written = out / ("kazakhstan-upr-joint.docx" if name in (ADDED, SAVED) else f"{name}.docx")
        found[name] = Rendered(out / f"{name}.docx", pages, headings_of(written))
    return found


def heading_pages(pages: list[str], headings: list[Heading], first: int) -> list[tuple[int, str]]:
    """Return, for each heading in order, the page (from 1) and line on which LibreOffice shows it, from page `first` on.

    A heading is a line that starts with its title, after its numeral if any; a long
    title may go on over the next lines. Each is looked for after the one before.
    """
    found: list[tuple[int, str]] = []
    page, line = first, 0
    for heading in headings:
        key = heading.title
        hit = None
        while hit is None and page <= len(pages):
            lines = [flat(text) for text in pages[page - 1].splitlines()]
            for index in range(line, len(lines)):
                match = re.match(r"((?:[IVXLC]+\.)?)\s*(.*)", lines[index])
                run = flat(" ".join([match.group(2)] + lines[index + 1:index + 4]))
                if match.group(2) and run.startswith(key) and key.startswith(match.group(2)):
                    hit = (page, match.group(1))
                    line = index + 1
                    break
            else:
                page, line = page + 1, 0
        assert hit is not None, f"heading {key!r} not found in LibreOffice's rendering"
        found.append(hit)
    return found


def listed_pages(pages: list[str], headings: list[Heading]) -> tuple[list[int], int]:
    """Return the page each contents entry gives, in order, and the last page of the contents."""
    listed: list[int] = []
    start, page = 0, 2
    for heading in headings:
        while True:
            text = flat(pages[page - 1])
            match = re.compile(re.escape(heading.title) + r" ?\.{3,} ?(\d+)").search(text, start)
            if match:
                listed.append(int(match.group(1)))
                start = match.end()
                break
            page, start = page + 1, 0
            assert page <= 4, f"contents entry {heading.title!r} not found"
    return listed, page


def headings_and_pages(paper: Rendered, listed: list[Heading] | None = None,
                       headings: list[Heading] | None = None) -> list[tuple[Heading, int, int, str]]:
    """Return each heading with the page its contents entry gives (0: none), and the page and numeral LibreOffice shows it with.

    By default the headings are those brief wrote, and the contents lists them all; an
    edited DOCX gives the headings its contents `listed` and those its body holds.
    """
    listed = listed if listed is not None else paper.headings
    pages, contents_end = listed_pages(paper.pages, listed)
    given = iter(pages)
    headings = headings if headings is not None else listed
    found = heading_pages(paper.pages, headings, contents_end + 1)
    return [(heading, next(given) if heading in listed else 0, page, numeral)  # the contents lists in the body's order
            for heading, (page, numeral) in zip(headings, found)]


@pytest.mark.parametrize("name", SAMPLES + [SAVED])
def test_contents_pages_are_where_libreoffice_shows_the_headings(rendered: dict[str, Rendered], name: str) -> None:
    wrong = [(h.title, shown, page) for h, shown, page, _ in headings_and_pages(rendered[name]) if shown != page]
    assert not wrong, wrong


@pytest.mark.parametrize("name", SAMPLES + [SAVED])
def test_parts_show_the_numerals_of_the_paper(rendered: dict[str, Rendered], name: str) -> None:
    """Word's list numbers the parts; LibreOffice shows the numerals the contents (and the PDF) give them, in every language.

    They hold in the file LibreOffice saves too, which names its styles and lists its own way.
    """
    shown = [(h.label, numeral) for h, _, _, numeral in headings_and_pages(rendered[name])]
    assert [numeral for _, numeral in shown] == [label for label, _ in shown]
    assert "I." in [numeral for _, numeral in shown]


def test_an_added_heading_1_is_numbered_and_the_parts_after_it_renumber(rendered: dict[str, Rendered]) -> None:
    edited = rendered[ADDED]
    original = edited.headings
    displaced = (edited.docx.parent / "displaced.txt").read_text(encoding="utf-8")
    titles = [h.title for h in original]
    at = titles.index(displaced)
    headings = original[:at] + [Heading(ADDED_TITLE, "")] + original[at:]
    shown = [numeral for _, _, _, numeral in headings_and_pages(edited, original, headings)]
    labels = [h.label for h in original]
    assert shown[at:at + 2] == ["II.", "III."]  # the new part is II., the one it displaced III.
    numbered_after = [n for n in shown[at + 1:] if n]
    expected = [f"{roman}." for roman in ("III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII")]
    assert numbered_after == expected[:len(numbered_after)]
    assert len(numbered_after) == len([label for label in labels[at:] if label])  # every later part one up


@pytest.mark.parametrize("name", SAMPLES)
def test_the_running_head_stands_on_every_page_but_the_cover(rendered: dict[str, Rendered], name: str) -> None:
    paper = rendered[name]
    with zipfile.ZipFile(paper.docx) as archive:
        title = etree.fromstring(archive.read("docProps/core.xml")).findtext("{http://purl.org/dc/elements/1.1/}title")
        heads = [n for n in archive.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]
        [head] = [flat(text_of(etree.fromstring(archive.read(n)))) for n in heads]
    assert head and title.startswith(head)  # the short title: whole, or the part before its colon
    first_lines = [flat(next((line for line in page.splitlines() if line.strip()), "")) for page in paper.pages]
    assert first_lines[0] != head  # the cover has none
    assert all(line == head for line in first_lines[1:]), [i for i, line in enumerate(first_lines, 1) if line != head]


@pytest.mark.parametrize("name", SAMPLES)
def test_the_language_has_its_region_for_spelling_checkers(rendered: dict[str, Rendered], name: str) -> None:
    language = yaml.safe_load((REPO / "briefs" / f"{name}.yaml").read_text(encoding="utf-8")).get("language", "en")
    expected = REGIONS.get(language, language)
    with zipfile.ZipFile(rendered[name].docx) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        settings = etree.fromstring(archive.read("word/settings.xml"))
        core = etree.fromstring(archive.read("docProps/core.xml"))
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("val")) == expected
    assert settings.find("w:themeFontLang", NS).get(w("val")) == expected
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == expected
    assert expected in ("en-GB", "fr-FR")  # the samples are British English and French


def footer_side(pdf: Path, page_number: int = 3) -> str:
    """Return where "page N of M" sits at the foot of a page of `pdf`: "left", "centre" or "right"."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        page = document.pages[page_number - 1]
        words = page.extract_words()
    for index, word in enumerate(words[:-3]):
        if word["text"].lower() == "page" and words[index + 1]["text"] == str(page_number) and word["top"] > page.height * 0.85:
            middle = (word["x0"] + words[index + 3]["x1"]) / 2 / page.width
            return "left" if middle < 0.4 else "right" if middle > 0.6 else "centre"
    raise AssertionError(f"no 'page {page_number} of ...' at the foot of page {page_number} of {pdf.name}")


@pytest.mark.parametrize("name", SAMPLES)
def test_the_page_number_sits_where_the_pdf_puts_it(rendered, sample_papers, name):
    """un-submission centres "page N of M"; ngo-briefing puts it right (its reference.docx's footer style)."""
    assert footer_side(rendered[name].docx.with_suffix(".pdf")) == footer_side(sample_papers / f"{name}.pdf")
