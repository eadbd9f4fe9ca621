"""Turn a Document into the typography of the paper's language (UN editing conventions).

One pass over every inline sequence of the parts (`apply`), run on the assembled
paper before the citation pass. English and Russian put the note call after
punctuation ("cases.¹"), French and Spanish before it ("affaires¹."). French puts a
narrow no-break space before `; : ! ?` and inside guillemets.
"""

from __future__ import annotations

import re

from compiler.document.model import Document, Inline, Inlines, Note, Text, map_inlines, map_nested

_PUNCT = ".,;:!?"
_BEFORE_LANGS = ("fr", "es")
_NNBSP = "\u202f"


def apply(document: Document) -> Document:
    """Return `document` with every inline sequence of its parts in its language's typography."""
    language = document.meta.language
    return map_inlines(document, lambda inlines: place_notes(inlines, language))


def place_notes(inlines: Inlines, language: str) -> Inlines:
    """Return `inlines` with each note call on the side of the punctuation `language` wants."""
    base = language.split("-")[0].lower()
    items = list(inlines)
    if base in _BEFORE_LANGS:
        items = _calls_before(items)
    else:
        items = _calls_after(items)
    if base == "fr":
        items = list(map_nested(tuple(items), _french))
    return tuple(_merge(items))


def _calls_after(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    i = 0
    while i < len(items):
        node = items[i]
        if isinstance(node, Note):
            notes = [node]
            while i + 1 < len(items) and isinstance(items[i + 1], Note):
                i += 1
                notes.append(items[i])
            following = items[i + 1] if i + 1 < len(items) else None
            if isinstance(following, Text):
                match = re.match(r"^[" + re.escape(_PUNCT) + r"]+", following.text)
                if match:
                    # drop a space left before the call: "cases [@x]." -> "cases.¹"
                    if out and isinstance(out[-1], Text):
                        out[-1] = Text(out[-1].text.rstrip())
                    out.append(Text(match.group(0)))
                    out.extend(notes)
                    rest = following.text[match.end():]
                    if rest:
                        out.append(Text(rest))
                    i += 2
                    continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip(" "))
            out.extend(notes)
        else:
            out.append(node)
        i += 1
    return out


def _calls_before(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in items:
        if isinstance(node, Note) and out and isinstance(out[-1], Text):
            text = out[-1].text.rstrip(" ")
            match = re.search(r"[" + re.escape(_PUNCT) + r"]+$", text)
            if match and text[: match.start()].strip():
                out[-1] = Text(text[: match.start()].rstrip())
                out.append(node)
                out.append(Text(match.group(0)))
                continue
            out[-1] = Text(text)
        out.append(node)
    return out


def french_spacing(text: str, after_inline: bool = False) -> str:
    """Return `text` with French spacing before ; : ! ? and inside guillemets.

    A mark gets its narrow no-break space when it follows a word (or, with
    `after_inline`, starts a text that follows a note call or emphasis) and ends a
    word: "10:30" and "https://" are left alone.
    """
    text = re.sub(r"(?<=[^\s\u00a0\u202f])[ \u00a0\u202f]*([;:!?]+)(?=\s|$|[»\)\]])", lambda m: _NNBSP + m.group(1), text)
    if after_inline:
        text = re.sub(r"^[ \u00a0\u202f]*([;:!?]+)(?=\s|$)", lambda m: _NNBSP + m.group(1), text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + _NNBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", _NNBSP + "»", text)
    return text


def _french(inlines: Inlines) -> Inlines:
    """Return `inlines` with French spacing in each text; a text after another inline may start with its mark."""
    return tuple(Text(french_spacing(node.text, index > 0)) if isinstance(node, Text) else node
                 for index, node in enumerate(inlines))


def _merge(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in items:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and node.text == ""):
            out.append(node)
    return out
