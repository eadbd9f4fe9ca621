"""Turn a locator written in English ("p. 3", '"Promise 1" section, n. 1') into the paper's language.

The store writes pinpoints in English (FORMAT.md: "p. 3", "para. 14", "section 2").
A locator is read as pieces separated by commas; a piece that is one recognised term
and its number (page, pages, paragraph, paragraphs, note, notes, chapter, chapters,
section, a section named by its quoted heading, the introduction) is written again
with the words of the paper's language, as UN documents write them (`locator` in
`compiler/data/labels.yaml`): '"Promise 1" section, n. 1' becomes in French
'section "Promise 1", note 1', in Spanish 'sección "Promise 1", nota 1', in Russian
'раздел "Promise 1", прим. 1' (the typography pass then sets the quotation marks).
Any other piece ("video transcript", "table 3") is left as written, and an English
paper's locators are never rewritten.
"""

from __future__ import annotations

import re

from compiler.document.labels import labels_for

# One number, or a list or range of them: "14", "124.12", "iv", "4-5", "3 and 4".
_NUMBER = r"(?:\d+(?:\.\d+)*[a-z]?|[ivxlcdm]+)"
_NUMBERS = rf"(?P<n>{_NUMBER}(?:(?:\s*[-\u2013]\s*|\s+and\s+|\s*&\s*){_NUMBER})*)"


def _quoted(name: str) -> str:
    """Return a pattern of a title between straight, curly or angle quotation marks, in groups `name`0, 1, 2."""
    title = r"[^\"“”«»]+"
    return rf"(?:\"(?P<{name}0>{title})\"|“(?P<{name}1>{title})”|«\s*(?P<{name}2>{title})\s*»)"


# The English terms a piece may hold, by the key of its wording in labels.yaml.
_TERMS = (
    ("pages", r"(?:pp\.|pages)"),
    ("page", r"(?:p\.|page)"),
    ("paragraphs", r"(?:paras\.|paragraphs|¶¶)"),
    ("paragraph", r"(?:para\.?|paragraph|¶)"),
    ("notes", r"(?:nn\.|notes)"),
    ("note", r"(?:n\.|note)"),
    ("chapters", r"(?:chaps\.|chs\.|chapters)"),
    ("chapter", r"(?:chap\.|ch\.|chapter)"),
    ("section", r"(?:section|sect\.|sec\.|§)"),
)
_PIECES = tuple((key, re.compile(rf"{term}\s*{_NUMBERS}", re.IGNORECASE)) for key, term in _TERMS) + (
    ("named_section", re.compile(rf"{_quoted('before')}\s+section|section\s+{_quoted('after')}", re.IGNORECASE)),
    ("introduction", re.compile(r"introduction", re.IGNORECASE)),
)
# A piece ends at a comma outside quotation marks.
_PIECE = re.compile(r"((?:\"[^\"]*\"|“[^”]*”|«[^»]*»|[^,\"“«])+)(,\s*|$)")


def in_language(locator: str, language: str) -> str:
    """Return `locator` with its recognised terms in `language` ("n. 1" -> "note 1" in French); English is left as written."""
    base = language.split("-")[0].lower()
    if not locator or base == "en":
        return locator
    words = labels_for(base)
    wording = words["locator"]
    pieces = _PIECE.findall(locator)
    if "".join(piece + separator for piece, separator in pieces) != locator:
        return locator  # unbalanced quotation marks: left as written
    return "".join(_piece(piece, wording, words["and"]) + separator for piece, separator in pieces)


def _piece(piece: str, wording: dict, conjunction: str) -> str:
    """Return one piece of a locator in the wording given, or as written when it is no recognised term."""
    text = piece.strip()
    for key, pattern in _PIECES:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if key == "named_section":
            title = next(value for name, value in match.groupdict().items() if value)
            return piece.replace(text, wording[key].format(title=title.strip()))
        if key == "introduction":
            return piece.replace(text, wording[key])
        number = re.sub(r"\s+and\s+", f" {conjunction} ", match.group("n"))
        return piece.replace(text, wording[key].format(n=number))
    return piece
