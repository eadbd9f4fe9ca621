"""Turn a Document into a DOCX: Word's own styles, real footnotes, list numbering, a contents field.

The output is built on python-docx's package machinery; the WordprocessingML is
written directly, because python-docx has no API for footnotes, list numbering,
fields or bookmarks. What the file holds:

- styles: Word's built-in styles (Normal, Title, Subtitle, Heading 1 and 2, TOC
  Heading, toc 1 and 2, List Bullet, footnote text, footnote reference, Hyperlink,
  footer, Bibliography) plus a few of our own (Numbered Paragraph, Recommendation,
  Recommendations Heading, Organisation, Cover Text, Cover Label), made from the
  style's `style.yaml`, or taken over from its `reference.docx` as pandoc's
  `--reference-doc` does (styles found by their name, missing ones added);
- numbering: one list definition for the paper's paragraph numbers (continuous,
  hanging in the margin), one for bullets and one for the lettered recommendations,
  restarted per list by a new `w:num` with a `w:startOverride`;
- footnotes: a `word/footnotes.xml` part, one `w:footnote` per Note, called by a
  `w:footnoteReference` where the note stands;
- a cover in its own section without footer, a contents field whose cached result
  already lists the headings, and a footer with PAGE and NUMPAGES fields;
- core properties from the Document's metadata, and fixed zip timestamps, so the
  same Document always gives the same bytes.

This is the only module of the compiler that imports python-docx.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Mapping, Sequence

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part as PackagePart
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.parts.numbering import NumberingPart
from docx.parts.styles import StylesPart
from docx.shared import Twips
from lxml import etree

from compiler.document.model import (
    BulletList, Code, Contacts, Document, Emph, Inline, LineBreak, Link, Note, Paragraph, Part,
    Recommendations, SourceList, Strong, Subheading, Text, plain_text, walk,
)
from compiler.errors import InputError, Problem, RenderError, UsageError
from compiler.style import Style
from compiler.workspace import display

__all__ = ["EXTENSION", "render"]

EXTENSION = "docx"
SAFE_LINK = re.compile(r"^(https?://|mailto:)[^\s\x00-\x1f]+$", re.IGNORECASE)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4
HANG = 567  # 1 cm: the column in which paragraph numbers and part labels hang
PAGE_SIZES_MM = {"a4": (210.0, 297.0), "a5": (148.0, 210.0), "letter": (215.9, 279.4), "legal": (215.9, 355.6)}

# A reference.docx is user input: limits that refuse zip bombs and oversized parts.
MAX_ENTRY_BYTES = 20 * 2**20
MAX_TOTAL_BYTES = 100 * 2**20
MAX_ENTRIES = 2000
MAX_RATIO = 100

# --- the entry point ----------------------------------------------------------------


def render(document: Document, style: Style) -> bytes:
    """Return the DOCX bytes of `document` in `style`."""
    check_numbers(document)
    look = look_of(style)
    reference = read_reference(style.reference_docx) if style.reference_docx else None
    package = docx.Document()
    drop_template_extras(package)
    numbering = Numbering(reference.numbering if reference else None)
    lists = numbering.add_definitions()
    styles = build_styles(look, reference, lists, package_language(document))
    numbering.link_style(lists.paragraphs_abstract, styles.ids["numbered paragraph"])
    install_parts(package, styles.element, numbering.element, reference)
    footnotes = Footnotes(package)
    writer = BodyWriter(document, look, styles.ids, numbering, lists, package.part, footnotes)
    writer.write(package)
    set_page(package, look)
    add_footer(package, document, styles.ids)
    set_settings(package)
    when = build_time(document)
    set_properties(package, document, when)
    out = io.BytesIO()
    package.save(out)
    return normalised_zip(out.getvalue(), when)


# --- checks -------------------------------------------------------------------------


def check_numbers(document: Document) -> None:
    """Raise RenderError unless paragraphs and notes are numbered 1, 2, 3 ... in reading order.

    Word numbers paragraphs and footnotes itself; the DOCX shows the Document's
    numbers only when these run straight from 1.
    """
    for expected, paragraph in enumerate(document.numbered_paragraphs(), start=1):
        if paragraph.number != expected:
            raise RenderError(Problem("", None, "", (
                f"numbered paragraph {expected} of the paper carries number {paragraph.number}; "
                "paragraph numbers must run 1, 2, 3 ... in reading order for the DOCX to show them")))
    for expected, note in enumerate(document.notes(), start=1):
        if note.number != expected:
            raise RenderError(Problem("", None, "", (
                f"note {expected} of the paper carries number {note.number}; "
                "notes must be numbered 1, 2, 3 ... in reading order for the DOCX to show them")))


# --- the look: style.yaml settings in Word's units -----------------------------------


@dataclass(frozen=True)
class Look:
    """What style.yaml says about page, fonts, sizes, spacing and colours, in Word's units."""

    page_width: int
    page_height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    body_font: str
    heading_font: str
    body_size: float
    notes_size: float
    title_size: float
    subtitle_size: float
    heading1_size: float
    heading2_size: float
    line: float
    after: float
    text_colour: str
    accent_colour: str
    justify: bool

    @property
    def text_width(self) -> int:
        """Return the width between the margins, in twips."""
        return self.page_width - self.margin_left - self.margin_right


def look_of(style: Style) -> Look:
    """Return the Look of `style`, or raise InputError naming the setting that is wrong."""
    shown = display(style.folder / "style.yaml")

    def wrong(key: str, message: str) -> InputError:
        return InputError(Problem(shown, None, key, message))

    size_name = str(style.get("page.size", "A4"))
    if size_name.lower() not in PAGE_SIZES_MM:
        raise wrong("page.size", f"expected one of A4, A5, Letter, Legal; got '{size_name}'")
    width_mm, height_mm = PAGE_SIZES_MM[size_name.lower()]
    margins = {side: length_twips(style.get(f"page.margins.{side}", "25mm"), wrong, f"page.margins.{side}")
               for side in ("top", "bottom", "left", "right")}
    return Look(
        page_width=round(width_mm * TWIPS_PER_MM), page_height=round(height_mm * TWIPS_PER_MM),
        margin_top=margins["top"], margin_bottom=margins["bottom"],
        margin_left=margins["left"], margin_right=margins["right"],
        body_font=word_font(style.get("fonts.body"), "Times New Roman"),
        heading_font=word_font(style.get("fonts.heading"), word_font(style.get("fonts.body"), "Times New Roman")),
        body_size=points(style, "sizes.body", 12, wrong), notes_size=points(style, "sizes.notes", 10, wrong),
        title_size=points(style, "sizes.title", 20, wrong), subtitle_size=points(style, "sizes.subtitle", 14, wrong),
        heading1_size=points(style, "sizes.heading1", 14, wrong), heading2_size=points(style, "sizes.heading2", 12, wrong),
        line=points(style, "spacing.line", 1.15, wrong), after=points(style, "spacing.after", 6, wrong),
        text_colour=colour(style, "colours.text", "000000", wrong),
        accent_colour=colour(style, "colours.accent", "000000", wrong),
        justify=bool(style.get("justify", False)),
    )


def length_twips(value: Any, wrong: Callable[[str, str], InputError], key: str) -> int:
    """Return a length such as "22mm", "2.5cm", "1in" or "72pt" in twips."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*", str(value))
    if not match:
        raise wrong(key, f"expected a length such as 25mm, 2.5cm, 1in or 72pt; got '{value}'")
    number, unit = float(match.group(1)), match.group(2)
    factor = {"mm": TWIPS_PER_MM, "cm": 10 * TWIPS_PER_MM, "in": 1440.0, "pt": float(TWIPS_PER_PT)}[unit]
    return round(number * factor)


def word_font(setting: Any, default: str) -> str:
    """Return the font name Word should use: the `word` name of a font setting, else its family."""
    if isinstance(setting, Mapping):
        return str(setting.get("word") or setting.get("family") or default)
    return str(setting) if setting else default


def points(style: Style, key: str, default: float, wrong: Callable[[str, str], InputError]) -> float:
    """Return the positive number setting `key`."""
    value = style.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise wrong(key, f"expected a positive number; got '{value}'")
    return float(value)


def colour(style: Style, key: str, default: str, wrong: Callable[[str, str], InputError]) -> str:
    """Return the colour setting `key` as six hexadecimal digits."""
    value = str(style.get(key, default)).lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        raise wrong(key, f"expected a colour as six hexadecimal digits such as 1F5C99; got '{value}'")
    return value.upper()


def package_language(document: Document) -> str:
    """Return the paper's language tag for w:lang ("en", "fr-CH" ...)."""
    return document.meta.language or "en"


# --- building WordprocessingML elements ----------------------------------------------


def el(tag: str, attrs: Mapping[str, object] | None = None, *children: Any) -> Any:
    """Return a new element `tag` ("w:p") with prefixed attributes ("w:val") and children."""
    node = OxmlElement(tag)
    for name, value in (attrs or {}).items():
        node.set(qn(name), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def val(tag: str, value: object) -> Any:
    """Return an element `tag` with the single attribute w:val."""
    return el(tag, {"w:val": value})


def ppr(*, style: str | None = None, keep_next: bool = False, keep_lines: bool = False,
        page_break_before: bool = False, num: tuple[int, int] | None = None,
        border_bottom: str | None = None, tabs: Sequence[tuple[str, int, str]] = (),
        spacing: Mapping[str, object] | None = None, ind: Mapping[str, object] | None = None,
        contextual: bool = False, jc: str | None = None, outline: int | None = None) -> Any:
    """Return a w:pPr with its children in the schema's order; `num` is (numId, ilvl)."""
    node = el("w:pPr")
    if style:
        node.append(val("w:pStyle", style))
    for flag, tag in ((keep_next, "w:keepNext"), (keep_lines, "w:keepLines"), (page_break_before, "w:pageBreakBefore")):
        if flag:
            node.append(el(tag))
    if num:
        node.append(el("w:numPr", None, val("w:ilvl", num[1]), val("w:numId", num[0])))
    if border_bottom:
        node.append(el("w:pBdr", None, el("w:bottom", {"w:val": "single", "w:sz": 8, "w:space": 6, "w:color": border_bottom})))
    if tabs:
        node.append(el("w:tabs", None, *(el("w:tab", {"w:val": kind, "w:pos": pos, **({"w:leader": leader} if leader else {})})
                                           for kind, pos, leader in tabs)))
    if spacing:
        node.append(el("w:spacing", {f"w:{k}": v for k, v in spacing.items()}))
    if ind:
        node.append(el("w:ind", {f"w:{k}": v for k, v in ind.items()}))
    if contextual:
        node.append(el("w:contextualSpacing"))
    if jc:
        node.append(val("w:jc", jc))
    if outline is not None:
        node.append(val("w:outlineLvl", outline))
    return node


def rpr(*, style: str | None = None, font: str | None = None, bold: bool = False, italic: bool = False,
        caps: bool = False, colour: str | None = None, size: float | None = None, underline: bool = False,
        superscript: bool = False, lang: str | None = None) -> Any:
    """Return a w:rPr with its children in the schema's order; `size` in points."""
    node = el("w:rPr")
    if style:
        node.append(val("w:rStyle", style))
    if font:
        node.append(el("w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font, "w:cs": font}))
    if bold:
        node.extend([el("w:b"), el("w:bCs")])
    if italic:
        node.extend([el("w:i"), el("w:iCs")])
    if caps:
        node.append(el("w:caps"))
    if colour:
        node.append(val("w:color", colour))
    if size:
        node.extend([val("w:sz", round(size * 2)), val("w:szCs", round(size * 2))])
    if underline:
        node.append(val("w:u", "single"))
    if superscript:
        node.append(val("w:vertAlign", "superscript"))
    if lang:
        node.append(el("w:lang", {"w:val": lang}))
    return node


def line_spacing(look: Look) -> dict[str, object]:
    """Return the w:spacing attributes of body text."""
    return {"after": round(look.after * TWIPS_PER_PT), "line": round(240 * look.line), "lineRule": "auto"}


INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text_element(text: str) -> Any:
    """Return a w:t holding `text`, spaces kept and characters XML cannot hold dropped."""
    node = el("w:t")
    node.text = INVALID_XML.sub("", text)
    node.set(qn("xml:space"), "preserve")
    return node


def field_runs(instruction: str, cached: str) -> list[Any]:
    """Return the runs of a complex field: begin, instruction, separate, cached result, end."""
    def run(*children: Any) -> Any:
        return el("w:r", None, *children)

    instr = el("w:instrText")
    instr.text = f" {instruction} "
    instr.set(qn("xml:space"), "preserve")
    return [run(el("w:fldChar", {"w:fldCharType": "begin"})), run(instr),
            run(el("w:fldChar", {"w:fldCharType": "separate"})), run(text_element(cached)),
            run(el("w:fldChar", {"w:fldCharType": "end"}))]


def insert_in_order(parent: Any, child: Any, successors: Iterable[str]) -> None:
    """Insert `child` into `parent` before the first child whose tag is one of `successors` ("w:compat")."""
    later = {qn(tag) for tag in successors}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, child)
            return
    parent.append(child)


# --- numbering -----------------------------------------------------------------------


@dataclass(frozen=True)
class Lists:
    """The numbering ids the body uses: paragraph numbers, bullets, and the recommendations' abstract list."""

    paragraphs: int
    paragraphs_abstract: int
    bullets: int
    letters_abstract: int


class Numbering:
    """Build the w:numbering element: the reference's definitions, if any, then ours."""

    def __init__(self, base: Any | None) -> None:
        self.element = base if base is not None else el("w:numbering", None)
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in self.element.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in self.element.findall(qn("w:num"))]
        self.next_abstract = max(abstract_ids, default=-1) + 1
        self.next_num = max(num_ids, default=0) + 1

    def add_definitions(self) -> Lists:
        """Add the three list definitions the paper uses; return their ids."""
        paragraphs = self.add_abstract("Paragraph numbers", "decimal", "%1.", {"left": 0, "hanging": HANG}, "NumberedParagraph")
        bullets = self.add_abstract("Bullets", "bullet", "\u2022", {"left": HANG, "hanging": HANG // 2})
        letters = self.add_abstract("Recommendations", "lowerLetter", "(%1)", {"left": 2 * HANG, "hanging": HANG})
        return Lists(self.add_num(paragraphs), paragraphs, self.add_num(bullets), letters)

    def link_style(self, abstract: int, style_id: str) -> None:
        """Name `style_id` as the paragraph style of list `abstract`, so Word numbers new paragraphs of that style."""
        for node in self.element.findall(qn("w:abstractNum")):
            if node.get(qn("w:abstractNumId")) == str(abstract):
                node.find(qn("w:lvl")).find(qn("w:pStyle")).set(qn("w:val"), style_id)

    def add_abstract(self, name: str, fmt: str, text: str, ind: Mapping[str, int], pstyle: str | None = None) -> int:
        """Add a one-level abstractNum; return its id."""
        ident = self.next_abstract
        self.next_abstract += 1
        level = el("w:lvl", {"w:ilvl": 0},
                   val("w:start", 1), val("w:numFmt", fmt), val("w:pStyle", pstyle) if pstyle else None,
                   val("w:lvlText", text), val("w:lvlJc", "left"), ppr(ind=ind))
        abstract = el("w:abstractNum", {"w:abstractNumId": ident},
                      val("w:nsid", f"{0x42524900 + ident:08X}"), val("w:multiLevelType", "singleLevel"),
                      val("w:name", name), level)
        existing = self.element.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            insert_in_order(self.element, abstract, ("w:num", "w:numIdMacAtCleanup"))
        return ident

    def add_num(self, abstract: int, restart: bool = False) -> int:
        """Add a w:num using `abstract` (restarted at 1 when asked); return its numId."""
        ident = self.next_num
        self.next_num += 1
        num = el("w:num", {"w:numId": ident}, val("w:abstractNumId", abstract))
        if restart:
            num.append(el("w:lvlOverride", {"w:ilvl": 0}, val("w:startOverride", 1)))
        insert_in_order(self.element, num, ("w:numIdMacAtCleanup",))
        return ident


# --- styles --------------------------------------------------------------------------


@dataclass(frozen=True)
class StyleSpec:
    """One style the paper uses: Word's name for it, our styleId, and how to build it."""

    name: str
    ident: str
    kind: str
    based_on: str | None
    build: Callable[[Look, Lists], tuple[Any, Any]]
    next_name: str | None = None
    extras: tuple[str, ...] = ()


def style_specs() -> list[StyleSpec]:
    """Return the styles the renderer needs, Word's built-in ones by their (English) w:name."""
    def body(look: Look, lists: Lists) -> tuple[Any, Any]:
        return (ppr(spacing=line_spacing(look), jc="both" if look.justify else "left"),
                rpr(font=look.body_font, colour=look.text_colour, size=look.body_size))

    def heading(level: int) -> Callable[[Look, Lists], tuple[Any, Any]]:
        def build(look: Look, lists: Lists) -> tuple[Any, Any]:
            before, size = (360, look.heading1_size) if level == 1 else (240, look.heading2_size)
            return (ppr(keep_next=True, keep_lines=True, spacing={"before": before, "after": 120, "line": 240, "lineRule": "auto"},
                        ind={"left": 0}, jc="left", outline=level - 1),
                    rpr(font=look.heading_font, bold=True, colour=look.accent_colour, size=size))
        return build

    return [
        StyleSpec("Normal", "Normal", "paragraph", None, body, extras=("default",)),
        StyleSpec("Default Paragraph Font", "DefaultParagraphFont", "character", None,
                  lambda look, lists: (None, None), extras=("default", "hidden")),
        StyleSpec("Title", "Title", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, border_bottom=look.accent_colour, spacing={"before": 0, "after": 240, "line": 240, "lineRule": "auto"}, jc="left"),
            rpr(font=look.heading_font, bold=True, colour=look.accent_colour, size=look.title_size)), "Subtitle"),
        StyleSpec("Subtitle", "Subtitle", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 0, "after": 360}, jc="left"),
            rpr(font=look.heading_font, colour=look.text_colour, size=look.subtitle_size)), "Normal"),
        StyleSpec("heading 1", "Heading1", "paragraph", "Normal", heading(1), "Normal"),
        StyleSpec("heading 2", "Heading2", "paragraph", "Normal", heading(2), "Normal"),
        StyleSpec("TOC Heading", "TOCHeading", "paragraph", "heading 1", lambda look, lists: (
            ppr(spacing={"before": 0}, outline=9), None), "Normal"),
        StyleSpec("toc 1", "TOC1", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 60, "after": 60}, ind={"left": HANG, "hanging": HANG}, jc="left"), None), "Normal"),
        StyleSpec("toc 2", "TOC2", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 60}, ind={"left": 2 * HANG}, jc="left"), None), "Normal"),
        StyleSpec("Numbered Paragraph", "NumberedParagraph", "paragraph", "Normal", lambda look, lists: (
            ppr(num=(lists.paragraphs, 0)), None)),
        StyleSpec("List Bullet", "ListBullet", "paragraph", "Normal", lambda look, lists: (
            ppr(num=(lists.bullets, 0)), None)),
        StyleSpec("Recommendations Heading", "RecommendationsHeading", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 120}, jc="left"), rpr(bold=True)), "Recommendation"),
        StyleSpec("Recommendation", "Recommendation", "paragraph", "Normal", lambda look, lists: (None, None)),
        StyleSpec("Bibliography", "Bibliography", "paragraph", "Normal", lambda look, lists: (
            ppr(ind={"left": HANG, "hanging": HANG}, jc="left"), None)),
        StyleSpec("Organisation", "Organisation", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 240, "after": 60}, jc="left"), rpr(bold=True)), "Normal"),
        StyleSpec("Cover Text", "CoverText", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"after": 60}, jc="left"), rpr(font=look.heading_font, size=look.subtitle_size - 2))),
        StyleSpec("Cover Label", "CoverLabel", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 480, "after": 120}, jc="left"),
            rpr(font=look.heading_font, bold=True, caps=True, colour=look.accent_colour, size=look.notes_size))),
        StyleSpec("footnote text", "FootnoteText", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 40, "line": 240, "lineRule": "auto"}, jc="left"), rpr(size=look.notes_size))),
        StyleSpec("footnote reference", "FootnoteReference", "character", "Default Paragraph Font",
                  lambda look, lists: (None, rpr(superscript=True))),
        StyleSpec("Hyperlink", "Hyperlink", "character", "Default Paragraph Font", lambda look, lists: (
            None, rpr(colour=look.accent_colour if look.accent_colour != look.text_colour else "0563C1", underline=True))),
        StyleSpec("Verbatim Char", "VerbatimChar", "character", "Default Paragraph Font", lambda look, lists: (
            None, rpr(font="Courier New"))),
        StyleSpec("footer", "Footer", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 0, "line": 240, "lineRule": "auto"}, jc="center"), rpr(size=look.notes_size))),
    ]


@dataclass
class Styles:
    """The final w:styles element and the styleId of each style the body uses, by Word's name."""

    element: Any
    ids: dict[str, str]


def build_styles(look: Look, reference: Reference | None, lists: Lists, language: str) -> Styles:
    """Return the styles: the reference's (if any) with ours added where missing, else ours alone."""
    root = reference.styles if reference else default_styles_root(look, language)
    set_language(root, language)
    names = {name.lower(): ident for name, ident in style_names(root).items()}
    for kind, name in (("paragraph", "normal"), ("character", "default paragraph font")):
        default = root.find(f"{qn('w:style')}[@{qn('w:type')}='{kind}'][@{qn('w:default')}='1']")
        if default is not None and name not in names:
            names[name] = default.get(qn("w:styleId"))
    taken = set(names.values())
    missing: list[tuple[StyleSpec, str]] = []
    for spec in style_specs():
        if spec.name.lower() in names:
            continue
        ident = spec.ident
        while ident in taken:
            ident += "Brief"
        names[spec.name.lower()] = ident
        taken.add(ident)
        missing.append((spec, ident))
    for spec, ident in missing:
        root.append(style_element(spec, ident, names, look, lists))
    return Styles(root, names)


def default_styles_root(look: Look, language: str) -> Any:
    """Return a w:styles element holding only the document defaults made from `look`."""
    return el("w:styles", None, el("w:docDefaults", None,
                                   el("w:rPrDefault", None, rpr(font=look.body_font, size=look.body_size, lang=language)),
                                   el("w:pPrDefault", None, ppr(spacing=line_spacing(look)))))


def set_language(root: Any, language: str) -> None:
    """Make `language` the default language of the document's text (spelling, hyphenation)."""
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        root.insert(0, defaults)
    run_default = defaults.find(qn("w:rPrDefault"))
    if run_default is None:
        run_default = el("w:rPrDefault")
        defaults.insert(0, run_default)
    props = run_default.find(qn("w:rPr"))
    if props is None:
        props = el("w:rPr")
        run_default.append(props)
    lang = props.find(qn("w:lang"))
    if lang is None:
        insert_in_order(props, el("w:lang"), ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
        lang = props.find(qn("w:lang"))
    lang.set(qn("w:val"), language)


def style_names(root: Any) -> dict[str, str]:
    """Return {w:name: styleId} of every style in `root`."""
    out: dict[str, str] = {}
    for node in root.findall(qn("w:style")):
        name = node.find(qn("w:name"))
        ident = node.get(qn("w:styleId"))
        if ident:
            out.setdefault(name.get(qn("w:val")) if name is not None else ident, ident)
    return out


def style_element(spec: StyleSpec, ident: str, names: Mapping[str, str], look: Look, lists: Lists) -> Any:
    """Return the w:style element of `spec`, its basedOn and next resolved to styleIds."""
    attrs: dict[str, object] = {"w:type": spec.kind, "w:styleId": ident}
    if "default" in spec.extras:
        attrs["w:default"] = 1
    paragraph_props, run_props = spec.build(look, lists)
    return el("w:style", attrs,
              val("w:name", spec.name),
              val("w:basedOn", names[spec.based_on.lower()]) if spec.based_on else None,
              val("w:next", names[spec.next_name.lower()]) if spec.next_name else None,
              el("w:semiHidden") if "hidden" in spec.extras else None,
              el("w:qFormat") if spec.kind == "paragraph" else None,
              paragraph_props if spec.kind == "paragraph" else None,
              run_props)


# --- the reference.docx --------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """The parts taken over from a reference.docx, checked and parsed."""

    styles: Any
    numbering: Any | None
    theme: bytes | None


def read_reference(path: Path) -> Reference:
    """Return the styles, numbering and theme of the reference.docx at `path`, or raise InputError.

    A reference.docx is user input: refuse one that is not a zip, whose entries are
    too large or too compressed (a zip bomb), or whose XML declares a DTD or entities.
    """
    shown = display(path)

    def refuse(message: str) -> InputError:
        return InputError(Problem(shown, None, "", f"cannot use this reference.docx: {message}"))

    entries = read_xml_entries(path, refuse)
    main = relationship_target(entries, "_rels/.rels", "", "officeDocument", refuse) or "word/document.xml"
    folder = str(PurePosixPath(main).parent)
    rels = f"{folder}/_rels/{PurePosixPath(main).name}.rels"
    targets = {kind: relationship_target(entries, rels, folder, kind, refuse) for kind in ("styles", "numbering", "theme")}
    if not targets["styles"] or targets["styles"] not in entries:
        raise refuse("it holds no styles part (word/styles.xml)")
    styles = safe_xml(entries[targets["styles"]], targets["styles"], refuse)
    if styles.tag != qn("w:styles"):
        raise refuse(f"{targets['styles']} is not a WordprocessingML styles part")
    numbering = None
    if targets["numbering"] in entries:
        numbering = safe_xml(entries[targets["numbering"]], targets["numbering"], refuse)
        if numbering.tag != qn("w:numbering"):
            raise refuse(f"{targets['numbering']} is not a WordprocessingML numbering part")
    theme = None
    if targets["theme"] in entries:
        theme = etree.tostring(safe_xml(entries[targets["theme"]], targets["theme"], refuse),
                               xml_declaration=True, encoding="UTF-8", standalone=True)
    return Reference(styles, numbering, theme)


def read_xml_entries(path: Path, refuse: Callable[[str], InputError]) -> dict[str, bytes]:
    """Return the XML entries of the zip at `path`, after checking every entry's size and ratio."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            check_entries(infos, refuse)
            entries: dict[str, bytes] = {}
            total = 0
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    entries[info.filename] = bounded_read(archive, info, refuse)
                    total += len(entries[info.filename])
                    if total > MAX_TOTAL_BYTES:
                        raise refuse(f"its XML parts hold more than {MAX_TOTAL_BYTES // 2**20} MB")
            return entries
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as error:
        raise refuse(f"it is not a readable DOCX file (a zip archive): {error}") from None
    except OSError as error:
        raise refuse(f"cannot read it: {error.strerror or error}") from None


def check_entries(infos: Sequence[zipfile.ZipInfo], refuse: Callable[[str], InputError]) -> None:
    """Refuse too many entries, an entry too large uncompressed, or a compression ratio of a zip bomb."""
    if len(infos) > MAX_ENTRIES:
        raise refuse(f"it holds {len(infos)} entries; at most {MAX_ENTRIES} are allowed")
    total = 0
    for info in infos:
        if info.file_size > MAX_ENTRY_BYTES:
            raise refuse(f"entry {info.filename} is {info.file_size // 2**20} MB uncompressed; "
                         f"at most {MAX_ENTRY_BYTES // 2**20} MB are allowed")
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(f"entry {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} to 1, "
                         "as zip bombs are")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise refuse(f"its entries hold {total // 2**20} MB uncompressed; at most {MAX_TOTAL_BYTES // 2**20} MB are allowed")


def bounded_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, refuse: Callable[[str], InputError]) -> bytes:
    """Return one entry's bytes, refusing it if it inflates beyond the limit whatever its header says."""
    with archive.open(info) as stream:
        data = stream.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise refuse(f"entry {info.filename} inflates to more than {MAX_ENTRY_BYTES // 2**20} MB")
    return data


def safe_parser() -> etree.XMLParser:
    """Return an XML parser that loads no DTD, resolves no entity and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=True)


def safe_xml(data: bytes, name: str, refuse: Callable[[str], InputError]) -> Any:
    """Return the root of the XML `data` as a python-docx element, refusing DTDs and entities."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise refuse(f"{name} declares a DTD or entities (<!DOCTYPE or <!ENTITY), which a Word document never needs")
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        raise refuse(f"{name} is not well-formed XML: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise refuse(f"{name} declares a DTD or entities, which a Word document never needs")
    return parse_xml(etree.tostring(root))


def relationship_target(entries: Mapping[str, bytes], rels: str, folder: str, kind: str,
                        refuse: Callable[[str], InputError]) -> str | None:
    """Return the zip name of the part a relationship of type `.../kind` in `rels` points to."""
    if rels not in entries:
        return None
    root = safe_xml(entries[rels], rels, refuse)
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}" if folder else target
            return os.path.normpath(joined).replace(os.sep, "/")
    return None


# --- the package's parts -------------------------------------------------------------


def drop_template_extras(package: Any) -> None:
    """Drop the parts of python-docx's template a paper has no use for (thumbnail, custom XML, old styles)."""
    for owner, kinds in ((package.part, (STYLES_WITH_EFFECTS, RT.CUSTOM_XML)),
                         (package.part.package, (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES))):
        for rid in [rid for rid, rel in owner.rels.items() if rel.reltype in kinds]:
            del owner.rels[rid]
    app = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           b'<Application>brief</Application></Properties>')
    part = PackagePart(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app, package.part.package)
    package.part.package.relate_to(part, RT.EXTENDED_PROPERTIES)


def replace_part(package: Any, reltype: str, part: Any) -> None:
    """Relate the document part to `part` instead of its current part of type `reltype`."""
    for rid in [rid for rid, rel in package.part.rels.items() if rel.reltype == reltype]:
        del package.part.rels[rid]
    package.part.relate_to(part, reltype)


def install_parts(package: Any, styles: Any, numbering: Any, reference: Reference | None) -> None:
    """Give the package our styles and numbering parts, and the reference's theme if it has one."""
    opc = package.part.package
    replace_part(package, RT.STYLES, StylesPart(PackURI("/word/styles.xml"), CT.WML_STYLES, styles, opc))
    replace_part(package, RT.NUMBERING, NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING, numbering, opc))
    if reference and reference.theme:
        replace_part(package, RT.THEME, PackagePart(PackURI("/word/theme/theme1.xml"), CT.OFC_THEME, reference.theme, opc))


class Footnotes:
    """The word/footnotes.xml part: the two separators, then one w:footnote per note."""

    def __init__(self, package: Any) -> None:
        self.element = OxmlElement("w:footnotes", nsdecls={"w": W_NS, "r": R_NS})
        for ident, kind, mark in ((-1, "separator", "w:separator"), (0, "continuationSeparator", "w:continuationSeparator")):
            self.element.append(el("w:footnote", {"w:type": kind, "w:id": ident},
                                   el("w:p", None, ppr(spacing={"before": 0, "after": 0, "line": 240, "lineRule": "auto"}),
                                      el("w:r", None, el(mark)))))
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.element, package.part.package)
        package.part.relate_to(self.part, RT.FOOTNOTES)
        self.count = 0

    def add(self, paragraph: Any) -> int:
        """Add a footnote holding `paragraph`; return its id (1, 2, 3 ...)."""
        self.count += 1
        self.element.append(el("w:footnote", {"w:id": self.count}, paragraph))
        return self.count


# --- page estimate for the contents' cached result -----------------------------------

# Average character width of running text, in ems, by font (others: 0.45).
CHAR_WIDTH_EM = {
    "times new roman": 0.40, "liberation serif": 0.40, "georgia": 0.47, "arial": 0.46, "liberation sans": 0.46,
    "helvetica": 0.46, "calibri": 0.42, "carlito": 0.42, "cambria": 0.44, "caladea": 0.44,
}
LINE_HEIGHT_EM = 1.15  # a single line of Times-, Arial- or Calibri-like fonts


@dataclass(frozen=True)
class Flow:
    """How a paragraph style takes up space: size and spacing in points, indent in twips."""

    size: float
    line: float
    before: float
    after: float
    indent: int = 0
    font: str = ""
    keep_next: bool = False


class PageEstimate:
    """Estimate the page on which each paragraph starts, by counting lines and footnote lines.

    Only Word updates a contents field (on opening, since settings.xml asks it to);
    LibreOffice and other readers show its cached result as written. The cached page
    numbers come from this estimate, which is right for most short papers.
    """

    def __init__(self, look: Look, first_page: int) -> None:
        self.look = look
        self.height = (look.page_height - look.margin_top - look.margin_bottom) / TWIPS_PER_PT
        self.page = first_page
        self.used = 0.0
        self.notes = 0.0

    def lines(self, chars: int, size: float, width_twips: int, font: str) -> int:
        """Return the number of lines `chars` characters take at `size` points on a width."""
        em = CHAR_WIDTH_EM.get(font.lower(), 0.45)
        per_line = max(1, int(width_twips / TWIPS_PER_PT / (size * em)))
        return max(1, -(-chars // per_line))

    def note_height(self, chars: int) -> float:
        """Return the height of one footnote of `chars` characters."""
        size = self.look.notes_size
        return self.lines(chars + 4, size, self.look.text_width, self.look.body_font) * size * LINE_HEIGHT_EM + 2

    def new_page(self) -> None:
        """Move on to the top of the next page."""
        self.page += 1
        self.used = 0.0
        self.notes = 0.0

    def flow(self, flow: Flow, chars: int, notes: Sequence[int]) -> int:
        """Lay out one paragraph; return the page on which it starts."""
        line = flow.size * LINE_HEIGHT_EM * flow.line
        lines = self.lines(chars, flow.size, self.look.text_width - flow.indent, flow.font or self.look.body_font)
        notes_height = sum(self.note_height(n) for n in notes)
        if notes and not self.notes:
            notes_height += self.look.notes_size * LINE_HEIGHT_EM + 4
        body_line = self.look.body_size * LINE_HEIGHT_EM * self.look.line
        needed = lines * line + 2 * body_line if flow.keep_next else min(lines, 2) * line
        if self.used and self.used + flow.before + needed + self.notes > self.height:
            self.new_page()
        start = self.page
        self.used += flow.before if self.used else 0
        for index in range(lines):
            extra = notes_height if index == lines - 1 else 0
            if self.used + line + self.notes + extra > self.height and self.used:
                self.new_page()
            self.used += line
        self.notes += notes_height
        self.used += flow.after
        return start


# --- the body ------------------------------------------------------------------------


@dataclass(frozen=True)
class RunFormat:
    """How the runs of an inline sequence look: emphasis, code, inside a link."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False


@dataclass(frozen=True)
class TocEntry:
    """One heading the contents lists: its level, label, text and bookmark."""

    level: int
    label: str
    text: str
    bookmark: str


class BodyWriter:
    """Write the cover, the contents and the parts of a Document into the document part's body."""

    def __init__(self, document: Document, look: Look, ids: Mapping[str, str], numbering: Numbering,
                 lists: Lists, part: Any, footnotes: Footnotes) -> None:
        self.document = document
        self.look = look
        self.ids = ids
        self.numbering = numbering
        self.lists = lists
        self.part = part
        self.footnotes = footnotes
        self.toc: list[TocEntry] = []
        self.headings = 0
        self.flows = flows(look)
        self.estimate: PageEstimate | None = None
        self.pages: dict[str, int] = {}

    def style(self, name: str) -> str:
        """Return the styleId of the style Word calls `name`."""
        return self.ids[name.lower()]

    def write(self, package: Any) -> None:
        """Fill the body: cover (own section), contents, then every part."""
        body = package.element.body
        final_section = body.find(qn("w:sectPr"))
        for child in list(body):
            if child is not final_section:
                body.remove(child)
        self.planned_toc()
        self.estimate = PageEstimate(self.look, first_page=2 + self.contents_pages())
        parts = [node for index, part in enumerate(self.document.parts) for node in self.part_blocks(part, index == 0)]
        self.estimate = None
        for node in self.cover(final_section) + self.contents() + parts:
            final_section.addprevious(node)

    # -- cover and contents --

    def cover(self, final_section: Any) -> list[Any]:
        """Return the cover's paragraphs; the last one ends the cover's own section."""
        cover = self.document.cover
        out: list[Any] = []
        if cover.country:
            out.append(self.paragraph("Cover Text", (Text(cover.country),), spacing={"before": 1440}))
        out.append(self.paragraph("Title", (Text(cover.title),), spacing=None if cover.country else {"before": 1440}))
        if cover.subtitle:
            out.append(self.paragraph("Subtitle", (Text(cover.subtitle),)))
        if cover.date:
            out.append(self.paragraph("Cover Text", (Text(cover.date),)))
        if cover.organisations:
            out.append(self.paragraph("Cover Label", (Text(cover.submitted_by),)))
            out.extend(self.paragraph("Cover Text", (Text(name),)) for name in cover.organisations)
        section = copy.deepcopy(final_section)
        for reference in section.findall(qn("w:headerReference")) + section.findall(qn("w:footerReference")):
            section.remove(reference)
        out[-1].find(qn("w:pPr")).append(section)
        return out

    def contents(self) -> list[Any]:
        """Return the contents heading and a TOC field whose cached result lists the headings."""
        heading = self.paragraph("TOC Heading", (Text(self.document.label("contents")),))
        entries = [self.toc_entry(entry) for entry in self.toc]
        if not entries:
            return [heading]
        begin = field_runs('TOC \\o "1-2" \\h \\z \\u', "")
        entries[0].find(qn("w:pPr")).addnext(begin[0])
        begin[0].addnext(begin[1])
        begin[1].addnext(begin[2])
        entries[-1].append(begin[4])
        return [heading, *entries]

    def planned_toc(self) -> list[TocEntry]:
        """Return the headings the parts will carry, with the bookmarks they will get, in order."""
        entries: list[TocEntry] = []
        for part in self.document.parts:
            entries.append(TocEntry(1, part.label, plain_text(part.title), bookmark_name(len(entries) + 1)))
            for block in part.blocks:
                if isinstance(block, Subheading):
                    entries.append(TocEntry(2, "", plain_text(block.content), bookmark_name(len(entries) + 1)))
        self.toc = entries
        return entries

    def contents_pages(self) -> int:
        """Return how many pages the contents will take, by its number of entries."""
        height = (self.look.page_height - self.look.margin_top - self.look.margin_bottom) / TWIPS_PER_PT
        entry = self.look.body_size * LINE_HEIGHT_EM * self.look.line + 6
        needed = self.look.heading1_size * LINE_HEIGHT_EM + 6 + len(self.toc) * entry
        return max(1, -(-int(needed) // int(height)))

    def toc_entry(self, entry: TocEntry) -> Any:
        """Return one paragraph of the contents: label, title, dot leader, page reference, as a link."""
        runs: list[Any] = []
        if entry.label:
            runs += [el("w:r", None, text_element(entry.label)), el("w:r", None, el("w:tab"))]
        runs += [el("w:r", None, text_element(entry.text)), el("w:r", None, el("w:tab"))]
        runs += field_runs(f"PAGEREF {entry.bookmark} \\h", str(self.pages.get(entry.bookmark, "")))
        link = el("w:hyperlink", {"w:anchor": entry.bookmark, "w:history": 1}, *runs)
        style = "toc 1" if entry.level == 1 else "toc 2"
        return el("w:p", None, ppr(style=self.style(style), tabs=[("right", self.look.text_width, "dot")]), link)

    # -- parts and blocks --

    def part_blocks(self, part: Part, first: bool) -> list[Any]:
        """Return the paragraphs of one part: its heading, then its blocks."""
        out = [self.heading(1, part.label, part.title, page_break_before=first)]
        for block in part.blocks:
            out.extend(self.block(block))
        return out

    def heading(self, level: int, label: str, title: Sequence[Inline], page_break_before: bool = False) -> Any:
        """Return a Heading 1 or 2 paragraph, its label hanging in the margin, bookmarked for the contents."""
        self.headings += 1
        index = self.headings
        style = self.style("heading 1" if level == 1 else "heading 2")
        props = ppr(style=style, page_break_before=page_break_before, ind={"hanging": HANG} if label else None)
        runs = ([el("w:r", None, text_element(label)), el("w:r", None, el("w:tab"))] if label else []) + self.runs(title)
        name = bookmark_name(index)
        self.flow("heading 1" if level == 1 else "heading 2", title, name)
        return el("w:p", None, props, el("w:bookmarkStart", {"w:id": index, "w:name": name}), *runs,
                  el("w:bookmarkEnd", {"w:id": index}))

    def block(self, block: Any) -> list[Any]:
        """Return the paragraphs of one block."""
        if isinstance(block, Paragraph):
            if block.number is not None:
                return [self.paragraph("Numbered Paragraph", block.content, num=(self.lists.paragraphs, 0))]
            return [self.paragraph("Normal", block.content)]
        if isinstance(block, Subheading):
            return [self.heading(2, "", block.content)]
        if isinstance(block, BulletList):
            return [self.paragraph("List Bullet", item.content, num=(self.lists.bullets, 0)) for item in block.items]
        if isinstance(block, Recommendations):
            return self.recommendations(block)
        if isinstance(block, SourceList):
            return [self.paragraph("Bibliography", entry.content) for entry in block.entries]
        if isinstance(block, Contacts):
            return self.contacts(block)
        raise RenderError(f"the DOCX renderer cannot show a {type(block).__name__} block")

    def recommendations(self, block: Recommendations) -> list[Any]:
        """Return an optional small heading and a lettered list (a), (b) ... restarting at (a)."""
        num = self.numbering.add_num(self.lists.letters_abstract, restart=True)
        out = [self.paragraph("Recommendations Heading", (Text(block.heading),))] if block.heading else []
        return out + [self.paragraph("Recommendation", item.content, num=(num, 0)) for item in block.items]

    def contacts(self, block: Contacts) -> list[Any]:
        """Return each organisation's name (bold), description and contact."""
        out: list[Any] = []
        for organisation in block.organisations:
            name: tuple[Inline, ...] = (Strong((Text(organisation.name),)),)
            if organisation.short and organisation.short != organisation.name:
                name += (Text(f" ({organisation.short})"),)
            out.append(self.paragraph("Organisation", name))
            for content in (organisation.about, organisation.contact):
                if content:
                    out.append(self.paragraph("Normal", content))
        return out

    def paragraph(self, style: str, content: Sequence[Inline], num: tuple[int, int] | None = None,
                  spacing: Mapping[str, object] | None = None) -> Any:
        """Return a w:p in style `style` (Word's name) holding the runs of `content`."""
        self.flow(style, content)
        return el("w:p", None, ppr(style=self.style(style), num=num, spacing=spacing), *self.runs(content))

    def flow(self, style: str, content: Sequence[Inline], bookmark: str = "") -> None:
        """Count the paragraph into the page estimate (while writing the parts); note a heading's page."""
        if self.estimate is None:
            return
        notes = [len(plain_text(node.content)) for node in walk(content) if isinstance(node, Note)]
        flow = self.flows.get(style, self.flows["Normal"])
        page = self.estimate.flow(flow, len(plain_text(tuple(content), notes=True)), notes)
        if bookmark:
            self.pages[bookmark] = page

    # -- inlines --

    def runs(self, inlines: Sequence[Inline], fmt: RunFormat = RunFormat(), part: Any | None = None) -> list[Any]:
        """Return the runs (and hyperlinks) of `inlines`; notes become footnote references unless in a note."""
        target = part if part is not None else self.part
        out: list[Any] = []
        for node in inlines:
            if isinstance(node, Text):
                out.append(self.text_run(node.text, fmt))
            elif isinstance(node, Code):
                out.append(self.text_run(node.text, replace(fmt, code=True)))
            elif isinstance(node, Emph):
                out += self.runs(node.children, replace(fmt, italic=not fmt.italic), part)
            elif isinstance(node, Strong):
                out += self.runs(node.children, replace(fmt, bold=True), part)
            elif isinstance(node, LineBreak):
                out.append(el("w:r", None, self.run_props(fmt), el("w:br")))
            elif isinstance(node, Link):
                out += self.link(node, fmt, target, part)
            elif isinstance(node, Note) and part is None:
                out.append(self.note(node))
        return out

    def link(self, node: Link, fmt: RunFormat, target: Any, part: Any | None) -> list[Any]:
        """Return a w:hyperlink to the link's address (an external relationship of `target`)."""
        if fmt.link or not SAFE_LINK.match(node.url):  # a second line of defence: only web and mail addresses
            return self.runs(node.children, fmt, part)
        rid = target.relate_to(node.url, RT.HYPERLINK, is_external=True)
        return [el("w:hyperlink", {"r:id": rid, "w:history": 1}, *self.runs(node.children, replace(fmt, link=True), part))]

    def note(self, node: Note) -> Any:
        """Add the note's footnote; return the w:footnoteReference run calling it."""
        props = ppr(style=self.style("footnote text"))
        mark = el("w:r", None, rpr(style=self.style("footnote reference")), el("w:footnoteRef"))
        paragraph = el("w:p", None, props, mark, el("w:r", None, text_element(" ")),
                       *self.runs(node.content, part=self.footnotes.part))
        ident = self.footnotes.add(paragraph)
        return el("w:r", None, rpr(style=self.style("footnote reference")), el("w:footnoteReference", {"w:id": ident}))

    def text_run(self, text: str, fmt: RunFormat) -> Any:
        """Return one run of `text`, its tabs and line breaks as Word's own."""
        run = el("w:r", None, self.run_props(fmt))
        for index, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if index:
                run.append(el("w:br"))
            for position, piece in enumerate(line.split("\t")):
                if position:
                    run.append(el("w:tab"))
                if piece:
                    run.append(text_element(piece))
        return run

    def run_props(self, fmt: RunFormat) -> Any | None:
        """Return the w:rPr of a run in `fmt`, or None when plain."""
        style = self.style("Verbatim Char") if fmt.code else self.style("Hyperlink") if fmt.link else None
        if not (style or fmt.bold or fmt.italic):
            return None
        return rpr(style=style, bold=fmt.bold, italic=fmt.italic)


def flows(look: Look) -> dict[str, Flow]:
    """Return how each paragraph style takes up space, for the page estimate."""
    body = Flow(look.body_size, look.line, 0, look.after)
    return {
        "Normal": body,
        "heading 1": Flow(look.heading1_size, 1.0, 18, 6, font=look.heading_font, keep_next=True),
        "heading 2": Flow(look.heading2_size, 1.0, 12, 6, font=look.heading_font, keep_next=True),
        "List Bullet": replace(body, indent=HANG),
        "Recommendation": replace(body, indent=2 * HANG),
        "Recommendations Heading": replace(body, before=6, keep_next=True),
        "Bibliography": replace(body, indent=HANG),
        "Organisation": replace(body, before=12, after=3, keep_next=True),
    }


def bookmark_name(index: int) -> str:
    """Return the hidden bookmark name of the `index`th heading (Word's _Toc prefix)."""
    return f"_Toc{index:08d}"


# --- page, footer, settings, properties ----------------------------------------------


def set_page(package: Any, look: Look) -> None:
    """Give every section the style's page size and margins."""
    for section in package.sections:
        section.page_width, section.page_height = Twips(look.page_width), Twips(look.page_height)
        section.top_margin, section.bottom_margin = Twips(look.margin_top), Twips(look.margin_bottom)
        section.left_margin, section.right_margin = Twips(look.margin_left), Twips(look.margin_right)
        section.header_distance = Twips(min(708, look.margin_top // 2))
        section.footer_distance = Twips(min(708, look.margin_bottom // 2))


def add_footer(package: Any, document: Document, ids: Mapping[str, str]) -> None:
    """Give the section after the cover a footer "page N of M" with PAGE and NUMPAGES fields."""
    footer = package.sections[-1].footer
    footer.is_linked_to_previous = False
    root = footer.part.element
    for child in list(root):
        root.remove(child)
    wording = document.meta.labels.get("page_of", "{page} / {pages}")
    paragraph = el("w:p", None, ppr(style=ids["footer"]))
    for piece in re.split(r"(\{page\}|\{pages\})", wording):
        if piece == "{page}":
            paragraph.extend(field_runs("PAGE", "1"))
        elif piece == "{pages}":
            paragraph.extend(field_runs("NUMPAGES", "1"))
        elif piece:
            paragraph.append(el("w:r", None, text_element(piece)))
    root.append(paragraph)


SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


def set_settings(package: Any) -> None:
    """Ask Word to update fields (the contents) on opening, and name the footnote separators."""
    settings = package.settings.element
    for tag in ("w:updateFields", "w:footnotePr"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    insert_in_order(settings, val("w:updateFields", "true"), SETTINGS_AFTER_UPDATE_FIELDS)
    separators = el("w:footnotePr", None, el("w:footnote", {"w:id": -1}), el("w:footnote", {"w:id": 0}))
    insert_in_order(settings, separators, SETTINGS_AFTER_UPDATE_FIELDS[2:])


def build_time(document: Document) -> dt.datetime:
    """Return the build's time: SOURCE_DATE_EPOCH when set, else midnight UTC of the paper's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970; got '{epoch}'")
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.combine(document.meta.date, dt.time())


def set_properties(package: Any, document: Document, when: dt.datetime) -> None:
    """Write title, authors, subject, keywords, language and dates into the core properties."""
    meta = document.meta
    props = package.core_properties
    props.title = meta.title
    props.author = "; ".join(meta.authors)
    props.last_modified_by = "; ".join(meta.authors)
    props.subject = meta.subject
    props.keywords = ", ".join(meta.keywords)
    props.language = meta.language
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = dt.datetime.combine(meta.date, dt.time())
    props.modified = when


def normalised_zip(data: bytes, when: dt.datetime) -> bytes:
    """Return the zip `data` rewritten with every entry dated `when`, in the same order, so builds repeat."""
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(info))
    return out.getvalue()
