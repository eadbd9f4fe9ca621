"""Turn python-docx's blank package into the paper's: its parts, footnotes, page, head and foot, settings, properties, zip.

Drop the template's extras, install our styles and numbering (and a reference's
theme), hold the `word/footnotes.xml` part, set page size and margins, write the
running head (the short title) and the footer with PAGE and NUMPAGES fields, ask
Word to update fields on opening, fill the core properties from the Document's metadata, and rewrite the zip with fixed
timestamps, so the same Document always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any, Mapping

from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part as PackagePart
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.parts.numbering import NumberingPart
from docx.parts.styles import StylesPart
from docx.shared import Twips

from compiler.document.model import Document
from compiler.render.docx.elements import R_NS, W_NS, el, field_runs, insert_in_order, ppr, text_element, val
from compiler.render.docx.look import Look, package_language
from compiler.render.docx.reference import Reference

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

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


# --- page, footer, settings, properties ----------------------------------------------


def set_page(package: Any, look: Look) -> None:
    """Give every section the style's page size, orientation and margins."""
    for section in package.sections:
        if look.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Twips(look.page_width), Twips(look.page_height)
        section.top_margin, section.bottom_margin = Twips(look.margin_top), Twips(look.margin_bottom)
        section.left_margin, section.right_margin = Twips(look.margin_left), Twips(look.margin_right)
        section.header_distance = Twips(min(708, look.margin_top // 2))
        section.footer_distance = Twips(min(708, look.margin_bottom // 2))


def add_header(package: Any, document: Document, ids: Mapping[str, str]) -> None:
    """Give the section after the cover the running head of the PDF: the paper's short title, in style header."""
    root = own_part(package.sections[-1].header)
    root.append(el("w:p", None, ppr(style=ids["header"]), el("w:r", None, text_element(document.meta.short_title))))


def own_part(furniture: Any) -> Any:
    """Return the emptied root of a header or footer of its own (not linked to the previous section's)."""
    furniture.is_linked_to_previous = False
    root = furniture.part.element
    for child in list(root):
        root.remove(child)
    return root


def add_footer(package: Any, document: Document, ids: Mapping[str, str]) -> None:
    """Give the section after the cover a footer "page N of M" with PAGE and NUMPAGES fields."""
    root = own_part(package.sections[-1].footer)
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


# The settings after w:doNotHyphenateCaps, up to w:updateFields (ECMA-376 CT_Settings, in order).
SETTINGS_AFTER_HYPHENATION = (
    "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
    "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
    "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
    "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore", "w:savePreviewPicture",
    "w:doNotValidateAgainstSchema", "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving", "w:saveThroughXslt", "w:showXMLTags",
    "w:alwaysMergeEmptyNamespace", "w:updateFields",
) + SETTINGS_AFTER_UPDATE_FIELDS


def set_settings(package: Any, language: str) -> None:
    """Ask Word to update fields (the contents) on opening, name the footnote separators, and leave hyphenation off.

    The theme fonts' language (w:themeFontLang) becomes the paper's `language`.

    Word can keep from hyphenating words in capitals only (`w:doNotHyphenateCaps`), not
    words that begin with one: with automatic hyphenation on, it would hyphenate names
    ("Zhana-ozen"). So the DOCX asks for none (`w:autoHyphenation` false), and who turns
    it on in Word keeps acronyms (OSCE, UNESCO) whole.
    """
    settings = package.settings.element
    for tag in ("w:updateFields", "w:footnotePr", "w:autoHyphenation", "w:doNotHyphenateCaps"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    insert_in_order(settings, val("w:autoHyphenation", "false"), ("w:doNotHyphenateCaps",) + SETTINGS_AFTER_HYPHENATION)
    insert_in_order(settings, el("w:doNotHyphenateCaps"), SETTINGS_AFTER_HYPHENATION)
    insert_in_order(settings, val("w:updateFields", "true"), SETTINGS_AFTER_UPDATE_FIELDS)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), language)
    separators = el("w:footnotePr", None, el("w:footnote", {"w:id": -1}), el("w:footnote", {"w:id": 0}))
    insert_in_order(settings, separators, SETTINGS_AFTER_UPDATE_FIELDS[2:])


def build_time(document: Document, when: dt.datetime | None) -> dt.datetime:
    """Return the time to record, in UTC without a zone: the build's time `when`, else midnight of the paper's date."""
    if when is not None:
        return when.astimezone(dt.timezone.utc).replace(tzinfo=None)
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
    props.language = package_language(document)
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
