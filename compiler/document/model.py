"""Hold a briefing paper as a format-neutral tree: parts of blocks of inlines.

This is the one type every renderer reads (pandoc's lesson: one AST, readers in
front, writers behind). It imports nothing of YAML, Jinja2, python-docx or
WeasyPrint and does no I/O. Notes sit where they are cited; the citation pass
(`compiler.document.cite`) numbers them and writes their text.

The passes over a built Document (typography, citations) are written with the
traversal at the end of this file, in the manner of pandoc's `walk`: `map_blocks`
replaces blocks, `map_inlines` every inline sequence of the parts in reading
order, `map_nested` and `map_inline` the sequences and inlines inside one sequence.
A map whose function changes nothing returns the very objects it was given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Mapping, TypeVar, Union

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
class Superscript:
    """Text raised above the line: a French ordinal's ending ("102<sup>e</sup>")."""

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


Inline = Union[Text, Emph, Strong, Superscript, Code, Link, LineBreak, Note]
Inlines = tuple[Inline, ...]

# --- blocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; `number` is its paragraph number (None for unnumbered ones).

    `facts` names the facts the paragraph states; `role` is "body", "fact",
    "review" (the follow-up of earlier recommendations, named in `recommendations`),
    "about" (an organisation's description) or "contact".
    """

    content: tuple[Inline, ...]
    number: int | None = None
    facts: tuple[str, ...] = ()
    role: str = "body"
    recommendations: tuple[str, ...] = ()  # the earlier recommendations it reviews (role "review")


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


@dataclass(frozen=True)
class TableRow:
    """One row of a table: a cell (inline sequence) per column, and the ids of the store records it states."""

    cells: tuple[tuple[Inline, ...], ...]
    records: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A table whose header row repeats on each page and whose rows never split across pages.

    `widths` are the columns' relative widths ((6, 2, 2, 2, 5)); () gives equal widths.
    Notes in cells are numbered in reading order: row by row, left to right.
    """

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[TableRow, ...]
    widths: tuple[int, ...] = ()


Block = Union[Paragraph, BulletList, Recommendations, Subheading, SourceList, Contacts, Table]

# --- the paper -----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One top-level part of the paper, listed in the contents.

    `kind` is summary, introduction, section, recommendations, matrix (the annex of
    reviewed recommendations), sources or contacts;
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
    title_content: tuple["Inline", ...] = ()  # the title as the typography pass sets it (French ordinals); () for `title`
    subtitle_content: tuple["Inline", ...] = ()

    def title_inlines(self) -> tuple["Inline", ...]:
        """Return the title as inlines: as the typography pass set it, else its text."""
        return self.title_content or (Text(self.title),)

    def subtitle_inlines(self) -> tuple["Inline", ...]:
        """Return the subtitle as inlines: as the typography pass set it, else its text (() when there is none)."""
        return self.subtitle_content or ((Text(self.subtitle),) if self.subtitle else ())


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
    """A whole briefing paper: metadata, cover and parts.

    `cover_page` and `contents_page` say whether the renderers draw a cover page and a
    contents page (a profile's choice: an HRC written statement has neither); without a
    cover page the paper opens with its title.
    """

    meta: Meta
    cover: Cover
    parts: tuple[Part, ...]
    cover_page: bool = True
    contents_page: bool = True

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
    found: list[tuple[Inline, ...]] = []

    def keep(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
        found.append(inlines)
        return inlines

    map_block_inlines(block, keep)
    return iter(found)


def walk(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Yield each inline and, depth first, the inlines inside it (not a note's content)."""
    for node in inlines:
        yield node
        if isinstance(node, (Emph, Strong, Superscript, Link)):
            yield from walk(node.children)


# --- the traversal -------------------------------------------------------------------

_Node = TypeVar("_Node")


def map_blocks(document: Document, fn: Callable[[Block], Block]) -> Document:
    """Return `document` with each block of each part replaced by `fn(block)`, in reading order."""
    return _rebuilt(document, parts=tuple(
        _rebuilt(part, blocks=tuple(fn(block) for block in part.blocks)) for part in document.parts))


def map_inlines(document: Document, fn: Callable[[Inlines], Inlines]) -> Document:
    """Return `document` with `fn` applied to every inline sequence of its parts, in reading order.

    The sequences are each part's title, then its blocks' contents: paragraphs, list
    items, subheadings, the annex's entries, each organisation's description then
    contact, a table's header cells then its rows' cells, row by row. `fn` sees a whole sequence (it may move, merge or drop inlines); to reach
    the inlines nested in it, it calls `map_nested` or `map_inline`, whose `notes`
    chooses whether a note's content is reached.
    """
    def part_inlines(part: Part) -> Part:
        title = fn(part.title)
        return _rebuilt(part, title=title, blocks=tuple(map_block_inlines(b, fn) for b in part.blocks))

    return _rebuilt(document, parts=tuple(part_inlines(part) for part in document.parts))


def map_nested(inlines: Inlines, fn: Callable[[Inlines], Inlines], notes: bool = False) -> Inlines:
    """Return `inlines` with `fn` applied to every sequence inside it, each after the sequences inside it, then to itself.

    The sequences inside are the children of Emph, Strong, Superscript and Link and, with `notes`,
    a Note's content.
    """
    inside = tuple(_map_children(node, lambda children: map_nested(children, fn, notes), notes) for node in inlines)
    return _same_or(inlines, fn(_same_or(inlines, inside)))


def map_inline(inlines: Inlines, fn: Callable[[Inline], Inline], notes: bool = False) -> Inlines:
    """Return `inlines` with each inline replaced by `fn` of it, bottom up (pandoc's `walk`).

    An inline's children (those of Emph, Strong, Superscript and Link and, with `notes`, a Note's
    content) are mapped first, then `fn` is given the inline holding them; so `fn`
    meets the inlines in reading order, e.g. the notes of a paragraph 1, 2, 3.
    """
    return _same_or(inlines, tuple(
        fn(_map_children(node, lambda children: map_inline(children, fn, notes), notes)) for node in inlines))


def _map_children(node: Inline, fn: Callable[[Inlines], Inlines], notes: bool) -> Inline:
    """Return `node` with `fn` applied to its children (and, with `notes`, to a Note's content)."""
    if isinstance(node, (Emph, Strong, Superscript, Link)):
        return _rebuilt(node, children=fn(node.children))
    if isinstance(node, Note) and notes:
        return _rebuilt(node, content=fn(node.content))
    return node


def map_block_inlines(block: Block, fn: Callable[[Inlines], Inlines]) -> Block:
    """Return `block` with `fn` applied to each of its inline sequences, in reading order."""
    if isinstance(block, (Paragraph, Subheading)):
        return _rebuilt(block, content=fn(block.content))
    if isinstance(block, (BulletList, Recommendations)):
        return _rebuilt(block, items=tuple(_rebuilt(item, content=fn(item.content)) for item in block.items))
    if isinstance(block, SourceList):
        return _rebuilt(block, entries=tuple(_rebuilt(entry, content=fn(entry.content)) for entry in block.entries))
    if isinstance(block, Contacts):
        return _rebuilt(block, organisations=tuple(
            _rebuilt(org, about=fn(org.about), contact=fn(org.contact)) for org in block.organisations))
    if isinstance(block, Table):
        return _rebuilt(block, header=tuple(fn(cell) for cell in block.header), rows=tuple(
            _rebuilt(row, cells=tuple(fn(cell) for cell in row.cells)) for row in block.rows))
    return block


def _rebuilt(node: _Node, **changes) -> _Node:
    """Return `node` with `changes`, or `node` itself when every changed field holds the same objects."""
    changed = False
    for name, value in changes.items():
        old = getattr(node, name)
        changes[name] = kept = _same_or(old, value)
        changed = changed or kept is not old
    return replace(node, **changes) if changed else node


def _same_or(old, new):
    """Return `old` when `new` is it or a tuple of the same objects, else `new`."""
    if new is old or type(old) is not tuple or type(new) is not tuple or len(old) != len(new):
        return new
    for before, after in zip(old, new):
        if before is not after:
            return new
    return old


def plain_text(inlines: tuple[Inline, ...], notes: bool = False) -> str:
    """Return the text of `inlines`; with `notes`, note numbers stand where notes are called."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong, Superscript, Link)):
            out.append(plain_text(node.children, notes))
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Note) and notes:
            out.append(str(node.number))
    return "".join(out)
