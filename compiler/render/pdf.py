"""Turn a Document into a PDF through WeasyPrint, and never return one with a footnote lost or moved.

The HTML meant for print (`compiler.render.html.print_html`) is laid out by WeasyPrint
with a URL fetcher that reads only `data:` URLs and files of the style folder and the
product's assets (`compiler.render.fetch`). After layout, and before any byte is
written, `check_notes` walks WeasyPrint's own laid-out pages: every note 1..N must
have its call once in the body and its text once in the footnote area of that same
page. WeasyPrint can silently push notes a page late (upstream issue #2502: an
`@footnote` border/padding combination makes a rounding error look like an overflow;
and notes can be reported to the next page to honour widows and orphans). When the
check fails, the layout is corrected and checked again, one remedy at a time: a
bottom padding for a footnote area that has none (which defuses the rounding error);
then, for a note astray, a page break before the block that ends its call's page,
widows and orphans of 1 for the call's block, a page break before the call's block.
If a note is still astray once its remedies are spent, RenderError names the notes and
the paragraphs calling them. This is the only module that
imports WeasyPrint.

WeasyPrint has no public API for its laid-out boxes, so the check reads its private
box tree: `page_boxes` is the one place that reaches `Page._page_box`, and the boxes'
`children`, `element`, `element_tag`, `padding_bottom` and `border_bottom_width` are
read as WeasyPrint 68 to 70 lay them out (the range pyproject.toml pins;
tests/render/test_weasyprint_boxes.py fails naming the attribute an upgrade breaks).

PDF metadata (title, authors, language, subject, keywords) come from the HTML head;
creation and modification dates are the build's time given (SOURCE_DATE_EPOCH, read by
the command line), else the paper's date, so that the same Document always gives the
same bytes. The page count comes from the layout the PDF is written from (`render`),
or from that layout alone, no PDF written (`count_pages`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Iterator, Sequence

from weasyprint import CSS, HTML
from weasyprint import Document as Layout
from weasyprint import Page
from weasyprint.formatting_structure.boxes import Box, FootnoteAreaBox
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from compiler.document.model import Document
from compiler.errors import Problem, RenderError
from compiler.render import Rendered
from compiler.render.fetch import FetchPolicy, FetchRefused
from compiler.render.html import print_html
from compiler.style import ASSETS_DIR, Style

__all__ = [
    "EXTENSION", "render", "count_pages", "lay_out", "layout_of", "check_notes", "note_positions",
    "CheckedLayout", "NoteFault", "StyleFetcher",
]

EXTENSION = "pdf"
PDF_VARIANT = "pdf/ua-1"

#: The user stylesheet that gives the footnote area a bottom padding, which keeps WeasyPrint
#: from taking a rounding error for an overflow (#2502). User-origin !important beats the style.
AREA_REPAIR = "@page { @footnote { padding-bottom: 1pt !important; } }"

#: How many layouts one render may try before giving up.
MAX_LAYOUTS = 24


class StyleFetcher(URLFetcher):
    """Fetch for WeasyPrint only what a FetchPolicy allows; any refusal stops the layout."""

    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__(fail_on_errors=True)
        self.policy = policy

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Return the allowed resource at `url`, or raise FetchRefused."""
        got = self.policy.fetch(url)
        return URLFetcherResponse(got.url, got.body, {"Content-Type": got.mime_type})


# --- the footnote check --------------------------------------------------------------


@dataclass(frozen=True)
class NoteFault:
    """One note not where it belongs: `problem` is missing, repeated, late, early, uncalled or unexpected."""

    number: int
    problem: str
    call_pages: tuple[int, ...]
    note_pages: tuple[int, ...]
    block: str = ""

    def describe(self) -> str:
        """Return the fault in words, pages counted from 1."""
        calls = ", ".join(map(str, self.call_pages)) or "none"
        notes = ", ".join(map(str, self.note_pages)) or "none"
        return f"note {self.number} {self.problem} (called on page {calls}; printed on page {notes})"


def page_boxes(page: Page) -> Sequence[Box]:
    """Return the boxes laid out on `page` (its body's and its footnote area's), from WeasyPrint's private page box."""
    return page._page_box.children


def _descendants(box: Box, block: str = "") -> Iterator[tuple[Box, Box | None, str]]:
    """Yield each box under `box` (itself included) with its parent and the nearest `data-block` around it."""
    stack: list[tuple[Box, Box | None, str]] = [(box, None, block)]
    while stack:
        node, parent, around = stack.pop()
        element = node.element
        if element is not None and element.get("data-block"):
            around = element.get("data-block")
        yield node, parent, around
        children = getattr(node, "children", None) or ()
        stack.extend((child, node, around) for child in reversed(children))


def _note_number(box: Box) -> int | None:
    """Return the note number a box belongs to (its element's data-note), or None."""
    element = box.element
    value = element.get("data-note") if element is not None else None
    return int(value) if value and value.isdigit() else None


def note_positions(layout: Layout) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[int]]]:
    """Return where each note is called (page, data-block) and where its text is laid out (pages), from 1."""
    calls: dict[int, list[tuple[int, str]]] = {}
    notes: dict[int, list[int]] = {}
    for index, page in enumerate(layout.pages, 1):
        for child in page_boxes(page):
            in_area = isinstance(child, FootnoteAreaBox)
            for box, parent, block in _descendants(child):
                number = _note_number(box)
                if number is None:
                    continue
                tag = box.element_tag or ""
                same_as_parent = parent is not None and parent.element is box.element and (parent.element_tag or "") == tag
                if same_as_parent:
                    continue  # a fragment inside a box already counted
                if tag.endswith("::footnote-call") and not in_area:
                    calls.setdefault(number, []).append((index, block))
                elif in_area and "::" not in tag:
                    notes.setdefault(number, []).append(index)
    return calls, notes


def check_notes(layout: Layout, expected: Sequence[int]) -> list[NoteFault]:
    """Return every note of `expected` not called once and printed once at the foot of its call's page."""
    calls, notes = note_positions(layout)
    faults: list[NoteFault] = []
    for number in expected:
        called = calls.get(number, [])
        call_pages = tuple(page for page, _ in called)
        note_pages = tuple(notes.get(number, []))
        block = called[0][1] if called else ""
        problem = ""
        if not note_pages:
            problem = "missing"
        elif len(note_pages) > 1:
            problem = "repeated"
        elif len(call_pages) != 1:
            problem = "uncalled" if not call_pages else "repeated"
        elif note_pages[0] > call_pages[0]:
            problem = "late"
        elif note_pages[0] < call_pages[0]:
            problem = "early"
        if problem:
            faults.append(NoteFault(number, problem, call_pages, note_pages, block))
    for number in sorted((set(calls) | set(notes)) - set(expected)):
        faults.append(NoteFault(number, "unexpected", tuple(p for p, _ in calls.get(number, [])),
                                tuple(notes.get(number, []))))
    return faults


# --- layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedLayout:
    """A layout whose notes all passed the check, and the repairs it needed (CSS, in order)."""

    layout: Layout
    repairs: tuple[str, ...]
    layouts: int


def layout_of(html: str, style: Style, repairs: Sequence[str] = ()) -> Layout:
    """Return WeasyPrint's layout of the print `html`, unchecked, with the repair CSS `repairs` added.

    Raise RenderError when the style asks for a URL the fetch policy refuses.
    """
    fetcher = StyleFetcher(FetchPolicy.for_folders(style.folder, ASSETS_DIR))
    base_url = style.folder.as_uri() + "/"
    stylesheets = [CSS(string="\n".join(repairs), base_url=base_url, url_fetcher=fetcher)] if repairs else []
    with refusals_stop(style):
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=stylesheets, pdf_variant=PDF_VARIANT)


@contextlib.contextmanager
def refusals_stop(style: Style) -> Iterator[None]:
    """Turn a URL the fetch policy refused, while laying out or writing the PDF (attachments), into a RenderError."""
    try:
        yield
    except FatalURLFetchingError as error:
        cause = error.__cause__
        message = str(cause) if isinstance(cause, FetchRefused) else f"{error}: {cause}"
        raise RenderError(Problem(str(style.folder), None, "", message)) from error


def first_blocks(layout: Layout, rows: set[str] | None = None) -> dict[int, list[str]]:
    """Return, for each page from 1, the `data-block`s that start on it, in order; add to `rows` those of table rows."""
    seen: set[str] = set()
    pages: dict[int, list[str]] = {}
    for index, page in enumerate(layout.pages, 1):
        pages[index] = []
        for child in page_boxes(page):
            if isinstance(child, FootnoteAreaBox):
                continue
            for box, _, _ in _descendants(child):
                block = box.element.get("data-block") if box.element is not None else None
                if block and block not in seen:
                    seen.add(block)
                    pages[index].append(block)
                    if rows is not None and box.element_tag == "tr":
                        rows.add(block)
    return pages


def remedies(fault: NoteFault, starts: dict[int, list[str]], rows: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Return the CSS to try, in order, against one note printed a page after its call (or lost).

    WeasyPrint moves notes already placed to the next page to make room for the lines of
    the block that ends the page. So: start that block on the next page; else let the
    call's own block break anywhere (widows and orphans of 1); else start it on the next page.
    A table row (one of `rows`) never breaks, so widows and orphans cannot help it: it is
    started on the next page at once (one layout less).
    """
    if fault.problem not in ("late", "missing") or not fault.block.isdigit() or len(fault.call_pages) != 1:
        return []
    found: list[str] = []
    later = [b for b in starts.get(fault.call_pages[0], []) if b.isdigit() and int(b) > int(fault.block)]
    if later:
        found.append(f'[data-block="{later[-1]}"] {{ break-before: page !important; }}')
    selector = f'[data-block="{fault.block}"]'
    if fault.block not in rows:
        found.append(f"{selector} {{ widows: 1 !important; orphans: 1 !important; }}")
    found.append(f"{selector} {{ break-before: page !important; }}")
    return found


def area_unpadded(layout: Layout) -> bool:
    """Return whether a footnote area of `layout` has no bottom padding or border (open to #2502)."""
    for page in layout.pages:
        for child in page_boxes(page):
            if isinstance(child, FootnoteAreaBox) and child.children:
                if (child.padding_bottom or 0) + (child.border_bottom_width or 0) <= 0:
                    return True
    return False


def next_repair(layout: Layout, faults: list[NoteFault], repairs: Sequence[str]) -> str | None:
    """Return the next CSS to try against `faults`, or None when there is no use trying more.

    A bottom padding for the footnote area comes first when it has none (that defuses
    #2502); then the remedies of the first note astray that has any. When every remedy
    of that note was tried and it is still astray, the render fails now: the remedies of
    later notes do not move it, and each would cost a whole layout (a page calling more
    notes than it can hold took minutes to give up).
    """
    if AREA_REPAIR not in repairs and area_unpadded(layout):
        return AREA_REPAIR
    rows: set[str] = set()
    starts = first_blocks(layout, rows)
    for fault in faults:
        found = remedies(fault, starts, rows)
        untried = [remedy for remedy in found if remedy not in repairs]
        if untried:
            return untried[0]
        if found:
            return None
    return None


def lay_out(document: Document, style: Style, html: str | None = None) -> CheckedLayout:
    """Return the checked layout of `document` (or of the print `html` given), repaired as needed.

    Raise RenderError naming the notes when no repair puts every note at the foot of
    the page of its call.
    """
    html = print_html(document, style) if html is None else html
    expected = [note.number for note in document.notes()]
    repairs: list[str] = []
    faults: list[NoteFault] = []
    for count in range(1, MAX_LAYOUTS + 1):
        layout = layout_of(html, style, repairs)
        faults = check_notes(layout, expected)
        if not faults:
            return CheckedLayout(layout, tuple(repairs), count)
        repair = next_repair(layout, faults, repairs)
        if repair is None:
            break
        repairs.append(repair)
    shown = "; ".join(f.describe() for f in faults[:10]) + ("; ..." if len(faults) > 10 else "")
    numbers = ", ".join(str(f.number) for f in faults)
    places = block_descriptions(layout, {f.block for f in faults if f.block})
    where = f"called in {', '.join(places.values())}; " if places else ""
    raise RenderError(Problem(str(style.folder), None, "footnotes",
                              f"notes {numbers} could not be placed at the foot of the page of their call: {where}{shown} "
                              "(a page cannot hold the notes called on it: split the paragraph, or cite several "
                              "sources in one note)"))


def block_descriptions(layout: Layout, blocks: set[str]) -> dict[str, str]:
    """Return, for each `data-block` of `blocks`, the block in words: "the paragraph 9 'Its first words...'"."""
    found: dict[str, str] = {}
    for page in layout.pages:
        for child in page_boxes(page):
            for box, _, _ in _descendants(child):
                element = box.element
                block = element.get("data-block") if element is not None else None
                if block in blocks and block not in found:
                    found[block] = _described(element)
    return dict(sorted(found.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 0))


def _described(element) -> str:
    """Return a block element in words: its kind, its number and its first words (its notes left out)."""
    pieces: list[str] = []

    def walk(node) -> None:
        pieces.append(node.text or "")
        for inner in node:
            if not {"fn", "para-no"} & set((inner.get("class") or "").split()):
                walk(inner)
            pieces.append(inner.tail or "")

    walk(element)
    text = " ".join("".join(pieces).translate({0xAD: None, 0x200B: None, 0x2060: None}).split())
    text = text if len(text) <= 60 else text[:57].rstrip() + "..."
    ident = element.get("id") or ""
    kind = {"li": "the list item", "tr": "the table row"}.get(element.tag, "the block")
    if ident.startswith("para-"):
        kind = f"paragraph {ident[5:]}"
    elif element.tag == "p":
        kind = "the paragraph"
    return f"{kind} '{text}'"


# --- the PDF -------------------------------------------------------------------------


def metadata_date(document: Document, when: dt.datetime | None = None) -> str:
    """Return the creation date to record: the build's time `when` (UTC) when given, else the paper's date (W3C format)."""
    if when is not None:
        return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return document.meta.date.isoformat()


def render(document: Document, style: Style, when: dt.datetime | None = None) -> Rendered:
    """Return `document` as a tagged PDF/UA-1 file and its pages, every note checked to sit at the foot of its call's page."""
    layout = lay_out(document, style).layout
    layout.metadata.created = layout.metadata.modified = metadata_date(document, when)
    with refusals_stop(style):  # attachments (<link rel=attachment>) are fetched only now
        return Rendered(layout.write_pdf(pdf_variant=PDF_VARIANT), len(layout.pages))


def count_pages(document: Document, style: Style) -> int:
    """Return the number of pages the PDF of `document` has, from its checked layout, without writing the PDF."""
    return len(lay_out(document, style).layout.pages)
