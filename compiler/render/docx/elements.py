"""Turn names, properties and text into WordprocessingML elements: paragraph and run properties, text, fields.

python-docx has no API for most of what the paper needs, so every module of the
renderer builds its XML with these helpers, children in the schema's order.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping, Sequence

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser

from compiler.render.docx.look import TWIPS_PER_PT, Look

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _tag(tag: str) -> tuple[str, dict[str, str]]:
    """Return the Clark name and namespace map of a prefixed tag, as python-docx's OxmlElement makes them."""
    prefix, local = tag.split(":")
    uri = nsmap[prefix]
    return f"{{{uri}}}{local}", {prefix: uri}


def el(tag: str, attrs: Mapping[str, object] | None = None, *children: Any) -> Any:
    """Return a new element `tag` ("w:p") with prefixed attributes ("w:val") and children.

    What python-docx's `OxmlElement` does, with each tag's names worked out once: a
    paper makes some 2,500 elements.
    """
    clark, nsmap = _tag(tag)
    node = oxml_parser.makeelement(clark, nsmap=nsmap)
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
        border_bottom: str | None = None, border_top: str | None = None, tabs: Sequence[tuple[str, int, str]] = (),
        spacing: Mapping[str, object] | None = None, ind: Mapping[str, object] | None = None,
        contextual: bool = False, jc: str | None = None, outline: int | None = None) -> Any:
    """Return a w:pPr with its children in the schema's order; `num` is (numId, ilvl); borders are colours."""
    node = el("w:pPr")
    if style:
        node.append(val("w:pStyle", style))
    for flag, tag in ((keep_next, "w:keepNext"), (keep_lines, "w:keepLines"), (page_break_before, "w:pageBreakBefore")):
        if flag:
            node.append(el(tag))
    if num:
        node.append(el("w:numPr", None, val("w:ilvl", num[1]), val("w:numId", num[0])))
    if border_top or border_bottom:
        node.append(el("w:pBdr", None, *(el(f"w:{side}", {"w:val": "single", "w:sz": size, "w:space": 6, "w:color": colour})
                                         for side, size, colour in (("top", 4, border_top), ("bottom", 8, border_bottom))
                                         if colour)))
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
