"""Check that the DOCX and the PDF of every shipped style, and of styles with other settings, declare the same look.

Each style renders the same Document to DOCX and to PDF. From the DOCX we read what Word is
told: the sections' w:pgSz and w:pgMar, the fonts (w:rFonts), justification (w:jc),
spacing (w:spacing), size (w:sz) and colour (w:color) of the styles the body, title and
headings use, following w:basedOn down to the document defaults. From the PDF we read its
pages' MediaBox and embedded fonts, and from WeasyPrint's layout of the print HTML the page
margins and the computed CSS of a body paragraph and a part heading (the values the PDF
was laid out from, paper.css included). Both must match each other and the style's
settings. A shipped style's reference.docx (whose Word styles replace ours in the DOCX)
is part of what is compared, and its styles part must itself say what style.yaml says;
`tests/tools/make_reference.py` makes it so.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest
from lxml import etree

from compiler.render import renderer
from compiler.render.pdf import _descendants, lay_out
from compiler.style import Style, StyleSettings, builtin_styles_dir, find_style
from tests.sample_document import sample_document
from tests.tools.make_reference import agreeing_reference

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_PX = 0.75
FACES = {"Regular", "Bold", "Italic", "BoldItalic"}
MM_PER_PT = 25.4 / 72

SHIPPED = sorted(p.name for p in builtin_styles_dir().iterdir() if (p / "style.yaml").is_file())
SHIPPED_REFERENCES = [name for name in SHIPPED if (builtin_styles_dir() / name / "reference.docx").is_file()]

OTHER_SETTINGS = """\
name: other
page:
  size: a5 landscape
  margins: {top: 0.5in, bottom: 30mm, left: 2cm, right: 36pt}
fonts:
  body: {family: Liberation Sans}
  heading: {family: Liberation Serif, word: Liberation Serif}
sizes: {body: 10, notes: 8, title: 18, subtitle: 12, heading1: 13, heading2: 11}
spacing: {line: 1.5, after: 9}
colours: {text: "#333333", accent: 0055aa}
justify: false
"""

LETTER_DEFAULTS = """\
page: {size: Letter}
"""


def write_style(folder: Path, name: str, settings: str) -> Style:
    """Return a style `name` under `folder` holding only `settings` as its style.yaml (the product's templates)."""
    (folder / name).mkdir(parents=True)
    (folder / name / "style.yaml").write_text(settings, encoding="utf-8")
    return find_style(name, folder)


# --- what the DOCX declares -------------------------------------------------------------


class DocxLook:
    """What a DOCX (or a reference.docx's styles alone) tells Word about pages, fonts, justification and spacing."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.body = etree.fromstring(archive.read("word/document.xml"))
            self.styles = etree.fromstring(archive.read("word/styles.xml"))
        self.by_name = {s.find(f"{W}name").get(f"{W}val").lower(): s for s in self.styles.iter(f"{W}style")}
        self.by_id = {s.get(f"{W}styleId"): s for s in self.styles.iter(f"{W}style")}

    def sections(self) -> list[dict[str, object]]:
        """Return each section's page size (pt), orientation and margins (pt)."""
        out = []
        for sect in self.body.iter(f"{W}sectPr"):
            size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
            out.append({
                "width": int(size.get(f"{W}w")) / 20, "height": int(size.get(f"{W}h")) / 20,
                "orient": size.get(f"{W}orient", "portrait"),
                **{side: int(margins.get(f"{W}{side}")) / 20 for side in ("top", "bottom", "left", "right")},
            })
        return out

    def effective(self, style_name: str | None, path: str, attribute: str) -> str | None:
        """Return `attribute` of the element at `path` in style `style_name`, or in a style it is based on, or the default.

        A `style_name` of None reads the document defaults alone.
        """
        style = self.by_name[style_name] if style_name else None
        while style is not None:
            found = style.find(path)
            if found is not None and found.get(f"{W}{attribute}") is not None:
                return found.get(f"{W}{attribute}")
            based = style.find(f"{W}basedOn")
            style = self.by_id.get(based.get(f"{W}val")) if based is not None else None
        kind = "rPrDefault" if path.startswith(f"{W}rPr") else "pPrDefault"
        default = self.styles.find(f"{W}docDefaults/{W}{kind}/{path}")
        return default.get(f"{W}{attribute}") if default is not None else None

    def size(self, style_name: str | None) -> float:
        """Return the font size of a style's text, in points (w:sz in half-points)."""
        return int(self.effective(style_name, f"{W}rPr/{W}sz", "val") or 20) / 2

    def font(self, style_name: str | None) -> str | None:
        """Return the font a style's text is set in."""
        return self.effective(style_name, f"{W}rPr/{W}rFonts", "ascii")

    def colour(self, style_name: str | None) -> str:
        """Return the colour of a style's text, six upper-case hex digits (Word's default is black)."""
        return (self.effective(style_name, f"{W}rPr/{W}color", "val") or "000000").upper()

    def justification(self, style_name: str | None) -> str:
        """Return a style's paragraph alignment as CSS names it (Word's default is left)."""
        value = self.effective(style_name, f"{W}pPr/{W}jc", "val") or "left"
        return {"both": "justify", "start": "left"}.get(value, value)

    def line(self, style_name: str | None) -> float:
        """Return a style's line height, times the font size (w:line in 240ths, lineRule auto)."""
        return int(self.effective(style_name, f"{W}pPr/{W}spacing", "line") or 240) / 240

    def after(self, style_name: str | None) -> float:
        """Return the space after a paragraph of a style, in points."""
        return int(self.effective(style_name, f"{W}pPr/{W}spacing", "after") or 0) / 20


def disagreements(words: DocxLook, settings: StyleSettings) -> list[str]:
    """Return, one line each, where the Word styles of `words` say other than style.yaml's `settings`.

    What style.yaml decides for the document defaults (None), Normal, Title, Subtitle and
    the two heading levels: fonts by their `word` name, sizes, colours, line spacing,
    space after and justification.
    """
    fonts, sizes, colours, spacing = settings.fonts, settings.sizes, settings.colours, settings.spacing
    body = {"font": fonts.body.word, "size": sizes.body, "line": spacing.line, "after": spacing.after}
    expected: dict[str | None, dict[str, object]] = {
        None: body,
        "normal": {**body, "colour": colours.text.upper(), "justification": "justify" if settings.justify else "left"},
        "title": {"font": fonts.heading.word, "size": sizes.title, "colour": colours.accent.upper()},
        "subtitle": {"font": fonts.heading.word, "size": sizes.subtitle, "colour": colours.text.upper()},
        "heading 1": {"font": fonts.heading.word, "size": sizes.heading1, "colour": colours.accent.upper()},
        "heading 2": {"font": fonts.heading.word, "size": sizes.heading2, "colour": colours.accent.upper()},
    }
    out = []
    for name, wanted in expected.items():
        for what, value in wanted.items():
            found = getattr(words, what)(name)
            if found != (pytest.approx(value) if isinstance(value, float) else value):
                out.append(f"{name or 'document defaults'}: {what} {found}, style.yaml says {value}")
    return out


# --- what the PDF declares --------------------------------------------------------------


class PdfLook:
    """What a PDF and the layout it was written from declare about pages, fonts, justification and spacing."""

    def __init__(self, data: bytes, style: Style):
        reader = pypdf.PdfReader(io.BytesIO(data))
        self.pages = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
        self.fonts: set[str] = set()
        for page in reader.pages:
            for font in page["/Resources"].get("/Font", {}).values():
                words = str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1].split("-")  # ABCDEF+Liberation-Serif-Bold
                self.fonts.add("".join(w for w in words if w not in FACES))
        layout = lay_out(sample_document(), style).layout
        self.paragraph = self.heading = self.page_box = None
        for page in layout.pages:
            for box, _, _ in _descendants(page._page_box):
                element = box.element
                if element is None or box.element_tag not in ("p", "h2"):
                    continue
                classes = element.get("class", "").split()
                if self.paragraph is None and element.tag == "p" and "numbered" in classes:
                    self.paragraph, self.page_box = box, page._page_box
                if self.heading is None and element.tag == "h2" and "part-title" in classes:
                    self.heading = box
        assert self.paragraph is not None and self.heading is not None

    def margins(self) -> dict[str, float]:
        """Return the margins of the page holding the first numbered paragraph, in points."""
        return {side: getattr(self.page_box, f"margin_{side}") * PT_PER_PX for side in ("top", "bottom", "left", "right")}

    def justification(self) -> str:
        """Return the text-align of a body paragraph."""
        return self.paragraph.style["text_align_all"]

    def line(self) -> float:
        """Return the line height of a body paragraph, times its font size."""
        value = self.paragraph.style["line_height"]
        assert isinstance(value, (int, float)), value  # a plain number, a multiple of the font size (else a length)
        return float(value)

    def after(self) -> float:
        """Return the space after a body paragraph, in points."""
        return self.paragraph.style["margin_bottom"].value * PT_PER_PX

    def size(self, box) -> float:
        """Return the font size of a box, in points."""
        return box.style["font_size"] * PT_PER_PX

    def family(self, box) -> str:
        """Return the first font family asked for by a box."""
        return box.style["font_family"][0]


def compare(style: Style) -> None:
    """Assert that the DOCX and the PDF of `style` declare the style's page, fonts, sizes, colours, justification and spacing."""
    settings = style.settings
    document = sample_document()
    docx = DocxLook(renderer("docx").render(document, style).data)
    pdf = PdfLook(renderer("pdf").render(document, style).data, style)

    page = settings.page
    width, height = page.width_mm / MM_PER_PT, page.height_mm / MM_PER_PT
    assert (width > height) == (page.orientation == "landscape")
    margins = {side: getattr(page.margins, side).mm / MM_PER_PT for side in ("top", "bottom", "left", "right")}
    for section in docx.sections():
        assert section["orient"] == page.orientation
        assert section["width"] == pytest.approx(width, abs=0.05) and section["height"] == pytest.approx(height, abs=0.05)
        for side, value in margins.items():
            assert section[side] == pytest.approx(value, abs=0.05), side
    for pdf_width, pdf_height in pdf.pages:
        assert pdf_width == pytest.approx(width, abs=0.05) and pdf_height == pytest.approx(height, abs=0.05)
    for side, value in pdf.margins().items():
        assert value == pytest.approx(margins[side], abs=0.05), side

    assert disagreements(docx, settings) == []
    fonts = settings.fonts
    assert docx.font("numbered paragraph") == fonts.body.word
    assert pdf.family(pdf.paragraph) == fonts.body.family and pdf.family(pdf.heading) == fonts.heading.family
    assert {fonts.body.family.replace(" ", ""), fonts.heading.family.replace(" ", "")} <= pdf.fonts
    assert docx.size("numbered paragraph") == pytest.approx(pdf.size(pdf.paragraph)) == settings.sizes.body
    assert docx.size("heading 1") == pytest.approx(pdf.size(pdf.heading)) == settings.sizes.heading1

    assert docx.justification("numbered paragraph") == pdf.justification() == ("justify" if settings.justify else "left")
    assert docx.line("numbered paragraph") == pytest.approx(pdf.line()) == pytest.approx(settings.spacing.line)
    assert docx.after("numbered paragraph") == pytest.approx(pdf.after()) == pytest.approx(settings.spacing.after)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_style_gives_the_docx_and_the_pdf_the_same_look(name: str) -> None:
    compare(find_style(name, None))  # its reference.docx included, if it has one


@pytest.mark.parametrize("name", SHIPPED_REFERENCES)
def test_every_shipped_reference_docx_says_what_its_style_yaml_says(name: str) -> None:
    style = find_style(name, None)
    assert disagreements(DocxLook(style.reference_docx.read_bytes()), style.settings) == []


def reference_made_for_other_settings(folder: Path) -> Style:
    """Return a copy of ngo-briefing whose reference.docx was made to agree with OTHER_SETTINGS, not its style.yaml."""
    shipped = find_style("ngo-briefing", None)
    other = write_style(folder / "other", "other", OTHER_SETTINGS)
    shutil.copytree(shipped.folder, folder / "styles" / shipped.name)
    copy = find_style(shipped.name, folder / "styles")
    copy.reference_docx.write_bytes(agreeing_reference(shipped.reference_docx.read_bytes(), other.settings))
    return copy


def test_a_reference_docx_that_disagrees_with_its_style_yaml_is_caught(tmp_path: Path) -> None:
    style = reference_made_for_other_settings(tmp_path)
    found = disagreements(DocxLook(style.reference_docx.read_bytes()), style.settings)
    assert "normal: font Liberation Sans, style.yaml says Georgia" in found
    assert "heading 1: size 13.0, style.yaml says 15" in found
    assert "document defaults: line 1.5, style.yaml says 1.25" in found
    assert "subtitle: colour 333333, style.yaml says 222222" in found
    with pytest.raises(AssertionError):
        compare(style)


def test_make_reference_gives_the_shipped_reference_docx(tmp_path: Path) -> None:
    shipped = find_style("ngo-briefing", None)
    assert "ngo-briefing" in SHIPPED_REFERENCES
    data = shipped.reference_docx.read_bytes()
    assert agreeing_reference(data, shipped.settings) == data  # the shipped file is what the script makes, and it changes nothing more
    drifted = reference_made_for_other_settings(tmp_path).reference_docx.read_bytes()
    assert drifted != data and agreeing_reference(drifted, shipped.settings) == data


def test_other_settings_give_the_docx_and_the_pdf_the_same_look(tmp_path: Path) -> None:
    style = write_style(tmp_path, "other", OTHER_SETTINGS)
    assert style.settings.fonts.body.word == "Liberation Sans"  # the family, as no word name is given
    compare(style)


def test_a_style_without_justify_is_justified_in_both(tmp_path: Path) -> None:
    style = write_style(tmp_path, "letter", LETTER_DEFAULTS)
    assert style.settings.justify is True and style.settings.page.size == "Letter"
    compare(style)
