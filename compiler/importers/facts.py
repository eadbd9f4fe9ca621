"""Turn the rows of a facts spreadsheet into facts appended to their documents' files.

Each row is checked with the loader's own `FACT_FIELDS`, then against the store:
themes the taxonomy defines, a `source` that is a document of the store, an `id`
used nowhere else (in the store or an earlier row). Every bad row is reported, and
nothing is written unless every row is good.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler import yamlfile
from compiler.errors import InputError, Problem, did_you_mean, display
from compiler.importers.common import at_row
from compiler.importers.spreadsheet import LISTS, Row, split_list
from compiler.importers.yamlwrite import CannotUpdate, append_facts_text, yaml_date
from compiler.schema import Checker, check_mapping
from compiler.store.load import FACT_FIELDS, unknown_theme_message
from compiler.store.model import Store


@dataclass(frozen=True)
class NewFact:
    """A fact read from a row, ready to append to the file of its document."""

    row: int
    document: str
    values: dict[str, Any]


def _column(where: str) -> str:
    """Return the column a checker's field path names: `themes[1]` -> themes."""
    return where.split("[", 1)[0].split(".", 1)[0]


def facts_of(rows: list[Row], file: str, store: Store) -> tuple[list[NewFact], list[Problem]]:
    """Return the facts of `rows` and every problem of them, checked as the loader checks facts."""
    problems: list[Problem] = []
    facts: list[NewFact] = []
    earlier: dict[str, int] = {}
    for row in rows:
        raw: dict[str, Any] = {}
        for name, cell in row.cells.items():
            if name == "source" or not cell.strip():
                continue
            raw[name] = split_list(cell) if name in LISTS else cell.strip()
        checker = Checker(file)
        accepted = check_mapping(raw, FACT_FIELDS, "", row.number, checker) or {}
        row_problems = [at_row(file, row.number, _column(p.field), p.message) for p in checker.problems]
        for theme in accepted.get("themes", ()):
            if theme not in store.themes:
                row_problems.append(at_row(file, row.number, "themes", unknown_theme_message(theme, store.themes)))
        if "themes" in raw and not raw["themes"]:
            row_problems.append(at_row(file, row.number, "themes", "at least one theme is required"))
        ident = accepted.get("id")
        if ident:
            if ident in store.facts:
                row_problems.append(at_row(file, row.number, "id", f"duplicate id '{ident}': a fact of {display(store.facts[ident].path)} has it"))
            elif ident in store.sources:
                row_problems.append(at_row(file, row.number, "id", f"duplicate id '{ident}': the document {display(store.sources[ident].path)} has it"))
            elif ident in earlier:
                row_problems.append(at_row(file, row.number, "id", f"duplicate id '{ident}', also in row {earlier[ident]}"))
            else:
                earlier[ident] = row.number
        document = row.cells.get("source", "").strip()
        if not document:
            row_problems.append(at_row(file, row.number, "source", "required: the id of the document the fact is taken from"))
        elif document not in store.sources:
            hint = did_you_mean(document, store.sources)
            row_problems.append(at_row(file, row.number, "source", f"no document '{document}' in the store{hint}"))
        problems.extend(row_problems)
        if not row_problems:
            facts.append(NewFact(row.number, document, _written(raw, accepted)))
    return facts, problems


def _written(raw: dict[str, Any], accepted: dict[str, Any]) -> dict[str, Any]:
    """Return the keys of a fact in the order of FACT_FIELDS, as they are written in a source file."""
    out: dict[str, Any] = {}
    for spec in FACT_FIELDS:
        if spec.name not in raw or spec.name not in accepted:
            continue
        value = raw[spec.name]
        if spec.type == "date":
            value = yaml_date(str(accepted[spec.name]))
        elif spec.type == "country":
            value = accepted[spec.name]
        out[spec.name] = value
    return out


def appended_texts(facts: list[NewFact], store: Store) -> dict[Path, tuple[str, str, int]]:
    """Return, for every document file that gets facts, its old text, its new text and the number of facts added."""
    by_file: dict[Path, list[NewFact]] = {}
    for fact in facts:
        path = Path(store.sources[fact.document].path).resolve()
        by_file.setdefault(path, []).append(fact)
    out: dict[Path, tuple[str, str, int]] = {}
    problems = []
    for path, new in by_file.items():
        old = path.read_text(encoding="utf-8")
        try:
            text = append_facts_text(old, [f.values for f in new])
        except CannotUpdate as exc:
            problems.append(Problem(store.sources[new[0].document].path, None, "", f"cannot add facts: {exc}"))
            continue
        _verify(path, old, text, [f.values["id"] for f in new])
        out[path] = (old, text, len(new))
    if problems:
        raise InputError(problems)
    return out


def _verify(path: Path, old: str, new: str, ids: list[str]) -> None:
    """Raise RuntimeError (an internal error) unless `new` is `old` with the facts `ids` after its own."""
    before, _ = yamlfile.parse(old.lstrip("\ufeff"), str(path))
    after, problems = yamlfile.parse(new.lstrip("\ufeff"), str(path))
    old_ids = [f.get("id") for f in (before.get("facts") or [])] if isinstance(before, dict) else []
    new_ids = [f.get("id") for f in (after.get("facts") or [])] if isinstance(after, dict) else []
    if problems or new_ids != old_ids + ids:
        raise RuntimeError(f"appending facts to {path} gave a file that does not read back as expected")
