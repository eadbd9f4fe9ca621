"""Turn Markdown text into its citations: the `[@id]`, `[@a; @b]` and `[@doc, p. 4]` groups it holds.

Below every stage that reads citations (the brief loader, the selection, the
Document's Markdown): the `@id` pattern, the parse of one bracketed group, the
markdown-it parser with the citation rule, and the citations of a whole text.
Parsing is markdown-it-py's (CommonMark): a citation in a code span is text, and
`[@id]` inside emphasis or a link is still a citation.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image

from compiler.document.model import Citation

#: A whole cited id after its `@`: letters, digits and `_`, with `.:/+-` inside.
CITED_ID = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.:/+-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
SAFE_URL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_BRACKET = re.compile(r"[\[\]]")


def parse_citation_group(inside: str) -> tuple[Citation, ...] | None:
    """Return the citations of the text between `[` and `]`, or None if it is not a citation group."""
    items = []
    for part in inside.split(";"):
        part = part.strip()
        match = CITED_ID.match(part)
        if not match:
            return None
        rest = part[match.end():].strip()
        if rest and not rest.startswith(","):
            return None
        locator = " ".join(rest[1:].split()) if rest else ""  # one line, however the Markdown wraps it
        items.append(Citation(match.group(1), locator))
    return tuple(items) if items else None


def _citation_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "[" or pos + 1 >= state.posMax or src[pos + 1] != "@":
        return False
    bracket = _BRACKET.search(src, pos + 1)  # the next bracket: a citation holds none (linear time)
    if bracket is None or src[bracket.start()] == "[" or bracket.start() > state.posMax:
        return False
    end = bracket.start()
    inside = src[pos + 1 : end]
    if "\n\n" in inside:
        return False
    citations = parse_citation_group(inside)
    if citations is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"citations": citations}
        token.content = src[pos : end + 1]
    state.pos = end + 1
    return True


def _image_as_text(state: StateInline, silent: bool) -> bool:
    """Keep an image (`![alt](url)`) as the text it is written as: never an image, nor a link."""
    start = state.pos
    if state.src[start] != "!" or not _image(state, True):
        return False
    if not silent:
        state.push("text", "", 0).content = state.src[start : state.pos]
    return True


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block", "heading", "lheading", "code", "fence",
                "blockquote", "hr", "reference", "table"], ignoreInvalid=True)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("link", "image_as_text", _image_as_text)
    md.validateLink = lambda url: bool(SAFE_URL.match(url.strip()))
    return md


#: The one Markdown parser of the compiler (configured once, never changed afterwards).
PARSER = _make_parser()


def citation_groups(text: str) -> list[list[tuple[Citation, ...]]]:
    """Return the citation groups written in a Markdown text (each one note), in order, a list per paragraph or item."""
    return [
        [child.meta["citations"] for child in token.children or () if child.type == "citation"]
        for token in PARSER.parse(text or "")
        if token.type == "inline"
    ]


#: The most notes one paragraph (or list item) may call; real papers call fewer than 10. Beyond, the PDF's layout
#: cannot place them at the foot of their page, and took minutes to find that out.
MAX_NOTES_PER_PARAGRAPH = 50


def too_many_notes(count: int) -> str:
    """Return the message for a paragraph calling `count` notes, more than MAX_NOTES_PER_PARAGRAPH."""
    return (f"a paragraph calling {count:,} notes; the limit is {MAX_NOTES_PER_PARAGRAPH} in one paragraph "
            "(split it, or cite several sources in one note: [@a; @b])")


def densest(text: str) -> int:
    """Return the most notes one paragraph of a Markdown text calls (0 without citations)."""
    return max(map(len, citation_groups(text)), default=0) if "[@" in text else 0


def citations_in(text: str) -> list[Citation]:
    """Return every citation written in a Markdown text, in order."""
    return [
        citation
        for token in PARSER.parse(text or "")
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "citation"
        for citation in child.meta["citations"]
    ]
