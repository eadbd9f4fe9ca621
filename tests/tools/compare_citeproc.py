"""Turn the table of cases of the note forms into what a CSL processor prints for it, and a report of how that differs from `chicago-notes` (a maintainer's tool, not installed).

The table (tests/data/citations/cases.yaml) gives source documents, runs of notes citing
them, and the notes and list of sources our `chicago-notes` form must print. This script
gives the same sources and notes to a CSL processor with the Chicago Manual of Style's
17th-edition full-note style from the official CSL repository
(tests/data/citations/README.md):

- the sources become CSL-JSON (`csl_items`): kind -> type, authors as `literal` or
  `family`/`given`, container -> `container-title`, pages -> `page`, place ->
  `publisher-place`, dates -> `date-parts`, symbol -> `number`, and the rest by name;
- each case becomes one paper whose notes each hold one citation group; a case with
  `ibid: false` is run with `chicago-fullnote-bibliography.csl` (short forms, no Ibid.),
  the others with `chicago-fullnote-bibliography-with-ibid.csl`, as our `notes.ibid` does;
- the list of sources is that of a paper citing every source once.

Processors: `pandoc` (`pandoc --citeproc`, its Haskell citeproc; one call per case, JSON
out, notes and `refs` read from it) and `citeproc-py` (the Python library, when
installed; it is not a dependency). Texts are compared after normalising quotation marks,
dashes and spaces, so that only real differences show. It prints a report (with
citeproc-py, also one against pandoc), writes it as Markdown (`--markdown`), and records
the differences (`--yaml`: pandoc's from ours, citeproc-py's from pandoc's) in
tests/data/citations/pandoc-differences.yaml, which the tests check:

    .venv/bin/python tests/tools/compare_citeproc.py
    .venv/bin/python tests/tools/compare_citeproc.py --processor citeproc-py
    .venv/bin/python tests/tools/compare_citeproc.py --csl other.csl --csl-ibid other-ibid.csl
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "data" / "citations"
CASES = DATA / "cases.yaml"
STYLES = {True: DATA / "chicago-fullnote-bibliography-with-ibid.csl", False: DATA / "chicago-fullnote-bibliography.csl"}
FORM = "chicago-notes"
PROCESSORS = ("pandoc", "citeproc-py")

TYPES = {
    "article": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "news": "article-newspaper",
    "web-page": "webpage",
    "un-document": "report",
    "report": "report",
    "memorandum": "report",
    "press-release": "report",
    "legal-act": "legislation",
    "interview": "interview",
    "other": "document",
}
"""Our kinds of source document as CSL types (CSL has no memorandum, press release or UN document)."""

FIELDS = {
    "title": "title",
    "short_title": "title-short",
    "container": "container-title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "edition": "edition",
    "place": "publisher-place",
    "publisher": "publisher",
    "url": "URL",
    "doi": "DOI",
    "isbn": "ISBN",
    "symbol": "number",
}
"""Our fields that CSL has under another name, or the same."""

LABELS = {"p.": "page", "pp.": "page", "para.": "paragraph", "paras.": "paragraph", "section": "section",
          "sect.": "section", "n.": "note", "nn.": "note", "chap.": "chapter", "vol.": "volume"}
"""The locator words of our pinpoints, as CSL's locator labels."""

_LOCATOR = re.compile(r"^(?P<word>[A-Za-z]+\.?)\s+(?P<value>\S.*)$")


@dataclass(frozen=True)
class Cite:
    """One citation of a note: a source's id and its pinpoint as written ("p. 130", "" for none)."""

    id: str
    locator: str

    def label_and_value(self) -> tuple[str, str]:
        """Return the pinpoint as CSL has it: ("page", "130"); a pinpoint without a known word is a page."""
        match = _LOCATOR.match(self.locator)
        if match and match.group("word").lower() in LABELS:
            return LABELS[match.group("word").lower()], match.group("value")
        return "page", self.locator


@dataclass(frozen=True)
class Printed:
    """What a processor printed for one case (or the list of sources): the notes, or the entries by source id."""

    notes: tuple[str, ...]
    entries: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Difference:
    """One note or entry that two sides print otherwise: where, and each side's text (normalised)."""

    case: str
    where: str  # "note 3", or "entry hrw-2008", or "order"
    first: str
    second: str

    def as_dict(self, names: tuple[str, str]) -> dict:
        """Return the difference as recorded, each side's text under its name ("ours", "pandoc", "citeproc-py")."""
        return {"case": self.case, "where": self.where, names[0]: self.first, names[1]: self.second}


# --- the table as CSL ---------------------------------------------------------------


def parse_note(note: str) -> tuple[Cite, ...]:
    """Return the citations of a note written as a citation group without brackets: "@a, p. 4; @b"."""
    cites = []
    for part in note.split(";"):
        key, _, locator = part.strip().partition(",")
        cites.append(Cite(key.strip().lstrip("@"), locator.strip()))
    return tuple(cites)


def _date_parts(value: object) -> dict:
    """Return a date of the table (a YAML date, a year, "2017-07") as CSL's {"date-parts": [[2017, 7]]}."""
    if isinstance(value, datetime.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    return {"date-parts": [[int(part) for part in str(value).split("-")]]}


def _name(author: object) -> dict:
    """Return an author as CSL has it: a person {family, given}; an organisation {literal}."""
    if isinstance(author, dict):
        return {key: str(author[key]) for key in ("family", "given") if key in author}
    return {"literal": str(author)}


def csl_items(sources: list[dict]) -> list[dict]:
    """Return the table's source documents as CSL-JSON items."""
    items = []
    for source in sources:
        item: dict = {"id": source["id"], "type": TYPES[source.get("kind", "other")]}
        for ours, theirs in FIELDS.items():
            if source.get(ours) not in (None, ""):
                item[theirs] = str(source[ours])
        if source.get("author"):
            item["author"] = [_name(a) for a in source["author"]]
        for key in ("issued", "accessed"):
            if source.get(key):
                item[key] = _date_parts(source[key])
        items.append(item)
    return items


def pandoc_locator(cite: Cite) -> str:
    """Return a pinpoint in pandoc's locator syntax, braced so that pandoc takes it whole: "{pp. 30-32}", "{para. 10}"."""
    if not cite.locator:
        return ""
    label, value = cite.label_and_value()
    word = {"page": "p.", "paragraph": "para.", "section": "sec.", "note": "n.", "chapter": "chap.", "volume": "vol."}[label]
    return f"{{{word} {value}}}"


def markdown_of(notes: list[str]) -> str:
    """Return a Markdown paper with one claim a note, each note one pandoc citation group."""
    lines = []
    for number, note in enumerate(notes, 1):
        group = "; ".join(f"@{c.id}, {pandoc_locator(c)}" if c.locator else f"@{c.id}" for c in parse_note(note))
        lines.append(f"Claim {number} [{group}].")
    return "\n\n".join(lines) + "\n"


# --- pandoc ---------------------------------------------------------------------------


def _inline_text(inlines: list) -> str:
    """Return pandoc JSON inlines as plain text (formatting dropped, quotation marks written, notes left out)."""
    out = []
    for node in inlines:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "SmallCaps", "Underline", "Strikeout", "Superscript", "Subscript"):
            out.append(_inline_text(content))
        elif kind in ("Span", "Link"):
            out.append(_inline_text(content[1]))
        elif kind == "Quoted":
            single = content[0]["t"] == "SingleQuote"
            out.append(("‘{}’" if single else "“{}”").format(_inline_text(content[1])))
        elif kind == "Cite":
            out.append(_inline_text(content[1]))
        elif kind == "Code":
            out.append(content[1])
    return "".join(out)


def _block_text(blocks: list) -> str:
    return " ".join(_inline_text(b["c"]) for b in blocks if b["t"] in ("Para", "Plain"))


def _notes_in(value: object, found: list[str]) -> None:
    """Collect, in order, the text of every Note in a pandoc JSON tree."""
    if isinstance(value, dict):
        if value.get("t") == "Note":
            found.append(_block_text(value["c"]))
            return
        for child in value.values():
            _notes_in(child, found)
    elif isinstance(value, list):
        for child in value:
            _notes_in(child, found)


def _entries_in(blocks: list) -> list[tuple[str, str]]:
    """Return the entries of the `refs` Div of a pandoc JSON document: (source id, text)."""
    for block in blocks:
        if block["t"] == "Div" and block["c"][0][0] == "refs":
            return [(entry["c"][0][0].removeprefix("ref-"), _block_text(entry["c"][1]))
                    for entry in block["c"][1] if entry["t"] == "Div"]
    return []


def run_pandoc(notes: list[str], csl: Path, bibliography: Path) -> Printed:
    """Return what `pandoc --citeproc` prints for a paper with `notes`: its notes and its list of sources."""
    result = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "json", "--citeproc", "--csl", str(csl), "--bibliography", str(bibliography)],
        input=markdown_of(notes), capture_output=True, text=True, check=True)
    document = json.loads(result.stdout)
    found: list[str] = []
    _notes_in(document["blocks"], found)
    return Printed(tuple(found), tuple(_entries_in(document["blocks"])))


# --- citeproc-py ----------------------------------------------------------------------


def run_citeproc_py(notes: list[str], csl: Path, items: list[dict]) -> Printed:
    """Return what citeproc-py prints for a paper with `notes`, with `items` as its CSL-JSON."""
    try:
        from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
        from citeproc.source.json import CiteProcJSON
    except ImportError:
        raise SystemExit("citeproc-py is not installed: .venv/bin/pip install citeproc-py (it is not a dependency of brief)")
    style = CitationStylesStyle(str(csl), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    citations = []
    for note in notes:
        cites = []
        for cite in parse_note(note):
            extra = {"locator": Locator(*cite.label_and_value())} if cite.locator else {}
            cites.append(CitationItem(cite.id, **extra))
        citations.append(Citation(cites))
    for citation in citations:
        bibliography.register(citation)
    printed = tuple(str(bibliography.cite(c, lambda item: None)) for c in citations)
    bibliography.sort()
    entries = tuple((item.key, str(text)) for item, text in zip(bibliography.items, bibliography.bibliography()))
    return Printed(printed, entries)


# --- comparing -----------------------------------------------------------------------


def normalise(text: str) -> str:
    """Return `text` with straight quotation marks, hyphens for dashes, one space for any run of spaces."""
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


def _id_of(entry: str, sources: list[dict]) -> str:
    """Return the id of the source whose title an entry of our list of sources holds (in any case: headline style)."""
    return next(s["id"] for s in sources if normalise(s["title"]).casefold() in normalise(entry).casefold())


def texts_of_table(table: dict) -> dict[tuple[str, str], str]:
    """Return the texts our `chicago-notes` form prints for the table, by (case, "note 3" | "entry <id>" | "order")."""
    texts = {}
    for case in table["cases"]:
        texts.update({(case["name"], f"note {n}"): text for n, text in enumerate(case[FORM], 1)})
    ids = [_id_of(entry, table["sources"]) for entry in table["list"][FORM]]
    texts.update({("list of sources", f"entry {key}"): entry for key, entry in zip(ids, table["list"][FORM])})
    texts[("list of sources", "order")] = ", ".join(ids)
    return texts


def texts_printed(table: dict, run) -> tuple[dict[tuple[str, str], str], float]:
    """Return the texts `run(notes, ibid) -> Printed` prints for the table, keyed as `texts_of_table`, and the seconds it took."""
    texts = {}
    started = time.perf_counter()
    for case in table["cases"]:
        printed = run(case["notes"], case.get("ibid", True))
        texts.update({(case["name"], f"note {n}"): text for n, text in enumerate(printed.notes, 1)})
    printed = run([f"@{s['id']}" for s in table["sources"]], True)
    texts.update({("list of sources", f"entry {key}"): entry for key, entry in printed.entries})
    texts[("list of sources", "order")] = ", ".join(key for key, _ in printed.entries)
    return texts, time.perf_counter() - started


def differences(ours: dict[tuple[str, str], str], theirs: dict[tuple[str, str], str]) -> list[Difference]:
    """Return the texts that differ once normalised, in the order of `ours` (then those only `theirs` has)."""
    found = []
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        mine, other = normalise(ours.get(key, "")), normalise(theirs.get(key, ""))
        if mine != other:
            found.append(Difference(key[0], key[1], mine, other))
    return found


def run_table(processor: str, table: dict, styles: dict[bool, Path] = STYLES) -> tuple[dict[tuple[str, str], str], float]:
    """Return the texts `processor` ("pandoc" or "citeproc-py") prints for the table, and the seconds it took.

    `styles` gives the CSL style of the cases with Ibid. (True) and without (False).
    """
    items = csl_items(table["sources"])
    if processor == "citeproc-py":
        return texts_printed(table, lambda notes, ibid: run_citeproc_py(notes, styles[ibid], items))
    with tempfile.TemporaryDirectory() as folder:
        bibliography = Path(folder) / "sources.json"
        bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        return texts_printed(table, lambda notes, ibid: run_pandoc(notes, styles[ibid], bibliography))


def case_results(table: dict, found: list[Difference]) -> list[tuple[str, int, int]]:
    """Return, per case and for the list of sources, (name, texts that differ, texts in all)."""
    rows = [(case["name"], sum(d.case == case["name"] for d in found), len(case[FORM])) for case in table["cases"]]
    rows.append(("list of sources", sum(d.case == "list of sources" for d in found), len(table["list"][FORM]) + 1))
    return rows


def report(title: str, table: dict, found: list[Difference], seconds: float | None = None) -> str:
    """Return a comparison as Markdown: a line per case, then each difference, the first side above the second."""
    timing = f"; {seconds:.2f} s for the table" if seconds is not None else ""
    lines = [f"# {title}", "", f"{len(found)} texts differ{timing}.", "", "| case | differ | texts |", "|---|---|---|"]
    lines += [f"| {name} | {differ} | {count} |" for name, differ, count in case_results(table, found)]
    for difference in found:
        lines += ["", f"## {difference.case}: {difference.where}", "",
                  f"- first:  {difference.first}", f"- second: {difference.second}"]
    return "\n".join(lines) + "\n"


HEADER = """\
# What pandoc's citeproc prints otherwise than our `chicago-notes` form for the table of cases
# (cases.yaml), with the Chicago 17th full-note CSL style; and what citeproc-py prints otherwise
# than pandoc. Texts normalised (straight quotes, hyphens, single spaces; italics not shown).
# Written by tests/tools/compare_citeproc.py --yaml (the topics are kept; each is explained in
# docs/citations.md); tests/document/test_citeproc_comparison.py checks it against both processors.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processor", choices=PROCESSORS, default="pandoc")
    parser.add_argument("--csl", type=Path, default=STYLES[False], help="the CSL style of the cases without Ibid.")
    parser.add_argument("--csl-ibid", type=Path, default=STYLES[True], help="the CSL style of the cases with Ibid.")
    parser.add_argument("--markdown", type=Path, help="write the report as Markdown to this file")
    parser.add_argument("--yaml", type=Path, help="record the differences in this file (pandoc's from ours, "
                                                  "citeproc-py's from pandoc's), keeping their topics")
    args = parser.parse_args(argv)
    table = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    styles = {True: args.csl_ibid, False: args.csl}
    if args.yaml and styles != STYLES:
        parser.error("--yaml records the committed styles only")
    printed, seconds = run_table(args.processor, table, styles)
    found = differences(texts_of_table(table), printed)
    text = report(f"`chicago-notes` (first) against {args.processor} (second), {args.csl_ibid.name}", table, found, seconds)
    if args.processor != "pandoc":
        reference, pandoc_seconds = run_table("pandoc", table, styles)
        found = differences(reference, printed)
        text += "\n" + report(f"pandoc (first) against {args.processor} (second)", table, found, pandoc_seconds)
    print(text, end="")
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    if args.yaml:
        write_yaml(args.yaml, args.processor, found)
    return 0


def version_of(processor: str) -> str:
    """Return the version of `processor` that is installed."""
    if processor == "pandoc":
        return subprocess.run(["pandoc", "--version"], capture_output=True, text=True, check=True).stdout.split()[1]
    from importlib.metadata import version

    return version("citeproc-py")


def write_yaml(path: Path, processor: str, found: list[Difference]) -> None:
    """Record `found` as the differences of `processor` in `path`, keeping the topics the file gives the same places."""
    record = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
    old = record.get(processor, {}).get("differences", [])
    topics = {(d["case"], d["where"]): d.get("topics", []) for d in old}
    names = ("ours", "pandoc") if processor == "pandoc" else ("pandoc", processor)
    entries = [{**d.as_dict(names), "topics": topics.get((d.case, d.where), [])} for d in found]
    record[processor] = {"version": version_of(processor), "differences": entries}
    path.write_text(HEADER + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
