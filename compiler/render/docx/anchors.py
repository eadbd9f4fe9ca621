"""Turn the Document's anchors (`compiler.document.anchors`) into bookmarks around the paragraphs that carry them.

Each anchored paragraph (a heading, a numbered or plain paragraph, a list item, a table
cell, an entry of the sources, a footnote) gets a `w:bookmarkStart` after its
properties and a `w:bookmarkEnd` after its last run: Word and LibreOffice keep
bookmarks through editing and saving, so `brief review` finds in a returned DOCX which
paragraph each edit concerns.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from compiler.document.anchors import anchor_keys
from compiler.document.model import Document
from compiler.render.docx.elements import el

FIRST_ID = 100_000
"""The w:id of the first anchor's bookmark, far above the headings' (1, 2, 3 ...): ids are unique in a package."""


class Bookmarks:
    """Bookmark the paragraphs of one Document's anchored nodes, each once."""

    def __init__(self, document: Document) -> None:
        self.names = anchor_keys(document)
        self.next_id = FIRST_ID

    def wrap(self, paragraph: Any, node: object, slot: str = "") -> Any:
        """Return the w:p `paragraph` bookmarked with the anchor of (`node`, `slot`), when it has one."""
        name = self.names.pop((id(node), slot), None)
        if name is None:
            return paragraph
        ident = self.next_id
        self.next_id += 1
        props = paragraph.find(qn("w:pPr"))
        paragraph.insert(0 if props is None else paragraph.index(props) + 1,
                         el("w:bookmarkStart", {"w:id": ident, "w:name": name}))
        paragraph.append(el("w:bookmarkEnd", {"w:id": ident}))
        return paragraph
