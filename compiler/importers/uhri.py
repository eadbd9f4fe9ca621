"""Turn an export of OHCHR's Universal Human Rights Index (UHRI) into UN documents with their recommendations.

UHRI exports search results as an xlsx workbook (users may save it as CSV) with one
recommendation a row: `Text`, `Countries Concerned`, `Reccomending Body` (sic),
`Document Symbol`, `Document Publication Date`, `Themes`, `UPR Session`, `UPR
Reccomending States` (sic), `UPR Position` and OHCHR's own annotations. Its quirks:
multi-value cells hold one value a line, each prefixed "- "; dates may be Excel serial
numbers; the paragraph number opens the text (after a heading line, for treaty
bodies); a UPR text ends with the recommending States in parentheses.

Each row becomes a `Recommendation` of the source document of its `Document Symbol`
(a file `<doc-id>.yaml`), its themes those of the taxonomy whose `labels.uhri` name the
row's UHRI themes. A document already in the store is updated in its own file, with
ruamel's round-trip writer: texts, `by`, responses and themes of its recommendations
follow the export, new ones are added, the others kept, and every comment stays.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from compiler.errors import Problem, did_you_mean
from compiler.importers.common import at_row, slug
from compiler.store.model import Store
from compiler.workspace import display

# The columns read, by the name UHRI gives them (its misspellings included), and the other
# spellings accepted for them.
TEXT, COUNTRIES, BODY, SYMBOL, DATE, THEMES = (
    "Text", "Countries Concerned", "Reccomending Body", "Document Symbol", "Document Publication Date", "Themes")
SESSION, STATES, POSITION = "UPR Session", "UPR Reccomending States", "UPR Position"
REQUIRED = (TEXT, COUNTRIES, BODY, SYMBOL, DATE, THEMES)
UPR_COLUMNS = (SESSION, STATES, POSITION)
SPELLINGS = {"Recommending Body": BODY, "UPR Recommending States": STATES}

TREATY_BODIES = ("CCPR", "CESCR", "CAT", "CEDAW", "CERD", "CRC", "CRPD", "CMW", "CED")
BODY_NAMES = {
    "universal periodic review": "UPR",
    "human rights committee": "CCPR",
    "committee on economic, social and cultural rights": "CESCR",
    "committee against torture": "CAT",
    "committee on the elimination of discrimination against women": "CEDAW",
    "committee on the elimination of racial discrimination": "CERD",
    "committee on the rights of the child": "CRC",
    "committee on the rights of persons with disabilities": "CRPD",
    "committee on migrant workers": "CMW",
    "committee on the protection of the rights of all migrant workers and members of their families": "CMW",
    "committee on enforced disappearances": "CED",
    "special procedures": "SP",
}
SPECIAL_PROCEDURES = ("special rapporteur", "independent expert", "working group on", "special representative")

POSITIONS = {"supported": "supported", "noted": "noted", "partially supported": "partially-supported"}

# The UPR Working Group sessions of each review cycle (docs/import.md gives the sources), and the
# first day of each cycle's first session: a report of a cycle is issued after its first session
# began and before the next cycle's did.
CYCLE_SESSIONS = ((1, 1, 12), (2, 13, 26), (3, 27, 40), (4, 41, 54))
CYCLE_STARTS = ((1, dt.date(2008, 4, 7)), (2, dt.date(2012, 5, 21)), (3, dt.date(2017, 5, 1)), (4, dt.date(2022, 11, 7)))
CYCLE_4_ENDS = dt.date(2027, 3, 1)  # "Nov. 2022 to Feb. 2027"

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 in Excel's 1900 date system (with its 29 February 1900)
FIRST_SERIAL = (dt.date(1945, 1, 1) - EXCEL_EPOCH).days  # no UN document is older
MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?(?:\s+|$)(.*)$")


@dataclass(frozen=True)
class Entry:
    """One row of the export, read: its document's keys and its recommendation's."""

    row: int
    symbol: str
    document: str
    body: str
    country: str
    country_name: str
    issued: dt.date | int
    session: int | None
    paragraph: str
    text: str
    by: tuple[str, ...]
    response: str
    uhri_themes: tuple[str, ...]
    themes: tuple[str, ...] = ()
    cycle: int | None = None
    id: str = ""


@dataclass
class Reading:
    """What reading an export gives: its rows and every problem, warnings included."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def values(cell: object) -> list[str]:
    """Return the values of a multi-value cell: one a line, each without its "- " prefix."""
    from compiler.importers.spreadsheet import cell_text

    out = []
    for line in cell_text(cell).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if line.startswith("-"):
            line = line[1:].strip()
        if line:
            out.append(line)
    return out


def _column_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def header_columns(header: list[object], file: str) -> tuple[dict[str, int], list[Problem]]:
    """Return the place of each column read, by its UHRI name, and the problems of the header row."""
    from compiler.importers.spreadsheet import cell_text

    known = {_column_key(name): name for name in (*REQUIRED, *UPR_COLUMNS)}
    known.update({_column_key(spelling): name for spelling, name in SPELLINGS.items()})
    places: dict[str, int] = {}
    problems = []
    names = [cell_text(c).strip().lstrip("\ufeff") for c in header]
    for index, name in enumerate(names):
        column = known.get(_column_key(name))
        if column is None:
            continue  # OHCHR's annotations and any other column: not read
        if column in places:
            problems.append(at_row(file, 1, column, f"the column appears twice (columns {places[column] + 1} and {index + 1})"))
        places[column] = index
    present = [n for n in names if n and _column_key(n) not in known]
    for column in REQUIRED:
        if column not in places:
            problems.append(at_row(file, 1, column, f"required column is missing{did_you_mean(column, present)}"))
    return places, problems


def read_export(table: list[list[object]], file: str, store: Store, theme: str) -> Reading:
    """Return the rows of UHRI export `table` (its first row the header) read and checked, with every problem.

    `theme` is given to rows none of whose UHRI themes the taxonomy maps.
    """
    reading = Reading()
    if not table:
        reading.problems.append(at_row(file, 1, "", f"the file is empty; expected a header row with the columns {', '.join(REQUIRED)}"))
        return reading
    places, problems = header_columns(table[0], file)
    reading.problems += problems
    if problems:
        return reading
    labels = theme_labels(store)
    unmapped: dict[str, list[int]] = {}
    other_bodies: dict[str, list[int]] = {}
    upr_rows: list[int] = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(values(c) for c in cells):
            continue

        def cell(column: str) -> object:
            index = places.get(column)
            return cells[index] if index is not None and index < len(cells) else None

        entry = _entry(number, cell, places, file, reading.problems, other_bodies, upr_rows)
        if entry is None:
            continue
        mapped: list[str] = []
        for name in entry.uhri_themes:
            found = labels.get(_column_key(name))
            if found is None:
                unmapped.setdefault(name, []).append(number)
            else:
                mapped += [t for t in found if t not in mapped]
        if not mapped:
            if not theme:
                named = ", ".join(f"'{n}'" for n in entry.uhri_themes) or "none"
                reading.problems.append(at_row(file, number, THEMES, f"no UHRI theme of the row ({named}) is a `labels.uhri` of a "
                                                                      "theme of the taxonomy; add the label to themes.yaml, or give "
                                                                      "the row's theme with --theme"))
                continue
            mapped = [theme]
        reading.entries.append(_with(entry, themes=tuple(mapped)))
    if upr_rows and STATES not in places:
        reading.problems.append(at_row(file, 1, STATES, f"required column is missing: the UPR recommendations "
                                                        f"({_rows_text(upr_rows)}) need the States that made them"))
    for name, rows in unmapped.items():
        reading.problems.append(Problem(file, None, THEMES, f"UHRI theme '{name}' ({_rows_text(rows)}) is not a `labels.uhri` of any "
                                                            "theme of the taxonomy; it is left out", "warning"))
    for name, rows in other_bodies.items():
        reading.problems.append(Problem(file, None, BODY, f"'{name}' ({_rows_text(rows)}) is neither the UPR, a treaty body nor "
                                                          "a special procedure; its documents get `body: other`", "warning"))
    _documents(reading, file)
    return reading


def _rows_text(rows: list[int]) -> str:
    return ("row " if len(rows) == 1 else "rows ") + row_ranges(rows)


def row_ranges(rows: list[int]) -> str:
    """Return row numbers as ranges: "2-5, 9"."""
    spans: list[list[int]] = []
    for row in sorted(set(rows)):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def _with(entry: Entry, **changes: Any) -> Entry:
    from dataclasses import replace

    return replace(entry, **changes)


def theme_labels(store: Store) -> dict[str, list[str]]:
    """Return the themes of the taxonomy by each of their `labels.uhri`, compared without case and outer spaces."""
    out: dict[str, list[str]] = {}
    for ident, theme in store.themes.items():
        for label in theme.labels.get("uhri", ()):
            out.setdefault(_column_key(label), []).append(ident)
    return out


def _entry(number: int, cell, places: dict[str, int], file: str, problems: list[Problem],
           other_bodies: dict[str, list[int]], upr_rows: list[int]) -> Entry | None:
    """Return the Entry of one row, or None when it has an error (added to `problems`)."""
    from compiler.countries import NAMES, country_code

    found: list[Problem] = []

    def error(column: str, message: str) -> None:
        found.append(at_row(file, number, column, message))

    symbols = values(cell(SYMBOL))
    symbol = symbols[0] if len(symbols) == 1 else ""
    if not symbols:
        error(SYMBOL, "required: the symbol of the UN document (A/HRC/28/10, CCPR/C/KAZ/CO/2)")
    elif len(symbols) > 1:
        error(SYMBOL, f"one document a row; got {len(symbols)}: {', '.join(symbols)}")
    countries = values(cell(COUNTRIES))
    country = country_name = ""
    if len(countries) != 1:
        error(COUNTRIES, "required: the country the recommendation is made to" if not countries else
              f"one country a row; got {len(countries)}: {', '.join(countries)}")
    else:
        country_name = countries[0]
        country = country_code(country_name)
        if not country:
            hint = did_you_mean(country_name, NAMES.values())
            error(COUNTRIES, f"unknown country '{country_name}'{hint}")
    bodies = list(dict.fromkeys(values(cell(BODY))))
    body = ""
    if len(bodies) != 1:
        error(BODY, "required: the UPR, a treaty body (CCPR, CESCR ...) or a special procedure" if not bodies else
              f"one body a row; got {len(bodies)}: {', '.join(bodies)}")
    else:
        body = body_of(bodies[0])
        if body == "other":
            other_bodies.setdefault(bodies[0], []).append(number)
    issued = None
    raw_date = cell(DATE)
    if not values(raw_date) and not isinstance(raw_date, (int, float, dt.date)):
        error(DATE, "required: the date the document was issued")
    else:
        try:
            issued = issued_date(raw_date)
        except ValueError as exc:
            error(DATE, str(exc))
    session = None
    by: tuple[str, ...] = ()
    response = ""
    if body == "UPR":
        upr_rows.append(number)
        session_text = " ".join(values(cell(SESSION)))
        if session_text:
            digits = re.search(r"\d+", session_text)
            if digits is None:
                error(SESSION, f"expected the number of the Working Group session; got '{session_text}'")
            else:
                session = int(digits.group())
        by = tuple(values(cell(STATES)))
        if not by and STATES in places:
            error(STATES, "a UPR recommendation needs the States that made it")
        position = " ".join(values(cell(POSITION)))
        if position:
            response = POSITIONS.get(" ".join(position.casefold().replace("-", " ").split()), "")
            if not response:
                hint = did_you_mean(position, ["Supported", "Noted", "Partially supported"])
                error(POSITION, f"unknown position '{position}'; expected Supported, Noted or Partially supported{hint}")
    paragraph, text = "", ""
    raw_text = values_text(cell(TEXT))
    if not raw_text.strip():
        error(TEXT, "required: the recommendation")
    else:
        split = paragraph_and_words(raw_text)
        if split is None:
            first = raw_text.strip().split("\n", 1)[0]
            error(TEXT, f"no paragraph number: no line of the text opens with one ('{first[:60]}')")
        else:
            paragraph, text = split
            text = words_without_states(text, by)
            if not text:
                error(TEXT, f"paragraph {paragraph} has no words")
    problems += found
    if found:
        return None
    return Entry(row=number, symbol=symbol, document=slug(symbol), body=body, country=country, country_name=country_name,
                 issued=issued, session=session, paragraph=paragraph, text=text, by=by, response=response,
                 uhri_themes=tuple(values(cell(THEMES))))


def values_text(cell: object) -> str:
    """Return a text cell with its line ends made '\\n'."""
    from compiler.importers.spreadsheet import cell_text

    return cell_text(cell).replace("\r\n", "\n").replace("\r", "\n")


def body_of(name: str) -> str:
    """Return the store's `body` for UHRI's name of a mechanism: UPR, CCPR ... SP, else other."""
    upper = name.strip().upper()
    if upper == "UPR" or upper in TREATY_BODIES or upper == "SP":
        return upper
    folded = " ".join(name.casefold().split())
    if folded in BODY_NAMES:
        return BODY_NAMES[folded]
    if folded.startswith(SPECIAL_PROCEDURES) and "universal periodic review" not in folded:
        return "SP"
    return "other"


def paragraph_and_words(text: str) -> tuple[str, str] | None:
    """Return the paragraph number and the words after it, from the first line that opens with a number; None if none does.

    The lines before it (a treaty body's heading) are dropped; the lines after it kept.
    """
    lines = [line.rstrip() for line in text.split("\n")]
    for index, line in enumerate(lines):
        match = _NUMBER.match(line)
        if match:
            words = "\n".join([match.group(2).strip(), *lines[index + 1:]]).strip()
            return match.group(1), words
    return None


def _closing_groups(text: str) -> list[tuple[int, str]]:
    """Return the parenthesised groups that close `text`, last first: where each starts, and its content."""
    groups: list[tuple[int, str]] = []
    rest = text.rstrip()
    while rest.endswith(")"):
        depth = 0
        for index in range(len(rest) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(rest[index], 0)
            if depth == 0:
                break
        else:
            break
        groups.append((index, rest[index + 1:-1]))
        rest = rest[:index].rstrip()
    return groups


def _split_states(group: str) -> list[str]:
    """Return the States a group lists: separated by commas outside parentheses ("Venezuela (Bolivarian Republic of)")."""
    parts, depth, current = [], 0, ""
    for char in group:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [" ".join(p.split()) for p in parts if p.strip()]


def words_without_states(text: str, states: tuple[str, ...]) -> str:
    """Return a recommendation's words without the trailing ";" and the closing "(States)" when they are the row's States.

    A final "." stays: "Decriminalize ... (Estonia, Latvia)." becomes "Decriminalize ...".
    """
    words = text.strip()
    while words.endswith(";"):
        words = words[:-1].rstrip()
    full_stop = words.endswith(".")
    if full_stop:
        words = words[:-1].rstrip()
    if states:
        wanted = sorted(" ".join(s.split()).casefold() for s in states)
        listed: list[str] = []
        for start, group in _closing_groups(words):  # "(Estonia, Latvia)", or "(Portugal) (Uruguay) (Argentina)"
            listed += [state.casefold() for state in _split_states(group)]
            if sorted(listed) == wanted:
                words = words[:start].rstrip()
                break
        while words.endswith(";"):
            words = words[:-1].rstrip()
    return words + "." if full_stop else words


def issued_date(cell: object) -> dt.date | int:
    """Return the date a `Document Publication Date` cell gives: a date, or a year alone; raise ValueError if none.

    A date cell, an Excel serial number (a number cell, or digits), a year, YYYY-MM-DD
    (a time after it ignored), "10 December 2014", "December 10, 2014", and D/M/YYYY
    or M/D/YYYY when only one reading is a date.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return _serial(cell, str(cell))
    text = " ".join(values(cell))
    if re.fullmatch(r"\d+(\.\d+)?", text):
        if len(text) == 4 and 1945 <= int(text) <= 2099:
            return int(text)
        return _serial(float(text), text)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?", text)
    if iso:
        return _day(int(iso[1]), int(iso[2]), int(iso[3]), text)
    words = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text)
    if words and words[2].casefold() in MONTHS:
        return _day(int(words[3]), MONTHS[words[2].casefold()], int(words[1]), text)
    words = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if words and words[1].casefold() in MONTHS:
        return _day(int(words[3]), MONTHS[words[1].casefold()], int(words[2]), text)
    numeric = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
    if numeric:
        first, second, year = int(numeric[1]), int(numeric[2]), int(numeric[3])
        readings = {_try_day(year, second, first), _try_day(year, first, second)} - {None}
        if len(readings) == 1:
            return readings.pop()
        if readings:
            raise ValueError(f"ambiguous date '{text}': day/month or month/day; write it as YYYY-MM-DD")
    raise ValueError(f"not a date: '{text}'; expected a date cell, an Excel serial number or YYYY-MM-DD")


def _serial(number: float, text: str) -> dt.date:
    if not FIRST_SERIAL <= number < 2958466:
        raise ValueError(f"not a date: '{text}' is no Excel serial number of a day since 1945")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def _try_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    found = _try_day(year, month, day)
    if found is None:
        raise ValueError(f"impossible date '{text}'")
    return found


def cycle_of_session(session: int) -> int | None:
    """Return the UPR cycle of Working Group session `session`, or None when it is not known."""
    for cycle, first, last in CYCLE_SESSIONS:
        if first <= session <= last:
            return cycle
    return None


def cycle_of_date(issued: dt.date | int) -> int | None:
    """Return the UPR cycle of a Working Group report issued on `issued`, or None when the date cannot tell."""
    if isinstance(issued, int):  # a year alone: only when the whole year lies in one cycle
        first, last = cycle_of_date(dt.date(issued, 1, 1)), cycle_of_date(dt.date(issued, 12, 31))
        return first if first == last else None
    if issued >= CYCLE_4_ENDS:
        return None
    found = None
    for cycle, start in CYCLE_STARTS:
        if issued >= start:
            found = cycle
    return found


def treaty_number(symbol: str) -> str:
    """Return the number of a treaty body's concluding observations in their symbol ("2" of CCPR/C/KAZ/CO/2), or ''."""
    match = re.search(r"/CO/(\d+(?:-\d+)?)(?:/|$)", symbol)
    return match.group(1) if match else ""


def _documents(reading: Reading, file: str) -> None:
    """Check that the rows of each document agree, and give each row its cycle and recommendation id."""
    first: dict[str, Entry] = {}
    for entry in reading.entries:
        seen = first.setdefault(entry.document, entry)
        if seen is entry:
            continue
        for column, name in ((SYMBOL, "symbol"), (COUNTRIES, "country"), (BODY, "body"), (DATE, "issued"), (SESSION, "session")):
            if getattr(entry, name) != getattr(seen, name):
                what = f"'{getattr(seen, name)}'" if getattr(seen, name) not in (None, "") else "nothing"
                reading.problems.append(at_row(file, entry.row, column, f"row {seen.row} of the same document "
                                                                        f"({seen.symbol}) gives {what}"))
    cycles: dict[str, int | None] = {}
    for document, entry in first.items():
        if entry.body != "UPR":
            cycles[document] = None
            continue
        if entry.session is not None:
            cycle = cycle_of_session(entry.session)
            if cycle is None:
                reading.problems.append(at_row(file, entry.row, SESSION, f"session {entry.session} is not one of the "
                                                                         "sessions 1-54 of the first four cycles; the cycle "
                                                                         "cannot be told"))
        else:
            cycle = cycle_of_date(entry.issued)
            if cycle is None:
                reading.problems.append(at_row(file, entry.row, SESSION, f"empty, and the date {_date_text(entry.issued)} "
                                                                         "does not tell the UPR cycle; give the session"))
            else:
                reading.problems.append(at_row(file, entry.row, SESSION, f"empty for {entry.symbol}: cycle {cycle} told "
                                                                         f"from its date {_date_text(entry.issued)}", "warning"))
        cycles[document] = cycle
    reading.entries = [_with(e, cycle=cycles[e.document], id=recommendation_id(e, cycles[e.document])) for e in reading.entries]


def _date_text(issued: dt.date | int) -> str:
    return str(issued) if isinstance(issued, int) else issued.isoformat()


def recommendation_id(entry: Entry, cycle: int | None) -> str:
    """Return the id of a row's recommendation: `<cc>-<body><cycle>-<paragraph>` (kz-upr2-124-12, kz-ccpr2-10).

    The UPR's cycle; a treaty body's number of its concluding observations (CCPR/C/KAZ/CO/2:
    2); with none (special procedures, other, a symbol without /CO/n):
    `<cc>-<body>-<document id>-<paragraph>`.
    """
    country, body, paragraph = entry.country.lower(), entry.body.lower(), entry.paragraph.replace(".", "-")
    number = str(cycle) if entry.body == "UPR" and cycle else treaty_number(entry.symbol) if entry.body in TREATY_BODIES else ""
    if number:
        return f"{country}-{body}{number}-{paragraph}"
    return f"{country}-{body}-{entry.document}-{paragraph}"


def document_title(entry: Entry) -> str:
    """Return the title of an imported document, from its body and the country's name as UHRI writes it."""
    if entry.body == "UPR":
        return f"Report of the Working Group on the Universal Periodic Review: {entry.country_name}"
    if entry.body in TREATY_BODIES:
        return f"Concluding observations on the report of {entry.country_name}"
    return f"Recommendations to {entry.country_name} in {entry.symbol}"


def document_values(entry: Entry) -> dict[str, Any]:
    """Return the keys of an imported document (without its recommendations), in the order they are written."""
    from compiler.importers.yamlwrite import yaml_date

    out: dict[str, Any] = {"id": entry.document, "kind": "un-document", "title": document_title(entry),
                           "symbol": entry.symbol, "body": entry.body}
    if entry.body == "UPR" and entry.cycle:
        out["cycle"] = entry.cycle
    out["issued"] = yaml_date(_date_text(entry.issued))
    out["country"] = entry.country
    return out


def recommendation_values(entry: Entry) -> dict[str, Any]:
    """Return the keys of a row's recommendation, in the order they are written."""
    out: dict[str, Any] = {"id": entry.id, "paragraph": entry.paragraph, "text": entry.text}
    if entry.by:
        out["by"] = list(entry.by)
    if entry.response:
        out["response"] = entry.response
    out["themes"] = list(entry.themes)
    return out


# --- planning the files ------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    """What the import does with one document: its file, its old and new text, and what changed in it."""

    id: str
    path: Path
    old: str
    new: str
    rows: tuple[tuple[int, str, str], ...]  # each row, its id and what happens to it: new, updated (...), unchanged
    kept: tuple[str, ...]  # recommendations of the file the export does not list


def plan(entries: list[Entry], file: str, store: Store, folder: Path, into_given: bool, force: bool,
         header: Callable[[Path, list[Entry]], list[str]]) -> tuple[list[Planned], list[Problem]]:
    """Return what importing `entries` into `folder` writes, and every problem that stops it."""
    problems: list[Problem] = []
    by_document: dict[str, list[Entry]] = {}
    for entry in entries:
        by_document.setdefault(entry.document, []).append(entry)
    rows_of: dict[str, int] = {}
    for entry in entries:
        existing = store.find(entry.id)
        if entry.id in rows_of:
            problems.append(at_row(file, entry.row, TEXT, f"recommendation '{entry.id}' again (also in row {rows_of[entry.id]})"))
        elif existing is not None and not (entry.id in store.recommendations and existing.source == entry.document):
            what = ("a fact" if entry.id in store.facts else "a document" if entry.id in store.sources else "a recommendation")
            problems.append(at_row(file, entry.row, TEXT, f"the id '{entry.id}' is taken: {what} of {display(existing.path)} has it"))
        rows_of.setdefault(entry.id, entry.row)
    planned = []
    for document, items in by_document.items():
        target = folder / f"{document}.yaml"
        source = store.sources.get(document)
        row = items[0].row
        if source is None and (document in store.facts or document in store.recommendations):
            problems.append(at_row(file, row, SYMBOL, f"the document id '{document}' is taken by a fact or recommendation of the store"))
            continue
        if source is not None:
            path = Path(source.path)
            if into_given and path.resolve() != target.resolve():
                problems.append(at_row(file, row, SYMBOL, f"{document} is already in the store, in {display(path)}; "
                                                          f"import it there (--into {display(path.parent)}, or no --into)"))
                continue
        elif target.exists():
            problems.append(at_row(file, row, SYMBOL, f"{display(target)} exists and does not hold the document {document}"))
            continue
        else:
            path = target
        try:
            planned.append(_planned(document, path, items, source is not None, header))
        except ValueError as exc:
            problems.append(Problem(display(path), None, "", f"cannot update: {exc}"))
    if not force:
        for item in planned:
            if item.old and item.old != item.new:
                problems.append(Problem(display(item.path), None, "", "imported before, and the export differs from it; "
                                        "--force updates it (its comments, its other keys and its assessments are kept)"))
    return planned, problems


def _planned(document: str, path: Path, entries: list[Entry], exists: bool,
             header: Callable[[Path, list[Entry]], list[str]]) -> Planned:
    from compiler.importers.yamlwrite import document_text

    if not exists:
        items = [recommendation_values(e) for e in entries]
        text = document_text({**document_values(entries[0]), "recommendations": _items(items, 4)}, header(path, entries))
        rows = tuple((e.row, e.id, "new") for e in entries)
        return Planned(document, path, "", text, rows, ())
    from compiler.importers.yamlwrite import CannotUpdate, update_recommendations_text

    old = path.read_text(encoding="utf-8")
    try:
        new, changes, kept = update_recommendations_text(old, document_values(entries[0]),
                                                         [recommendation_values(e) for e in entries], merge_themes)
    except CannotUpdate as exc:
        raise ValueError(str(exc)) from None
    rows = tuple((e.row, e.id, changes[e.id]) for e in entries)
    return Planned(document, path, old, new, rows, tuple(kept))


def _items(items: list[dict[str, Any]], content_column: int):
    from compiler.importers.yamlwrite import recommendation_items

    return recommendation_items(items, content_column)


def merge_themes(old: list[str], new: list[str]) -> list[str]:
    """Return a recommendation's themes after a re-import: its own, plus each mapped theme none of them is or refines."""
    out = list(old)
    for theme in new:
        if not any(t == theme or t.startswith(theme + ".") for t in old):
            out.append(theme)
    return out


def check_texts(planned: list[Planned]) -> None:
    """Raise RuntimeError (an internal error) unless each new text reads back with the recommendations planned."""
    from compiler import yamlfile

    for item in planned:
        data, problems = yamlfile.parse(item.new.lstrip("\ufeff"), str(item.path))
        ids = {r.get("id") for r in (data.get("recommendations") or [])} if isinstance(data, dict) else set()
        if problems or not {ident for _, ident, _ in item.rows} <= ids:
            raise RuntimeError(f"the import made a text for {item.path} that does not read back as planned")

