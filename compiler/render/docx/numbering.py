"""Turn the paper's lists into a w:numbering element: paragraph numbers, bullets, lettered recommendations.

One list definition for the paragraph numbers (continuous, hanging in the margin),
one for bullets and one for the lettered recommendations, restarted per list by a
new `w:num` with a `w:startOverride`; a reference.docx's own definitions come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from docx.oxml.ns import qn

from compiler.render.docx.elements import el, insert_in_order, ppr, val
from compiler.render.docx.look import HANG


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
