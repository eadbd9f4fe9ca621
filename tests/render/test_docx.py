"""Test the DOCX renderer by reading its output back: python-docx, the raw XML, pandoc and LibreOffice."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from compiler.document.model import (
    Citation, Cover, Document, Emph, Link, Meta, Note, Paragraph, Part, Recommendations, Subheading, Text,
    plain_text,
)
from compiler.errors import InputError, RenderError
from compiler.render import renderer
from compiler.style import Style, find_style
from tests.sample_document import LABELS_EN, sample_document



def render(document: Document, style: Style, when: dt.datetime | None = None) -> bytes:
    """Return the DOCX bytes of `document`."""
    return renderer("docx").render(document, style, when).data

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def w(name: str) -> str:
    """Return the Clark name of w:`name`."""
    return f"{{{W}}}{name}"


def entry(data: bytes, name: str) -> bytes:
    """Return one zip entry of the DOCX `data`."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def xml(data: bytes, name: str) -> etree._Element:
    """Return the parsed XML of one part of the DOCX `data`."""
    return etree.fromstring(entry(data, name))


def text_of(node: etree._Element) -> str:
    """Return the text of a paragraph as Word shows it (w:t, tabs; not field instructions)."""
    out = []
    for item in node.iter(w("t"), w("tab")):
        if item.tag == w("tab"):
            if item.getparent().tag == w("r"):
                out.append("\t")
        else:
            out.append(item.text or "")
    return "".join(out)


def style_of(paragraph: etree._Element) -> str:
    """Return the styleId of a paragraph ("" when Normal by default)."""
    found = paragraph.find("w:pPr/w:pStyle", NS)
    return found.get(w("val")) if found is not None else ""


def body_paragraphs(data: bytes) -> list[etree._Element]:
    """Return the paragraphs of the document body."""
    return xml(data, "word/document.xml").findall(".//w:body/w:p", NS)


def plain_style(name: str, folder: Path) -> Style:
    """Return the builtin style `name` as a copy without its reference.docx."""
    builtin = find_style(name, None)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(builtin.folder / "style.yaml", folder / "style.yaml")
    return Style(name, folder, builtin.settings)


def style_with_reference(folder: Path, reference: bytes) -> Style:
    """Return the un-submission style whose folder holds the given reference.docx bytes."""
    style = plain_style("un-submission", folder)
    (folder / "reference.docx").write_bytes(reference)
    return style


def small_document(*blocks: object) -> Document:
    """Return a one-part Document holding `blocks`, for focused tests."""
    return Document(
        meta=Meta(title="T", short_title="T", authors=("A",), language="en", date=dt.date(2020, 1, 2), labels=LABELS_EN),
        cover=Cover(title="T"),
        parts=(Part("section", (Text("Section"),), "s1", tuple(blocks), label="I."),),
    )


@pytest.fixture(scope="module")
def document() -> Document:
    return sample_document(facts=20)


@pytest.fixture(scope="module")
def output(document: Document) -> bytes:
    return render(document, find_style("un-submission", None))


@pytest.fixture(scope="module")
def docx_file(output: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "paper.docx"
    path.write_bytes(output)
    return path


# --- python-docx reads it back --------------------------------------------------------


def test_python_docx_reads_properties(output: bytes, document: Document) -> None:
    core = docx.Document(io.BytesIO(output)).core_properties
    assert core.title == document.meta.title
    assert core.author == "IPHR; KIBHR"
    assert core.language == "en-GB"  # the brief says "en": UN English is British
    assert core.created == dt.datetime(2011, 7, 12, tzinfo=dt.timezone.utc)
    assert core.modified == dt.datetime(2011, 7, 12, tzinfo=dt.timezone.utc)


def test_pages_are_a4_with_the_style_margins(output: bytes) -> None:
    sections = docx.Document(io.BytesIO(output)).sections
    assert len(sections) == 2
    for section in sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
        for margin in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin):
            assert abs(margin - Mm(25)) < Mm(0.1)


def test_cover_has_no_footer_and_the_paper_has_page_fields(output: bytes) -> None:
    cover, paper = docx.Document(io.BytesIO(output)).sections
    assert cover.footer.is_linked_to_previous
    assert not paper.footer.is_linked_to_previous
    footer = etree.fromstring(paper.footer.part.blob)
    instructions = [t.text.strip() for t in footer.iter(w("instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert text_of(footer.find("w:p", NS)) == "page 1 of 1"


def test_the_paper_has_the_pdfs_running_head_and_a_centred_cover(output: bytes, document: Document) -> None:
    cover, paper = docx.Document(io.BytesIO(output)).sections
    assert cover.header.is_linked_to_previous and not paper.header.is_linked_to_previous  # none on the cover
    head = etree.fromstring(paper.header.part.blob).find("w:p", NS)
    assert (style_of(head), text_of(head)) == ("Header", document.meta.short_title)
    styles = xml(output, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='Header']/w:rPr/w:i", NS) is not None  # italic, as un-submission's
    for ident in ("Title", "Subtitle", "CoverText", "CoverLabel"):
        assert styles.find(f"w:style[@w:styleId='{ident}']/w:pPr/w:jc", NS).get(w("val")) == "center", ident


def test_fixed_wording_comes_from_the_labels(document: Document) -> None:
    labels = {**LABELS_EN, "contents": "Table des matières", "page_of": "page {page} sur {pages}"}
    french = dataclasses.replace(document, meta=dataclasses.replace(document.meta, labels=labels, language="fr"))
    data = render(french, find_style("un-submission", None))
    assert "Table des matières" in [text_of(p) for p in body_paragraphs(data)]
    footer = xml(data, "word/footer1.xml")
    assert text_of(footer.find("w:p", NS)) == "page 1 sur 1"
    assert xml(data, "word/styles.xml").find(".//w:docDefaults//w:lang", NS).get(w("val")) == "fr-FR"


@pytest.mark.parametrize("given, tagged", [("en", "en-GB"), ("fr", "fr-FR"), ("es", "es-ES"), ("ru", "ru-RU"),
                                           ("en-US", "en-US"), ("fr-CH", "fr-CH"), ("de", "de")])
def test_the_language_is_tagged_with_its_region(document: Document, given: str, tagged: str) -> None:
    data = render(dataclasses.replace(document, meta=dataclasses.replace(document.meta, language=given)),
                  find_style("un-submission", None))
    assert xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(w("val")) == tagged
    assert xml(data, "word/settings.xml").find("w:themeFontLang", NS).get(w("val")) == tagged
    assert docx.Document(io.BytesIO(data)).core_properties.language == tagged


def test_cover_shows_title_subtitle_date_and_organisations(output: bytes, document: Document) -> None:
    paragraphs = body_paragraphs(output)
    cover_end = next(i for i, p in enumerate(paragraphs) if p.find("w:pPr/w:sectPr", NS) is not None)
    cover = [(style_of(p), text_of(p)) for p in paragraphs[: cover_end + 1]]
    assert ("Title", document.cover.title) in cover
    assert ("Subtitle", document.cover.subtitle) in cover
    assert ("CoverText", "12 July 2011") in cover
    assert [t for s, t in cover[-2:]] == list(document.cover.organisations)
    assert paragraphs[cover_end].find("w:pPr/w:sectPr/w:footerReference", NS) is None


# --- styles ---------------------------------------------------------------------------


def test_word_styles_exist_with_their_ids(output: bytes) -> None:
    styles = xml(output, "word/styles.xml")
    ids = {s.get(w("styleId")): s.find("w:name", NS).get(w("val")) for s in styles.findall("w:style", NS)}
    for ident, name in [("Normal", "Normal"), ("Title", "Title"), ("Subtitle", "Subtitle"), ("Heading1", "heading 1"),
                        ("Heading2", "heading 2"), ("FootnoteText", "footnote text"),
                        ("FootnoteReference", "footnote reference"), ("Hyperlink", "Hyperlink"), ("TOC1", "toc 1"),
                        ("ListBullet", "List Bullet"), ("NumberedParagraph", "Numbered Paragraph")]:
        assert ids.get(ident) == name
    reference = styles.find("w:style[@w:styleId='FootnoteReference']", NS)
    assert reference.find("w:rPr/w:vertAlign", NS).get(w("val")) == "superscript"


def test_default_styles_follow_style_yaml(output: bytes) -> None:
    styles = xml(output, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr", NS)
    assert normal.find("w:rFonts", NS).get(w("ascii")) == "Times New Roman"
    assert normal.find("w:sz", NS).get(w("val")) == "24"
    assert styles.find("w:style[@w:styleId='Normal']/w:pPr/w:jc", NS).get(w("val")) == "both"
    heading = styles.find("w:style[@w:styleId='Heading1']/w:rPr", NS)
    assert heading.find("w:sz", NS).get(w("val")) == "28"
    notes = styles.find("w:style[@w:styleId='FootnoteText']/w:rPr", NS)
    assert notes.find("w:sz", NS).get(w("val")) == "20"


def test_headings_are_word_headings_numbered_by_word(output: bytes, document: Document) -> None:
    paragraphs = [p for p in body_paragraphs(output) if style_of(p) in ("Heading1", "Heading2")]
    headings = [(style_of(p), text_of(p)) for p in paragraphs]
    expected, unnumbered = [], []
    for part in document.parts:
        expected.append(("Heading1", plain_text(part.title)))  # the numeral is Word's, not typed
        unnumbered.append(not part.label)
        expected += [("Heading2", plain_text(b.content)) for b in part.blocks if isinstance(b, Subheading)]
        unnumbered += [False for b in part.blocks if isinstance(b, Subheading)]
    assert headings == expected
    # a part without a label is taken out of the list; the others are numbered by their style
    taken_out = [p.find("w:pPr/w:numPr/w:numId", NS) is not None and p.find("w:pPr/w:numPr/w:numId", NS).get(w("val")) == "0"
                 for p in paragraphs]
    assert taken_out == unnumbered


def test_heading_styles_are_linked_to_a_roman_multilevel_list(output: bytes) -> None:
    styles = xml(output, "word/styles.xml")
    nums, abstracts = numbering_of(output)
    levels = []
    for ident in ("Heading1", "Heading2"):
        numpr = styles.find(f"w:style[@w:styleId='{ident}']/w:pPr/w:numPr", NS)
        abstract = abstracts[nums[numpr.find("w:numId", NS).get(w("val"))].find("w:abstractNumId", NS).get(w("val"))]
        level = abstract.find(f"w:lvl[@w:ilvl='{numpr.find('w:ilvl', NS).get(w('val'))}']", NS)
        assert level.find("w:pStyle", NS).get(w("val")) == ident
        assert abstract.find("w:multiLevelType", NS).get(w("val")) == "multilevel"
        levels.append((level.find("w:numFmt", NS).get(w("val")), level.find("w:lvlText", NS).get(w("val"))))
    assert levels == [("upperRoman", "%1."), ("none", "")]  # sub-parts unnumbered, as in the PDF
    toc_heading = styles.find("w:style[@w:styleId='TOCHeading']/w:pPr/w:numPr/w:numId", NS)
    assert toc_heading.get(w("val")) == "0"  # based on heading 1, but the contents is no part


def test_part_labels_that_word_would_not_show_are_refused(document: Document) -> None:
    parts = tuple(dataclasses.replace(part, label="IV.") if part.label == "II." else part for part in document.parts)
    with pytest.raises(RenderError, match="numeral 'IV.'"):
        render(dataclasses.replace(document, parts=parts), find_style("un-submission", None))


# --- numbering ------------------------------------------------------------------------


def numbering_of(data: bytes) -> tuple[dict[str, etree._Element], dict[str, etree._Element]]:
    """Return {numId: w:num} and {abstractNumId: w:abstractNum} of the DOCX `data`."""
    root = xml(data, "word/numbering.xml")
    nums = {n.get(w("numId")): n for n in root.findall("w:num", NS)}
    abstracts = {a.get(w("abstractNumId")): a for a in root.findall("w:abstractNum", NS)}
    return nums, abstracts


def level_of(data: bytes, num_id: str) -> etree._Element:
    """Return the first w:lvl of the list `num_id`."""
    nums, abstracts = numbering_of(data)
    abstract = nums[num_id].find("w:abstractNumId", NS).get(w("val"))
    return abstracts[abstract].find("w:lvl", NS)


def num_id(paragraph: etree._Element) -> str | None:
    """Return the numId a paragraph carries directly, if any."""
    found = paragraph.find("w:pPr/w:numPr/w:numId", NS)
    return found.get(w("val")) if found is not None else None


def test_numbered_paragraphs_use_one_continuous_list(output: bytes, document: Document) -> None:
    numbered = [p for p in body_paragraphs(output) if style_of(p) == "NumberedParagraph"]
    assert [text_of(p) for p in numbered] == [plain_text(p.content) for p in document.numbered_paragraphs()]
    ids = {num_id(p) for p in numbered}
    assert len(ids) == 1 and None not in ids
    level = level_of(output, ids.pop())
    assert level.find("w:numFmt", NS).get(w("val")) == "decimal"
    assert level.find("w:lvlText", NS).get(w("val")) == "%1."
    assert level.find("w:start", NS).get(w("val")) == "1"
    indent = level.find("w:pPr/w:ind", NS)
    assert int(indent.get(w("hanging"))) > 0 and int(indent.get(w("left"))) == 0


def test_every_fact_paragraph_is_numbered_and_nothing_is_typed_in(output: bytes, document: Document) -> None:
    facts = [plain_text(p.content) for part in document.parts for p in part.blocks
             if isinstance(p, Paragraph) and p.role == "fact"]
    by_text = {text_of(p): p for p in body_paragraphs(output)}
    paragraph_list = {num_id(p) for p in body_paragraphs(output) if style_of(p) == "NumberedParagraph"}
    assert all(num_id(by_text[text]) in paragraph_list for text in facts)
    typed = [t for t in by_text if re.match(r"\s*(\d+\.|\([a-z]\)|[\u2022\-*])\s", t)]
    assert typed == []


def test_recommendations_are_lettered_and_restart(output: bytes, document: Document) -> None:
    lists = [b for part in document.parts for b in part.blocks if isinstance(b, Recommendations)]
    items = [p for p in body_paragraphs(output) if style_of(p) == "Recommendation"]
    assert len(items) == sum(len(b.items) for b in lists)
    ids = list(dict.fromkeys(num_id(p) for p in items))
    assert len(ids) == len(lists)
    nums, _ = numbering_of(output)
    for ident in ids:
        assert nums[ident].find("w:lvlOverride/w:startOverride", NS).get(w("val")) == "1"
        level = level_of(output, ident)
        assert (level.find("w:numFmt", NS).get(w("val")), level.find("w:lvlText", NS).get(w("val"))) == ("lowerLetter", "(%1)")
    headings = [text_of(p) for p in body_paragraphs(output) if style_of(p) == "RecommendationsHeading"]
    assert headings == [b.heading for b in lists if b.heading]


def test_bullets_use_their_own_list(output: bytes) -> None:
    bullets = [p for p in body_paragraphs(output) if style_of(p) == "ListBullet"]
    assert len(bullets) == 10
    ids = {num_id(p) for p in bullets}
    assert len(ids) == 1
    assert level_of(output, ids.pop()).find("w:numFmt", NS).get(w("val")) == "bullet"


def test_misnumbered_paragraphs_fail_loudly() -> None:
    paper = small_document(Paragraph((Text("one"),), number=1), Paragraph((Text("three"),), number=3))
    with pytest.raises(RenderError, match="numbered paragraph 2 of the paper carries number 3"):
        render(paper, find_style("un-submission", None))


def test_misnumbered_notes_fail_loudly() -> None:
    paper = small_document(Paragraph((Text("x"), Note((Citation("a"),), 2, (Text("n"),)))))
    with pytest.raises(RenderError, match="note 1 of the paper carries number 2"):
        render(paper, find_style("un-submission", None))


# --- footnotes ------------------------------------------------------------------------


def test_footnotes_part_is_declared(output: bytes) -> None:
    types = entry(output, "[Content_Types].xml").decode()
    assert ('PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"') in types
    rels = etree.fromstring(entry(output, "word/_rels/document.xml.rels"))
    assert [r.get("Target") for r in rels.iter(REL) if r.get("Type").endswith("/footnotes")] == ["footnotes.xml"]
    root = entry(output, "word/footnotes.xml")
    assert b'xmlns:r="' + R.encode() + b'"' in root[:400]


def test_footnotes_match_references_and_notes(output: bytes, document: Document) -> None:
    footnotes = xml(output, "word/footnotes.xml").findall("w:footnote", NS)
    separators = [(f.get(w("id")), f.get(w("type"))) for f in footnotes[:2]]
    assert separators == [("-1", "separator"), ("0", "continuationSeparator")]
    notes = document.notes()
    ids = [f.get(w("id")) for f in footnotes[2:]]
    references = [r.get(w("id")) for r in xml(output, "word/document.xml").iter(w("footnoteReference"))]
    assert ids == references == [str(n) for n in range(1, len(notes) + 1)]
    texts = [text_of(f.find("w:p", NS)).strip() for f in footnotes[2:]]
    assert texts == [plain_text(n.content) for n in notes]
    first = footnotes[2].find("w:p", NS)
    assert style_of(first) == "FootnoteText"
    assert first.find("w:r/w:footnoteRef", NS) is not None


def test_footnotes_keep_emphasis(output: bytes) -> None:
    footnote = xml(output, "word/footnotes.xml").find("w:footnote[@w:id='2']", NS)
    italic = [text_of(r) for r in footnote.iter(w("r")) if r.find("w:rPr/w:i", NS) is not None]
    assert italic == ["The Madrid Promises"]


def test_links_are_external_hyperlinks_in_body_and_notes() -> None:
    note = Note((Citation("a"),), 1, (Text("See "), Link("https://example.org/report", (Emph((Text("the report"),)),)), Text(".")))
    paper = small_document(Paragraph((Text("Body "), Link("https://example.org/", (Text("site"),)), note), number=1))
    data = render(paper, find_style("un-submission", None))
    for part, rels_name, url in (("word/document.xml", "word/_rels/document.xml.rels", "https://example.org/"),
                                 ("word/footnotes.xml", "word/_rels/footnotes.xml.rels", "https://example.org/report")):
        links = xml(data, part).findall(".//w:hyperlink[@r:id]", NS)
        assert len(links) == 1
        rels = {r.get("Id"): r for r in etree.fromstring(entry(data, rels_name)).iter(REL)}
        rel = rels[links[0].get(f"{{{R}}}id")]
        assert (rel.get("Target"), rel.get("TargetMode")) == (url, "External")
        assert links[0].find("w:r/w:rPr/w:rStyle", NS).get(w("val")) == "Hyperlink"


# --- contents -------------------------------------------------------------------------


def test_contents_lists_the_part_headings_with_pageref_fields(output: bytes, document: Document) -> None:
    body = xml(output, "word/document.xml")
    instructions = [t.text.strip() for t in body.iter(w("instrText"))]
    assert not any(i.startswith("TOC") for i in instructions)  # LibreOffice never updates a TOC field's result
    entries = [p for p in body_paragraphs(output) if style_of(p) in ("TOC1", "TOC2")]
    expected = []
    for part in document.parts:
        expected.append(f"{part.label}\t{plain_text(part.title)}" if part.label else plain_text(part.title))
    # the parts alone, as the PDF's contents lists them: not their subheadings
    assert any(isinstance(b, Subheading) for part in document.parts for b in part.blocks)
    assert [re.sub(r"\t\d*$", "", text_of(p)) for p in entries] == expected
    bookmarks = {b.get(w("name")) for b in body.iter(w("bookmarkStart"))}
    anchors = [p.find("w:hyperlink", NS).get(w("anchor")) for p in entries]
    assert set(anchors) <= bookmarks and len(set(anchors)) == len(entries)
    assert [[t.text.strip() for t in p.iter(w("instrText"))] for p in entries] == [[f"PAGEREF {a} \\h"] for a in anchors]
    assert all(re.search(r"\t\d+$", text_of(p)) for p in entries)


def test_settings_ask_word_to_update_fields(output: bytes) -> None:
    settings = xml(output, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(w("val")) == "true"
    assert [f.get(w("id")) for f in settings.findall("w:footnotePr/w:footnote", NS)] == ["-1", "0"]


# --- reproducible ---------------------------------------------------------------------


def test_same_document_gives_same_bytes(output: bytes, document: Document) -> None:
    assert render(document, find_style("un-submission", None)) == output
    with zipfile.ZipFile(io.BytesIO(output)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2011, 7, 12, 0, 0, 0)}


def test_the_build_time_fixes_the_dates(document: Document) -> None:
    when = dt.datetime.fromtimestamp(1700000000, dt.timezone.utc)
    first = render(document, find_style("un-submission", None), when)
    assert render(document, find_style("un-submission", None), when) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    core = docx.Document(io.BytesIO(first)).core_properties
    assert (core.created, core.modified) == (dt.datetime(2011, 7, 12, tzinfo=dt.timezone.utc), dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc))


# --- reference.docx -------------------------------------------------------------------


def fonts_of(data: bytes, style_id: str) -> str:
    """Return the ascii font of a style of the DOCX `data`."""
    found = xml(data, "word/styles.xml").find(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
    return found.get(w("ascii"))


def test_reference_docx_styles_replace_ours(document: Document, tmp_path: Path) -> None:
    with_reference = find_style("ngo-briefing", None)
    assert with_reference.reference_docx is not None
    plain = render(document, plain_style("ngo-briefing", tmp_path / "plain"))
    styled = render(document, with_reference)
    # the shipped reference names style.yaml's fonts (tests/tools/make_reference.py), and brings its own styles:
    # a Subtitle set left (ours is centred, as un-submission's cover), a Body Text style we never write
    assert (fonts_of(plain, "Normal"), fonts_of(plain, "Heading1")) == ("Georgia", "Arial")
    assert (fonts_of(styled, "Normal"), fonts_of(styled, "Heading1")) == ("Georgia", "Arial")
    styles, plain_styles = xml(styled, "word/styles.xml"), xml(plain, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='Subtitle']/w:rPr/w:i", NS) is not None
    assert styles.find("w:style[@w:styleId='Subtitle']/w:pPr/w:jc", NS) is None
    assert plain_styles.find("w:style[@w:styleId='Subtitle']/w:pPr/w:jc", NS).get(w("val")) == "center"
    # the cover styles it lacks follow its Title: set left, as the ngo-briefing PDF's cover
    assert styles.find("w:style[@w:styleId='CoverText']/w:pPr/w:jc", NS).get(w("val")) == "left"
    # its heading styles are linked to our headings' list
    assert styles.find("w:style[@w:styleId='Heading1']/w:pPr/w:numPr/w:numId", NS) is not None
    assert styles.find("w:style[@w:styleId='BodyText']", NS) is not None
    assert plain_styles.find("w:style[@w:styleId='BodyText']", NS) is None
    # a reference naming other fonts gives them to the DOCX
    source = entry(with_reference.reference_docx.read_bytes(), "word/styles.xml")
    other = reference_with(source.replace(b'"Georgia"', b'"Cambria"').replace(b'"Arial"', b'"Calibri"'))
    renamed = render(document, style_with_reference(tmp_path / "other", other))
    assert (fonts_of(renamed, "Normal"), fonts_of(renamed, "Heading1")) == ("Cambria", "Calibri")
    # styles the reference lacks are added, based on its own Normal
    added = xml(styled, "word/styles.xml").find("w:style[@w:styleId='NumberedParagraph']", NS)
    assert added.find("w:basedOn", NS).get(w("val")) == "Normal"
    # the reference's own list definitions are kept, ours added after them
    nums, abstracts = numbering_of(styled)
    assert len(abstracts) > 3


def test_reference_styles_are_found_by_name(tmp_path: Path, document: Document) -> None:
    source = find_style("ngo-briefing", None).reference_docx.read_bytes()
    styles = entry(source, "word/styles.xml").replace(b'w:styleId="Heading1"', b'w:styleId="berschrift1"')
    styles = styles.replace(b'<w:basedOn w:val="Heading1"/>', b'<w:basedOn w:val="berschrift1"/>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, styles if info.filename == "word/styles.xml" else src.read(info))
    data = render(document, style_with_reference(tmp_path, out.getvalue()))
    assert "berschrift1" in {style_of(p) for p in body_paragraphs(data)}
    assert "Heading1" not in {style_of(p) for p in body_paragraphs(data)}


def zip_of(entries: dict[str, bytes]) -> bytes:
    """Return a deflated zip holding `entries`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def reference_with(styles: bytes) -> bytes:
    """Return the ngo-briefing reference.docx with its styles part replaced."""
    source = find_style("ngo-briefing", None).reference_docx.read_bytes()
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return zip_of({**entries, "word/styles.xml": styles})


DTD = (b'<?xml version="1.0"?>\n<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
       b'<w:styles xmlns:w="' + W.encode() + b'"><w:style w:styleId="x"><w:name w:val="&lol2;"/></w:style></w:styles>')


@pytest.mark.parametrize("reference, message", [
    (reference_with(DTD), "word/styles.xml declares a DTD or entities"),
    (reference_with(b"<!ENTITY x 'y'>"), "word/styles.xml declares a DTD or entities"),
    (zip_of({"word/media/huge.bin": b"\0" * (21 * 2**20)}), "entry word/media/huge.bin is 21 MB uncompressed"),
    (zip_of({"word/media/bomb.bin": b"\0" * (3 * 2**20)}), "entry word/media/bomb.bin is compressed"),
    (b"this is not a zip", "it is not a readable DOCX file (a zip archive)"),
    (zip_of({"word/document.xml": b"<w:document/>"}), "it holds no styles part (word/styles.xml)"),
], ids=["dtd", "entity", "huge-entry", "zip-bomb", "not-a-zip", "no-styles"])
def test_malicious_reference_docx_is_refused(reference: bytes, message: str, tmp_path: Path) -> None:
    style = style_with_reference(tmp_path, reference)
    with pytest.raises(InputError) as caught:
        render(sample_document(), style)
    [problem] = caught.value.problems
    assert problem.file.endswith("reference.docx")
    assert message in problem.message and problem.message.startswith("cannot use this reference.docx: ")
    assert "\n" not in problem.format()


def test_pandoc_reference_docx_is_taken_over(tmp_path: Path, document: Document) -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not installed")
    reference = subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                               capture_output=True, check=True).stdout
    data = render(document, style_with_reference(tmp_path, reference))
    ids = {s.get(w("styleId")) for s in xml(data, "word/styles.xml").findall("w:style", NS)}
    assert {"FirstParagraph", "NumberedParagraph", "Recommendation"} <= ids
    assert len([r for r in xml(data, "word/document.xml").iter(w("footnoteReference"))]) == len(document.notes())


# --- real readers: pandoc and LibreOffice ----------------------------------------------


def test_pandoc_finds_every_note(docx_file: Path, document: Document) -> None:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not installed")
    result = subprocess.run(["pandoc", "-t", "json", str(docx_file)], capture_output=True, text=True, check=True)
    assert json.dumps(json.loads(result.stdout)).count('"t": "Note"') == len(document.notes())


@pytest.fixture(scope="module")
def pdf_text(docx_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Return the LibreOffice PDF of the sample's DOCX as pdftotext -layout text and pdfinfo output."""
    missing = [tool for tool in ("soffice", "pdftotext", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    out = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx_file)], capture_output=True, check=True, timeout=120)
    pdf = out / "paper.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return text, info


def test_libreoffice_shows_every_note_on_a4(pdf_text: tuple[str, str], document: Document) -> None:
    text, info = pdf_text
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    flat = re.sub(r"\s+", " ", text)
    for note in document.notes():
        assert re.search(rf"\b{note.number} ?{re.escape(plain_text(note.content))}", flat), note.number


def test_libreoffice_numbers_paragraphs_as_the_document(pdf_text: tuple[str, str], document: Document) -> None:
    text, _ = pdf_text
    shown = [int(n) for n in re.findall(r"^\s*(\d+)\.\s+\S", text, re.M)]
    assert shown == [p.number for p in document.numbered_paragraphs()]
    assert re.search(r"^\s*\(a\)\s+Repeal the permit rule\.", text, re.M)


def test_contents_page_numbers_are_libreoffices(pdf_text: tuple[str, str], document: Document) -> None:
    pages = pdf_text[0].split("\f")
    for part in document.parts:
        title = re.escape(plain_text(part.title))
        listed = int(re.search(title + r"\.+\s*(\d+)", pages[1]).group(1))
        actual = next(i for i, page in enumerate(pages[2:], start=3) if re.search(rf"^\s*(?:[IVX]+\.)?\s*{title}\s*$", page, re.M))
        assert listed == actual, part.title


# --- any text survives ----------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_text_renders_and_reads_back(text: str) -> None:
    paper = small_document(Paragraph((Text(text), Note((Citation("a"),), 1, (Text(text),))), number=1))
    data = render(paper, find_style("un-submission", None))
    [paragraph] = [p for p in body_paragraphs(data) if style_of(p) == "NumberedParagraph"]
    shown = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", text)
    shown = shown.replace("\r\n", "\n").replace("\r", "\n")
    read = "".join(item.text or "" if item.tag == w("t") else "\t" if item.tag == w("tab") else "\n"
                   for item in paragraph.iter(w("t"), w("tab"), w("br")))
    assert read == shown



def test_links_to_anything_but_web_and_mail_addresses_stay_text() -> None:
    from compiler.document.model import Link, Paragraph, Text

    doc = small_document(Paragraph((Link("file:///etc/passwd", (Text("local"),)), Text(" "),
                                    Link("https://example.org/", (Text("web"),))), number=1))
    data = render(doc, find_style("un-submission", None))
    rels = entry(data, "word/_rels/document.xml.rels").decode()
    assert "https://example.org/" in rels and "file:" not in rels
