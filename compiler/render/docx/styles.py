"""Turn a Look (and a reference.docx's styles, if any) into the w:styles element the paper uses.

Word's built-in styles (Normal, Title, Subtitle, Heading 1 and 2, TOC Heading, toc 1
and 2, List Bullet, footnote text, footnote reference, Hyperlink, header, footer,
Bibliography) plus a few of our own (Numbered Paragraph, Recommendation,
Recommendations Heading, Organisation, Cover Text, Cover Country, Cover Label, Table Text), made from the
style's `style.yaml`, or taken over from its `reference.docx` as pandoc's
`--reference-doc` does (styles found by their name, missing ones added). Either way
Heading 1 and 2 are linked to the headings' list, so parts are numbered by Word.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from docx.oxml.ns import qn

from compiler.render.docx.elements import el, insert_in_order, line_spacing, ppr, rpr, val
from compiler.render.docx.look import HANG, MM_35, Look
from compiler.render.docx.numbering import HEADING_INDENT, HEADING_INDENT_SUB, Lists
from compiler.render.docx.reference import Reference


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
                        jc="left", outline=level - 1),
                    rpr(font=look.heading_font, bold=True, italic=level == 2, colour=look.accent_colour, size=size))
        return build

    return [
        StyleSpec("Normal", "Normal", "paragraph", None, body, extras=("default",)),
        StyleSpec("Default Paragraph Font", "DefaultParagraphFont", "character", None,
                  lambda look, lists: (None, None), extras=("default", "hidden")),
        StyleSpec("Title", "Title", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, border_bottom=None if look.cover_centred else look.accent_colour,
                spacing={"before": 0, "after": 454 if look.cover_centred else 240, "line": 240, "lineRule": "auto"},
                jc=cover_jc(look)),
            rpr(font=look.heading_font, bold=True, colour=look.accent_colour, size=look.title_size)), "Subtitle"),
        StyleSpec("Subtitle", "Subtitle", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 0, "after": 794 if look.cover_centred else 360}, jc=cover_jc(look)),
            rpr(font=look.heading_font, italic=look.cover_centred, colour=look.text_colour, size=look.subtitle_size)), "Normal"),
        StyleSpec("heading 1", "Heading1", "paragraph", "Normal", heading(1), "Normal"),
        StyleSpec("heading 2", "Heading2", "paragraph", "Normal", heading(2), "Normal"),
        StyleSpec("TOC Heading", "TOCHeading", "paragraph", "heading 1", lambda look, lists: (
            ppr(num=(0, 0), spacing={"before": 0}, ind={"left": 0, "firstLine": 0}, outline=9), None), "Normal"),
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
            ppr(keep_lines=True, ind={"left": HANG, "hanging": HANG}, jc="left"), None)),
        StyleSpec("Organisation", "Organisation", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 240, "after": 60}, jc="left"), rpr(bold=True)), "Normal"),
        StyleSpec("Cover Text", "CoverText", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"after": 60}, jc=cover_jc(look)), rpr(font=look.heading_font, size=look.subtitle_size - 2))),
        StyleSpec("Cover Country", "CoverCountry", "paragraph", "Cover Text", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 2268 if look.cover_centred else 1440, "after": 1020 if look.cover_centred else 340}),
            rpr(caps=True, size=look.subtitle_size)), "Title"),
        StyleSpec("Cover Label", "CoverLabel", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 2268 if look.cover_centred else 480, "after": 120},
                border_top=look.text_colour if look.cover_centred else None,
                ind={"left": MM_35, "right": MM_35} if look.cover_centred else None, jc=cover_jc(look)),
            rpr(font=look.heading_font, bold=not look.cover_centred, caps=True,
                colour=look.text_colour if look.cover_centred else look.accent_colour, size=look.notes_size))),
        StyleSpec("Table Text", "TableText", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 0, "line": 240, "lineRule": "auto"}, ind={"left": 0, "firstLine": 0}, jc="left"),
            rpr(size=look.notes_size + 1))),
        StyleSpec("footnote text", "FootnoteText", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 40, "line": 240, "lineRule": "auto"}, jc="left"), rpr(size=look.notes_size))),
        StyleSpec("footnote reference", "FootnoteReference", "character", "Default Paragraph Font",
                  lambda look, lists: (None, rpr(superscript=True))),
        StyleSpec("Hyperlink", "Hyperlink", "character", "Default Paragraph Font", lambda look, lists: (
            None, rpr(colour=look.accent_colour if look.accent_colour != look.text_colour else "0563C1", underline=True))),
        StyleSpec("Verbatim Char", "VerbatimChar", "character", "Default Paragraph Font", lambda look, lists: (
            None, rpr(font="Courier New"))),
        StyleSpec("header", "Header", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 0, "line": 240, "lineRule": "auto"}, jc="left"),
            rpr(font=look.body_font, italic=True, colour=look.text_colour, size=look.notes_size))),
        StyleSpec("footer", "Footer", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"before": 0, "after": 0, "line": 240, "lineRule": "auto"}, jc="center"), rpr(size=look.notes_size))),
    ]


def cover_jc(look: Look) -> str:
    """Return how the cover's paragraphs align: centred, as un-submission's PDF cover, or left."""
    return "center" if look.cover_centred else "left"


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
    if reference is not None and "title" in names:
        look = dataclasses.replace(look, cover_centred=paragraph_jc(root, names["title"]) == "center")
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
    number_headings(root, names, lists)
    return Styles(root, names)


#: The children of w:pPr after w:numPr, and after w:ind, in the schema's order (ECMA-376 CT_PPrBase).
AFTER_IND = ("w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
             "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
             "w:sectPr", "w:pPrChange")
AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
               "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind") + AFTER_IND


def number_headings(root: Any, names: Mapping[str, str], lists: Lists) -> None:
    """Link Heading 1 and 2 (ours or a reference's) to the headings' list, and unlink the styles based on them.

    Each heading style names its level of the list (w:numPr) and takes that level's
    indents, so Word and LibreOffice number a new Heading 1 as the next part; a style
    based on a heading (TOC Heading) that names no list of its own is numbered by none
    and, unless it says otherwise, not indented.
    """
    levels = {names["heading 1"]: (0, HEADING_INDENT), names["heading 2"]: (1, HEADING_INDENT_SUB)}
    for node in root.findall(qn("w:style")):
        ident = node.get(qn("w:styleId"))
        based = node.find(qn("w:basedOn"))
        if ident in levels:
            level, ind = levels[ident]
            set_paragraph_props(node, el("w:numPr", None, val("w:ilvl", level), val("w:numId", lists.headings)),
                                el("w:ind", {f"w:{k}": v for k, v in ind.items()}))
        elif based is not None and based.get(qn("w:val")) in levels and node.get(qn("w:type")) == "paragraph":
            props = node.find(qn("w:pPr"))
            if props is None or props.find(qn("w:numPr")) is None:
                own_ind = props is not None and props.find(qn("w:ind")) is not None
                set_paragraph_props(node, el("w:numPr", None, val("w:ilvl", 0), val("w:numId", 0)),
                                    None if own_ind else el("w:ind", {"w:left": 0, "w:firstLine": 0}))


def set_paragraph_props(style: Any, num: Any, ind: Any | None) -> None:
    """Give the paragraph style `style` the w:numPr `num` and the w:ind `ind` (if any), replacing its own."""
    props = style.find(qn("w:pPr"))
    if props is None:
        props = el("w:pPr")
        insert_in_order(style, props, ("w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"))
    for tag, node, successors in (("w:numPr", num, AFTER_NUMPR), ("w:ind", ind, AFTER_IND)):
        if node is None:
            continue
        for old in props.findall(qn(tag)):
            props.remove(old)
        insert_in_order(props, node, successors)


def paragraph_jc(root: Any, ident: str) -> str:
    """Return the alignment (w:jc) the paragraph style `ident` of `root` sets, or that of the style it is based on ("left" if none)."""
    seen: set[str] = set()
    while ident and ident not in seen:
        seen.add(ident)
        style = root.find(f"{qn('w:style')}[@{qn('w:styleId')}='{ident}']")
        if style is None:
            break
        jc = style.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        if jc is not None:
            return jc.get(qn("w:val"))
        based = style.find(qn("w:basedOn"))
        ident = based.get(qn("w:val")) if based is not None else ""
    return "left"


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
