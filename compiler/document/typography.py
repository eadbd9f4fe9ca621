"""Turn a Document into the typography of the paper's language (UN editing conventions).

One pass over every inline sequence of the parts (`apply`), run on the assembled
paper before the citation pass, and one over the notes and the annex the citation pass
writes (`apply_to_notes`). English and Russian put the note call after punctuation
("cases.¹"), French and Spanish before it ("affaires¹."). Straight quotation marks
become the language's (“ ” ‘ ’ in English, « » in French, Spanish and Russian, with
“ ” or „ “ inside them) and a straight apostrophe ’; a hyphen between two numbers (a
range: "14-15 July", "2011-2016") an en dash; the spaces of an international telephone
number ("+7 701 713 6509") no-break spaces. French puts a narrow no-break space
before `; : ! ?` and inside guillemets, and raises an ordinal's ending ("102e session",
"1er", "1re", "2nde", "XXe siècle") as a superscript, on the cover too. Addresses
(links) and code are left as written.
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.document.model import (
    Block, Code, Document, Emph, Inline, Inlines, LineBreak, Link, Note, SourceEntry, SourceList, Strong, Superscript,
    Text, map_blocks, map_inline, map_inlines, map_nested, plain_text,
)

_PUNCT = ".,;:!?"
_BEFORE_LANGS = ("fr", "es")
_NNBSP = "\u202f"


def apply(document: Document) -> Document:
    """Return `document` with every inline sequence of its parts in its language's typography."""
    language = document.meta.language
    document = map_inlines(document, lambda inlines: place_notes(inlines, language))
    if language.split("-")[0].lower() != "fr":
        return document
    cover = document.cover
    title, subtitle = ordinals(cover.title_inlines()), ordinals(cover.subtitle_inlines())
    if title == cover.title_inlines() and subtitle == cover.subtitle_inlines():
        return document
    return replace(document, cover=replace(cover, title_content=title, subtitle_content=subtitle))


def apply_to_notes(document: Document) -> Document:
    """Return `document` with its notes' texts and the annex's entries in its language's typography.

    Run after the citation pass, which writes them; the body, already set, is left as it is.
    """
    language = document.meta.language
    french = language.split("-")[0].lower() == "fr"

    def prose(inlines: Inlines) -> Inlines:
        inlines = tuple(_merge(list(typeset(inlines, language))))
        return ordinals(_french(inlines)) if french else inlines

    def note(node: Inline) -> Inline:
        if isinstance(node, Note) and node.content:
            content = prose(node.content)
            return node if content == node.content else Note(node.citations, node.number, content)
        return node

    def annex(block: Block) -> Block:
        if not isinstance(block, SourceList):
            return block
        return SourceList(tuple(SourceEntry(entry.id, prose(entry.content)) for entry in block.entries))

    return map_blocks(map_inlines(document, lambda inlines: map_inline(inlines, note)), annex)


_MARKS = {"en": ("\u201c", "\u201d", "\u2018", "\u2019"), "fr": ("«", "»", "\u201c", "\u201d"),
          "es": ("«", "»", "\u201c", "\u201d"), "ru": ("«", "»", "\u201e", "\u201c")}
_OPENS_AFTER = frozenset(" \t\n\u00a0\u202f([{\u2014\u2013-/\u2018\u201c\u201e«")
_PHONE = re.compile(r"\+\d{1,3}(?: (?:\(\d{1,4}\))?\d{1,5}){1,5}")
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")  # a hyphen between spaces stands for a dash
_RANGE = re.compile(r"(?<![\w.\-/\u2013])(\d{1,4})-(\d{1,4})(?![\w\-/])")


def typeset(inlines: Inlines, language: str) -> Inlines:
    """Return `inlines` with the language's quotation marks and apostrophes, and en dashes in number ranges.

    A straight quote opens after a space, an opening bracket, a dash or another opening
    quote (or at the start), and closes otherwise; a straight single quote elsewhere is
    an apostrophe, unless it closes an open single quote before a space or punctuation. The text of links and code is left as written.
    """
    marks = _MARKS.get(language.split("-")[0].lower(), _MARKS["en"])
    dash = " \u2014 " if language.split("-")[0].lower() == "ru" else " \u2013 "  # Russian sets an em dash
    state = {"prev": " ", "single": False}  # the last character; whether a single quote is open

    def text(value: str) -> str:
        if '"' in value or "'" in value:
            out: list[str] = []
            for index, char in enumerate(value):
                prev = out[-1] if out else state["prev"]
                if char == '"':
                    char = marks[0] if prev in _OPENS_AFTER else marks[1]
                elif char == "'":
                    following = value[index + 1: index + 2]
                    if prev in _OPENS_AFTER:
                        char, state["single"] = marks[2], True
                    elif state["single"] and not following.isalnum():
                        char, state["single"] = marks[3], False
                    else:
                        char = "\u2019"  # an apostrophe
                out.append(char)
            value = "".join(out)
        if "-" in value:
            value = _RANGE.sub("\\1\u2013\\2", value)
            value = _SPACED_HYPHEN.sub(dash, value)  # "Annual Report 2007 - Kazakhstan": a dash
        if "+" in value:  # a telephone number stays on one line
            value = _PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), value)
        if value:
            state["prev"] = value[-1]
        return value

    def walk(nodes: Inlines) -> Inlines:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Text):
                changed = text(node.text)
                out.append(node if changed == node.text else Text(changed))
            elif isinstance(node, (Emph, Strong, Superscript)):
                children = walk(node.children)
                out.append(node if children == node.children else type(node)(children))
            elif isinstance(node, (Link, Code)):
                shown = plain_text((node,))
                state["prev"] = shown[-1] if shown else state["prev"]
                out.append(node)
            elif isinstance(node, LineBreak):
                state["prev"] = " "
                out.append(node)
            else:
                out.append(node)
        return tuple(out)

    return walk(inlines)


def typeset_text(text: str, language: str) -> str:
    """Return a plain text (a title, the cover's lines) with the language's quotation marks, apostrophes and ranges."""
    (node,) = typeset((Text(text),), language) if text else (Text(text),)
    return node.text


def place_notes(inlines: Inlines, language: str) -> Inlines:
    """Return `inlines` in `language`'s typography: quotation marks, ranges, each note call on the side of the punctuation it wants."""
    base = language.split("-")[0].lower()
    items = list(typeset(inlines, language))
    if base in _BEFORE_LANGS:
        items = _calls_before(items)
    else:
        items = _calls_after(items)
    if base == "fr":
        items = list(ordinals(map_nested(tuple(items), _french)))
    return tuple(_merge(items))


# A French ordinal: a number in figures or in capital Roman numerals (two letters at least,
# or I, V, X: "Le", "De", "Ce" and "Me" are words) and its ending, "e", "er", "re", "nd(e)", with
# an "s" in the plural.
_ORDINAL = re.compile(
    r"(?<![\w.,/\-])(\d+|(?=[IVXLCDM]{2})M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|[IVX])"
    r"(es?|ers?|res?|nds?|ndes?)(?![\w\u2019'])")


def ordinals(inlines: Inlines) -> Inlines:
    """Return `inlines` with each French ordinal's ending as a Superscript ("102e" -> "102", Superscript("e")).

    Emphasis is looked into; links, code, superscripts and notes are left as they are.
    """
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and _ORDINAL.search(node.text):
            position = 0
            for match in _ORDINAL.finditer(node.text):
                out.append(Text(node.text[position:match.end(1)]))
                out.append(Superscript((Text(match.group(2)),)))
                position = match.end()
            if node.text[position:]:
                out.append(Text(node.text[position:]))
        elif isinstance(node, (Emph, Strong)):
            children = ordinals(node.children)
            out.append(node if children == node.children else type(node)(children))
        else:
            out.append(node)
    return tuple(out)


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
