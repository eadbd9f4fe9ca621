"""Turn a Document's cover, contents and parts into the body of the document part, its notes into footnotes.

The cover stands in its own section without head or footer; the contents lists the
headings, each page a PAGEREF field (saved result from the page estimate); part
headings are numbered by Word's list, not typed; a Document without a cover page
opens with its title, one without a contents page has no contents; each Note becomes
a `w:footnote` in the footnotes part, called by a `w:footnoteReference` where the
note stands.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from compiler.document.model import (
    BulletList, Code, Contacts, Document, Emph, Inline, LineBreak, Link, Note, Paragraph, Part,
    Recommendations, SourceList, Strong, Subheading, Superscript, Table, Text, plain_text, walk,
)
from compiler.errors import Problem, RenderError
from compiler.render.docx.anchors import Bookmarks
from compiler.render.docx.elements import el, field_runs, ppr, rpr, text_element
from compiler.render.docx.look import TWIPS_PER_PT, Look
from compiler.render.docx.numbering import HEADING_INDENT_SUB, Lists, Numbering, upper_roman
from compiler.render.docx.page_estimate import LINE_HEIGHT_EM, PageEstimate, flows
from compiler.render.docx.parts import Footnotes

SAFE_LINK = re.compile(r"^(https?://|mailto:)[^\s\x00-\x1f]+$", re.IGNORECASE)


def check_numbers(document: Document) -> None:
    """Raise RenderError unless paragraphs, notes and parts are numbered 1, 2, 3 (I., II., III.) ... in reading order.

    Word numbers paragraphs, footnotes and part headings itself; the DOCX shows the
    Document's numbers only when these run straight from 1.
    """
    for expected, paragraph in enumerate(document.numbered_paragraphs(), start=1):
        if paragraph.number != expected:
            raise RenderError(Problem("", None, "", (
                f"numbered paragraph {expected} of the paper carries number {paragraph.number}; "
                "paragraph numbers must run 1, 2, 3 ... in reading order for the DOCX to show them")))
    labels = [part.label for part in document.parts if part.label]
    for expected, label in enumerate(labels, start=1):
        if label != f"{upper_roman(expected)}.":
            raise RenderError(Problem("", None, "", (
                f"numbered part {expected} of the paper carries the numeral {label!r}; part numerals must run "
                "I., II., III. ... in reading order for Word's heading numbering to show them")))
    for expected, note in enumerate(document.notes(), start=1):
        if note.number != expected:
            raise RenderError(Problem("", None, "", (
                f"note {expected} of the paper carries number {note.number}; "
                "notes must be numbered 1, 2, 3 ... in reading order for the DOCX to show them")))


@dataclass(frozen=True)
class RunFormat:
    """How the runs of an inline sequence look: emphasis, code, inside a link."""

    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False
    superscript: bool = False


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
        self.bookmarks = Bookmarks(document)

    def style(self, name: str) -> str:
        """Return the styleId of the style Word calls `name`."""
        return self.ids[name.lower()]

    def write(self, package: Any) -> None:
        """Fill the body: cover (own section) or the title alone, contents where drawn, then every part."""
        body = package.element.body
        final_section = body.find(qn("w:sectPr"))
        for child in list(body):
            if child is not final_section:
                body.remove(child)
        self.planned_toc()
        document = self.document
        before = (1 if document.cover_page else 0) + (self.contents_pages() if document.contents_page else 0)
        self.estimate = PageEstimate(self.look, first_page=1 + before)
        parts = [node for index, part in enumerate(document.parts) for node in self.part_blocks(part, index == 0 and document.contents_page)]
        self.estimate = None
        opening = self.cover(final_section) if document.cover_page else [self.paragraph("Normal", (Strong((Text(document.cover.title),)),))]
        for node in opening + (self.contents() if document.contents_page else []) + parts:
            final_section.addprevious(node)

    # -- cover and contents --

    def cover(self, final_section: Any) -> list[Any]:
        """Return the cover's paragraphs; the last one ends the cover's own section."""
        cover = self.document.cover
        out: list[Any] = []
        if cover.country:
            out.append(self.paragraph("Cover Country", (Text(cover.country),)))
        out.append(self.paragraph("Title", cover.title_inlines(), spacing=None if cover.country else {"before": 1440}))
        if cover.subtitle:
            out.append(self.paragraph("Subtitle", cover.subtitle_inlines()))
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
        """Return the contents heading and one paragraph per part heading, its page a PAGEREF field.

        No TOC field holds them: LibreOffice shows a TOC field's saved result as written,
        and never updates it on opening, whereas it works out every PAGEREF (and REF) field
        from its own layout. Word updates them on opening, as settings.xml asks.
        """
        heading = self.paragraph("TOC Heading", (Text(self.document.label("contents")),))
        return [heading, *(self.toc_entry(entry) for entry in self.listed())]

    def listed(self) -> list[TocEntry]:
        """Return the headings the contents lists: the parts, as the PDF's contents does (not their subheadings)."""
        return [entry for entry in self.toc if entry.level == 1]

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
        needed = self.look.heading1_size * LINE_HEIGHT_EM + 6 + len(self.listed()) * entry
        return max(1, -(-int(needed) // int(height)))

    def toc_entry(self, entry: TocEntry) -> Any:
        """Return one paragraph of the contents: numeral, title, dot leader, page, as a link to the heading.

        The page is a PAGEREF field, whose saved result is the page estimate. The numeral
        is text: a REF field's heading number (\\r) reads "I." in Word but "I" in LibreOffice.
        """
        runs: list[Any] = []
        if entry.label:
            runs += [el("w:r", None, text_element(entry.label)), el("w:r", None, el("w:tab"))]
        runs += [el("w:r", None, text_element(entry.text)), el("w:r", None, el("w:tab"))]
        runs += field_runs(f"PAGEREF {entry.bookmark} \\h", str(self.pages.get(entry.bookmark, "")))
        link = el("w:hyperlink", {"w:anchor": entry.bookmark, "w:history": 1}, *runs)
        style = "toc 1" if entry.level == 1 else "toc 2"
        ind = HEADING_INDENT_SUB if entry.level == 1 and not entry.label else None  # at the numbered titles' column
        return el("w:p", None, ppr(style=self.style(style), tabs=[("right", self.look.text_width, "dot")], ind=ind), link)

    # -- parts and blocks --

    def part_blocks(self, part: Part, first: bool) -> list[Any]:
        """Return the paragraphs of one part: its heading, then its blocks."""
        out = [self.bookmarks.wrap(self.heading(1, part.label, part.title, page_break_before=first), part, "title")]
        for block in part.blocks:
            out.extend(self.block(block))
        return out

    def heading(self, level: int, label: str, title: Sequence[Inline], page_break_before: bool = False) -> Any:
        """Return a Heading 1 or 2 paragraph, bookmarked for the contents.

        Heading 1 is numbered by Word's list ("I." hanging before the title, as `label`
        says: `check_numbers` made sure they agree); a part without a label is taken out
        of the list (numId 0), its title at the numbered titles' column.
        """
        self.headings += 1
        index = self.headings
        style = self.style("heading 1" if level == 1 else "heading 2")
        unnumbered = level == 1 and not label
        props = ppr(style=style, page_break_before=page_break_before, num=(0, 0) if unnumbered else None,
                    ind=HEADING_INDENT_SUB if unnumbered else None)
        runs = self.runs(title)
        name = bookmark_name(index)
        self.flow("heading 1" if level == 1 else "heading 2", title, name)
        return el("w:p", None, props, el("w:bookmarkStart", {"w:id": index, "w:name": name}), *runs,
                  el("w:bookmarkEnd", {"w:id": index}))

    def block(self, block: Any) -> list[Any]:
        """Return the paragraphs of one block."""
        if isinstance(block, Paragraph):
            if block.number is not None:
                return [self.bookmarks.wrap(self.paragraph("Numbered Paragraph", block.content, num=(self.lists.paragraphs, 0)), block)]
            return [self.bookmarks.wrap(self.paragraph("Normal", block.content), block)]
        if isinstance(block, Subheading):
            return [self.bookmarks.wrap(self.heading(2, "", block.content), block)]
        if isinstance(block, BulletList):
            return [self.bookmarks.wrap(self.paragraph("List Bullet", item.content, num=(self.lists.bullets, 0)), item)
                    for item in block.items]
        if isinstance(block, Recommendations):
            return self.recommendations(block)
        if isinstance(block, SourceList):
            return [self.bookmarks.wrap(self.paragraph("Bibliography", entry.content), entry) for entry in block.entries]
        if isinstance(block, Contacts):
            return self.contacts(block)
        if isinstance(block, Table):
            return [self.table(block), self.paragraph("Table Text", ())]
        raise RenderError(f"the DOCX renderer cannot show a {type(block).__name__} block")

    def recommendations(self, block: Recommendations) -> list[Any]:
        """Return an optional small heading and a lettered list (a), (b) ... restarting at (a)."""
        num = self.numbering.add_num(self.lists.letters_abstract, restart=True)
        out = [self.bookmarks.wrap(self.paragraph("Recommendations Heading", (Text(block.heading),)), block, "heading")
               ] if block.heading else []
        return out + [self.bookmarks.wrap(self.paragraph("Recommendation", item.content, num=(num, 0)), item)
                      for item in block.items]

    def table(self, table: Table) -> Any:
        """Return a w:tbl: grid from the widths, thin borders, a bold shaded header row repeated on each page, rows kept whole.

        The header row carries `w:tblHeader` (Word and LibreOffice repeat it at the top of
        each page) and every row `w:cantSplit`; the cells' paragraphs are in Table Text.
        """
        columns = len(table.header)
        widths = table.widths if len(table.widths) == columns else (1,) * columns
        total = sum(widths) or 1
        grid = [self.look.text_width * w // total for w in widths]
        border = {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "808080"}
        props = el("w:tblPr", None,
                   el("w:tblW", {"w:w": sum(grid), "w:type": "dxa"}),
                   el("w:tblBorders", None, *(el(f"w:{side}", border) for side in
                                               ("top", "left", "bottom", "right", "insideH", "insideV"))),
                   el("w:tblLayout", {"w:type": "fixed"}),
                   el("w:tblCellMar", None, el("w:left", {"w:w": 57, "w:type": "dxa"}), el("w:right", {"w:w": 57, "w:type": "dxa"})),
                   el("w:tblLook", {"w:val": "0420", "w:firstRow": 1, "w:lastRow": 0, "w:firstColumn": 0, "w:lastColumn": 0,
                                    "w:noHBand": 1, "w:noVBand": 1}))
        out = el("w:tbl", None, props, el("w:tblGrid", None, *(el("w:gridCol", {"w:w": w}) for w in grid)))
        out.append(self.table_row(table.header, grid, header=True, node=table))
        for row in table.rows:
            out.append(self.table_row(row.cells, grid, node=row))
        return out

    def table_row(self, cells: Sequence[Sequence[Inline]], grid: list[int], header: bool = False, node: object = None) -> Any:
        """Return one w:tr that never splits across pages; the header row repeats, bold on a light grey.

        `node` is the table (header row) or the row whose cells' anchors the cells' paragraphs carry.
        """
        row = el("w:tr", None, el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader") if header else None))
        flow = self.flows["Table Text"]
        lines, notes = 1, []
        for column, (content, width) in enumerate(zip(cells, grid)):
            shading = el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": "E6E6E6"}) if header else None
            cell_props = el("w:tcPr", None, el("w:tcW", {"w:w": width, "w:type": "dxa"}), shading)
            runs = self.runs((Strong(tuple(content)),) if header else content)
            paragraph = el("w:p", None, ppr(style=self.style("Table Text")), *runs)
            self.bookmarks.wrap(paragraph, node, f"{'header' if header else 'cell'}{column}")
            row.append(el("w:tc", None, cell_props, paragraph))
            if self.estimate is not None:
                notes += [len(plain_text(node.content)) for node in walk(content) if isinstance(node, Note)]
                chars = len(plain_text(tuple(content), notes=True))
                lines = max(lines, self.estimate.lines(chars, flow.size, width - 114, self.look.body_font))
        if self.estimate is not None:
            self.estimate.flow(flow, 0, notes, lines=lines)
        return row

    def contacts(self, block: Contacts) -> list[Any]:
        """Return each organisation's name (bold), description and contact."""
        out: list[Any] = []
        for organisation in block.organisations:
            name: tuple[Inline, ...] = (Strong((Text(organisation.name),)),)
            if organisation.short and organisation.short != organisation.name:
                name += (Text(f" ({organisation.short})"),)
            out.append(self.bookmarks.wrap(self.paragraph("Organisation", name), organisation, "name"))
            for slot, content in (("about", organisation.about), ("contact", organisation.contact)):
                if content:
                    out.append(self.bookmarks.wrap(self.paragraph("Normal", content), organisation, slot))
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
            elif isinstance(node, Superscript):
                out += self.runs(node.children, replace(fmt, superscript=True), part)
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
        ident = self.footnotes.add(self.bookmarks.wrap(paragraph, node))
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
        if not (style or fmt.bold or fmt.italic or fmt.superscript):
            return None
        return rpr(style=style, bold=fmt.bold, italic=fmt.italic, superscript=fmt.superscript)


def bookmark_name(index: int) -> str:
    """Return the hidden bookmark name of the `index`th heading (Word's _Toc prefix)."""
    return f"_Toc{index:08d}"
