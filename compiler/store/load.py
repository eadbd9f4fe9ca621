"""Turn `themes.yaml` and the source document files into a Store, collecting every problem.

Each file is checked completely before anything stops: YAML syntax, unknown keys,
types, dates, ids (unique across the whole store), theme ids, country codes, the
archived `text:` and the quotes it must contain.
"""

from __future__ import annotations

import difflib
import gc
import re
from pathlib import Path

from compiler.dates import PartialDate
from compiler.errors import Problem
from compiler.schema import Checker, Field, check_mapping
from compiler.store.index import StoreIndex
from compiler.store.model import SOURCE_KINDS, Fact, Source, Store, Theme
from compiler.workspace import DATA_DIR
from compiler import yamlfile

BUILTIN_THEMES = DATA_DIR / "themes.yaml"
MAX_TEXT_BYTES = yamlfile.MAX_FILE_BYTES
"""The largest archived text (`text:`) read to check quotes against."""

THEME_FIELDS = (
    Field("title", "localized", "The theme's heading, as text or per language ({en: ..., fr: ...}).", required=True),
    Field("instruments", "strings", "Treaty articles the theme engages, e.g. \"ICCPR art. 19\"."),
    Field("description", "text", "What the theme covers."),
    Field(
        "labels",
        "string-lists",
        "The matching labels of vocabularies users know: upr-info, uhri, huridocs.",
        choices=("upr-info", "uhri", "huridocs"),
    ),
)

THEMES_FILE_FIELDS = (
    Field("themes", "mapping", "The themes, by id; a dotted id is a sub-theme of its parent.", required=True),
)

FACT_FIELDS = (
    Field("id", "id", "Unique id of the fact across the whole store.", required=True),
    Field("text", "text", "The claim, in the brief's own words (inline Markdown).", required=True),
    Field("themes", "theme-ids", "Theme ids from themes.yaml; at least one.", required=True),
    Field("date", "date", "When it happened: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field("locator", "string", "Pinpoint in the source: \"p. 3\", \"para. 14\", \"section 2\"."),
    Field("quote", "text", "Verbatim words of the source backing the claim."),
    Field("tags", "strings", "Free keywords."),
    Field("country", "country", "ISO 3166-1 alpha-2 code; overrides the document's."),
    Field("translations", "translations", "The text in other languages, by language tag."),
)

SOURCE_FIELDS = (
    Field("id", "id", "Unique id of the document in the store.", required=True),
    Field("kind", "enum", "What sort of document it is.", choices=SOURCE_KINDS, default="other"),
    Field("title", "string", "The document's title.", required=True),
    Field("short_title", "string", "The title as later notes shorten it; default: the part before a colon, or its first words."),
    Field("author", "strings", "Organisations and/or persons, in order."),
    Field("publisher", "string", "Who published it."),
    Field("issued", "date", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD."),
    Field("url", "url", "Where it can be read."),
    Field("accessed", "full-date", "When the URL was read (YYYY-MM-DD)."),
    Field("symbol", "string", "UN document symbol, e.g. CCPR/C/KAZ/CO/1."),
    Field("country", "country", "ISO 3166-1 alpha-2 code; the default for its facts."),
    Field("language", "language", "BCP 47 language tag of the document; default en.", default="en"),
    Field("container", "string", "The periodical, book or site the document is part of."),
    Field("doi", "string", "Digital Object Identifier."),
    Field("text", "string", "Archived plain text of the document, relative to this file; quotes are checked against it."),
    Field("facts", "objects", "The facts taken from the document.", fields=FACT_FIELDS),
)


def load_themes(path: Path | None) -> tuple[dict[str, Theme], list[Problem], str]:
    """Return the themes of `path` (the built-in taxonomy when None), their problems and the path shown."""
    path = path if path is not None and path.is_file() else BUILTIN_THEMES
    shown = str(path)
    raw, problems, _ = yamlfile.read(path, shown)
    checker = Checker(shown, problems)
    themes: dict[str, Theme] = {}
    if raw is None and problems:
        return themes, checker.problems, shown
    top = check_mapping(raw, THEMES_FILE_FIELDS, "", 1, checker)
    entries = raw.get("themes") if isinstance(raw, dict) else None
    if top is None or not isinstance(entries, dict):
        return themes, checker.problems, shown
    key_lines = getattr(entries, "key_lines", {})
    pattern = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$")
    for ident, body in entries.items():
        line = key_lines.get(ident, 1)
        where = f"themes.{yamlfile.key_text(ident)}"
        if not isinstance(ident, str) or not pattern.fullmatch(ident):
            checker.add(line, where, "a theme id is lowercase letters, digits and '-', with '.' before a sub-theme")
            continue
        values = check_mapping(body, THEME_FIELDS, where, line, checker)
        if values is None or "title" not in values:
            continue
        title = values["title"] if isinstance(values["title"], dict) else {"en": values["title"]}
        themes[ident] = Theme(
            id=ident,
            title=title,
            instruments=values.get("instruments", ()),
            description=values.get("description", ""),
            labels=values.get("labels", {}),
        )
    for ident in themes:
        if "." in ident and ident.rsplit(".", 1)[0] not in themes:
            checker.add(key_lines.get(ident, 1), f"themes.{ident}", f"sub-theme of '{ident.rsplit('.', 1)[0]}', which is not defined")
    return themes, checker.problems, shown


def source_files(sources_dir: Path) -> list[Path]:
    """Return every source document file under `sources_dir`, in path order."""
    files = [
        p
        for p in sources_dir.rglob("*.yaml")
        if p.is_file() and p.relative_to(sources_dir).as_posix() != "themes.yaml"
    ]
    return sorted(files, key=lambda p: p.relative_to(sources_dir).as_posix())


def unknown_theme_message(theme: str, known: dict) -> str:
    """Return the message for a theme id that the taxonomy does not define."""
    near = difflib.get_close_matches(theme, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean '{near[0]}'?" if near else ""
    return f"unknown theme '{theme}'{hint}"


RECORD_VERSION = 3  # 3: limits on text, one-line fields, whole-match ids


def _date_list(value: PartialDate | None) -> list | None:
    return None if value is None else [value.year, value.month, value.day]


def _date_of(value: list | None, dates: dict[tuple, PartialDate]) -> PartialDate | None:
    """Return the PartialDate of a record's [year, month, day], one object per date in `dates` (shared by one load)."""
    if value is None:
        return None
    key = tuple(value)
    date = dates.get(key)
    if date is None:
        date = dates[key] = PartialDate(*key)
    return date


def parse_source(path: Path) -> dict:
    """Return the record of source file `path`: what can be known from its text alone.

    The record holds only JSON values (it is what the store index caches): the
    document, its facts, the problems of the file's own text, the theme ids to check
    and the archived text to check quotes against. Problems carry no file name.
    """
    raw, problems, _ = yamlfile.read(path, "")
    checker = Checker("", problems)
    record: dict = {"v": RECORD_VERSION, "source": None, "facts": [], "themes": [], "text": None, "line": 1}
    values = None
    if raw is not None or not problems:
        values = check_mapping(raw, SOURCE_FIELDS, "", 1, checker)
    if values is not None:
        record["line"] = getattr(raw, "line", 1)
        raw_facts = raw.get("facts") if isinstance(raw.get("facts"), list) else []
        for item in values.get("facts", ()):
            index = item["_index"]
            raw_item = raw_facts[index] if index < len(raw_facts) else {}
            key_lines = getattr(raw_item, "key_lines", {})
            raw_themes = raw_item.get("themes") if isinstance(raw_item, dict) else None
            theme_lines = getattr(raw_themes, "item_lines", None)
            for t_index, theme in enumerate(item.get("themes", ())):
                line = theme_lines[t_index] if theme_lines and t_index < len(theme_lines) else key_lines.get("themes", item["_line"])
                record["themes"].append([f"facts[{index}].themes[{t_index}]", line, theme])
            if "themes" in item and not item["themes"] and raw_themes is not None and not raw_themes:
                checker.add(key_lines.get("themes", item["_line"]), f"facts[{index}].themes", "at least one theme is required")
            if not {"id", "text", "themes"} <= item.keys() or not item["themes"]:
                continue
            record["facts"].append([
                item["id"], item["text"].strip(), list(item["themes"]), _date_list(item.get("date")),
                item.get("locator", ""), item.get("quote", "").strip(), list(item.get("tags", ())),
                item.get("country", ""), dict(item.get("translations", {})), item["_line"], index,
                key_lines.get("quote", item["_line"]),
            ])
        if "text" in values:
            record["text"] = [values["text"], raw.key_lines.get("text", 1)]
        if "id" in values and "title" in values:
            record["source"] = {
                "id": values["id"], "title": values["title"], "short_title": values.get("short_title", ""),
                "kind": values.get("kind", "other"), "author": list(values.get("author", ())),
                "publisher": values.get("publisher", ""), "issued": _date_list(values.get("issued")),
                "url": values.get("url", ""), "accessed": _date_list(values.get("accessed")),
                "symbol": values.get("symbol", ""), "country": values.get("country", ""),
                "language": values.get("language", "en"), "container": values.get("container", ""),
                "doi": values.get("doi", ""),
            }
        elif "id" in values:
            record["source_id"] = values["id"]
    record["problems"] = [[p.line, p.field, p.message, p.severity] for p in checker.problems]
    return record


def link_source(record: dict, path: Path, shown: str, root: Path, themes: dict[str, Theme], order_start: int,
                dates: dict[tuple, PartialDate] | None = None) -> tuple[Source | None, list[Fact], list[Problem]]:
    """Return the source, facts and problems of a parsed `record`, checked against `themes` and its archived text."""
    dates = {} if dates is None else dates
    problems = [Problem(shown, line, field, message, severity) for line, field, message, severity in record["problems"]]
    for where, line, theme in record["themes"]:
        if theme not in themes:
            problems.append(Problem(shown, line, where, unknown_theme_message(theme, themes)))
    doc = record["source"]
    source_id = doc["id"] if doc else record.get("source_id", "")
    facts = [
        Fact.make(id=f[0], source=source_id, text=f[1], themes=tuple(f[2]), date=_date_of(f[3], dates), locator=f[4], quote=f[5],
             tags=tuple(f[6]), country=f[7], translations=f[8], path=shown, line=f[9], order=order_start + n, index=f[10])
        for n, f in enumerate(record["facts"])
    ]
    if record["text"] is not None:
        text_ref, line = record["text"]
        quotes = [(f"facts[{f[10]}].quote", f[11], f[0], f[5]) for f in record["facts"] if f[5]]
        problems.extend(_check_quotes(path, shown, root, text_ref, line, quotes))
    if doc is None:
        return None, facts, problems
    source = Source(
        id=doc["id"], title=doc["title"], short_title=doc["short_title"], kind=doc["kind"], author=tuple(doc["author"]),
        publisher=doc["publisher"], issued=_date_of(doc["issued"], dates), url=doc["url"], accessed=_date_of(doc["accessed"], dates),
        symbol=doc["symbol"], country=doc["country"], language=doc["language"], container=doc["container"],
        doi=doc["doi"], path=shown, line=record["line"], facts=tuple(f.id for f in facts),
    )
    return source, facts, problems


def load_source(path: Path, root: Path, themes: dict[str, Theme], order_start: int) -> tuple[Source | None, list[Fact], list[Problem]]:
    """Return the source document in file `path`, its facts, and every problem of the file."""
    return link_source(parse_source(path), path, str(path), root, themes, order_start)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                         "\u00ab": '"', "\u00bb": '"', "\u00a0": " ", "\u00ad": ""})


def normalise_for_quotes(text: str, hyphens: bool = True) -> str:
    """Return `text` with line-end hyphenation, curly quotes and runs of white space folded."""
    text = text.translate(_QUOTES)
    text = re.sub(r"(\w)-[ \t]*\r?\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not hyphens:
        text = text.replace("-", "")
    return text


def quote_in(quote: str, archive: str) -> bool:
    """Return whether `quote` stands in `archive`, whatever the white space, hyphenation and quote marks."""
    needle = normalise_for_quotes(quote)
    if needle in archive:
        return True
    return normalise_for_quotes(quote, hyphens=False) in archive.replace("-", "")


def _quoted(text: str) -> str:
    """Return a path as a message quotes it: on one line, at most 200 characters."""
    if len(text) > 200:
        text = text[:197] + "..."
    return f"'{text}'" if text.isprintable() else repr(text)


def _check_quotes(path: Path, shown: str, root: Path, text_ref: str, line: int, quotes: list[tuple[str, int, str, str]]) -> list[Problem]:
    """Return a problem for the archived text if unusable, else for each quote (where, line, fact id, quote) not in it."""
    named = _quoted(text_ref)
    try:
        target = (path.parent / text_ref).resolve()
        is_file = target.is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long for the file system
        return [Problem(shown, line, "text", f"archived text {named} is not a usable file name")]
    try:
        target.relative_to(root.resolve())
    except ValueError:
        return [Problem(shown, line, "text", f"archived text {named} lies outside the workspace; it is not read")]
    if not is_file:
        looked = _quoted(str(target))[1:-1]
        return [Problem(shown, line, "text", f"archived text {named} does not exist (looked for {looked})", mentions=(looked,))]
    try:
        with target.open("rb") as handle:
            data = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        return [Problem(shown, line, "text", f"cannot read archived text {named}: {exc.strerror or exc}")]
    if len(data) > MAX_TEXT_BYTES:
        return [Problem(shown, line, "text", f"archived text {named} is larger than {MAX_TEXT_BYTES // (1024 * 1024)} MB; it is not read")]
    archive = normalise_for_quotes(data.decode("utf-8", errors="replace"))
    return [
        Problem(shown, quote_line, where, f"the quote of '{ident}' is not in the archived text {named}")
        for where, quote_line, ident, quote in quotes
        if not quote_in(quote, archive)
    ]


def load_store(sources_dir: Path, root: Path, cache: bool = True) -> tuple[Store, list[Problem]]:
    """Return the Store of `sources_dir` and every problem of its files (through the index cache when `cache`).

    The cyclic garbage collector is paused while the store is built and the store is
    then frozen out of its reach: a store holds no reference cycles, and a collector
    going over hundreds of thousands of new objects again and again tripled the cost
    of loading a large store (docs/performance.md).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_store(sources_dir, root, cache)
    finally:
        if collecting:
            gc.freeze()
            gc.enable()


def _load_store(sources_dir: Path, root: Path, cache: bool) -> tuple[Store, list[Problem]]:
    themes_path = sources_dir / "themes.yaml"
    themes, problems, themes_shown = load_themes(themes_path if themes_path.is_file() else None)
    sources: dict[str, Source] = {}
    facts: dict[str, Fact] = {}
    seen: dict[str, Fact | Source] = {}
    order = 0
    paths = source_files(sources_dir)
    if cache:
        records = StoreIndex(root, parse_source, RECORD_VERSION).records(paths)
    else:
        records = [parse_source(path) for path in paths]
    dates: dict[tuple, PartialDate] = {}  # one object per date: a large store repeats few dates
    for path, record in zip(paths, records):
        source, doc_facts, doc_problems = link_source(record, path, str(path), root, themes, order, dates)
        order += len(doc_facts) + 1
        problems.extend(doc_problems)
        if source is not None:
            if source.id in seen:
                first = seen[source.id]
                problems.append(Problem(source.path, source.line, "id", f"duplicate id '{source.id}', also in {first.path}:{first.line}",
                                        mentions=(first.path,)))
            else:
                seen[source.id] = source
                sources[source.id] = source
        for fact in doc_facts:
            first = seen.get(fact.id)
            if first is not None:
                problems.append(Problem(fact.path, fact.line, f"facts[{fact.index}].id", f"duplicate id '{fact.id}', also in {first.path}:{first.line}",
                                        mentions=(first.path,)))
                continue
            seen[fact.id] = fact  # where each id was first seen, for the message of a duplicate
            if source is not None:
                facts[fact.id] = fact
    inputs = [themes_path, *paths]
    for path, record in zip(paths, records):
        if record["text"] is not None:
            inputs.append(path.parent / record["text"][0])
    return Store(themes=themes, sources=sources, facts=facts, themes_path=themes_shown, inputs=tuple(inputs)), problems
