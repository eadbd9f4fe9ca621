"""Turn the inline Markdown of brief and fact fields into Document inlines and blocks.

Parsing is markdown-it-py's (CommonMark) with the citation rule of `compiler.citations`
(`[@id]`, `[@a; @b]`, `[@doc, p. 4]`). Raw HTML is never interpreted: it stays text. Images
are not supported (shown as written), and links are kept only for http(s) and mailto
addresses, so user text can never make a renderer fetch anything.
"""

from __future__ import annotations

from compiler.citations import PARSER, SAFE_URL
from compiler.document.model import (
    BulletList,
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
            elif SAFE_URL.match(href):
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


def parse_blocks(text: str) -> tuple[Paragraph | BulletList, ...]:
    """Return the paragraphs and bulleted lists of a Markdown text (unnumbered)."""
    tokens = PARSER.parse(text or "")
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
