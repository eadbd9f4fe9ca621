"""Turn the Document's anchors (`compiler.document.anchors`) into bookmarks around the paragraphs that carry them.

Each anchored paragraph (a heading, a numbered or plain paragraph, a list item, a table
cell, an entry of the sources, a footnote) gets a `w:bookmarkStart` after its
properties and a `w:bookmarkEnd` after its last run: Word and LibreOffice keep
bookmarks through editing and saving, so `brief review` finds in a returned DOCX which
paragraph each edit concerns. A custom XML part (`customXml/item1.xml`, which Word and
LibreOffice keep too) carries a copy of the anchors, texts and origins, for a review
after the manifest of the build is gone.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from compiler.document.anchors import COPY_NAMESPACE, anchors, copy_of
from compiler.document.model import Document
from compiler.render.docx.elements import el

DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
FIRST_ID = 100_000
"""The w:id of the first anchor's bookmark, far above the headings' (1, 2, 3 ...): ids are unique in a package."""


class Bookmarks:
    """Bookmark the paragraphs of one Document's anchored nodes, each once."""

    def __init__(self, document: Document) -> None:
        self.anchors = anchors(document)
        self.names = {anchor.key: anchor.name for anchor in self.anchors}
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


def add_copy(package: Any, document: Document, bookmarks: Bookmarks) -> None:
    """Add the custom XML part carrying the copy of the anchors (JSON, ASCII, in one element of COPY_NAMESPACE)."""
    root = etree.Element(f"{{{COPY_NAMESPACE}}}anchors", nsmap={None: COPY_NAMESPACE})
    root.text = json.dumps(copy_of(document, bookmarks.anchors), separators=(",", ":"))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/customXml/item1.xml"), "application/xml", blob, package.part.package)
    # its properties part: without one, LibreOffice drops a custom XML part when it saves
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"{COPY_NAMESPACE}:{hashlib.sha256(blob).hexdigest()}")
    props = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<ds:datastoreItem ds:itemID="{{{str(ident).upper()}}}" '
             f'xmlns:ds="{DATASTORE}"><ds:schemaRefs><ds:schemaRef ds:uri="{COPY_NAMESPACE}"/></ds:schemaRefs>'
             '</ds:datastoreItem>').encode()
    part.relate_to(Part(PackURI("/customXml/itemProps1.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, props, package.part.package),
                   RT.CUSTOM_XML_PROPS)
    package.part.relate_to(part, RT.CUSTOM_XML)
