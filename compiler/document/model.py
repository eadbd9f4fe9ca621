"""Hold a briefing paper as a format-neutral tree: parts of blocks of inlines.

This is the one type every renderer reads (pandoc's lesson: one AST, readers in
front, writers behind). It imports nothing of YAML, Jinja2, python-docx or
WeasyPrint and does no I/O. Notes sit where they are cited; the citation pass
(`compiler.document.cite`) numbers them and writes their text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator, Mapping, Union

# --- inlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text, shown exactly as written."""

    text: str


@dataclass(frozen=True)
class Emph:
    """Emphasis (italics)."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    """Strong emphasis (bold)."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Code:
    """Literal code text."""

    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink to an http(s) or mailto address."""

    url: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a paragraph."""


@dataclass(frozen=True)
class Citation:
    """One cited id (a fact or a source document) with an optional pinpoint."""

    id: str
    locator: str = ""


@dataclass(frozen=True)
class Note:
    """A footnote at the place of its call.

    Before the citation pass only `citations` is set; the pass gives every note its
    `number` (1, 2, 3 ... in reading order) and its `content`.
    """

    citations: tuple[Citation, ...]
    number: int = 0
    content: tuple["Inline", ...] = ()


Inline = Union[Text, Emph, Strong, Code, Link, LineBreak, Note]

# --- blocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `number` is its paragraph number (None for unnumbered ones).

    `facts` names the facts the paragraph states; `role` is "body", "fact",
    "about" (an organisation's description) or "contact".
    """

    content: tuple[Inline, ...]
    number: int | None = None
    facts: tuple[str, ...] = ()
    role: str = "body"


@dataclass(frozen=True)
class ListItem:
    """One item of a bulleted or recommendations list."""

    content: tuple[Inline, ...]
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class BulletList:
    """A bulleted list (a section's facts with `layout: bullets`)."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Recommendations:
    """A section's recommendations, shown as a lettered list (a), (b) ..."""

    items: tuple[ListItem, ...]
    heading: str = "Recommendations"


@dataclass(frozen=True)
class Subheading:
    """A heading inside a part (level 2), e.g. one section's name in the summary of recommendations."""

    content: tuple[Inline, ...]
    anchor: str = ""


@dataclass(frozen=True)
class SourceEntry:
    """One source of the annex: its id and its full reference."""

    id: str
    content: tuple[Inline, ...]


@dataclass(frozen=True)
class SourceList:
    """The annex listing every cited source once, by author then date."""

    entries: tuple[SourceEntry, ...] = ()


@dataclass(frozen=True)
class Contact:
    """One submitting organisation's name, description and contact."""

    name: str
    short: str = ""
    about: tuple[Inline, ...] = ()
    contact: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Contacts:
    """The organisations' descriptions and contact details, last in the paper."""

    organisations: tuple[Contact, ...]


Block = Union[Paragraph, BulletList, Recommendations, Subheading, SourceList, Contacts]

# --- the paper -----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One top-level part of the paper, listed in the contents.

    `kind` is summary, introduction, section, recommendations, sources or contacts;
    `label` is its number as printed ("I.", "II." ...) or "" when unnumbered.
    """

    kind: str
    title: tuple[Inline, ...]
    anchor: str
    blocks: tuple[Block, ...]
    label: str = ""
    theme: str = ""


@dataclass(frozen=True)
class Cover:
    """What the cover shows."""

    title: str
    subtitle: str = ""
    country: str = ""
    date: str = ""
    organisations: tuple[str, ...] = ()
    submitted_by: str = "Submitted by"


@dataclass(frozen=True)
class Meta:
    """What the outputs' metadata carry, and the fixed wording in the paper's language."""

    title: str
    short_title: str
    authors: tuple[str, ...]
    language: str
    date: dt.date
    subject: str = ""
    keywords: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    """A whole briefing paper: metadata, cover and parts."""

    meta: Meta
    cover: Cover
    parts: tuple[Part, ...]

    def label(self, key: str) -> str:
        """Return the fixed wording `key` in the paper's language."""
        return self.meta.labels.get(key, key)

    def notes(self) -> list[Note]:
        """Return every note of the paper in reading order."""
        return [node for node in self.inlines() if isinstance(node, Note)]

    def inlines(self) -> Iterator[Inline]:
        """Yield every inline of the parts in reading order, notes included (not their content)."""
        for part in self.parts:
            yield from walk(part.title)
            for block in part.blocks:
                for content in block_contents(block):
                    yield from walk(content)

    def numbered_paragraphs(self) -> list[Paragraph]:
        """Return the numbered paragraphs in order."""
        return [b for part in self.parts for b in part.blocks if isinstance(b, Paragraph) and b.number is not None]


def block_contents(block: Block) -> Iterator[tuple[Inline, ...]]:
    """Yield the inline sequences of one block in reading order."""
    if isinstance(block, (Paragraph, Subheading)):
        yield block.content
    elif isinstance(block, (BulletList, Recommendations)):
        for item in block.items:
            yield item.content
    elif isinstance(block, SourceList):
        for entry in block.entries:
            yield entry.content
    elif isinstance(block, Contacts):
        for org in block.organisations:
            yield org.about
            yield org.contact


def walk(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Yield each inline and, depth first, the inlines inside it (not a note's content)."""
    for node in inlines:
        yield node
        if isinstance(node, (Emph, Strong, Link)):
            yield from walk(node.children)


def plain_text(inlines: tuple[Inline, ...], notes: bool = False) -> str:
    """Return the text of `inlines`; with `notes`, note numbers stand where notes are called."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong, Link)):
            out.append(plain_text(node.children, notes))
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Note) and notes:
            out.append(str(node.number))
    return "".join(out)
