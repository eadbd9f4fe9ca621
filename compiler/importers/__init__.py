"""Turn files other tools write into a workspace's source documents and facts.

- `import_references`: CSL-JSON (Zotero, Better BibTeX) or BibTeX entries become one
  new source document file each, under `sources/imported/` or a folder of `sources/`.
- `import_facts`: the rows of a CSV file or an xlsx workbook become facts, appended
  to the files of the documents they name.
- `import_uhri`: the rows of an export of OHCHR's Universal Human Rights Index become
  the recommendations of UN documents, one file per document symbol.

Either reads and checks everything first: when any entry or row has an error, every
error is reported (exit 3) and nothing is written. Every text to be written is then
read back by the store's own loader (`_loadable`): a file that would not load is
never written. Files are then written atomically.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from compiler.errors import InputError, Problem, UsageError, errors_in
from compiler.importers.spreadsheet import COLUMNS, write_facts_csv
from compiler.store.model import Store
from compiler.workspace import Workspace, display

__all__ = ["COLUMNS", "ImportReport", "REFERENCE_FORMATS", "FACT_FORMATS", "import_facts", "import_references", "import_uhri", "write_facts_csv"]

REFERENCE_FORMATS = ("csl", "bibtex")
FACT_FORMATS = ("csv", "xlsx")


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do): lines for the user, warnings, files written."""

    lines: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


MAX_IMPORT_BYTES = 20 * 1024 * 1024


def _read(file: Path) -> bytes:
    try:
        size = file.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InputError(Problem(display(file), None, "", f"file is {size:,} bytes, more than the {MAX_IMPORT_BYTES:,} an import reads"))
        return file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {display(file)}: {exc.strerror or exc}") from None


def _store(workspace: Workspace) -> Store:
    """Return the workspace's Store; raise InputError when it has errors, since ids could not be trusted."""
    from compiler.project import load_workspace_store

    store, problems = load_workspace_store(workspace)
    if errors_in(problems):
        note = Problem("", None, "", "the store has errors (listed above); fix them before importing (see `brief check`)")
        raise InputError(errors_in(problems) + [note])
    return store


def _diff(path: Path, old: str, new: str) -> list[str]:
    """Return the unified diff that writing `new` over `old` at `path` makes."""
    shown = display(path)
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile=shown if old else "/dev/null", tofile=shown)
    return [line.rstrip("\n") for line in lines]


def _loadable(texts: dict[Path, str]) -> None:
    """Raise InputError (nothing written) unless each of `texts` loads as the store loads a source file, error-free."""
    import tempfile

    from compiler.store.load import parse_source

    problems = []
    with tempfile.TemporaryDirectory(prefix="brief-import-") as folder:
        for number, (path, text) in enumerate(texts.items()):
            probe = Path(folder) / f"{number}.yaml"
            probe.write_text(text, encoding="utf-8")
            found = parse_source(probe)["problems"]
            problems += [Problem(display(path), **p) for p in found if p["severity"] == "error"]
    if problems:
        note = Problem("", None, "", "the import would write these files so that they do not load; nothing was written")
        raise InputError(problems + [note])


def _write(texts: dict[Path, str]) -> list[Path]:
    from compiler.output import write_all

    write_all({path: text.encode("utf-8") for path, text in texts.items()})
    return list(texts)


def import_references(
    format_name: str,
    file: Path,
    workspace: Workspace,
    into: Path | None = None,
    force: bool = False,
    dry_run: bool = False,
    country: str = "",
) -> ImportReport:
    """Import the entries of CSL-JSON or BibTeX `file` as source documents of `workspace`.

    Raise InputError (nothing written) when the file or any entry has an error.
    """
    from compiler.importers.bibtex import read_bibtex
    from compiler.importers.csl import read_csl
    from compiler.importers.references import file_texts, mapping_lines, plan

    shown = display(file)
    reader = {"csl": read_csl, "bibtex": read_bibtex}[format_name]
    references, problems = reader(_read(file), shown)
    if errors_in(problems) and not references:
        raise InputError(problems)
    store = _store(workspace)
    folder = (into if into is not None else workspace.sources / "imported").resolve()
    sources = workspace.sources.resolve()
    if folder != sources and sources not in folder.parents:
        raise UsageError(f"--into: {display(folder)} is not inside {display(sources)}; documents elsewhere are not part of the store")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--into: {display(folder)} is not a folder")
    planned, more = plan(references, shown, store, folder, country)
    problems += more
    if errors_in(problems):
        raise InputError(problems)
    schema = workspace.root / "schemas" / "source.schema.json"
    texts = file_texts(planned, file.name, format_name, force, schema if schema.is_file() else None)
    _loadable(texts)
    report = ImportReport(warnings=problems)
    if not references:
        report.lines.append(f"{shown}: no entries to import")
        return report
    report.lines += mapping_lines(planned, force, dry_run)
    new = sum(1 for p in planned if not p.exists)
    updated = sum(1 for p in planned if p.exists and force)
    kept = sum(1 for p in planned if p.exists and not force)
    counts = f"{new} new, {updated} updated, {kept} kept"
    if dry_run:
        for path, text in texts.items():
            old = path.read_text(encoding="utf-8") if path.exists() else ""
            report.lines += _diff(path, old, text)
        report.lines.append(f"dry run: {counts}; nothing written")
        return report
    report.written = _write(texts)
    report.lines.append(f"{len(references)} entries imported into {display(folder)}: {counts}; cite them as [@id]")
    return report


def import_facts(format_name: str, file: Path, workspace: Workspace, dry_run: bool = False) -> ImportReport:
    """Append the facts of CSV or xlsx `file` to the document files of `workspace` they name.

    Raise InputError (nothing written) when the file or any row has an error.
    """
    from compiler.importers.facts import appended_texts, facts_of
    from compiler.importers.spreadsheet import read_csv, read_xlsx

    shown = display(file)
    reader = {"csv": read_csv, "xlsx": read_xlsx}[format_name]
    rows, problems = reader(_read(file), shown)
    if errors_in(problems):
        raise InputError(problems)
    store = _store(workspace)
    facts, problems = facts_of(rows, shown, store)
    if errors_in(problems):
        raise InputError(problems)
    changes = appended_texts(facts, store)
    _loadable({path: new for path, (_, new, _) in changes.items()})
    report = ImportReport(warnings=problems)
    if not facts:
        report.lines.append(f"{shown}: no facts to import")
        return report
    for path, (old, new, count) in changes.items():
        ids = [f.values["id"] for f in facts if Path(store.sources[f.document].path).resolve() == path]
        verb = "would append" if dry_run else "appended"
        report.lines.append(f"{display(path)}: {verb} {count} facts: {', '.join(ids)}")
        if dry_run:
            report.lines += _diff(path, old, new)
    if dry_run:
        report.lines.append(f"dry run: {len(facts)} facts for {len(changes)} files; nothing written")
        return report
    report.written = _write({path: new for path, (_, new, _) in changes.items()})
    report.lines.append(f"{len(facts)} facts imported into {len(changes)} files")
    return report


def import_uhri(
    file: Path,
    workspace: Workspace,
    into: Path | None = None,
    force: bool = False,
    dry_run: bool = False,
    theme: str = "",
) -> ImportReport:
    """Import the recommendations of UHRI export `file` (xlsx or CSV) as UN documents of `workspace`.

    Raise InputError (nothing written) when the file or any row has an error.
    """
    from compiler.importers.spreadsheet import csv_table, xlsx_table
    from compiler.importers.uhri import check_texts, plan, read_export, row_ranges

    shown = display(file)
    data = _read(file)
    is_xlsx = file.suffix.lower() in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04"
    table, problems = (xlsx_table if is_xlsx else csv_table)(data, shown)
    if problems:
        raise InputError(problems)
    store = _store(workspace)
    if theme and theme not in store.themes:
        from compiler.store.load import unknown_theme_message

        raise UsageError(f"--theme: {unknown_theme_message(theme, store.themes)}")
    folder = _into_folder(workspace, into)
    reading = read_export(table, shown, store, theme)
    schema = workspace.root / "schemas" / "source.schema.json"

    def header(path: Path, entries: list) -> list[str]:
        from compiler.importers.references import _relative

        lines = [f"yaml-language-server: $schema={_relative(schema, path.parent)}"] if schema.is_file() else []
        rows = row_ranges([e.row for e in entries])
        return lines + [f"Imported by `brief import uhri` from {file.name} (OHCHR's Universal Human Rights Index), rows {rows}.",
                        "`brief import uhri --force` updates the recommendations from a newer export and keeps this file's",
                        "comments; assess them in sources/assessments/, never here."]

    planned, more = plan(reading.entries, shown, store, folder, into is not None, force, header)
    problems = reading.problems + more
    if errors_in(problems):
        raise InputError(problems)
    check_texts(planned)
    _loadable({item.path: item.new for item in planned})
    report = ImportReport(warnings=problems)
    if not reading.entries:
        report.lines.append(f"{shown}: no recommendations to import")
        return report
    for item in planned:
        for row, ident, what in item.rows:
            report.lines.append(f"row {row} -> {ident}  ({what})")
    changed = {item.path: item.new for item in planned if item.new != item.old}
    for item in planned:
        if not item.old:
            verb = "would write" if dry_run else "wrote"
        elif item.new != item.old:
            verb = "would update" if dry_run else "updated"
        else:
            verb = "unchanged"
        kept = f"; kept {len(item.kept)} recommendations the export does not list: {', '.join(item.kept)}" if item.kept else ""
        report.lines.append(f"{display(item.path)}: {verb}, {len(item.rows)} recommendations from the export{kept}")
        if dry_run and item.new != item.old:
            report.lines += _diff(item.path, item.old, item.new)
    count = f"{len(reading.entries)} recommendations of {len(planned)} documents"
    if dry_run:
        report.lines.append(f"dry run: {count}; nothing written")
        return report
    report.written = _write(changed)
    report.lines.append(f"{count} imported ({len(changed)} files written); cite them as [@id]")
    return report


def _into_folder(workspace: Workspace, into: Path | None) -> Path:
    """Return the folder new documents go to: `into` (inside sources/, not sources/assessments/), else sources/imported."""
    from compiler.store.load import ASSESSMENTS_DIR

    folder = (into if into is not None else workspace.sources / "imported").resolve()
    sources = workspace.sources.resolve()
    if folder != sources and sources not in folder.parents:
        raise UsageError(f"--into: {display(folder)} is not inside {display(sources)}; documents elsewhere are not part of the store")
    assessments = sources / ASSESSMENTS_DIR
    if folder == assessments or assessments in folder.parents:
        raise UsageError(f"--into: {display(folder)} holds assessments, not source documents")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--into: {display(folder)} is not a folder")
    return folder
