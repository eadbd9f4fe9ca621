"""Turn CSV files and xlsx workbooks into rows of cells, and facts back into CSV.

The columns are `id, text, themes, date, locator, quote, tags, country, source`
(`themes` and `tags` separated by `;`, `source` a document id), in any order, named
in the first row. A CSV may be saved by a spreadsheet program: UTF-8 with or without
a byte-order mark, CRLF line ends, quoted cells holding commas or line breaks, and
`,`, `;` or a tab between cells. Rows are numbered as the spreadsheet shows them: the
header is row 1.

A cell a spreadsheet program would run as a formula (one starting with `=`, `+`, `-`,
`@`, a tab or a carriage return) is written with a `'` before it, as OWASP recommends
against CSV injection, and read back without it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Iterable, TextIO

from compiler.errors import Problem
from compiler.importers.common import at_line, at_row
from compiler.store.model import Fact

COLUMNS = ("id", "text", "themes", "date", "locator", "quote", "tags", "country", "source")
REQUIRED = ("id", "text", "themes", "source")
LISTS = ("themes", "tags")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel or LibreOffice read a CSV cell as a formula


def formula_safe(cell: str) -> str:
    """Return `cell` as a CSV cell no spreadsheet runs: a `'` before a cell that would start a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def imported_cell(cell: str) -> str:
    """Return a cell `formula_safe` wrote as it was before (the `'` it added taken away)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


@dataclass(frozen=True)
class Row:
    """One row of a facts spreadsheet: its number (the header is row 1) and its cells by column name."""

    number: int
    cells: dict[str, str]


def cell_text(value: object) -> str:
    """Return a spreadsheet cell as text: whole numbers without '.0', dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(table: Iterable[list[object]], file: str) -> tuple[list[Row], list[Problem]]:
    """Return the rows of `table` (its first row the header) as Rows, and the problems of its header and shape."""
    iterator = iter(table)
    header_cells = next(iterator, None)
    if header_cells is None:
        return [], [at_row(file, 1, "", f"the file is empty; expected a header row with the columns {', '.join(COLUMNS)}")]
    header = [cell_text(c).strip().lower() for c in header_cells]
    while header and not header[-1]:
        header.pop()
    problems = []
    for index, name in enumerate(header):
        if name not in COLUMNS:
            shown = name or f"(column {index + 1} has no name)"
            problems.append(at_row(file, 1, shown, f"unknown column; expected the columns {', '.join(COLUMNS)}"))
        elif header.index(name) != index:
            problems.append(at_row(file, 1, name, "the column appears twice"))
    for name in REQUIRED:
        if name not in header:
            problems.append(at_row(file, 1, name, "required column is missing"))
    if problems:
        return [], problems
    rows = []
    for number, cells in enumerate(iterator, start=2):
        values = [imported_cell(cell_text(c)) for c in cells]
        if not any(v.strip() for v in values):
            continue
        extra = [v for v in values[len(header):] if v.strip()]
        if extra:
            problems.append(at_row(file, number, "", f"the row has {len(header) + len(extra)} cells; the header names {len(header)}"))
            continue
        rows.append(Row(number, {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}))
    return rows, problems


def read_csv(data: bytes, file: str) -> tuple[list[Row], list[Problem]]:
    """Return the rows of CSV `data` (the bytes of `file`) and the problems of its header and shape."""
    table, problems = csv_table(data, file)
    return _rows(table, file) if not problems else ([], problems)


def csv_table(data: bytes, file: str) -> tuple[list[list[object]], list[Problem]]:
    """Return the cells of CSV `data` (the bytes of `file`), row by row, or the problem that stops reading it."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return [], [at_line(file, line, "", "the file is not UTF-8 text; save it as \"CSV UTF-8\"")]
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return [], [at_line(file, None, "", f"not a CSV file: {exc}")]
    return list(table), []


MAX_XLSX_INFLATED = 100 * 1024 * 1024


def read_xlsx(data: bytes, file: str) -> tuple[list[Row], list[Problem]]:
    """Return the rows of the first sheet of xlsx workbook `data` (the bytes of `file`), and its problems."""
    table, problems = xlsx_table(data, file)
    return _rows(table, file) if not problems else ([], problems)


def xlsx_table(data: bytes, file: str) -> tuple[list[list[object]], list[Problem]]:
    """Return the cell values of the first sheet of xlsx workbook `data` (the bytes of `file`), row by row, or its problem."""
    import zipfile

    from openpyxl import load_workbook

    from xml.etree.ElementTree import ParseError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            if inflated > MAX_XLSX_INFLATED:
                return [], [at_line(file, None, "", f"workbook unpacks to {inflated:,} bytes, more than the {MAX_XLSX_INFLATED:,} an import reads")]
            for info in archive.infolist():
                if info.filename.lower().endswith(XML_PARTS) and declares_dtd(archive.read(info)):
                    return [], [at_line(file, None, "", f"{info.filename} in the workbook declares a DTD or entities "
                                                        "(<!DOCTYPE), which a spreadsheet never needs; it is not read")]
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return [], [at_line(file, None, "", f"not an xlsx workbook: {exc}")]
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)], []
    except (ParseError, ValueError, KeyError) as exc:  # read-only sheets are parsed while their rows are read
        return [], [at_line(file, None, "", f"not an xlsx workbook: {exc}")]
    finally:
        workbook.close()


XML_PARTS = (".xml", ".rels", ".vml")


class _Prolog(Exception):
    """Raised by the handlers of `declares_dtd` to stop at the document type declaration or the root element."""


def declares_dtd(data: bytes) -> bool:
    """Whether XML `data` declares a DTD (where entities are declared), read no further than its root element's tag.

    openpyxl parses a sheet with the standard library, which expands the entities a DTD
    declares; a part of an xlsx workbook never has one, so a DTD is refused before openpyxl
    reads anything. Expat stops at the declaration's first characters: nothing in it is expanded.
    """
    from xml.parsers import expat

    def stop(*_args: object, found: bool) -> None:
        raise _Prolog(found)

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = lambda *args: stop(found=True)
    parser.StartElementHandler = lambda *args: stop(found=False)
    try:
        parser.Parse(data, True)
    except _Prolog as outcome:
        return bool(outcome.args[0])
    except expat.ExpatError:  # not XML: openpyxl says so, unless it hides a declaration
        return b"<!DOCTYPE" in data or b"<!ENTITY" in data
    return False


def split_list(cell: str) -> list[str]:
    """Return the items of a `;`-separated cell."""
    return [item.strip() for item in cell.split(";") if item.strip()]


def write_facts_csv(facts: Iterable[Fact], out: TextIO) -> None:
    """Write `facts` as CSV with the columns `brief import csv` reads, header first, no cell a formula."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for fact in facts:
        writer.writerow(formula_safe(cell) for cell in [
            fact.id,
            fact.text,
            ";".join(fact.themes),
            str(fact.date) if fact.date else "",
            fact.locator,
            fact.quote,
            ";".join(fact.tags),
            fact.country,
            fact.source,
        ])
