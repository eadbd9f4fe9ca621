"""Turn positions in import files and free text into what every importer shares.

Problems of an import file are one line each: `FILE:line N: field: problem` for
JSON and BibTeX, `FILE:row N: column: problem` for spreadsheets, where row 1 is the
header as a spreadsheet program numbers it. Slugs turn names and keys into ids.
"""

from __future__ import annotations

import re
import unicodedata

from compiler.errors import Problem, Severity

_NOT_ID = re.compile(r"[^a-z0-9]+")


def at_line(file: str, line: int | None, field: str, message: str, severity: Severity = "error") -> Problem:
    """Return the problem of `field` at `line` of import file `file`."""
    where = f"{file}:line {line}" if line else file
    return Problem(where, None, field, message, severity)


def at_row(file: str, row: int, column: str, message: str, severity: Severity = "error") -> Problem:
    """Return the problem of `column` in spreadsheet row `row` (the header is row 1) of `file`."""
    return Problem(f"{file}:row {row}", None, column, message, severity)


# Cyrillic letters as the ids of documents from Central Asia and eastern Europe are usually
# written (a plain transliteration, close to BGN/PCGN), Kazakh letters included.
_CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіїєґў",
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya a g q n o u u h i yi ye g u".split(),
))


def _transliterate(text: str) -> str:
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            latin = "" if latin == "_" else latin
            out.append(latin.capitalize() if char.isupper() else latin)
    return "".join(out)


def ascii_fold(text: str) -> str:
    """Return `text` in plain Latin letters (é -> e, ß -> ss, Ł -> L, Казахстан -> Kazakhstan), for ids."""
    text = _transliterate(text)
    text = text.replace("ß", "ss").replace("Ł", "L").replace("ł", "l").replace("Ø", "O").replace("ø", "o")
    text = text.replace("Æ", "AE").replace("æ", "ae").replace("Œ", "OE").replace("œ", "oe").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """Return `text` as an id: lower case, accents dropped, every other run of characters a '-'."""
    return _NOT_ID.sub("-", ascii_fold(text).lower()).strip("-")
