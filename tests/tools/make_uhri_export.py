"""Turn a few sample UPR recommendations of sources/un/ into a UHRI-shaped export, CSV and XLSX (a maintainer's tool, not installed).

OHCHR's Universal Human Rights Index exports search results as Excel with the columns of
`COLUMNS` (the misspellings are OHCHR's; see the last section of the project's
UN-CONVENTIONS.md). This script writes the recommendations named in `ROWS` that way, for the tests
of an import of UHRI data:

- `Text`: the paragraph number, the recommendation's words, the recommending States in
  parentheses, as the UN report prints them ("124.21 Undertake ... (Ireland)");
- multi-value cells (`Countries Concerned`, `Reccomending Body`, `Themes`,
  `UPR Reccomending States`) hold one value a line, each prefixed "- ";
- `Document Publication Date`: the report's date, an Excel serial number (a number cell)
  in the XLSX, YYYY-MM-DD text in the CSV;
- `UPR Session`: 7 for A/HRC/14/10 (A/HRC/WG.6/7 in the corpus header); empty for
  A/HRC/28/10, whose transcription does not state its session;
- `UPR Position`: "Supported" or "Noted" from `response`; empty without one (A/HRC/14/10,
  para. 97);
- `Themes`: the UHRI theme names given in `ROWS`, each a name OHCHR's thematic lists of UPR
  recommendations use; all but the one of `UNMAPPED` are `labels.uhri` of a theme of the
  recommendation (or of its parent) in sources/themes.yaml;
- `Affected Persons`, `Sdgs`, `Annotation Type`, `OHCHR Annotation Id`: empty (OHCHR's own
  annotations, not known here).

Every other value comes from the YAML, so the files change only when it does. Run it from
the repository root after changing the recommendations or `ROWS`:

    .venv/bin/python tests/tools/make_uhri_export.py

It writes tests/data/uhri/kazakhstan-upr.csv and .xlsx, byte for byte the same each time
(the XLSX's zip entries and document properties carry a fixed date).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "data" / "uhri"
NAME = "kazakhstan-upr"

COLUMNS = ("Text", "Countries Concerned", "Reccomending Body", "Document Symbol", "Document Publication Date",
           "Themes", "Affected Persons", "Sdgs", "UPR Session", "UPR Reccomending States", "UPR Position",
           "Annotation Type", "OHCHR Annotation Id")

COUNTRIES = {"KZ": "Kazakhstan"}
SESSIONS = {"A/HRC/14/10": 7}  # the review's Working Group session, where the corpus header states it
POSITIONS = {"supported": "Supported", "noted": "Noted"}

# The recommendations exported, in this order, with the UHRI themes of each.
EXPRESSION = "Freedom of opinion and expression & access to information"
RELIGION = "Freedom of thought, conscience & religion"
ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("kz-upr1-95-13", (EXPRESSION,)),
    ("kz-upr1-97-11", (EXPRESSION,)),
    ("kz-upr1-95-72", (RELIGION,)),
    ("kz-upr1-97-10", (RELIGION,)),
    ("kz-upr2-124-28", (EXPRESSION,)),
    ("kz-upr2-126-40", (EXPRESSION,)),
    ("kz-upr2-124-21", (RELIGION,)),
    ("kz-upr2-126-29", ("Labour rights and right to work",)),
    ("kz-upr2-124-32", ("Migrants",)),
    ("kz-upr2-124-16", ("Prohibition of torture & cruel, inhuman or degrading treatment",)),
    ("kz-upr2-125-40", ("Violence against women",)),
    ("kz-upr2-125-9", ("Acceptance of international norms",
                       "Economic, social & cultural rights - general measures of implementation")),
)
UNMAPPED = "Economic, social & cultural rights - general measures of implementation"
"""A real UHRI theme that sources/themes.yaml does not map: an import must report or keep it, not fail."""

FIXED_TIME = (2026, 12, 3, 0, 0, 0)


def excel_serial(day: dt.date) -> int:
    """Return the Excel (1900 date system) serial number of `day`."""
    return (day - dt.date(1899, 12, 30)).days


def listed(values) -> str:
    """Return a UHRI multi-value cell: one value a line, each prefixed "- "."""
    return "\n".join(f"- {value}" for value in values)


def load() -> tuple[dict[str, tuple[dict, dict]], dict]:
    """Return the sample recommendations by id with their document, and the sample themes."""
    found: dict[str, tuple[dict, dict]] = {}
    for path in sorted((REPO / "sources" / "un").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for recommendation in document.get("recommendations") or ():
            found[recommendation["id"]] = (recommendation, document)
    themes = yaml.safe_load((REPO / "sources" / "themes.yaml").read_text(encoding="utf-8"))["themes"]
    return found, themes


def uhri_labels(theme_ids, themes: dict) -> set[str]:
    """Return the `labels.uhri` of themes `theme_ids` and of their parents."""
    labels: set[str] = set()
    for ident in theme_ids:
        parts = ident.split(".")
        for depth in range(1, len(parts) + 1):
            labels.update((themes.get(".".join(parts[:depth])) or {}).get("labels", {}).get("uhri", ()))
    return labels


def rows() -> list[dict]:
    """Return the export's rows, each a dict by column; dates as `datetime.date`, sessions as int or None."""
    found, themes = load()
    out = []
    for ident, uhri_themes in ROWS:
        recommendation, document = found[ident]
        text = " ".join(str(recommendation["text"]).split())
        if text.endswith("."):
            raise SystemExit(f"{ident}: the last recommendation of its paragraph; choose another")
        mapped = uhri_labels(recommendation["themes"], themes)
        for name in uhri_themes:
            if name != UNMAPPED and name not in mapped:
                raise SystemExit(f"{ident}: UHRI theme {name!r} is not a labels.uhri of {recommendation['themes']}")
        states = "".join(f" ({state})" for state in recommendation["by"])
        out.append({
            "Text": f"{recommendation['paragraph']} {text}{states}",
            "Countries Concerned": listed([COUNTRIES[document["country"]]]),
            "Reccomending Body": listed([document["body"]]),
            "Document Symbol": document["symbol"],
            "Document Publication Date": document["issued"],
            "Themes": listed(uhri_themes),
            "Affected Persons": "",
            "Sdgs": "",
            "UPR Session": SESSIONS.get(document["symbol"]),
            "UPR Reccomending States": listed(recommendation["by"]),
            "UPR Position": POSITIONS.get(recommendation.get("response"), ""),
            "Annotation Type": "",
            "OHCHR Annotation Id": "",
        })
    return out


def csv_text(table: list[dict]) -> str:
    """Return the rows as CSV: dates as YYYY-MM-DD, an unknown session empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in table:
        cells = dict(row, **{"Document Publication Date": row["Document Publication Date"].isoformat(),
                             "UPR Session": "" if row["UPR Session"] is None else str(row["UPR Session"])})
        writer.writerow([cells[column] for column in COLUMNS])
    return buffer.getvalue()


def xlsx_bytes(table: list[dict]) -> bytes:
    """Return the rows as an XLSX workbook: dates as Excel serial numbers, sessions as numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in table:
        cells = dict(row, **{"Document Publication Date": excel_serial(row["Document Publication Date"])})
        sheet.append([cells[column] if cells[column] != "" else None for column in COLUMNS])
    fixed = dt.datetime(*FIXED_TIME)
    book.properties.created = fixed
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_dates(raw.getvalue(), fixed)


def _fixed_dates(data: bytes, when: dt.datetime) -> bytes:
    """Return the zip `data` with every entry dated `when` and the document's modification date `when`."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def main() -> None:
    """Write tests/data/uhri/kazakhstan-upr.csv and .xlsx."""
    table = rows()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{NAME}.csv").write_bytes(csv_text(table).encode("utf-8"))
    (OUT / f"{NAME}.xlsx").write_bytes(xlsx_bytes(table))
    print(f"{len(table)} rows -> {OUT.relative_to(REPO)}/{NAME}.csv, .xlsx", file=sys.stderr)


if __name__ == "__main__":
    main()
