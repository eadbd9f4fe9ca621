"""Turn a style's reference.docx into one that agrees with its style.yaml (a maintainer's tool, not installed).

A reference.docx replaces the DOCX's Word styles (docs/docx.md), so where it names other
fonts, sizes, spacing, colours or justification than style.yaml, the DOCX and the PDF of
the style differ. This script rewrites, in the reference's `word/styles.xml`, what
style.yaml decides:

- the document defaults: the body font and size, the line spacing and the space after;
- `Normal`: the body font, size and text colour, line spacing, space after, justification;
- `Title`, `heading 1`, `heading 2`: the heading font, their size, the accent colour;
- `Subtitle`: the heading font, its size, the text colour.

What is decided, and how `brief check` reads it back, is `decided_styles` in
`compiler/reference_docx.py`: the values our renderer gives the same styles without a
reference.docx. Everything else stays as it was: the styles' other properties, the other
styles, the theme, the list definitions, the settings, and every other entry of the zip,
byte for byte, with its date. Running it again changes nothing. The shipped `styles/ngo-briefing/reference.docx` is made with it:

    .venv/bin/python tests/tools/make_reference.py styles/ngo-briefing

It lives outside `styles/` because that folder is installed with the product.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

from compiler.reference_docx import decided_styles, w
from compiler.style import StyleSettings, find_style

STYLES = "word/styles.xml"

# Children of w:rPr and w:pPr in the schema's order, as far as this script writes them.
RUN_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
             "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
             "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
             "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
PARAGRAPH_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
                   "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
                   "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
                   "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
                   "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
                   "rPr", "sectPr", "pPrChange")
# Children of w:style in the schema's order: where a style's w:pPr and w:rPr go.
STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
               "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose",
               "personalReply", "rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")


def child(parent: etree._Element, name: str, order: tuple[str, ...]) -> etree._Element:
    """Return `parent`'s child `name`, added in the schema's `order` if missing."""
    found = parent.find(w(name))
    if found is not None:
        return found
    made = etree.Element(w(name))
    later = {w(tag) for tag in order[order.index(name) + 1:]}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, made)
            return made
    parent.append(made)
    return made


def set_settings(rpr: etree._Element, ppr: etree._Element | None, decided: dict[str, object]) -> None:
    """Write the `decided` settings (`decided_styles`) into run properties `rpr` and paragraph properties `ppr`."""
    if "font" in decided:
        fonts = child(rpr, "rFonts", RUN_ORDER)
        for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(w(theme), None)
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(w(script), str(decided["font"]))
    if "colour" in decided:
        color = child(rpr, "color", RUN_ORDER)
        for theme in ("themeColor", "themeShade", "themeTint"):
            color.attrib.pop(w(theme), None)
        color.set(w("val"), str(decided["colour"]))
    if "size" in decided:
        for tag in ("sz", "szCs"):
            child(rpr, tag, RUN_ORDER).set(w("val"), str(round(float(decided["size"]) * 2)))
    if "line" in decided:
        spacing = child(ppr, "spacing", PARAGRAPH_ORDER)
        spacing.set(w("after"), str(round(float(decided["after"]) * 20)))
        spacing.set(w("line"), str(round(float(decided["line"]) * 240)))
        spacing.set(w("lineRule"), "auto")
    if "jc" in decided:
        child(ppr, "jc", PARAGRAPH_ORDER).set(w("val"), str(decided["jc"]))


def style_named(root: etree._Element, name: str) -> etree._Element:
    """Return the w:style whose w:name is `name` (Word's names, case aside), or exit naming it."""
    for style in root.iter(w("style")):
        found = style.find(w("name"))
        if found is not None and found.get(w("val"), "").lower() == name.lower():
            return style
    sys.exit(f"the reference.docx has no style named {name!r}")


def agree(root: etree._Element, settings: StyleSettings) -> None:
    """Rewrite the w:styles element `root` so that it says what style.yaml's `settings` decide."""
    defaults = child(root, "docDefaults", ("docDefaults", "latentStyles", "style"))
    for name, decided in decided_styles(settings).items():
        if name is None:
            rpr = child(child(defaults, "rPrDefault", ("rPrDefault", "pPrDefault")), "rPr", ("rPr",))
            ppr = child(child(defaults, "pPrDefault", ("rPrDefault", "pPrDefault")), "pPr", ("pPr",))
        else:
            style = style_named(root, name)
            ppr = child(style, "pPr", STYLE_ORDER) if {"line", "jc"} & decided.keys() else None
            rpr = child(style, "rPr", STYLE_ORDER)
        set_settings(rpr, ppr, decided)


def agreeing_reference(data: bytes, settings: StyleSettings) -> bytes:
    """Return the reference.docx `data` with its styles part rewritten to agree with style.yaml's `settings`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = source.read(info)
            if info.filename == STYLES:
                root = etree.fromstring(entry, etree.XMLParser(resolve_entities=False, no_network=True))
                agree(root, settings)
                entry = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, entry)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """Rewrite the reference.docx of the style folder named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a style folder holding style.yaml and reference.docx")
    folder = parser.parse_args(argv).folder.resolve()
    style = find_style(folder.name, folder.parent)
    if style.reference_docx is None:
        sys.exit(f"{folder} holds no reference.docx")
    data = style.reference_docx.read_bytes()
    style.reference_docx.write_bytes(agreeing_reference(data, style.settings))


if __name__ == "__main__":
    main()
