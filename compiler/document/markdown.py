"""Turn the inline Markdown of brief and fact fields into Document inlines and blocks.

Parsing is markdown-it-py's (CommonMark) with a citation rule added for `[@id]`,
`[@a; @b]` and `[@doc, p. 4]`. Raw HTML is never interpreted: it stays text. Images
are not supported (shown as written), and links are kept only for http(s) and mailto
addresses, so user text can never make a renderer fetch anything.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image

from compiler.document.model import (
    BulletList,
    Citation,
    Code,
    Emph,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Note,
    Paragraph,
    Strong,
    Text,
    walk,
)

_KEY = re.compile(r"@([A-Za-z0-9_][A-Za-z0-9_.:/+-]*[A-Za-z0-9_]|[A-Za-z0-9_])")
_SAFE_URL = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
_BRACKET = re.compile(r"[\[\]]")


def parse_citation_group(inside: str) -> tuple[Citation, ...] | None:
    """Return the citations of the text between `[` and `]`, or None if it is not a citation group."""
    items = []
    for part in inside.split(";"):
        part = part.strip()
        match = _KEY.match(part)
        if not match:
            return None
        rest = part[match.end():].strip()
        if rest and not rest.startswith(","):
            return None
        locator = rest[1:].strip() if rest else ""
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


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_inline", "html_block", "heading", "lheading", "code", "fence",
                "blockquote", "hr", "reference", "table"], ignoreInvalid=True)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.inline.ruler.before("link", "image_as_text", _image_as_text)
    md.validateLink = lambda url: bool(_SAFE_URL.match(url.strip()))
    return md


def _extend(inlines: list, nodes: list) -> None:
    for node in nodes:
        if isinstance(node, Text) and inlines and isinstance(inlines[-1], Text):
            inlines[-1] = Text(inlines[-1].text + node.text)
        else:
            inlines.append(node)


def _inlines(children) -> tuple[Inline, ...]:
    stack: list[tuple[str, list, str]] = [("root", [], "")]
    for tok in children or ():
        kind = tok.type
        top = stack[-1][1]
        if kind == "text":
            if top and isinstance(top[-1], Text):
                top[-1] = Text(top[-1].text + tok.content)
            else:
                top.append(Text(tok.content))
        elif kind == "softbreak":
            if top and isinstance(top[-1], Text):
                top[-1] = Text(top[-1].text + " ")
            else:
                top.append(Text(" "))
        elif kind == "hardbreak":
            top.append(LineBreak())
        elif kind == "code_inline":
            top.append(Code(tok.content))
        elif kind == "citation":
            top.append(Note(tok.meta["citations"]))
        elif kind in ("em_open", "strong_open", "link_open"):
            stack.append((kind, [], tok.attrGet("href") or ""))
        elif kind in ("em_close", "strong_close", "link_close"):
            opened, content, href = stack.pop()
            node: Inline
            if opened == "em_open":
                node = Emph(tuple(content))
            elif opened == "strong_open":
                node = Strong(tuple(content))
            elif _SAFE_URL.match(href):
                node = Link(href, tuple(content))
            else:  # `[text]()`: markdown-it lets an empty destination through; show it as written
                _extend(stack[-1][1], [Text("["), *content, Text("]()")])
                continue
            stack[-1][1].append(node)
        else:  # anything else is shown as its source text
            top.append(Text(tok.content or tok.markup))
    while len(stack) > 1:  # unbalanced (cannot happen with markdown-it, but never lose text)
        _, content, _ = stack.pop()
        stack[-1][1].extend(content)
    return tuple(stack[0][1])


@functools.lru_cache(maxsize=4096)
def parse_blocks(text: str) -> tuple[Paragraph | BulletList, ...]:
    """Return the paragraphs and bulleted lists of a Markdown text (unnumbered).

    Kept for texts seen again (the result is immutable): a fact's text is parsed to
    find its citations and again to write it, and `brief serve` rebuilds the same texts.
    """
    tokens = _parser().parse(text or "")
    blocks: list[Paragraph | BulletList] = []
    items: list[ListItem] | None = None
    depth = 0
    for index, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth == 1:
                items = []
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0 and items is not None:
                blocks.append(BulletList(tuple(items)))
                items = None
        elif tok.type == "inline":
            content = _inlines(tok.children)
            if not content:
                continue
            if items is not None:
                items.append(ListItem(content))
            else:
                blocks.append(Paragraph(content))
    return tuple(blocks)


def parse_inline(text: str) -> tuple[Inline, ...]:
    """Return the inlines of a one-paragraph Markdown text (paragraphs are joined by a space)."""
    out: list[Inline] = []
    for block in parse_blocks(text):
        contents = [block.content] if isinstance(block, Paragraph) else [i.content for i in block.items]
        for content in contents:
            if out:
                out.append(Text(" "))
            out.extend(content)
    return tuple(out)


def citations_in(text: str) -> list[Citation]:
    """Return every citation written in a Markdown text, in order."""
    found: list[Citation] = []
    for block in parse_blocks(text):
        contents = [block.content] if isinstance(block, Paragraph) else [i.content for i in block.items]
        for content in contents:
            found.extend(c for node in walk(content) if isinstance(node, Note) for c in node.citations)
    return found

