"""Turn inlines into the typography of the paper's language (UN editing conventions).

English and Russian put the note call after punctuation ("cases.¹"), French and
Spanish before it ("affaires¹."). French puts a narrow no-break space before
`; : ! ?` and inside guillemets.
"""

from __future__ import annotations

import re

from compiler.document.model import Emph, Inline, Link, Note, Strong, Text

_PUNCT = ".,;:!?"
_BEFORE_LANGS = ("fr", "es")
_NNBSP = "\u202f"


def place_notes(inlines: tuple[Inline, ...], language: str) -> tuple[Inline, ...]:
    """Return `inlines` with each note call on the side of the punctuation `language` wants."""
    base = language.split("-")[0].lower()
    items = list(inlines)
    if base in _BEFORE_LANGS:
        items = _calls_before(items)
    else:
        items = _calls_after(items)
    if base == "fr":
        items = [_french(node, index > 0) for index, node in enumerate(items)]
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


def _french(node: Inline, after_inline: bool = False) -> Inline:
    if isinstance(node, Text):
        return Text(french_spacing(node.text, after_inline))
    if isinstance(node, (Emph, Strong)):
        return type(node)(tuple(_french(c, i > 0) for i, c in enumerate(node.children)))
    if isinstance(node, Link):
        return Link(node.url, tuple(_french(c, i > 0) for i, c in enumerate(node.children)))
    return node


def _merge(items: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for node in items:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not (isinstance(node, Text) and node.text == ""):
            out.append(node)
    return out
