"""Turn bibliographic entries (read from CSL-JSON or BibTeX) into source document files.

A `Reference` is one entry as either reader leaves it. Its fields are checked with
the very `Field`s the store loader uses, so a value the loader would refuse (an
address that is not http(s), a partial access date) is left out with a warning
rather than written; a title it would refuse (a control character, over the length
limit) is an error, since a document without one would not load. Each entry gets a document id (its citation key, slugged; else
its own id when valid; else author-year-word), unique in the store and the batch,
and a file `<folder>/<id>.yaml`. A file already there that holds that document is
an earlier import of the entry: it is kept unless `force`, which updates its record
and keeps its facts and comments. Nothing is written when any entry has an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compiler.errors import InputError, Problem
from compiler.importers.common import at_line, slug
from compiler.importers.yamlwrite import CannotUpdate, document_text, flow_list, flow_map, update_document_text, yaml_date
from compiler.names import Person
from compiler.schema import ID_PATTERN, Checker, Field, check_value, is_invalid
from compiler.store.model import Store
from compiler.workspace import display

_ID = re.compile(ID_PATTERN)

# UN document symbols: a series (A/, S/, E/, CCPR/ ...) and at least two more parts, e.g.
# A/HRC/14/10, CCPR/C/KAZ/CO/1, E/C.12/KAZ/CO/1, E/CN.4/2005/102/Add.1, A/RES/217(III).
UN_SYMBOL = re.compile(
    r"(?<![\w/])(?:A|S|E|ST|CCPR|CAT|CERD|CEDAW|CRC|CRPD|CMW|CED|CESCR|HRI|TD|DP|UNEP|ECE|ESCAP|ECA|ECLAC|ESCWA)"
    r"(?:/[A-Za-z0-9.()\-]+){2,}"
)

_MINOR = {
    "a", "an", "the", "of", "on", "in", "and", "for", "to", "at", "by", "with", "from", "into", "about", "is", "are",
    "de", "la", "le", "les", "des", "du", "et", "en", "un", "une", "el", "los", "las", "y", "del", "der", "die", "das",
}

# The keys of a source document an import sets, in the order they are written: every key of the
# declaration (`compiler.store.model.Source`) but the archived text and the facts, which users add.
NOT_IMPORTED = ("text", "facts", "body", "cycle", "recommendations")


@dataclass(frozen=True)
class Author:
    """An author: a person ("Zoë Café": family "Café", given "Zoë") or an organisation ("Human Rights Watch")."""

    name: str
    family: str
    organisation: bool = False
    given: str = ""

    @property
    def written(self) -> str | dict:
        """Return the author as a source file holds it: a person split `{family, given}`, else the name as text."""
        if self.organisation or not self.family or not self.given or self.name != f"{self.given} {self.family}":
            return self.name
        return {"family": self.family, "given": self.given}


@dataclass
class Reference:
    """One bibliographic entry read from an import file, before it becomes a source document.

    Its fields that a source document has too bear the declaration's names (`kind`,
    `title` ... `language`); `authors` become `author`, and the document's `id` and
    `country` come from the import, not the entry.
    """

    line: int
    key: str = ""
    native_id: str = ""
    kind: str = "other"
    title: str = ""
    short_title: str = ""
    authors: list[Author] = field(default_factory=list)
    publisher: str = ""
    container: str = ""
    issued: str = ""
    url: str = ""
    accessed: str = ""
    symbol: str = ""
    doi: str = ""
    language: str = ""
    place: str = ""
    edition: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    isbn: str = ""
    unused: list[str] = field(default_factory=list)  # the entry's fields no key of a source document holds

    @property
    def label(self) -> str:
        """Return how messages and the key -> id mapping name the entry."""
        return self.key or self.native_id or f"entry at line {self.line}"


@dataclass(frozen=True)
class Planned:
    """What an import does with one entry: the document id, its file, and whether that file exists."""

    reference: Reference
    id: str
    path: Path
    values: dict[str, Any]
    exists: bool


def find_symbol(*texts: str) -> str:
    """Return the first UN document symbol in `texts`, or ''."""
    for text in texts:
        match = UN_SYMBOL.search(text or "")
        if match:
            return match.group(0).rstrip(".,;)")
    return ""


def kind_from_genre(genre: str, default: str) -> str:
    """Return the kind a free "genre"/"type" text names (press release, memorandum, interview), else `default`."""
    text = genre.casefold()
    if "press release" in text or "press-release" in text or "news release" in text:
        return "press-release"
    if "memorandum" in text or text.startswith("memo"):
        return "memorandum"
    if "interview" in text:
        return "interview"
    return default


def language_tag(text: str) -> str:
    """Return the BCP 47 tag of a language written as a tag ("en-GB"), a code ("eng") or a name ("English"); '' if unknown."""
    import pycountry

    value = text.strip()
    if not value:
        return ""
    if re.fullmatch(r"[A-Za-z]{2}([-_][A-Za-z0-9]{2,8})*", value):
        head, *rest = re.split(r"[-_]", value)
        return "-".join([head.lower(), *rest])
    found = pycountry.languages.get(alpha_3=value.lower()) if len(value) == 3 else None
    if found is None:
        try:
            found = pycountry.languages.lookup(value)
        except LookupError:
            return ""
    return getattr(found, "alpha_2", "") or getattr(found, "alpha_3", "")


def _author_part(reference: Reference) -> str:
    """Return the first author as an id part: a family name, or an organisation's name or acronym."""
    if reference.authors:
        first = reference.authors[0]
        if not first.organisation:
            return slug(first.family)
        name = first.name
    elif reference.publisher or reference.container:
        name = reference.publisher or reference.container
    else:
        return ""
    words = [w for w in re.split(r"[\s/]+", name) if w]
    significant = [w for w in words if w.casefold() not in _MINOR]
    if len(significant) <= 3:
        return slug(name)
    return slug("".join(w[0] for w in significant if w[0].isalnum()))


def _title_word(title: str, skip: set[str]) -> str:
    """Return the first word of `title` that is neither a minor word nor in `skip`, as an id part."""
    for word in re.split(r"[\s:;,.!?\"'()\[\]/]+", title):
        part = slug(word)
        if part and part not in _MINOR and part not in skip and not part.isdigit():
            return part
    return ""


def base_id(reference: Reference) -> str:
    """Return the id an entry asks for: its citation key slugged, its own id, or author-year-word."""
    if reference.key:
        from_key = slug(reference.key)
        if from_key:
            return from_key
    if reference.native_id and _ID.match(reference.native_id):
        return reference.native_id
    author = _author_part(reference)
    parts = [author, reference.issued[:4], _title_word(reference.title, set(author.split("-")))]
    return slug("-".join(p for p in parts if p)) or "document"


def document_values(reference: Reference, file: str, country: str, problems: list[Problem]) -> dict[str, Any]:
    """Return the keys of the entry's source document, each checked as the loader checks it.

    A value the loader would refuse is left out, with a warning in `problems`; a
    missing or refused title (a required key) is an error.
    """
    raw: dict[str, Any] = {
        "kind": reference.kind if reference.kind != "other" else "",
        "short_title": reference.short_title if reference.short_title != reference.title else "",
        "author": [p.written for p in reference.authors],
        "country": country,
    }
    values: dict[str, Any] = {}
    if not reference.title.strip():
        problems.append(at_line(file, reference.line, "title", f"entry '{reference.label}' has no title; a source document needs one"))
    if reference.unused:
        problems.append(at_line(file, reference.line, "", f"left out of '{reference.label}', as no key of a source document "
                                f"holds them: {', '.join(reference.unused)}", "warning"))
    for spec in document_fields()[1:]:
        key = spec.name
        value = raw[key] if key in raw else getattr(reference, key)
        if value in (None, "", []):
            continue
        checker = Checker(file)
        accepted = check_value(value, spec, key, reference.line, checker)
        if is_invalid(accepted) or checker.problems:
            for problem in checker.problems:
                if spec.required:  # the document would not load without it: the entry is refused, nothing written
                    problems.append(at_line(file, reference.line, key, f"entry '{reference.label}': {problem.message}"))
                else:
                    problems.append(at_line(file, reference.line, key, f"left out of '{reference.label}': {problem.message}", "warning"))
            continue
        values[key] = _yaml_value(spec.type, value)
    return values


def document_fields() -> tuple[Field, ...]:
    """Return the keys of a source document that an import sets (the document's `id` first), as the store declares them."""
    from compiler.store.load import SOURCE_FIELDS

    return tuple(spec for spec in SOURCE_FIELDS if spec.name not in NOT_IMPORTED)


def _yaml_value(kind: str, value: Any) -> Any:
    """Return `value` as it is written in a source file: dates unquoted, authors on one line."""
    if kind in ("date", "full-date"):
        return yaml_date(str(value))
    if kind == "strings":
        return flow_list(list(value))
    if kind == "names":
        return flow_list([flow_map({"family": n.family, "given": n.given}) if isinstance(n, Person) else n for n in value])
    return value


def plan(references: list[Reference], file: str, store: Store, folder: Path, country: str) -> tuple[list[Planned], list[Problem]]:
    """Return what importing `references` into `folder` does, and every problem found on the way."""
    problems: list[Problem] = []
    taken = set(store.sources) | set(store.facts) | set(store.recommendations)
    used: set[str] = set()
    planned: list[Planned] = []
    for reference in references:
        values = document_values(reference, file, country, problems)
        base = base_id(reference)
        candidate, number = base, 1
        while True:
            target = folder / f"{candidate}.yaml"
            existing = store.sources.get(candidate)
            same_file = existing is not None and _same_file(Path(existing.path), target)
            if candidate not in used and (same_file or (candidate not in taken and not target.exists())):
                break
            number += 1
            candidate = f"{base}-{number}"
        used.add(candidate)
        planned.append(Planned(reference, candidate, target, {"id": candidate, **values}, target.exists()))
    return planned, problems


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def file_texts(planned: list[Planned], source_file: str, format_name: str, force: bool, schema: Path | None) -> dict[Path, str]:
    """Return the text of every file to write: new documents, and with `force` the updated ones."""
    texts: dict[Path, str] = {}
    problems = []
    for item in planned:
        if item.exists:
            if force:
                try:
                    texts[item.path] = update_document_text(item.path.read_text(encoding="utf-8"), item.values)
                except CannotUpdate as exc:
                    problems.append(Problem(display(item.path), None, "", f"cannot update: {exc}"))
            continue
        header = []
        if schema is not None:
            header.append(f"yaml-language-server: $schema={_relative(schema, item.path.parent)}")
        header.append(f"Imported by `brief import {format_name}` from {source_file}, entry {item.reference.label}.")
        header.append("Add the facts you take from this document under `facts:`.")
        texts[item.path] = document_text(item.values, header)
    if problems:
        raise InputError(problems)
    return texts


def _relative(target: Path, start: Path) -> str:
    import os

    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def mapping_lines(planned: list[Planned], force: bool, dry_run: bool) -> list[str]:
    """Return the `key -> id` lines that tell users how to cite each imported entry."""
    lines = []
    for item in planned:
        if item.exists:
            action = ("would update" if dry_run else "updated") if force else "kept (imported before; --force updates it)"
        else:
            action = "would write" if dry_run else "wrote"
        lines.append(f"{item.reference.label} -> {item.id}  ({action} {display(item.path)})")
    return lines
