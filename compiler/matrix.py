"""Turn the store's recommendations and their latest assessments into the rows of the matrix, and the rows into a table, JSON, CSV or xlsx.

`brief recommendations` prints or writes it. `select` picks the recommendations (their
document's country, body and cycle, their themes, their status as of a date) in the
order of a paper's follow-up (`compiler.selection.follow_up.recommendation_order`).
The columns are declared once (`COLUMNS`) and every format uses them: JSON as keys
(lists as lists, plus the file and line of each recommendation), CSV and xlsx as the
header row, with the machine words of statuses and responses ("not-implemented") so
that a partner can filter and fill them in; the terminal table shows those with a
heading, fitted to its width, with those words as people read them ("not
implemented", from `compiler/data/labels.yaml`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from typing import Iterable

from compiler.dates import PartialDate
from compiler.selection.follow_up import recommendation_order
from compiler.store.model import STATUSES, Recommendation, Store
from compiler.workspace import display

NO_ASSESSMENT = "no-information"  # the status of a recommendation with no assessment as of the date


@dataclass(frozen=True)
class Column:
    """One column of the matrix."""

    name: str  # its key in JSON, its heading in CSV and xlsx
    width: int  # xlsx: the widest the column gets, in characters
    wrap: bool = False  # xlsx: long text wraps in the cell
    sheet: bool = True  # in CSV and xlsx too (False: JSON only)
    heading: str = ""  # its heading in the terminal table ("": not in the table)
    most: int = 0  # the table: the widest it gets (0: the rest of the width, printed last)


COLUMNS = (
    Column("id", 24, heading="ID", most=24),
    Column("document", 18),
    Column("symbol", 20, heading="SYMBOL", most=20),
    Column("body", 8),
    Column("cycle", 7),
    Column("paragraph", 11, heading="PARA", most=8),
    Column("country", 9),
    Column("text", 70, wrap=True, heading="TEXT"),
    Column("by", 30, wrap=True, heading="BY", most=24),
    Column("response", 20, heading="RESPONSE", most=19),
    Column("themes", 24, wrap=True),
    Column("status", 23, heading="STATUS", most=22),
    Column("as_of", 11, heading="AS OF", most=10),
    Column("assessed_by", 14),
    Column("comment", 50, wrap=True),
    Column("evidence", 30, wrap=True),
    Column("file", 0, sheet=False),
    Column("line", 0, sheet=False),
)
"""The columns, in order; `by`, `themes` and `evidence` are lists (joined with "; " in a cell)."""

SHEET_COLUMNS = tuple(c for c in COLUMNS if c.sheet)
TABLE_COLUMNS = tuple(c for c in COLUMNS if c.heading and c.most) + tuple(c for c in COLUMNS if c.heading and not c.most)
"""The terminal table's columns: those of fixed width, then the one that takes the rest of the width."""

NARROW = ("by", "as_of", "response", "symbol")
"""The table's columns a narrow terminal loses, first to last."""
MIN_TEXT = 20

XLSX_CELL_CHARS = 32_767  # the most a cell of a spreadsheet holds
_W3CDTF = re.compile(r"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def select(store: Store, country: str | None = None, bodies: Iterable[str] = (), cycle: int | None = None,
           themes: Iterable[str] = (), statuses: Iterable[str] = (), as_of: PartialDate | None = None) -> list[Recommendation]:
    """Return the recommendations of the store matching every filter given, in the order of FORMAT.md section 4.

    `country`, `bodies` and `cycle` are their document's; a recommendation matches a theme
    when it carries it or a sub-theme; `statuses` are matched against the status of its
    latest assessment as of `as_of`, "no-information" matching a recommendation with no
    assessment too. Several bodies, themes or statuses match any of them.
    """
    bodies, themes, statuses = set(bodies), list(themes), set(statuses)
    found = []
    for recommendation in store.recommendations.values():
        document = store.sources[recommendation.source]
        if country and document.country != country:
            continue
        if bodies and document.body not in bodies:
            continue
        if cycle is not None and document.cycle != cycle:
            continue
        if themes and not any(recommendation.matches_theme(t) for t in themes):
            continue
        if statuses and status(store, recommendation, as_of) not in statuses:
            continue
        found.append(recommendation)
    return sorted(found, key=lambda r: recommendation_order(store, r))


def status(store: Store, recommendation: Recommendation, as_of: PartialDate | None) -> str:
    """Return the status of the latest assessment of `recommendation` as of `as_of`; "no-information" with none."""
    assessment = store.assessment(recommendation.id, as_of)
    return assessment.status if assessment is not None else NO_ASSESSMENT


def matrix_rows(store: Store, recommendations: Iterable[Recommendation], as_of: PartialDate | None,
                here: str | None = None) -> list[dict]:
    """Return one row per recommendation, with its latest assessment as of `as_of` (files shown from `here`)."""
    rows = []
    for recommendation in recommendations:
        document = store.sources[recommendation.source]
        assessment = store.assessment(recommendation.id, as_of)
        rows.append({
            "id": recommendation.id,
            "document": document.id,
            "symbol": document.symbol,
            "body": document.body,
            "cycle": document.cycle,
            "paragraph": recommendation.paragraph,
            "country": document.country,
            "text": recommendation.text,
            "by": recommendation.by,
            "response": recommendation.response,
            "themes": recommendation.themes,
            "status": assessment.status if assessment else NO_ASSESSMENT,
            "as_of": str(assessment.as_of) if assessment else "",
            "assessed_by": assessment.by if assessment else "",
            "comment": assessment.comment if assessment else "",
            "evidence": assessment.evidence if assessment else (),
            "file": display(recommendation.path, here) if recommendation.path else "",
            "line": recommendation.line,
        })
    return rows


def cell(value: object) -> str | int:
    """Return a row's value as one cell holds it: lists joined with "; ", nothing as ""."""
    if isinstance(value, tuple):
        return "; ".join(value)
    return "" if value is None else value


def json_text(rows: list[dict]) -> str:
    """Return the rows as a JSON list of objects (lists as lists; nothing as null)."""
    shown = [{c.name: list(row[c.name]) if isinstance(row[c.name], tuple) else (row[c.name] if row[c.name] != "" else None)
              for c in COLUMNS} for row in rows]
    return json.dumps(shown, indent=2, ensure_ascii=False) + "\n"


def csv_text(rows: list[dict]) -> str:
    """Return the rows as CSV, header first; no cell a formula (`compiler.importers.spreadsheet.formula_safe`)."""
    from compiler.importers.spreadsheet import formula_safe

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in SHEET_COLUMNS])
    for row in rows:
        cells = (cell(row[c.name]) for c in SHEET_COLUMNS)
        writer.writerow([formula_safe(value) if isinstance(value, str) else value for value in cells])
    return out.getvalue()


def table_text(rows: list[dict], width: int, words: dict, as_of: PartialDate | None) -> str:
    """Return the rows as a table at most `width` characters wide, statuses and responses as `words` writes them.

    Each column is as wide as its widest cell, up to its limit; the text takes the rest
    (at least 20 characters). When the columns do not fit, the table drops them in the
    order of `NARROW` (the id, paragraph, status and text stay).
    """
    readable = {"status": words["statuses"], "response": words["responses"]}

    def shown(row: dict, name: str) -> str:
        value = cell(row[name])
        text = readable[name].get(value, value) if name in readable else str(value)
        return text if "\n" not in text and "  " not in text else " ".join(text.split())

    def cut(text: str, room: int) -> str:
        return text if len(text) <= room else text[: max(room - 1, 0)] + "…"

    widths = {c.name: min(max([len(c.heading)] + [len(shown(row, c.name)) for row in rows]), c.most)
              for c in TABLE_COLUMNS[:-1]}
    columns = list(TABLE_COLUMNS)
    for name in NARROW:
        if sum(widths[c.name] + 2 for c in columns[:-1]) + MIN_TEXT <= width:
            break
        columns = [c for c in columns if c.name != name]
    fixed, last = columns[:-1], columns[-1]
    rest = max(width - sum(widths[c.name] + 2 for c in fixed), MIN_TEXT)
    printed = ["  ".join([f"{c.heading:<{widths[c.name]}}" for c in fixed] + [last.heading]).rstrip()]
    for row in rows:
        cells = [f"{cut(shown(row, c.name), widths[c.name]):<{widths[c.name]}}" for c in fixed]
        printed.append("  ".join(cells + [cut(shown(row, last.name), rest)]).rstrip())
    when = f" (statuses as of {as_of})" if as_of else ""
    printed.append(f"{len(rows)} recommendations{when}")
    return "\n".join(printed) + "\n"


def formatted(fmt: str, rows: list[dict], as_of: PartialDate | None, width: int,
              when: dt.datetime | None = None) -> str | bytes:
    """Return the rows in format `fmt`: "table" (`width` characters wide), "json", "csv" (text) or "xlsx" (bytes)."""
    if fmt == "json":
        return json_text(rows)
    if fmt == "csv":
        return csv_text(rows)
    if fmt == "xlsx":
        return xlsx_bytes(rows, as_of, when)
    from compiler.document.labels import labels_for

    return table_text(rows, width, labels_for("en"), as_of)


def xlsx_bytes(rows: list[dict], as_of: PartialDate | None, when: dt.datetime | None = None) -> bytes:
    """Return the rows as an xlsx workbook: header bold and frozen, filters, widths, wrapped text, a list of statuses to pick.

    With `when` (the build time, SOURCE_DATE_EPOCH) the workbook and every part of it are
    dated then, so the same store gives the same bytes.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "recommendations"
    workbook.properties.title = f"Recommendations and their status as of {as_of}" if as_of else "Recommendations"
    workbook.properties.creator = "brief"
    bold, top, wrapped = Font(bold=True), Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    longest = [len(c.name) for c in SHEET_COLUMNS]
    for j, column in enumerate(SHEET_COLUMNS, start=1):
        sheet.cell(row=1, column=j, value=column.name).font = bold
    for i, row in enumerate(rows, start=2):
        for j, column in enumerate(SHEET_COLUMNS, start=1):
            value = cell(row[column.name])
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                if len(value) > XLSX_CELL_CHARS:
                    value = value[: XLSX_CELL_CHARS - 1] + "…"
            target = sheet.cell(row=i, column=j, value=value)
            if isinstance(value, str):
                target.data_type = "s"  # text, never a formula, whatever it starts with
                longest[j - 1] = max(longest[j - 1], max((len(part) for part in value.splitlines()), default=0))
            else:
                longest[j - 1] = max(longest[j - 1], len(str(value)))
            target.alignment = wrapped if column.wrap else top
    last = get_column_letter(len(SHEET_COLUMNS))
    for j, column in enumerate(SHEET_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = min(longest[j - 1], column.width) + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    status = get_column_letter(next(j for j, c in enumerate(SHEET_COLUMNS, start=1) if c.name == "status"))
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                             showErrorMessage=True, errorTitle="status", error="Pick one of: " + ", ".join(STATUSES))
    choices.add(f"{status}2:{status}1048576")
    sheet.add_data_validation(choices)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue() if when is None else _dated(out.getvalue(), when)


def _dated(data: bytes, when: dt.datetime) -> bytes:
    """Return the xlsx `data` with its creation and modification dates and every zip entry's date set to `when`."""
    import zipfile

    stamp = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    zipped = max(when.replace(tzinfo=None), dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "docProps/core.xml":
                part = _W3CDTF.sub(lambda m: m.group(1) + stamp + m.group(2), part.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=zipped)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, part)
    return out.getvalue()
