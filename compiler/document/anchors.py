"""Turn a Document into its anchors: a stable name for every paragraph, list item, table cell and note, with where it comes from.

The DOCX renderer wraps each of these in a bookmark of that name; the manifest
records, per name, the text as built and its origins (a fact, a recommendation, an
assessment, a source, a field of the brief, or the paper's fixed wording), which
`brief review` reads to map a partner's edit back to the YAML. Names are the paper's
fingerprint and a counter (`brief_1a2b3c4d_17`): at most 40 characters, starting with a
letter, unique in the paper, the same for the same Document in every process (the
renderer runs in worker processes). The fingerprint changes with the paper's text, so
a returned DOCX names the build it came from.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from typing import Iterator

from compiler.document.model import (
    BulletList, Contacts, Document, Inline, Note, Paragraph, Recommendations, SourceList, Strong, Subheading, Table,
    plain_text, walk,
)

PREFIX = "brief_"
"""How every anchor's bookmark name begins; `brief review` ignores other bookmarks."""
COPY_NAMESPACE = "urn:brief-compiler:anchors"
"""The namespace of the custom XML part in which a DOCX carries a copy of its anchors (`copy_of`)."""


@dataclass(frozen=True)
class Origin:
    """Where an anchored text comes from.

    `kind` is fact, recommendation, assessment (of the recommendation `id`), source,
    cited (a note's citation: a fact, source or recommendation), brief (`id` is the
    field's path, "sections[1].intro"; `paragraph` its Markdown paragraph or list, from
    1, and `item` the list's item) or label (the paper's fixed wording; `id` is the text).
    """

    kind: str
    id: str
    paragraph: int = 0
    item: int = 0  # in a Markdown list of a brief field: the item, from 1
    span: tuple[int, int] | None = None  # the characters of the anchor's text it gives, when not all

    def as_dict(self) -> dict:
        """Return the origin as JSON-ready values (the copy a DOCX carries; the manifest adds file and line)."""
        out: dict = {"kind": self.kind, "id": self.id}
        for key in ("paragraph", "item"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.span:
            out["span"] = list(self.span)
        return out

    @classmethod
    def of(cls, values: dict) -> "Origin":
        """Return the origin `as_dict` gave."""
        span = values.get("span")
        return cls(str(values.get("kind", "")), str(values.get("id", "")), int(values.get("paragraph", 0)),
                   int(values.get("item", 0)), (int(span[0]), int(span[1])) if span else None)


@dataclass(frozen=True)
class Anchor:
    """One anchored paragraph of the paper: its bookmark name, how a report names it, its text and origins."""

    name: str
    kind: str  # heading, paragraph, item, cell, note, entry
    place: str  # "para. 12", "note 5", "Summary, paragraph 2", "I. Media, recommendation (b)"
    number: int | None  # the paragraph number, when numbered
    text: str  # the paragraph's text as built (a heading's without its label, a note's without its number)
    origins: tuple[Origin, ...]
    label: str = ""  # a heading's label ("II."), which the DOCX may type before its text
    key: tuple[int, str] = (0, "")  # (id of the Document node, slot): how the renderer finds it


def anchors(document: Document) -> list[Anchor]:
    """Return the anchors of `document` in reading order, each footnote right after the paragraph calling it."""
    found = list(_anchors(document))
    fingerprint = hashlib.sha256("\x1e".join(f"{a.kind}\x1f{a.text}" for a in found).encode("utf-8")).hexdigest()[:8]
    out, seen = [], set()
    for anchor in found:
        if anchor.key in seen:  # a node shown twice is anchored once
            continue
        seen.add(anchor.key)
        out.append(_named(anchor, f"{PREFIX}{fingerprint}_{len(out) + 1}"))
    return out


def anchor_entry(anchor: Anchor, origins: list[dict]) -> dict:
    """Return one anchor as the manifest (and the DOCX's copy) records it, with its `origins` as given."""
    entry = {"name": anchor.name, "kind": anchor.kind, "place": anchor.place, "number": anchor.number, "text": anchor.text}
    if anchor.label:
        entry["label"] = anchor.label
    entry["origins"] = origins
    return entry


def copy_of(document: Document, marks: list[Anchor]) -> dict:
    """Return what a DOCX carries of its anchors `marks`: the paper's fingerprint and title, each anchor and its origins.

    The same as the manifest's, without files and lines (renderers know nothing of
    the YAML): `brief review` reads it when the manifest of the build is gone, and
    finds the lines in the workspace as it is then.
    """
    return {"paper": fingerprint_of(marks[0].name) if marks else "", "title": document.meta.title,
            "anchors": [anchor_entry(a, [o.as_dict() for o in a.origins]) for a in marks]}


def fingerprint_of(name: str) -> str:
    """Return the paper fingerprint of an anchor's name ('' when it is not an anchor's)."""
    if not name.startswith(PREFIX):
        return ""
    head, _, counter = name[len(PREFIX):].partition("_")
    return head if len(head) == 8 and counter.isdigit() else ""


def _named(anchor: Anchor, name: str) -> Anchor:
    return Anchor(name, anchor.kind, anchor.place, anchor.number, anchor.text, anchor.origins, anchor.label, anchor.key)


def _anchors(document: Document) -> Iterator[Anchor]:
    section = -1
    for part in document.parts:
        title = plain_text(part.title)
        where = f"{part.label} {title}".strip()
        if part.kind == "section":  # the brief's section it shows: its anchor says (section-2), else the next
            number = part.anchor.rpartition("-")[2]
            section = int(number) - 1 if part.anchor.startswith("section-") and number.isdigit() else section + 1
            heading = Origin("brief", f"sections[{section}].title")
        else:
            heading = Origin("label", title)
        yield Anchor("", "heading", f"heading '{where}'", None, title, (heading,), part.label, (id(part), "title"))
        field = {"summary": "summary", "introduction": "introduction"}.get(part.kind, f"sections[{section}].intro")
        blocks = itertools.count(1)  # the Markdown paragraphs and lists of the part's brief field
        recommendations_of = section
        for block in part.blocks:
            if isinstance(block, Paragraph):
                if block.role == "fact":
                    origins = tuple(Origin("fact", f) for f in block.facts)
                elif block.role == "review":
                    origins = _review_origins(block)
                else:
                    origins = (Origin("brief", field, next(blocks)),)
                place = f"para. {block.number}" if block.number is not None else f"{where}, paragraph {origins[0].paragraph}"
                yield Anchor("", "paragraph", place, block.number, plain_text(block.content), origins, key=(id(block), ""))
                yield from _notes(block.content)
            elif isinstance(block, BulletList):
                paragraph = 0 if any(item.facts for item in block.items) else next(blocks)
                for index, item in enumerate(block.items, 1):
                    origins = tuple(Origin("fact", f) for f in item.facts) or (Origin("brief", field, paragraph, index),)
                    yield Anchor("", "item", f"{where}, item {index}", None, plain_text(item.content), origins,
                                 key=(id(item), ""))
                    yield from _notes(item.content)
            elif isinstance(block, Subheading):
                text = plain_text(block.content)
                if block.anchor.startswith("recommendations-") and block.anchor[16:].isdigit():
                    recommendations_of = int(block.anchor[16:]) - 1
                    origin = Origin("brief", f"sections[{recommendations_of}].title")
                else:
                    origin = Origin("label", text)
                yield Anchor("", "heading", f"heading '{text}'", None, text, (origin,), key=(id(block), ""))
            elif isinstance(block, Recommendations):
                if block.heading:
                    yield Anchor("", "paragraph", f"{where}, '{block.heading}'", None, block.heading,
                                 (Origin("label", block.heading),), key=(id(block), "heading"))
                for index, item in enumerate(block.items):
                    letter = chr(ord("a") + index) if index < 26 else str(index + 1)
                    origin = Origin("brief", f"sections[{recommendations_of}].recommendations[{index}]")
                    yield Anchor("", "item", f"{where}, recommendation ({letter})", None, plain_text(item.content),
                                 (origin,), key=(id(item), ""))
                    yield from _notes(item.content)
            elif isinstance(block, Table):
                yield from _table(block, where)
            elif isinstance(block, SourceList):
                for index, entry in enumerate(block.entries, 1):
                    yield Anchor("", "entry", f"{where}, entry {index}", None, plain_text(entry.content),
                                 (Origin("source", entry.id),), key=(id(entry), ""))
            elif isinstance(block, Contacts):
                for index, organisation in enumerate(block.organisations):
                    name = organisation.name + (f" ({organisation.short})" if organisation.short and
                                                organisation.short != organisation.name else "")
                    yield Anchor("", "paragraph", f"{where}, {organisation.name}", None, name,
                                 (Origin("brief", f"submitted_by[{index}].name"),), key=(id(organisation), "name"))
                    for slot, content in (("about", organisation.about), ("contact", organisation.contact)):
                        if content:
                            yield Anchor("", "paragraph", f"{where}, {organisation.name} ({slot})", None,
                                         plain_text(content), (Origin("brief", f"submitted_by[{index}].{slot}", 1),),
                                         key=(id(organisation), slot))
                            yield from _notes(content)


def _table(table: Table, where: str) -> Iterator[Anchor]:
    """Yield the anchors of a table's cells: the header's (fixed wording), then each row's by column.

    A row states recommendations (`records`): its first three columns (recommendation,
    by, response) come from the recommendation, the others (status, comment) from its
    assessment.
    """
    headers = [plain_text(cell) for cell in table.header]
    for column, text in enumerate(headers):
        yield Anchor("", "cell", f"{where}, table header '{text}'", None, text, (Origin("label", text),),
                     key=(id(table), f"header{column}"))
    for index, row in enumerate(table.rows, 1):
        for column, cell in enumerate(row.cells):
            kind = "recommendation" if column < 3 else "assessment"
            origins = tuple(Origin(kind, record) for record in row.records)
            header = headers[column] if column < len(headers) else str(column + 1)
            yield Anchor("", "cell", f"{where}, table row {index}, column '{header}'", None, plain_text(cell), origins,
                         key=(id(row), f"cell{column}"))
            yield from _notes(cell)


def _review_origins(paragraph: Paragraph) -> tuple[Origin, ...]:
    """Return the origins of a paragraph reviewing recommendations: the recommendation up to the status, the assessment after.

    The paragraph (`compiler.document.review`) names and quotes the recommendation,
    then gives its status in bold (its second bold text), the assessment's.
    """
    text = plain_text(paragraph.content)
    bold = [index for index, node in enumerate(paragraph.content) if isinstance(node, Strong)]
    split = len(plain_text(paragraph.content[:bold[1]])) if len(bold) > 1 else None
    out: list[Origin] = []
    for ident in paragraph.recommendations:
        if split is None:
            out += [Origin("recommendation", ident), Origin("assessment", ident)]
        else:
            out += [Origin("recommendation", ident, span=(0, split)), Origin("assessment", ident, span=(split, len(text)))]
    return tuple(out)


def _notes(content: tuple[Inline, ...]) -> Iterator[Anchor]:
    """Yield the anchors of the footnotes called in `content`."""
    for node in walk(content):
        if isinstance(node, Note):
            yield Anchor("", "note", f"note {node.number}", None, plain_text(node.content),
                         tuple(Origin("cited", c.id) for c in node.citations), key=(id(node), ""))

