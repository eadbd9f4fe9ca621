"""Turn `themes.yaml` and the source document files into a Store, collecting every problem.

Each file is checked completely before anything stops: YAML syntax, unknown keys,
types, dates, ids (unique across the whole store), theme ids, country codes, the
archived `text:` and the quotes it must contain.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from compiler.errors import Problem
from compiler.schema import Checker, Field, check_mapping
from compiler.store.model import SOURCE_KINDS, Fact, Source, Store, Theme
from compiler.workspace import DATA_DIR, display
from compiler import yamlfile

BUILTIN_THEMES = DATA_DIR / "themes.yaml"

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
    shown = display(path)
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
        where = f"themes.{ident}"
        if not isinstance(ident, str) or not pattern.match(ident):
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


def load_source(path: Path, root: Path, themes: dict[str, Theme], order_start: int) -> tuple[Source | None, list[Fact], list[Problem]]:
    """Return the source document in file `path`, its facts, and every problem of the file."""
    shown = display(path)
    raw, problems, _ = yamlfile.read(path, shown)
    checker = Checker(shown, problems)
    if raw is None and problems:
        return None, [], checker.problems
    values = check_mapping(raw, SOURCE_FIELDS, "", 1, checker)
    if values is None:
        return None, [], checker.problems
    doc_country = values.get("country", "")
    facts: list[Fact] = []
    for index, item in enumerate(values.get("facts", ())):
        line = item["_line"]
        where = f"facts[{item['_index']}]"
        for t_index, theme in enumerate(item.get("themes", ())):
            if theme not in themes:
                lines = getattr(raw["facts"][item["_index"]].get("themes"), "item_lines", None)
                t_line = lines[t_index] if lines else line
                checker.add(t_line, f"{where}.themes[{t_index}]", unknown_theme_message(theme, themes))
        if "themes" in item and not item["themes"]:
            checker.add(line, f"{where}.themes", "at least one theme is required")
        if not {"id", "text", "themes"} <= item.keys():
            continue
        facts.append(
            Fact(
                id=item["id"],
                source=values.get("id", ""),
                text=item["text"].strip(),
                themes=item["themes"],
                date=item.get("date"),
                locator=item.get("locator", ""),
                quote=item.get("quote", "").strip(),
                tags=item.get("tags", ()),
                country=item.get("country", ""),
                translations=item.get("translations", {}),
                path=shown,
                line=line,
                order=order_start + index,
            )
        )
    if "text" in values:
        _check_quotes(path, root, values["text"], raw, facts, checker)
    if "id" not in values or "title" not in values:
        return None, facts, checker.problems
    source = Source(
        id=values["id"],
        title=values["title"],
        short_title=values.get("short_title", ""),
        kind=values.get("kind", "other"),
        author=values.get("author", ()),
        publisher=values.get("publisher", ""),
        issued=values.get("issued"),
        url=values.get("url", ""),
        accessed=values.get("accessed"),
        symbol=values.get("symbol", ""),
        country=doc_country,
        language=values.get("language", "en"),
        container=values.get("container", ""),
        doi=values.get("doi", ""),
        path=shown,
        line=getattr(raw, "line", 1),
        facts=tuple(f.id for f in facts),
    )
    return source, facts, checker.problems


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


def _check_quotes(path: Path, root: Path, text_ref: str, raw: dict, facts: list[Fact], checker: Checker) -> None:
    line = raw.key_lines.get("text", 1) if hasattr(raw, "key_lines") else 1
    target = (path.parent / text_ref).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        checker.add(line, "text", f"archived text '{text_ref}' lies outside the workspace; it is not read")
        return
    if not target.is_file():
        checker.add(line, "text", f"archived text '{text_ref}' does not exist (looked for {display(target)})")
        return
    try:
        archive = normalise_for_quotes(target.read_text(encoding="utf-8", errors="replace"))
    except OSError as exc:
        checker.add(line, "text", f"cannot read archived text '{text_ref}': {exc.strerror or exc}")
        return
    for index, fact in enumerate(facts):
        if fact.quote and not quote_in(fact.quote, archive):
            checker.add(fact.line, f"facts[{index}].quote", f"the quote of '{fact.id}' is not in the archived text '{text_ref}'")


def load_store(sources_dir: Path, root: Path) -> tuple[Store, list[Problem]]:
    """Return the Store of `sources_dir` and every problem of its files."""
    themes_path = sources_dir / "themes.yaml"
    themes, problems, themes_shown = load_themes(themes_path if themes_path.is_file() else None)
    sources: dict[str, Source] = {}
    facts: dict[str, Fact] = {}
    seen: dict[str, str] = {}
    order = 0
    for path in source_files(sources_dir):
        source, doc_facts, doc_problems = load_source(path, root, themes, order)
        order += len(doc_facts) + 1
        problems.extend(doc_problems)
        if source is not None:
            if source.id in seen:
                problems.append(Problem(source.path, source.line, "id", f"duplicate id '{source.id}', also in {seen[source.id]}"))
            else:
                seen[source.id] = f"{source.path}:{source.line}"
                sources[source.id] = source
        for index, fact in enumerate(doc_facts):
            if fact.id in seen:
                problems.append(Problem(fact.path, fact.line, f"facts[{index}].id", f"duplicate id '{fact.id}', also in {seen[fact.id]}"))
                continue
            seen[fact.id] = f"{fact.path}:{fact.line}"
            if source is not None:
                facts[fact.id] = fact
    return Store(themes=themes, sources=sources, facts=facts, themes_path=themes_shown), problems
