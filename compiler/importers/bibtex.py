"""Turn BibTeX and BibLaTeX entries (as Better BibTeX, JabRef or a hand editor write them) into References.

pybtex parses the file: @string macros, @comment and @preamble, braces and quotes,
month macros, and names split into given, von, family and Jr parts; a name in double
braces (`{{Human Rights Watch}}`) is an organisation. Macros are expanded within
bounds: a value (of an @string or a field) of at most 100,000 characters, the limit
of a text field, and at most 20,000,000 characters for the whole file, so a chain of
@string definitions that doubles at each step (a "billion laughs") is a syntax error
on its line, not gigabytes. LaTeX in the values ({\\'e},
\\"{o}, --, \\&, \\emph{...}) is decoded to Unicode. A syntax error (an unclosed brace
most often) is reported with the line of the entry it is in.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Mapping

from compiler.errors import Problem
from compiler.importers.common import at_line
from compiler.importers.references import Author, Reference, find_symbol, kind_from_genre, language_tag

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.database import Person as BibPerson

KINDS = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "techreport": "report",
    "report": "report",
    "online": "web-page",
    "www": "web-page",
    "electronic": "web-page",
    "webpage": "web-page",
    "legislation": "legal-act",
    "law": "legal-act",
    "legal": "legal-act",
}

_ENTRY = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()]*)", re.M)
_COMMANDS = re.compile(
    r"\\(?:textit|textbf|textsl|textsc|textup|textrm|textsf|texttt|textnormal|emph|mkbibemph|mkbibquote|enquote|mbox|hbox|url|nolinkurl)\s*(?=\{)"
)
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def latex_text(value: str) -> str:
    """Return LaTeX `value` as plain Unicode text: accents decoded, braces and formatting commands dropped."""
    from pybtex.richtext import Text
    from pybtex.scanner import PybtexError

    prepared = _COMMANDS.sub("", value)
    try:
        text = Text.from_latex(prepared).render_as("text")
    except (PybtexError, ValueError):  # unbalanced braces, a lone backslash: keep the text as written
        text = prepared.replace("{", "").replace("}", "")
    return " ".join(text.replace("\u00a0", " ").split())


def _raw(value: str) -> str:
    """Return a verbatim field (url, doi) without its LaTeX escapes."""
    value = re.sub(r"\\url\s*\{([^}]*)\}", r"\1", value)
    return re.sub(r"\\([_%&#$~])", r"\1", value).replace("{", "").replace("}", "").strip()


def _person(person: "BibPerson") -> Author:
    """Return the Author of a pybtex Person: a name in braces of its own is an organisation."""
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names
    if len(parts) == 1 and parts[0].startswith("{") and parts[0].endswith("}") and not person.lineage_names:
        name = latex_text(parts[0])
        return Author(name, name, organisation=True)
    name = latex_text(" ".join(parts))
    given = latex_text(" ".join(person.first_names + person.middle_names))
    family = latex_text(" ".join(person.prelast_names + person.last_names))  # "van den Berg", as CSL's non-dropping particle
    if person.lineage_names:  # a suffix ("Jr.") has no place of its own: the name is kept as written
        name = f"{name}, {latex_text(' '.join(person.lineage_names))}"
    return Author(name, family, organisation=not given, given=given)


def bibtex_date(fields: Mapping[str, str]) -> str:
    """Return an entry's date: BibLaTeX `date` (the start of a range), else `year`, `month`, `day`."""
    date = fields.get("date", "").strip()
    match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", date)
    if match:
        return "-".join([match.group(1)] + [f"{int(g):02d}" for g in match.groups()[1:] if g])
    year = re.search(r"\d{4}", fields.get("year", ""))
    if not year:
        return ""
    out = year.group(0)
    month = latex_text(fields.get("month", "")).strip().lower()
    number = int(month) if month.isdigit() else _MONTHS.get(month[:3])
    if number and 1 <= number <= 12:
        out += f"-{number:02d}"
        day = fields.get("day", "").strip()
        if day.isdigit():
            out += f"-{int(day):02d}"
    return out


def _first(fields: Mapping[str, str], names: Iterable[str], raw: bool = False) -> str:
    for name in names:
        value = fields.get(name, "")
        if value.strip():
            return _raw(value) if raw else latex_text(value)
    return ""


# The fields an entry may hold that a reference does not print: how reference managers
# file it (JabRef's owner and timestamp, Zotero's file links).
_QUIET = {"file", "timestamp", "owner", "groups", "creationdate", "modificationdate", "entrysubtype", "type",
          "shorttitle", "langid", "language", "langidopts"}
_USED = {"title", "subtitle", "publisher", "institution", "organization", "school", "journaltitle", "journal",
         "booktitle", "maintitle", "date", "year", "month", "day", "url", "urldate", "doi", "volume", "pages",
         "edition", "isbn", "address", "location"}


def reference_of(key: str, entry: "Entry", line: int) -> Reference:
    """Return the Reference of pybtex entry `entry` with citation key `key`, starting at `line`: every field printed or reported."""
    fields = entry.fields
    entry_type = entry.type.lower()
    kind = KINDS.get(entry_type, "other")
    subtype = latex_text(fields.get("entrysubtype", "")).lower()
    if entry_type == "article" and subtype in ("newspaper", "magazine"):
        kind = "news"
    kind = kind_from_genre(latex_text(fields.get("type", "")), kind)
    role = "author" if entry.persons.get("author") else "editor"
    people = entry.persons.get(role) or []
    used = set(_USED)
    url = _first(fields, ("url",), raw=True)
    if not url:
        for name in ("howpublished", "note"):
            found = re.search(r"https?://[^\s}]+", fields.get(name, ""))
            if found:
                url = _raw(found.group(0))
                used.add(name)
                break
    sought = {name: latex_text(fields.get(name, "")) for name in ("number", "note", "addendum", "howpublished", "series")}
    symbol = find_symbol(*sought.values())
    used.update(name for name, text in sought.items() if symbol and symbol in text)
    if symbol and kind in ("report", "other"):
        kind = "un-document"
    issue = "issue" if fields.get("issue", "").strip() else "number"
    if entry_type == "article" and issue not in used:  # an article's number is its issue
        used.add(issue)
    else:
        issue = ""
    unused = [name for name, value in fields.items() if name.lower() not in used and name.lower() not in _QUIET and value.strip()]
    unused += [name for name, persons in entry.persons.items() if name.lower() != role and persons]
    title = _first(fields, ("title",))
    subtitle = _first(fields, ("subtitle",))
    if subtitle:
        title = f"{title}: {subtitle}"
    accessed = re.match(r"^\s*(\d{4}-\d{1,2}-\d{1,2})", fields.get("urldate", ""))
    return Reference(
        line=line,
        key=key,
        kind=kind,
        title=title,
        short_title=_first(fields, ("shorttitle",)),
        authors=[_person(p) for p in people],
        publisher=_first(fields, ("publisher", "institution", "organization", "school")),
        container=_first(fields, ("journaltitle", "journal", "booktitle", "maintitle")),
        issued=bibtex_date(fields),
        url=url,
        accessed=accessed.group(1) if accessed else "",
        symbol=symbol,
        doi=_first(fields, ("doi",), raw=True),
        language=language_tag(latex_text(fields.get("langid", "") or fields.get("language", ""))),
        place=_first(fields, ("location", "address")),
        edition=_first(fields, ("edition",)),
        volume=_first(fields, ("volume",)),
        issue=_first(fields, (issue,)) if issue else "",
        pages=_first(fields, ("pages",)),
        isbn=_first(fields, ("isbn",), raw=True),
        unused=unused,
    )


def _entry_lines(text: str) -> list[tuple[int, str, str]]:
    """Return (line, type, key) of every entry of `text`, @string, @comment and @preamble included."""
    return [(text.count("\n", 0, m.start()) + 1, m.group(1).lower(), m.group(2)) for m in _ENTRY.finditer(text)]


def _unbalanced(text: str) -> list[tuple[int, str, int]]:
    """Return (line, key, depth left open) of every entry whose braces do not balance."""
    starts = [m.start() for m in _ENTRY.finditer(text)] + [len(text)]
    found = []
    for begin, end in zip(starts, starts[1:]):
        match = _ENTRY.match(text, begin)
        if match is None or match.group(1).lower() == "comment":
            continue
        chunk = re.sub(r"\\[{}]", "", text[begin:end])
        depth = 0
        for char in chunk:
            depth += {"{": 1, "}": -1}.get(char, 0)
            if depth < 0:
                break
        if depth != 0:
            found.append((text.count("\n", 0, begin) + 1, match.group(2), depth))
    return found


MAX_VALUE_CHARS = 100_000  # a field's text limit (compiler.schema.MAX_TEXT_CHARS)
MAX_EXPANDED_CHARS = 20_000_000  # every value of a file together: as much as the largest import file


def _bounded_parser():
    """Return a pybtex Parser whose @string macros and field values expand within the bounds above."""
    from compiler.schema import MAX_TEXT_CHARS
    from pybtex.database.input.bibtex import LowLevelParser, Parser
    from pybtex.scanner import PybtexSyntaxError

    assert MAX_VALUE_CHARS == MAX_TEXT_CHARS

    class TooLong(PybtexSyntaxError):
        error_type = "too long"

    class BoundedLowLevelParser(LowLevelParser):
        expanded = 0

        def parse_value(self):
            super().parse_value()  # the parts, each a literal or an already bounded macro, not yet joined
            size = sum(len(part) for part in self.current_value)
            self.expanded += size
            name = self.current_field_name
            if size > MAX_VALUE_CHARS:
                self.current_value = []
                raise TooLong(f"{name}: {size:,} characters with its @string macros expanded; the limit is {MAX_VALUE_CHARS:,}", self)
            if self.expanded > MAX_EXPANDED_CHARS:
                self.current_value = []
                raise TooLong(f"{name}: the values of the file expand to more than {MAX_EXPANDED_CHARS:,} characters "
                              "(@string macros); it is not read further", self)

    class BoundedParser(Parser):
        def parse_string(self, text):  # pybtex's own, with the bounded low-level parser
            self.unnamed_entry_counter = 1
            self.command_start = 0
            entries = BoundedLowLevelParser(text, keyless_entries=self.keyless_entries, handle_error=self.handle_error,
                                            want_entry=self.data.want_entry, filename=self.filename, macros=self.macros)
            for entry in entries:
                kind = entry[0].lower()
                if kind == "preamble":
                    self.process_preamble(*entry[1])
                elif kind != "string":
                    self.process_entry(entry[0], *entry[1])
            return self.data

    return BoundedParser()


def read_bibtex(data: bytes, file: str) -> tuple[list[Reference], list[Problem]]:
    """Return the References of BibTeX `data` (the bytes of `file`) and every problem found."""
    import pybtex.errors
    from pybtex.scanner import PybtexError

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [at_line(file, data[: exc.start].count(b"\n") + 1, "", "file is not valid UTF-8 text (save it as UTF-8)")]
    text = text.replace("\r\n", "\n")
    lines = _entry_lines(text)
    problems: list[Problem] = []
    for line, key, depth in _unbalanced(text):
        what = "an unclosed brace" if depth > 0 else "a closing brace too many"
        problems.append(at_line(file, line, "", f"entry '{key}' has {what}"))
    if problems:
        return [], problems
    with pybtex.errors.capture() as errors:
        try:
            database = _bounded_parser().parse_string(text)
        except PybtexError as exc:
            errors.append(exc)
            database = None
    seen: dict[str, int] = {}
    key_lines: dict[str, int] = {}
    for line, kind, key in lines:
        if kind in ("string", "comment", "preamble"):
            continue
        if key.lower() in seen:
            key_lines.setdefault(f"{key.lower()}#2", line)
        seen.setdefault(key.lower(), line)
        key_lines.setdefault(key, line)
    for error in errors:
        message = str(error)
        repeated = re.match(r"repeated bibliography entry: (.*)", message)
        if repeated:
            key = repeated.group(1)
            problems.append(at_line(file, key_lines.get(f"{key.lower()}#2"), "", f"the key '{key}' is used by two entries"))
            continue
        line = getattr(error, "lineno", None)
        message = re.sub(r"^syntax error in line \d+: ", "syntax error: ", message)
        message = re.sub(r"^too long in line \d+: ", "", message)
        inside = [key for start, kind, key in lines if line and start <= line and kind not in ("comment", "preamble")]
        if inside:
            message = f"in entry '{inside[-1]}': {message}"
        problem = at_line(file, line, "", message)
        if problem not in problems:  # a macro left undefined is reported once per use
            problems.append(problem)
    if problems or database is None:
        return [], problems or [at_line(file, None, "", "not a BibTeX file")]
    references = [
        reference_of(key, entry, key_lines.get(key) or seen.get(key.lower(), 1))
        for key, entry in database.entries.items()
    ]
    return references, problems
