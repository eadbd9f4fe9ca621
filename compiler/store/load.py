"""Turn `themes.yaml`, the source document files and the assessment files into a Store, collecting every problem.

Each file is checked completely before anything stops: YAML syntax, unknown keys,
types, dates, ids (unique across the whole store: facts, documents and
recommendations), theme ids, country codes, the archived `text:` and the quotes it
must contain; a UN document's recommendations (its `symbol` and `body`, the States
of a UPR recommendation); and the assessments of `sources/assessments/` against the
recommendations, facts and documents of the store.
"""

from __future__ import annotations

import functools
import gc
import os
import re
from pathlib import Path

from compiler.declare import build, fields_of, from_columns, from_record, to_columns, to_record
from compiler.errors import Problem, did_you_mean
from compiler.schema import Checker, Field, check_mapping, check_value, is_invalid
from compiler.store.index import StoreIndex
from compiler.store.model import Assessment, AssessmentFile, Fact, Recommendation, Source, Store, Theme
from compiler.workspace import DATA_DIR, not_regular
from compiler import yamlfile

BUILTIN_THEMES = DATA_DIR / "themes.yaml"
MAX_TEXT_BYTES = yamlfile.MAX_FILE_BYTES
"""The largest archived text (`text:`) read to check quotes against."""

THEME_FIELDS = fields_of(Theme)
SOURCE_FIELDS = fields_of(Source)
FACT_FIELDS = next(f for f in SOURCE_FIELDS if f.name == "facts").fields
ASSESSMENT_FILE_FIELDS = fields_of(AssessmentFile)
ASSESSMENTS_DIR = "assessments"
"""The folder of `sources/` holding assessment files rather than source documents."""
NOT_SOURCES = ("themes.yaml", "spellings.yaml")
"""The files at the top of `sources/` that are not source documents."""
THEMES_FILE_FIELDS = (
    Field("themes", "mapping", "The themes, by id; a dotted id is a sub-theme of its parent.", required=True, fields=THEME_FIELDS),
)


SPELLINGS = Field("spellings", "string-lists", "The preferred spelling of a name, and the variants a paper must not print.")
"""The format of sources/spellings.yaml: `Nazarbayev: [Nazarbaev, Nazarbaiev]` (read by `brief check`'s spelling rule)."""


def load_spellings(path: Path) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Return the preferred spellings of `path` (sources/spellings.yaml) and its problems; none when it is missing."""
    if not path.is_file():
        return {}, []
    shown = str(path)
    raw, problems, _ = yamlfile.read(path, shown)
    checker = Checker(shown, problems)
    if raw is None:
        return {}, checker.problems
    value = check_value(raw, SPELLINGS, "", 1, checker)
    spellings = {} if is_invalid(value) else {str(k): tuple(v) for k, v in value.items()}
    seen: dict[str, str] = {}
    key_lines = getattr(raw, "key_lines", {})
    for preferred, variants in spellings.items():
        for variant in (preferred, *variants):
            if variant in seen and seen[variant] != preferred:
                checker.add(key_lines.get(preferred, 1), yamlfile.key_text(preferred),
                            f"'{variant}' is also listed under '{seen[variant]}'")
            seen.setdefault(variant, preferred)
    return spellings, checker.problems


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
        themes[ident] = build(Theme, values, id=ident)
    for ident in themes:
        if "." in ident and ident.rsplit(".", 1)[0] not in themes:
            checker.add(key_lines.get(ident, 1), f"themes.{ident}", f"sub-theme of '{ident.rsplit('.', 1)[0]}', which is not defined")
    return themes, checker.problems, shown


def is_assessment_file(relative: str) -> bool:
    """Whether a file of `sources/` (its path relative to it, with '/') is an assessment file."""
    return relative.startswith(ASSESSMENTS_DIR + "/")


def store_files(sources_dir: Path) -> list[Path]:
    """Return every file of the store under `sources_dir` but themes.yaml and spellings.yaml, in path order.

    The source documents and the assessment files (`sources/assessments/`).
    """
    return walk_store(sources_dir)[0]


def walk_store(sources_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Return the files of the store (as `store_files`) and a warning for each entry under `sources_dir` not read.

    A symbolic link to a folder is followed when the folder lies inside the workspace
    (the folder holding `sources/`), each real folder once (a link back up is no loop);
    a link to a folder outside, a `*.yaml` that is not a regular file (a named pipe would
    block the read, a device never ends) and a link to nothing are warnings naming the path.
    """
    root = sources_dir.parent.resolve()
    files: list[tuple[str, Path]] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def walk(folder: Path) -> None:
        real = folder.resolve()
        if real in seen:
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), None, "", f"cannot list the folder ({exc.strerror}); not read", "warning"))
            return
        for entry in entries:
            path = Path(entry.path)
            linked = entry.is_symlink()
            if entry.is_dir():
                if not linked or path.resolve().is_relative_to(root):
                    walk(path)
                else:
                    problems.append(Problem(str(path), None, "", "a symbolic link to a folder outside the workspace; "
                                            "not followed, nothing under it is read", "warning"))
            elif entry.name.endswith(".yaml"):
                if entry.is_file():
                    if (relative := path.relative_to(sources_dir).as_posix()) not in NOT_SOURCES:
                        files.append((relative, path))
                else:
                    problems.append(Problem(str(path), None, "", f"{not_regular(path, linked)}; not read", "warning"))

    walk(sources_dir)
    return [p for _, p in sorted(files)], problems


def source_files(sources_dir: Path) -> list[Path]:
    """Return every source document file under `sources_dir`, in path order."""
    return [p for p in store_files(sources_dir) if not is_assessment_file(p.relative_to(sources_dir).as_posix())]


def unknown_theme_message(theme: str, known: dict) -> str:
    """Return the message for a theme id that the taxonomy does not define."""
    return f"unknown theme '{theme}'{did_you_mean(theme, known)}"


RECORD_VERSION = 7  # 3: limits on text, one-line fields, whole-match ids; 4: named fields; 5: recommendations, assessments; 6: persons, volume ... isbn; 7: one-line locators, facts' citations


def parse_file(sources_dir: Path, path: Path) -> dict:
    """Return the record of a store file: an assessment file's (under `assessments/`) or a source document's."""
    if is_assessment_file(path.relative_to(sources_dir).as_posix()):
        return parse_assessments(path)
    return parse_source(path)


def _theme_checks(item: dict, raw_item: object, where: str, checker: Checker, out: list[dict]) -> None:
    """Add the theme ids of one fact or recommendation to check (`field`, `line`, `theme`) to `out`; an empty list is a problem."""
    key_lines = getattr(raw_item, "key_lines", {})
    raw_themes = raw_item.get("themes") if isinstance(raw_item, dict) else None
    theme_lines = getattr(raw_themes, "item_lines", None)
    for t_index, theme in enumerate(item.get("themes", ())):
        line = theme_lines[t_index] if theme_lines and t_index < len(theme_lines) else key_lines.get("themes", item["_line"])
        out.append({"field": f"{where}.themes[{t_index}]", "line": line, "theme": theme})
    if "themes" in item and not item["themes"] and raw_themes is not None and not raw_themes:
        checker.add(key_lines.get("themes", item["_line"]), f"{where}.themes", "at least one theme is required")


def _fact_cites(item: dict, key_lines: dict, where: str) -> list[dict]:
    """Return the ids a fact's text and translations cite (`id`, `line`, `field`), to check once every id is known."""
    texts = [("text", item.get("text", ""))] + [(f"translations.{language}", text)
                                                 for language, text in item.get("translations", {}).items()]
    if not any("[@" in text for _, text in texts):
        return []
    from compiler.citations import citations_in  # markdown-it: only for facts that cite

    line = item["_line"]
    return [{"id": c.id, "line": key_lines.get(field.split(".")[0], line), "field": f"{where}.{field}"}
            for field, text in texts if "[@" in text for c in citations_in(text)]


def _dense(text: str, where: str, line: int, checker: Checker) -> None:
    """Record a problem when a paragraph of `text` calls more notes than MAX_NOTES_PER_PARAGRAPH."""
    if "[@" in text:
        from compiler.citations import MAX_NOTES_PER_PARAGRAPH, densest, too_many_notes

        if (count := densest(text)) > MAX_NOTES_PER_PARAGRAPH:
            checker.add(line, where, too_many_notes(count))


def parse_source(path: Path) -> dict:
    """Return the record of source file `path`: what can be known from its text alone.

    The record holds only JSON values, each by name (it is what the store index
    caches): the document (`compiler.declare.to_record` of a Source, or only its id),
    its facts (of each Fact, with its `line` and `index`), the theme ids to check
    (`field`, `line`, `theme`), the archived text (`path`, `line`), the facts whose
    quote is checked against it (`fact`: the place in `facts`, and the quote's `line`),
    and the problems of the file's own text, which carry no file name. The facts and
    the theme ids, many per file, are columns (`compiler.declare.to_columns`): for each
    name, the list of its values.
    """
    raw, problems, _ = yamlfile.read(path, "")
    checker = Checker("", problems)
    record: dict = {"v": RECORD_VERSION, "source": None, "facts": {}, "themes": {}, "quotes": [], "text": None, "line": 1,
                    "fact_cites": []}
    values = None
    if raw is not None or not problems:
        values = check_mapping(raw, SOURCE_FIELDS, "", 1, checker)
    facts: list[dict] = []
    themes: list[dict] = []
    if values is not None:
        record["line"] = getattr(raw, "line", 1)
        raw_facts = raw.get("facts") if isinstance(raw.get("facts"), list) else []
        for item in values.get("facts", ()):
            index = item["_index"]
            raw_item = raw_facts[index] if index < len(raw_facts) else {}
            _theme_checks(item, raw_item, f"facts[{index}]", checker, themes)
            if not {"id", "text", "themes"} <= item.keys() or not item["themes"]:
                continue
            fact = to_record(Fact, item, line=item["_line"], index=index)
            key_lines = getattr(raw_item, "key_lines", {})
            if fact["quote"]:
                record["quotes"].append({"fact": len(facts), "line": key_lines.get("quote", item["_line"])})
            if "\n" in item.get("locator", ""):
                checker.add(key_lines.get("locator", item["_line"]), f"facts[{index}].locator",
                            'a locator is one line ("p. 3", "para. 14"); this one holds a line break')
            record["fact_cites"] += _fact_cites(item, key_lines, f"facts[{index}]")
            _dense(item["text"], f"facts[{index}].text", key_lines.get("text", item["_line"]), checker)
            for language, text in item.get("translations", {}).items():
                _dense(text, f"facts[{index}].translations.{language}", key_lines.get("translations", item["_line"]), checker)
            facts.append(fact)
        recommendations = _recommendations(raw, values, checker, themes)
        if "text" in values:
            record["text"] = {"path": values["text"], "line": raw.key_lines.get("text", 1)}
        if "id" in values and "title" in values:
            record["source"] = to_record(Source, values)
        elif "id" in values:
            record["source_id"] = values["id"]
    else:
        recommendations = []
    record["facts"] = to_columns(facts)
    record["recommendations"] = to_columns(recommendations)
    record["themes"] = to_columns(themes)
    record["problems"] = [{"line": p.line, "field": p.field, "message": p.message, "severity": p.severity} for p in checker.problems]
    return record


def _recommendations(raw: dict, values: dict, checker: Checker, themes: list[dict]) -> list[dict]:
    """Return the records of a document's recommendations, checking what the document itself tells.

    A document with recommendations needs its `symbol` and `body`; a UPR
    recommendation needs the States that made it (`by`).
    """
    items = values.get("recommendations", ())
    raw_items = raw.get("recommendations") if isinstance(raw.get("recommendations"), list) else []
    key_lines = getattr(raw, "key_lines", {})
    if raw_items:
        for name in ("symbol", "body"):
            if name not in raw:
                checker.add(key_lines.get("recommendations", 1), name,
                            f"a document with recommendations needs its `{name}` (required field is missing)")
    out = []
    for item in items:
        index = item["_index"]
        raw_item = raw_items[index] if index < len(raw_items) else {}
        where = f"recommendations[{index}]"
        _theme_checks(item, raw_item, where, checker, themes)
        written_by = raw_item.get("by") if isinstance(raw_item, dict) else None
        if values.get("body") == "UPR" and written_by in (None, "", []):
            checker.add(item["_line"], f"{where}.by", "a UPR recommendation needs the States that made it (`by`)")
        if not {"id", "paragraph", "text", "themes"} <= item.keys() or not item["themes"]:
            continue
        out.append(to_record(Recommendation, item, line=item["_line"], index=index))
    return out


def parse_assessments(path: Path) -> dict:
    """Return the record of assessment file `path`: its assessments (columns), their citations, its own problems.

    Each citation of a comment is recorded (`assessment`: its place in the list,
    `id`, `line`) to be checked against the store once every id is known.
    """
    raw, problems, _ = yamlfile.read(path, "")
    checker = Checker("", problems)
    record: dict = {"v": RECORD_VERSION, "kind": "assessments", "assessments": {}, "cites": [], "unlinked": [], "line": 1}
    values = None
    if raw is not None or not problems:
        values = check_mapping(raw, ASSESSMENT_FILE_FIELDS, "", 1, checker)
    rows: list[dict] = []
    if values is not None:
        raw_items = raw.get("assessments") if isinstance(raw.get("assessments"), list) else []
        for item in values.get("assessments", ()):
            if not {"recommendation", "status", "as_of"} <= item.keys():
                if "recommendation" in item:  # its id is checked all the same
                    record["unlinked"].append({"recommendation": item["recommendation"], "line": item["_line"],
                                               "index": item["_index"]})
                continue
            index = item["_index"]
            raw_item = raw_items[index] if index < len(raw_items) else {}
            key_lines = getattr(raw_item, "key_lines", {})
            comment = item.get("comment", "")
            _dense(comment, f"assessments[{index}].comment", key_lines.get("comment", item["_line"]), checker)
            if "[@" in comment:
                from compiler.citations import citations_in  # markdown-it: only for comments that cite

                record["cites"] += [{"assessment": len(rows), "id": c.id, "line": key_lines.get("comment", item["_line"])}
                                    for c in citations_in(comment)]
            evidence_lines = getattr(raw_item.get("evidence") if isinstance(raw_item, dict) else None, "item_lines", None)
            for e_index, ident in enumerate(item.get("evidence", ())):
                line = evidence_lines[e_index] if evidence_lines and e_index < len(evidence_lines) else key_lines.get("evidence", item["_line"])
                record["cites"].append({"assessment": len(rows), "id": ident, "line": line, "evidence": e_index})
            rows.append(to_record(Assessment, item, line=item["_line"], index=index))
    record["assessments"] = to_columns(rows)
    record["problems"] = [{"line": p.line, "field": p.field, "message": p.message, "severity": p.severity} for p in checker.problems]
    return record


def link_source(
    record: dict, path: Path, shown: str, root: Path, themes: dict[str, Theme], order_start: int, dates: dict | None = None,
) -> tuple[Source | None, list[Fact | Recommendation], list[Problem]]:
    """Return the source, its facts then its recommendations, and the problems of a parsed `record`.

    The theme ids are checked against `themes`, the quotes against the archived text.

    `dates` shares one PartialDate per date among the records of one load.
    """
    dates = {} if dates is None else dates
    problems = [Problem(shown, **problem) for problem in record["problems"]]
    named = record["themes"]
    for field, line, theme in zip(named.get("field", ()), named.get("line", ()), named.get("theme", ())):
        if theme not in themes:
            problems.append(Problem(shown, line, field, unknown_theme_message(theme, themes)))
    doc = record["source"]
    source_id = doc["id"] if doc else record.get("source_id", "")
    columns = record["facts"]
    count = len(columns.get("id", ()))
    facts = from_columns(Fact, columns, dates, source=source_id, path=shown, order=range(order_start, order_start + count))
    if record["text"] is not None:
        quotes = [(columns["index"][q["fact"]], columns["id"][q["fact"]], columns["quote"][q["fact"]], q["line"]) for q in record["quotes"]]
        problems.extend(_check_quotes(path, shown, root, record["text"]["path"], record["text"]["line"], quotes))
    recommendations = _linked_recommendations(record, source_id, shown, order_start + count, dates)
    if doc is None:
        return None, facts + recommendations, problems
    source = from_record(Source, doc, dates, path=shown, line=record["line"], facts=tuple(f.id for f in facts),
                         recommendations=tuple(r.id for r in recommendations))
    return source, facts + recommendations, problems


def _linked_recommendations(record: dict, source_id: str, shown: str, order_start: int, dates: dict) -> list[Recommendation]:
    columns = record.get("recommendations") or {}
    count = len(columns.get("id", ()))
    return from_columns(Recommendation, columns, dates, source=source_id, path=shown,
                        order=range(order_start, order_start + count))


def load_source(path: Path, root: Path, themes: dict[str, Theme], order_start: int) -> tuple[Source | None, list[Fact | Recommendation], list[Problem]]:
    """Return the source document in file `path`, its facts and recommendations, and every problem of the file."""
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


def _check_quotes(path: Path, shown: str, root: Path, text_ref: str, line: int, quotes: list[tuple[int, str, str, int]]) -> list[Problem]:
    """Return a problem for the archived text if unusable, else for each quote (fact index, fact id, quote, line) not in it."""
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
        Problem(shown, quote_line, f"facts[{index}].quote", f"the quote of '{ident}' is not in the archived text {named}")
        for index, ident, quote, quote_line in quotes
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
    recommendations: dict[str, Recommendation] = {}
    seen: dict[str, Fact | Source | Recommendation] = {}
    order = 0
    paths, walk_problems = walk_store(sources_dir)
    problems.extend(walk_problems)
    parse = functools.partial(parse_file, sources_dir)
    if cache:
        records = StoreIndex(root, parse, RECORD_VERSION).records(paths)
    else:
        records = [parse(path) for path in paths]
    dates: dict[tuple, PartialDate] = {}  # one object per date: a large store repeats few dates
    assessment_files = []
    for path, record in zip(paths, records):
        if record.get("kind") == "assessments":
            assessment_files.append((path, record))
            continue
        source, entries, doc_problems = link_source(record, path, str(path), root, themes, order, dates)
        order += len(entries) + 1
        problems.extend(doc_problems)
        if source is not None:
            if source.id in seen:
                first = seen[source.id]
                problems.append(Problem(source.path, source.line, "id", f"duplicate id '{source.id}', also in {first.path}:{first.line}",
                                        mentions=(first.path,)))
            else:
                seen[source.id] = source
                sources[source.id] = source
        for entry in entries:
            first = seen.get(entry.id)
            if first is not None:
                where = "facts" if isinstance(entry, Fact) else "recommendations"
                problems.append(Problem(entry.path, entry.line, f"{where}[{entry.index}].id", f"duplicate id '{entry.id}', also in {first.path}:{first.line}",
                                        mentions=(first.path,)))
                continue
            seen[entry.id] = entry  # where each id was first seen, for the message of a duplicate
            if source is not None:
                (facts if isinstance(entry, Fact) else recommendations)[entry.id] = entry
    for path, record in zip(paths, records):
        for cite in record.get("fact_cites", ()):
            if cite["id"] not in facts and cite["id"] not in sources and cite["id"] not in recommendations:
                problems.append(Problem(str(path), cite["line"], cite["field"], f"cites '{cite['id']}', which is neither a "
                                        f"fact, a source nor a recommendation in the store"
                                        f"{did_you_mean(cite['id'], [*facts, *sources, *recommendations])}"))
    assessments = _link_assessments(assessment_files, facts, sources, recommendations, dates, problems)
    spellings_path = sources_dir / "spellings.yaml"
    spellings, spelling_problems = load_spellings(spellings_path)
    problems.extend(spelling_problems)
    inputs = [themes_path, spellings_path, *paths]
    for path, record in zip(paths, records):
        if record.get("text") is not None:
            inputs.append(path.parent / record["text"]["path"])
    return Store(themes=themes, sources=sources, facts=facts, themes_path=themes_shown, recommendations=recommendations,
                 assessments=assessments, spellings=spellings, inputs=tuple(inputs)), problems


def _link_assessments(
    files: list[tuple[Path, dict]], facts: dict, sources: dict, recommendations: dict, dates: dict, problems: list[Problem],
) -> dict[str, tuple[Assessment, ...]]:
    """Return each recommendation's assessments, oldest first, adding to `problems` what the store contradicts.

    An assessment of an unknown recommendation, a second one of a recommendation with
    the same `as_of`, evidence that is not a fact and a comment citing an unknown id
    are errors, each with its file and line.
    """
    by_recommendation: dict[str, list[Assessment]] = {}
    for path, record in files:
        shown = str(path)
        problems.extend(Problem(shown, **problem) for problem in record["problems"])
        made = from_columns(Assessment, record["assessments"], dates, path=shown)
        for cite in record["cites"]:
            assessment = made[cite["assessment"]]
            ident = cite["id"]
            if "evidence" in cite:
                if ident not in facts:
                    what = ("evidence names facts; '{0}' is not one" if ident in sources or ident in recommendations
                            else "unknown fact '{0}'" + did_you_mean(ident, facts))
                    problems.append(Problem(shown, cite["line"], f"assessments[{assessment.index}].evidence[{cite['evidence']}]",
                                            what.format(ident)))
            elif ident not in facts and ident not in sources and ident not in recommendations:
                hint = did_you_mean(ident, [*facts, *sources, *recommendations])
                problems.append(Problem(shown, cite["line"], f"assessments[{assessment.index}].comment",
                                        f"'{ident}' is neither a fact, a source nor a recommendation in the store{hint}"))
        incomplete = [(entry["recommendation"], entry["line"], entry["index"]) for entry in record["unlinked"]]
        for ident, line, index in [(a.recommendation, a.line, a.index) for a in made] + incomplete:
            if ident not in recommendations:
                problems.append(Problem(shown, line, f"assessments[{index}].recommendation",
                                        f"unknown recommendation '{ident}'{did_you_mean(ident, recommendations)}"))
        for assessment in made:
            if assessment.recommendation in recommendations:
                by_recommendation.setdefault(assessment.recommendation, []).append(assessment)
    out: dict[str, tuple[Assessment, ...]] = {}
    for ident, found in by_recommendation.items():
        found.sort(key=lambda a: (a.as_of.last(), a.as_of.first(), a.path, a.line))
        kept: list[Assessment] = []
        for assessment in found:
            if kept and kept[-1].as_of == assessment.as_of:
                first = kept[-1]
                problems.append(Problem(assessment.path, assessment.line, f"assessments[{assessment.index}].as_of",
                                        f"a second assessment of '{ident}' as of {assessment.as_of}; the first is at "
                                        f"{first.path}:{first.line}", mentions=(first.path,)))
                continue
            kept.append(assessment)
        out[ident] = tuple(kept)
    return out
