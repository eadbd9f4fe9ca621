"""Turn a Look (and a reference.docx's styles, if any) into the w:styles element the paper uses.

Word's built-in styles (Normal, Title, Subtitle, Heading 1 and 2, TOC Heading, toc 1
and 2, List Bullet, footnote text, footnote reference, Hyperlink, footer,
Bibliography) plus a few of our own (Numbered Paragraph, Recommendation,
Recommendations Heading, Organisation, Cover Text, Cover Label, Table Text), made from the
style's `style.yaml`, or taken over from its `reference.docx` as pandoc's
`--reference-doc` does (styles found by their name, missing ones added).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from docx.oxml.ns import qn

from compiler.render.docx.elements import el, insert_in_order, line_spacing, ppr, rpr, val
from compiler.render.docx.look import HANG, Look
from compiler.render.docx.numbering import Lists
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
            ppr(keep_lines=True, ind={"left": HANG, "hanging": HANG}, jc="left"), None)),
        StyleSpec("Organisation", "Organisation", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 240, "after": 60}, jc="left"), rpr(bold=True)), "Normal"),
        StyleSpec("Cover Text", "CoverText", "paragraph", "Normal", lambda look, lists: (
            ppr(spacing={"after": 60}, jc="left"), rpr(font=look.heading_font, size=look.subtitle_size - 2))),
        StyleSpec("Cover Label", "CoverLabel", "paragraph", "Normal", lambda look, lists: (
            ppr(keep_next=True, spacing={"before": 480, "after": 120}, jc="left"),
            rpr(font=look.heading_font, bold=True, caps=True, colour=look.accent_colour, size=look.notes_size))),
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
