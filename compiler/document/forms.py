"""Turn a source document and a pinpoint into the words of a note, or of an entry of the list of sources.

A note form gives three things of a source: its full reference (its first note), its
short form (later notes) and its entry in the list of sources. Two forms are built in
(docs/citations.md, with a table of cases in tests/data/citations/cases.yaml):

- `un` (the default), the UN Editorial Manual's: Author, *Title*, 2nd ed. (Place,
  Publisher, 12 July 2011), A/HRC/14/10, p. 4. An article: Author, "Title",
  *Journal*, vol. 8, No. 2 (July 2017), p. 130. Then "Available at" the address, with
  the access date; the DOI. Short form: the authors' family names, the short title
  and the pinpoint (a UN document: its symbol and the pinpoint).
- `chicago-notes`, the Chicago Manual of Style's (17th ed., 14.19 onwards) notes and
  bibliography: Author, "Title," *Journal* 8, no. 2 (July 2017): 130,
  https://doi.org/...; page numbers without "p."; the bibliography entry
  "Karimova, Dilnoza, and Jonas Schmidt. "Title." *Journal* 8, no. 2 (2017): 123–45."

Persons are inverted only at the head of an entry of the list of sources. Quotation
marks are written straight here; the typography pass (`compiler.document.typography`)
sets them, and the dashes of ranges, in the paper's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from compiler.dates import PartialDate
from compiler.document.labels import format_date
from compiler.document.model import Emph, Inline, Link, Text
from compiler.names import Name, family, inverted, sort_key, written
from compiler.store.model import Source
from compiler.style import NOTE_FORMS

FORMS = NOTE_FORMS
"""The built-in note forms a style or a brief may name."""

_DOI = re.compile(r"10\.\d{4,9}/[^\s<>\"{}|\\^`]+")
_PAGE_PREFIX = re.compile(r"^pp?\.\s*(?=\d)")
_MINOR_WORDS = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "at", "by", "with", "de", "la", "le", "les",
                "des", "du", "et", "el", "los", "las", "y"}
_NO_KIND_WORD = ("other", "article", "book", "chapter")  # a kind a reader sees from the form itself


def short_title_of(source: Source) -> str:
    """Return the title for short references: its short_title, else the part before a colon when that says enough."""
    if source.short_title:
        return source.short_title
    title = source.title.strip()
    head = title.split(":", 1)[0].strip()
    if head != title and len(head.split()) >= 3:
        return head
    return title if len(title.split()) <= 6 else _first_words(title, 5)


def _four_words(title: str) -> str:
    """Return a short title as Chicago keeps it (14.30: usually no more than four words), less trailing minor words."""
    return title if len(title.split()) <= 4 else _first_words(title, 4)


def _first_words(title: str, count: int) -> str:
    """Return the first `count` words of a title, less the minor words they end with ("Forced Labour in the" -> "Forced Labour")."""
    words = title.split()[:count]
    while len(words) > 2 and words[-1].casefold() in _MINOR_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:")


def names_text(names: tuple[str, ...] | list[str], conjunction: str = "and", serial: bool = False) -> str:
    """Return names as a sentence lists them: "A", "A and B", "A, B and C" ("A, B, and C" with `serial`)."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    comma = "," if serial and len(names) > 2 else ""
    return ", ".join(names[:-1]) + f"{comma} {conjunction} " + names[-1]


def sort_key_of(source: Source) -> tuple:
    """Return where a source stands in the list of sources: first author's family name (an organisation's name), date, title."""
    head = sort_key(source.author[0]) if source.author else ((source.publisher or source.title).casefold(), "")
    date = source.issued.first().isoformat() if source.issued else "9999"
    return (head, date, source.title.casefold())


@dataclass(frozen=True)
class Form:
    """One note form in one language: `full`, `short` and `entry` give a source's references as inlines."""

    name: str
    language: str
    words: Mapping  # the paper's fixed wording (`compiler.document.labels.labels_for`)

    @property
    def conjunction(self) -> str:
        return self.words.get("and", "and")

    def _word(self, key: str) -> str:
        return self.words["reference"][key]

    # --- what both forms share --------------------------------------------------------

    def authors(self, source: Source, entry: bool) -> str:
        """Return the authors as a reference opens with them (the publisher without); at the head of an entry, the first inverted."""
        names: tuple[Name, ...] = source.author
        if not names:
            return source.publisher
        serial = self.name == "chicago-notes" and self.language.startswith("en")
        limit = 10 if entry and self.name == "chicago-notes" else 3
        if len(names) > limit:
            first = inverted(names[0]) if entry else written(names[0])
            return f"{first}, et al." if first != written(names[0]) else f"{first} et al."
        shown = [written(n) for n in names]
        if entry and inverted(names[0]) != shown[0]:
            shown[0] = inverted(names[0])
            if len(shown) == 2:  # "Karimova, Dilnoza, and Jonas Schmidt": the comma keeps the names apart
                return f"{shown[0]}, {self.conjunction} {shown[1]}"
            serial = True
        return names_text(shown, self.conjunction, serial)

    def short_authors(self, source: Source) -> str:
        """Return the authors as a short reference gives them: family names; "A et al." beyond two (Chicago: three)."""
        names = source.author
        if not names:
            return source.publisher
        most = 3 if self.name == "chicago-notes" else 2
        if len(names) > most:
            return f"{family(names[0])} et al."
        serial = self.name == "chicago-notes" and self.language.startswith("en")
        return names_text([family(n) for n in names], self.conjunction, serial)

    def date(self, date: PartialDate | None) -> str:
        """Return a date as the form writes it: "12 July 2011"; Chicago in English "July 12, 2011"."""
        if date is None:
            return ""
        if self.name == "chicago-notes" and self.language.startswith("en") and date.day is not None:
            return f"{self.words['months'][date.month - 1]} {date.day}, {date.year}"
        return format_date(date, self.language)

    def _publisher(self, source: Source) -> str:
        """Return the publisher where it is not also an author."""
        authors = {written(n) for n in source.author}
        return source.publisher if source.publisher and source.publisher not in authors else ""

    def _doi(self, source: Source) -> tuple[Inline, ...]:
        """Return the DOI linked to doi.org when shaped as a DOI (Chicago prints the address); nothing when the URL is the DOI's."""
        if not source.doi or f"doi.org/{source.doi}".casefold() in source.url.casefold():
            return ()
        if not _DOI.fullmatch(source.doi):
            return (Text(source.doi),)
        address = f"https://doi.org/{source.doi}"
        return (Link(address, (Text(address if self.name == "chicago-notes" else source.doi),)),)

    # --- the three references ---------------------------------------------------------

    def full(self, source: Source, locator: str) -> tuple[Inline, ...]:
        """Return the full reference of `source` (with `locator`), ending with a full stop."""
        if self.name == "chicago-notes":
            return self._chicago(source, self._page(locator), entry=False)
        return self._un(source, locator, entry=False)

    def entry(self, source: Source) -> tuple[Inline, ...]:
        """Return the entry of `source` in the list of sources."""
        if self.name == "chicago-notes":
            return self._chicago(source, "", entry=True)
        return self._un(source, "", entry=True)

    def short(self, source: Source, locator: str) -> tuple[Inline, ...]:
        """Return the short reference of `source`: authors, short title, locator (UN form, a UN document: its symbol)."""
        if self.name == "chicago-notes":
            locator = self._page(locator)
        elif source.kind == "un-document" and source.symbol:
            return (Text(f"{source.symbol}, {locator}." if locator else f"{source.symbol}."),)
        out: list[Inline] = []
        author = self.short_authors(source)
        if author:
            out.append(Text(f"{author}, "))
        short = short_title_of(source)
        if self.name == "chicago-notes" and not source.short_title:
            short = _four_words(short)
        short = self._cased(source, short)
        if source.container and self.name == "chicago-notes":  # American punctuation: inside the quotation marks
            out.append(Text(f'"{short}," {locator}.' if locator else f'"{short}."'))
            return tuple(out)
        out.append(Text(f'"{short}"') if source.container else Emph((Text(short),)))
        out.append(Text(f", {locator}." if locator else "."))
        return tuple(out)

    def ibid(self, locator: str, previous_locator: str) -> str:
        """Return "Ibid." (the same place as the note before) or "Ibid., p. 4" (another place)."""
        locator, previous_locator = self._page(locator), self._page(previous_locator)
        if locator and locator != previous_locator:
            template = self.words["ibid_locator"]
            if ". {locator}" in template:  # after a full stop a sentence begins: "Там же. С. 4."
                locator = _capital(locator)
            return template.format(locator=locator)
        return self.words["ibid"]

    def _page(self, locator: str) -> str:
        """Return a pinpoint as Chicago writes it: a page number without "p." ("p. 4" -> "4")."""
        return _PAGE_PREFIX.sub("", locator) if self.name == "chicago-notes" else locator

    # --- the UN Editorial Manual's form -----------------------------------------------

    def _un(self, source: Source, locator: str, entry: bool) -> tuple[Inline, ...]:
        out: list[Inline] = []
        author = self.authors(source, entry)
        if author:
            out.append(Text(f"{author}, "))
        out.extend(self._title(source, chicago=False))
        if source.edition:
            out.append(Text(", " + self._word("edition").format(edition=self._edition(source.edition))))
        if source.container and (source.volume or source.issue):  # an article of a periodical
            if source.volume:
                out.append(Text(f", {self._word('volume')} {source.volume}"))
            if source.issue:
                out.append(Text(f", {self._word('issue')} {source.issue}"))
            if source.issued:
                out.append(Text(f" ({self.date(source.issued)})"))
        else:
            details = [source.place] if source.place else []
            publisher = self._publisher(source)
            if publisher:
                details.append(publisher)
            elif not source.place and not source.container and source.kind not in _NO_KIND_WORD:
                details.append(self.words["kinds"].get(source.kind, source.kind))
            if source.issued:
                details.append(self.date(source.issued))
            if details:
                out.append(Text(f" ({', '.join(details)})"))
        if source.symbol:
            out.append(Text(f", {source.symbol}"))
        where = locator or self._pages(source)
        if where:
            out.append(Text(f", {where}"))
        out.append(Text("."))
        if source.url:
            out.append(Text(f" {self.words['available']} "))
            out.append(Link(source.url, (Text(source.url),)))
            if source.accessed:
                out.append(Text(f" ({self.words['accessed']} {self.date(source.accessed)})"))
            out.append(Text("."))
        elif source.accessed:  # a copy read on that day, whose address the store does not have
            out.append(Text(f" {_capital(self.words['accessed'])} {self.date(source.accessed)}."))
        doi = self._doi(source)
        if doi:
            out.extend((Text(" DOI: "), *doi, Text(".")))
        if entry and source.isbn:
            out.append(Text(f" ISBN {source.isbn}."))
        return tuple(_tidy(out))

    def _pages(self, source: Source) -> str:
        """Return the pages the document takes in its container: "pp. 123-145", "p. 12"."""
        if not source.pages:
            return ""
        several = re.search(r"\d\s*[-–]\s*\d|,", source.pages)
        return f"{self._word('pages') if several else self.words.get('p', 'p.')} {source.pages}"

    def _title(self, source: Source, chicago: bool, entry: bool = False) -> tuple[Inline, ...]:
        """Return the title in italics; an article's in quotation marks before its container in italics."""
        title = self._cased(source, source.title)
        if source.container:
            mark = "." if entry else ","
            quoted = f'"{title}{mark}" ' if chicago else f'"{title}", '
            return (Text(quoted), Emph((Text(source.container),)))
        return (Emph((Text(title),)),)

    def _cased(self, source: Source, title: str) -> str:
        """Return a title as the form prints it: Chicago sets an English one in headline style (8.159)."""
        if self.name == "chicago-notes" and source.language.split("-")[0] == "en":
            return headline_style(title)
        return title

    # --- the Chicago Manual of Style's notes and bibliography -------------------------

    def _chicago(self, source: Source, locator: str, entry: bool) -> tuple[Inline, ...]:
        """Return a Chicago note (elements joined by commas) or bibliography entry (by full stops)."""
        sep = ". " if entry else ", "
        out: list[Inline] = []
        author = self.authors(source, entry)
        if author:
            out.append(Text(author + (" " if entry and author.endswith(".") else sep)))
        out.extend(self._title(source, chicago=True, entry=entry))
        after: list[str] = []  # the elements after the title, each joined by `sep`
        if source.container and (source.volume or source.issue):  # a periodical: Journal 8, no. 2 (July 2017): 130
            issue = f"{self._word('issue').lower()} {source.issue}" if source.issue else ""
            numbering = ", ".join(p for p in (source.volume, issue) if p)
            dated = f" ({self.date(source.issued)})" if source.issued else ""
            where = locator or (_chicago_range(source.pages) if entry else "")
            out.append(Text(f" {numbering}{dated}" + (f": {where}" if where else "")))
        elif source.container:  # a newspaper, a site: "Title," Site, Publisher, March 2, 2010
            publisher = source.publisher if source.publisher != source.container else ""
            tail = ", ".join(p for p in (publisher, self.date(source.issued)) if p)
            out.append(Text(f", {tail}" if tail else ""))
            if locator:
                after.append(locator)
        else:  # a book, a report: Title, 2nd ed. (Place: Publisher, 2012), 25
            if source.edition:
                after.append(self._word("edition").format(edition=self._edition(source.edition)))
            if source.symbol:
                after.append(source.symbol)
            press = ": ".join(p for p in (source.place, source.publisher) if p)
            details = ", ".join(p for p in (press, self.date(source.issued)) if p)
            if details and entry:
                after.append(details)
            elif details:
                out.append(Text((sep + _join(after, sep) if after else "") + f" ({details})"))
                after = []
            if locator:
                after.append(locator)
        if source.accessed:
            word = self.words["accessed"]
            after.append(f"{_capital(word) if entry else word} {self.date(source.accessed)}")
        if after:
            out.append(Text(sep + _join(after, sep)))
        doi = self._doi(source)
        address = doi or ((Link(source.url, (Text(source.url),)),) if source.url else ())
        if address:
            out.append(Text(sep.rstrip() + " "))
            out.extend(address)
        out.append(Text("."))
        return tuple(_tidy(out))

    def _edition(self, edition: str) -> str:
        """Return an edition as printed: a number as an ordinal ("2" -> "2nd"), text as written."""
        if not edition.isdigit():
            return edition
        number = int(edition)
        if number == 1 and "first" in self.words["reference"]:  # French: 1re
            return self._word("first")
        return self._word("ordinal").format(n=number, suffix=_english_suffix(number))


# Lowercased inside an English title in headline style (Chicago 8.159): articles, coordinating
# conjunctions, prepositions, "to" and "as".
_HEADLINE_MINOR = {
    "a", "an", "the", "and", "but", "for", "or", "nor", "so", "yet", "to", "as", "at", "by", "in", "of", "off", "on",
    "per", "up", "via", "from", "into", "onto", "over", "with", "upon", "than", "about", "after", "among", "before",
    "between", "during", "under", "without", "within", "through", "against", "toward", "towards", "versus", "vs.",
}
_WORD = re.compile(r"[^\s]+")


def headline_style(title: str) -> str:
    """Return an English title in headline style: major words capitalised, minor ones lower case inside.

    The first and last words, and the first word after a colon, are always capitalised;
    a word is only ever given a capital, never lowered unless it is a minor word written
    with a capital inside the title ("In" -> "in"); words holding a capital beyond their
    first letter ("UN", "iPhone", "OSCE") stay as written.
    """
    words = list(_WORD.finditer(title))
    out, last = [], 0
    for index, match in enumerate(words):
        word = match.group(0)
        after_colon = index > 0 and words[index - 1].group(0).endswith((":", "?", "!", "—"))
        edge = index == 0 or index == len(words) - 1 or after_colon
        out.append(title[last:match.start()] + _headline_word(word, edge))
        last = match.end()
    return "".join(out) + title[last:]


def _headline_word(word: str, edge: bool) -> str:
    core = word.strip("\"'“”‘’([{").rstrip(".,;:!?)]}")
    if not core or any(c.isupper() for c in core[1:]) or not core[0].isalpha():
        return word
    if core.lower() in _HEADLINE_MINOR and not edge:
        return word.replace(core, core.lower(), 1)
    parts = core.split("-")  # a hyphenated compound: each part but a minor one ("Well-Being", "Out-of-Court")
    cased = "-".join(p[:1].upper() + p[1:] if i == 0 or p.lower() not in _HEADLINE_MINOR else p
                     for i, p in enumerate(parts))
    return word.replace(core, cased, 1)


def _join(parts: list[str], sep: str) -> str:
    """Return `parts` joined by `sep`, without doubling a full stop ("2nd ed. Geneva", not "2nd ed.. Geneva")."""
    out = ""
    for index, part in enumerate(parts):
        if index:
            out += " " if sep.startswith(".") and out.endswith((".", "?", "!")) else sep
        out += part
    return out


def _capital(word: str) -> str:
    """Return `word` with a capital first letter, as a sentence begins ("accessed" -> "Accessed")."""
    return word[:1].upper() + word[1:]


def _english_suffix(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _tidy(inlines: list[Inline]) -> list[Inline]:
    """Return `inlines` with no empty text and no doubled full stop (". ." after a title ending with one)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text) and out[-1].text.endswith((".", "?", "!")) and node.text.startswith("."):
                node = Text(node.text[1:])
                if not node.text:
                    continue
        out.append(node)
    return out


def _chicago_range(pages: str) -> str:
    """Return a page range shortened as Chicago does (9.61): 3-10, 100-104, 101-8, 321-28, 1496-500."""
    match = re.fullmatch(r"\s*(\d+)\s*[-–]+\s*(\d+)\s*", pages)
    if not match:
        return pages
    first, last = match.group(1), match.group(2)
    start, end = int(first), int(last)
    if start < 100 or start % 100 == 0 or len(last) != len(first) or end <= start:
        return f"{first}-{last}"
    if start % 100 < 10:  # 101-9 within a hundred: only the digits that change
        keep = len(last) - next(i for i in range(len(last)) if last[i] != first[i])
        return f"{first}-{last[-keep:]}"
    # two digits at least, more where they change
    changed = next(i for i in range(len(last)) if last[i] != first[i])
    keep = max(2, len(last) - changed)
    return f"{first}-{last[-keep:]}"


def form_named(name: str, language: str, words: Mapping) -> Form:
    """Return the note form `name` (one of FORMS) in `language`."""
    if name not in FORMS:
        raise ValueError(f"no note form '{name}'")
    return Form(name, language, words)
