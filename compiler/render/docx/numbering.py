"""Turn the paper's lists into a w:numbering element: part numerals, paragraph numbers, bullets, lettered recommendations.

One multilevel list for the headings (level 1 "I.", "II." ... linked to Heading 1;
level 2, linked to Heading 2, prints nothing, as the PDF numbers no sub-part), one
list definition for the paragraph numbers (continuous, hanging in the margin), one
for bullets and one for the lettered recommendations, restarted per list by a new
`w:num` with a `w:startOverride`; a reference.docx's own definitions come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from docx.oxml.ns import qn

from compiler.render.docx.elements import el, insert_in_order, ppr, val
from compiler.render.docx.look import HANG


@dataclass(frozen=True)
class Lists:
    """The numbering ids the body uses: paragraph numbers, bullets, the recommendations' abstract list, the headings."""

    paragraphs: int
    paragraphs_abstract: int
    bullets: int
    letters_abstract: int
    headings: int = 0
    headings_abstract: int = -1


class Numbering:
    """Build the w:numbering element: the reference's definitions, if any, then ours."""

    def __init__(self, base: Any | None) -> None:
        self.element = base if base is not None else el("w:numbering", None)
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in self.element.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in self.element.findall(qn("w:num"))]
        self.next_abstract = max(abstract_ids, default=-1) + 1
        self.next_num = max(num_ids, default=0) + 1

    def add_definitions(self) -> Lists:
        """Add the four list definitions the paper uses; return their ids."""
        paragraphs = self.add_abstract("Paragraph numbers", "decimal", "%1.", {"left": 0, "hanging": HANG}, "NumberedParagraph")
        bullets = self.add_abstract("Bullets", "bullet", "\u2022", {"left": HANG, "hanging": HANG // 2})
        letters = self.add_abstract("Recommendations", "lowerLetter", "(%1)", {"left": 2 * HANG, "hanging": HANG})
        headings = self.add_headings()
        return Lists(self.add_num(paragraphs), paragraphs, self.add_num(bullets), letters,
                     self.add_num(headings), headings)

    def link_style(self, abstract: int, style_id: str, level: int = 0) -> None:
        """Name `style_id` as the paragraph style of `level` of list `abstract`, so Word numbers new paragraphs of that style."""
        for node in self.element.findall(qn("w:abstractNum")):
            if node.get(qn("w:abstractNumId")) == str(abstract):
                node.findall(qn("w:lvl"))[level].find(qn("w:pStyle")).set(qn("w:val"), style_id)

    def add_headings(self) -> int:
        """Add the headings' multilevel list: "I." hanging before a part's title, nothing before a sub-part's; return its id.

        Its levels name Heading 1 and Heading 2 (`link_style` sets their styleIds), and
        those styles name the list, as Word's own heading numbering does: a heading a
        partner adds in Word or LibreOffice takes the next numeral, and the rest renumber.
        """
        return self.add_abstract("Headings", "upperRoman", "%1.", HEADING_INDENT, "Heading1", multilevel=(
            level_element(1, "none", "", HEADING_INDENT_SUB, "Heading2"),))

    def add_abstract(self, name: str, fmt: str, text: str, ind: Mapping[str, int], pstyle: str | None = None,
                     multilevel: tuple[Any, ...] = ()) -> int:
        """Add an abstractNum of one level, or more with the `multilevel` levels after it; return its id."""
        ident = self.next_abstract
        self.next_abstract += 1
        abstract = el("w:abstractNum", {"w:abstractNumId": ident},
                      val("w:nsid", f"{0x42524900 + ident:08X}"),
                      val("w:multiLevelType", "multilevel" if multilevel else "singleLevel"),
                      val("w:name", name), level_element(0, fmt, text, ind, pstyle), *multilevel)
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


#: Where the headings stand: a part's numeral at the margin, its title (and an unnumbered
#: part's) at the 1 cm column, as the PDF hangs them; a sub-part's title at that column too.
HEADING_INDENT = {"left": HANG, "hanging": HANG}
HEADING_INDENT_SUB = {"left": HANG, "firstLine": 0}


def level_element(level: int, fmt: str, text: str, ind: Mapping[str, int], pstyle: str | None = None) -> Any:
    """Return one w:lvl: starting at 1, in format `fmt` ("upperRoman", "none"), showing `text` ("%1.") then a tab (nothing, when no text)."""
    return el("w:lvl", {"w:ilvl": level},
              val("w:start", 1), val("w:numFmt", fmt), val("w:pStyle", pstyle) if pstyle else None,
              None if text else val("w:suff", "nothing"),
              val("w:lvlText", text), val("w:lvlJc", "left"), ppr(ind=ind))


def upper_roman(number: int) -> str:
    """Return what Word's upperRoman format shows for `number` (1 to 3999): "I", "XIV"."""
    digits = (("", "M", "MM", "MMM"), ("", "C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"),
              ("", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"),
              ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"))
    return "".join(table[int(d)] for table, d in zip(digits, f"{number:04d}"))
