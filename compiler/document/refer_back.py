"""Turn the notes of a paper's restatements into references to the paragraphs that state the facts.

A fact gets its footnote where the paper states it: a numbered paragraph, or an item of
the list that follows one. Where the paper says it again, in the summary or in the
review of earlier recommendations ("Status: not implemented. Insult remains a crime"),
a second note to the same source adds nothing a reader can follow, and a paper that
restates its findings often ends up with most of its notes pointing at a few documents.
So there, a note whose every citation is a fact stated in a numbered paragraph becomes a
reference to that paragraph, as UN documents refer to their own paragraphs: "(para. 3)",
"(paras. 3 and 7)", set before the punctuation the note followed. A note citing anything
else (a document, a recommendation, a fact stated nowhere else) stays a note.

Runs on the assembled Document, before `cite` numbers the notes; the style's
`notes.refer_back: false` keeps every note.
"""

from __future__ import annotations

import dataclasses

from compiler.document.labels import labels_for
from compiler.document.model import (
    Block,
    BulletList,
    Document,
    Inline,
    Note,
    Paragraph,
    Text,
    block_contents,
    map_block_inlines,
    walk,
)

_PUNCTUATION = ",;:.!?"


def refer_back(document: Document) -> Document:
    """Return `document` with the summary's and the reviews' notes on facts stated elsewhere made paragraph references."""
    stated = _stated(document)
    if not stated:
        return document
    words = labels_for(document.meta.language)
    summary_parts = {part.anchor for part in document.parts if part.kind == "summary"}

    def restating(block: Block, part_anchor: str) -> bool:
        if part_anchor in summary_parts:
            return True
        return isinstance(block, Paragraph) and block.role == "review"

    parts = []
    for part in document.parts:
        blocks = []
        for block in part.blocks:
            if restating(block, part.anchor):
                block = map_block_inlines(block, lambda inlines: _refer(inlines, stated, words))
            blocks.append(block)
        parts.append(dataclasses.replace(part, blocks=tuple(blocks)))
    return dataclasses.replace(document, parts=tuple(parts))


def _stated(document: Document) -> dict[str, int]:
    """Return each fact cited in a numbered paragraph (or a list after one) outside the summary, and that paragraph's number."""
    stated: dict[str, int] = {}
    for part in document.parts:
        if part.kind == "summary":
            continue
        current = None
        for block in part.blocks:
            if isinstance(block, Paragraph):
                if block.role == "review":
                    current = None
                    continue
                current = block.number
            elif not isinstance(block, BulletList):
                current = None
            if current is None:
                continue
            for content in block_contents(block):
                for node in walk(content):
                    if isinstance(node, Note):
                        for citation in node.citations:
                            stated.setdefault(citation.id, current)
    return stated


def _refer(inlines: tuple[Inline, ...], stated: dict[str, int], words: dict) -> tuple[Inline, ...]:
    """Return `inlines` with its notes on stated facts made paragraph references.

    Two references to the same paragraphs with no note between them ("... officials (para. 3);
    in 2007 ... (para. 3)") become the last one alone: one reference closes the run of text it covers.
    """
    out: list[Inline] = []
    last: tuple[int, str] | None = None  # where the previous reference sits in `out`, and its text
    for node in inlines:
        if isinstance(node, Note) and node.citations and not node.content and all(
                c.id in stated and not c.locator for c in node.citations):
            reference = f" ({_paragraphs(sorted({stated[c.id] for c in node.citations}), words)})"
            if last is not None and last[1] == reference:
                del out[last[0]]
            last = (_insert_before_punctuation(out, Text(reference)), reference)
        else:
            if isinstance(node, Note):
                last = None
            out.append(node)
    return tuple(out)


def _paragraphs(numbers: list[int], words: dict) -> str:
    """Return "para.\u00a03" or "paras.\u00a03 and 7" in the paper's language, the number never on the next line."""
    terms = {key: words["locator"][key].replace(" {n}", "\u00a0{n}") for key in ("paragraph", "paragraphs")}
    if len(numbers) == 1:
        return terms["paragraph"].format(n=numbers[0])
    listed = ", ".join(str(n) for n in numbers[:-1]) + f" {words['and']} {numbers[-1]}"
    return terms["paragraphs"].format(n=listed)


def _insert_before_punctuation(out: list[Inline], reference: Text) -> int:
    """Put `reference` at the end of `out`, before the punctuation that ends it, and return its index."""
    if out and isinstance(out[-1], Text):
        text = out[-1].text
        stripped = text.rstrip(_PUNCTUATION)
        if stripped != text and stripped:
            out[-1:] = [Text(stripped), reference, Text(text[len(stripped):])]
            return len(out) - 2
    out.append(reference)
    return len(out) - 1
