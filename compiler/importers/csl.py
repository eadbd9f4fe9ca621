"""Turn CSL-JSON entries (as Zotero and Better BibTeX export them) into References.

CSL-JSON is a list of items: `type`, `title`, `author` (`family`/`given` for persons,
`literal` for organisations), `issued` and `accessed` (`date-parts`, or `raw`/`literal`
text), `URL`, `DOI`, `publisher`, `container-title`, `number` (where Zotero puts a
report's number, hence a UN document symbol). Better BibTeX adds `citation-key`;
Zotero's own export has only an `id` that is a URI. Each item keeps the line it starts
on, so problems name it as `FILE:line N: field: problem`.
"""

from __future__ import annotations

import json
import re

from compiler.errors import Problem
from compiler.importers.common import at_line
from compiler.importers.references import Author, Reference, find_symbol, kind_from_genre, language_tag

KINDS = {
    "report": "report",
    "article-journal": "article",
    "article": "article",
    "book": "book",
    "chapter": "chapter",
    "article-newspaper": "news",
    "article-magazine": "news",
    "webpage": "web-page",
    "post-weblog": "web-page",
    "post": "web-page",
    "legislation": "legal-act",
    "bill": "legal-act",
    "regulation": "legal-act",
    "treaty": "legal-act",
    "interview": "interview",
}

_MARKUP = re.compile(r"</?(?:i|b|sup|sub|span|sc)(?:\s[^>]*)?>")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEAR = re.compile(r"\b(\d{4})\b")


def _text(value: object) -> str:
    """Return a CSL value as text: strings stripped of rich-text markup, numbers written out."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        return " ".join(_MARKUP.sub("", value).split())
    return ""


def csl_date(value: object) -> str:
    """Return a CSL date (`date-parts`, `raw`, `literal`, or an EDTF string) as YYYY, YYYY-MM or YYYY-MM-DD; '' when none."""
    if isinstance(value, str):
        return _from_text(value)
    if not isinstance(value, dict):
        return ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            try:
                numbers.append(int(str(part).strip()))
            except ValueError:
                break
        if numbers:
            return "-".join([f"{numbers[0]:04d}", *(f"{n:02d}" for n in numbers[1:])])
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str):
            found = _from_text(value[key])
            if found:
                return found
    return ""


def _from_text(text: str) -> str:
    match = _ISO.match(text)
    if match:
        return "-".join(
            [match.group(1)] + [f"{int(g):02d}" for g in match.groups()[1:] if g is not None]
        )
    year = _YEAR.search(text)
    return year.group(1) if year else ""


def _person(value: object) -> Author | None:
    """Return a CSL name: `literal` (or a lone `family`) is an organisation, `given` + `family` a person."""
    if not isinstance(value, dict):
        return None
    literal = _text(value.get("literal"))
    family = _text(value.get("family"))
    given = _text(value.get("given"))
    if literal:
        return Author(literal, literal, organisation=True)
    if not family:
        return Author(given, given) if given else None
    # "Ludwig van Beethoven" is sorted under B: the dropping particle goes with the given
    # names; "Jan van den Berg" under v: the non-dropping one with the family name
    given = " ".join(p for p in (given, _text(value.get("dropping-particle"))) if p)
    family = " ".join(p for p in (_text(value.get("non-dropping-particle")), family) if p)
    name = " ".join(p for p in (given, family) if p)
    suffix = _text(value.get("suffix"))
    if suffix:  # a suffix has no place of its own: the name is kept as written
        name = f"{name}, {suffix}" if value.get("comma-suffix") else f"{name} {suffix}"
    return Author(name, family, organisation=not given, given=given)


def _citation_key(item: dict) -> str:
    """Return the item's citation key: `citation-key` (Better BibTeX, Zotero 7), or a `Citation Key:` line of its note."""
    for key in ("citation-key", "citation_key", "citationKey"):
        if _text(item.get(key)):
            return _text(item.get(key))
    note = item.get("note")
    if isinstance(note, str):
        match = re.search(r"^\s*Citation Key:\s*(\S+)\s*$", note, re.M | re.I)
        if match:
            return match.group(1)
    return ""


# The variables an item may hold that a reference does not print: how the item is known
# and filed (`source` is Zotero's "Library Catalog"), and short forms of printed ones.
_QUIET = {"id", "type", "citation-key", "citation_key", "citationKey", "source", "title-short", "shortTitle",
          "container-title-short", "journalAbbreviation", "language", "genre"}
_USED = {"title", "author", "issued", "accessed", "URL", "url", "DOI", "doi", "publisher", "authority",
         "container-title", "publisher-place", "edition", "volume", "issue", "page", "ISBN"}


def reference_of(item: dict, line: int) -> Reference:
    """Return the Reference of one CSL-JSON item starting at `line`: every variable it holds is printed or reported."""
    csl_type = _text(item.get("type"))
    kind = kind_from_genre(_text(item.get("genre")), KINDS.get(csl_type, "other"))
    used = set(_USED)
    names = "author" if _list(item.get("author")) else "editor"
    used.add(names)
    authors = [p for p in (_person(v) for v in _list(item.get(names))) if p]
    sought = {name: _text(item.get(name)) for name in ("number", "call-number", "archive_location", "archive-location")}
    sought["note"] = item.get("note") if isinstance(item.get("note"), str) else ""
    symbol = find_symbol(*sought.values())
    used.update(name for name, text in sought.items() if symbol and symbol in text)
    key = _citation_key(item)
    if key and key in sought["note"] and len(sought["note"].strip().splitlines()) == 1:
        used.add("note")  # the note only holds Better BibTeX's "Citation Key:" line
    if symbol and kind in ("report", "other"):
        kind = "un-document"
    unused = [name for name, value in item.items() if name not in used and name not in _QUIET and _held(value)]
    return Reference(
        line=line,
        key=key,
        native_id=_text(item.get("id")),
        kind=kind,
        title=_text(item.get("title")),
        short_title=_text(item.get("title-short") or item.get("shortTitle")),
        authors=authors,
        publisher=_text(item.get("publisher")) or _text(item.get("authority")),
        container=_text(item.get("container-title")),
        issued=csl_date(item.get("issued")),
        url=_text(item.get("URL") or item.get("url")),
        accessed=csl_date(item.get("accessed")),
        symbol=symbol,
        doi=_text(item.get("DOI") or item.get("doi")),
        language=language_tag(_text(item.get("language"))),
        place=_text(item.get("publisher-place")),
        edition=_text(item.get("edition")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        pages=_text(item.get("page")),
        isbn=_text(item.get("ISBN")),
        unused=unused,
    )


def _held(value: object) -> bool:
    """Return whether a variable holds anything (an empty string or list is no loss)."""
    return value not in (None, "", [], {})


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _item_lines(text: str) -> list[int]:
    """Return the line on which each item of the top-level JSON array of (valid) `text` starts."""
    decoder = json.JSONDecoder()
    index = text.index("[") + 1
    lines = []
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            return lines
        lines.append(text.count("\n", 0, index) + 1)
        _, index = decoder.raw_decode(text, index)


def read_csl(data: bytes, file: str) -> tuple[list[Reference], list[Problem]]:
    """Return the References of CSL-JSON `data` (the bytes of `file`) and every problem found."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [at_line(file, data[: exc.start].count(b"\n") + 1, "", "file is not valid UTF-8 text")]
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [at_line(file, exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")]
    except RecursionError:
        return [], [at_line(file, None, "", "not valid CSL-JSON: nested too deeply")]
    if isinstance(value, dict):
        items, lines = [value], [1]
    elif isinstance(value, list):
        items, lines = value, _item_lines(text)
    else:
        return [], [at_line(file, 1, "", "expected a CSL-JSON list of items (export CSL JSON from Zotero)")]
    references: list[Reference] = []
    problems: list[Problem] = []
    for item, line in zip(items, lines):
        if not isinstance(item, dict):
            problems.append(at_line(file, line, "", "expected a CSL-JSON item (an object with type, title, author ...)"))
            continue
        references.append(reference_of(item, line))
    return references, problems
