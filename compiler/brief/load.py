"""Turn a brief file into a Brief, checked against the Store: every problem collected.

Checks the keys and types of every field, dates, the country code, theme ids,
style and profile names, and every id cited in Markdown (`[@id]`) or named in
`select.include`/`select.exclude` (facts) and in a section's `follow_up.select`
(`documents`, `include`, `exclude`: UN documents and their recommendations) against
the store, and that no paragraph of its Markdown calls more than MAX_NOTES_PER_PARAGRAPH notes.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from types import MappingProxyType

from compiler import yamlfile
from compiler.citations import CITED_ID, MAX_NOTES_PER_PARAGRAPH, citation_groups, too_many_notes
from compiler.brief.model import Allow, Brief, Citing, Organisation, Section, Select
from compiler.declare import build, fields_of
from compiler.errors import Problem, did_you_mean
from compiler.schema import Checker, check_mapping, describe
from compiler.store.load import unknown_theme_message
from compiler.store.model import Store
from compiler.workspace import display

BRIEF_FIELDS = fields_of(Brief)
ORGANISATION_FIELDS = fields_of(Organisation)
SECTION_FIELDS = fields_of(Section)
SELECT_FIELDS = fields_of(Select)
PERIOD_FIELDS = next(f for f in BRIEF_FIELDS if f.name == "period").fields

_STYLE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

MAX_SECTIONS = 200
"""The most sections one brief may have; real papers have fewer than 40."""


def _citation_lines(lines: list[str]) -> dict[str, list[int]]:
    """Return, for each id written after an `@`, the lines (1-based, in order) where it stands."""
    index: dict[str, list[int]] = {}
    for number, line in enumerate(lines, 1):
        if "@" in line:
            for match in CITED_ID.finditer(line):
                index.setdefault(match.group(1), []).append(number)
    return index


def load_brief(
    path: Path,
    store: Store,
    styles: list[str] | None = None,
    profiles: list[str] | None = None,
) -> tuple[Brief | None, list[Problem]]:
    """Return the Brief in file `path` and every problem of it, checked against `store`.

    `styles` and `profiles` are the names available; None skips that check.
    """
    shown = display(path)
    raw, problems, text = yamlfile.read(path, shown, yamlfile.MAX_BRIEF_BYTES, "a brief")
    checker = Checker(shown, problems)
    if raw is None and problems:
        return None, checker.problems
    values = check_mapping(raw, BRIEF_FIELDS, "", 1, checker)
    if values is None:
        return None, checker.problems
    cited_lines = _citation_lines(text.splitlines())
    key_lines = raw.key_lines
    citing: list[Citing] = []

    groups = [0]

    def cites(markdown: str, where: str, line: int) -> None:
        used: dict[str, int] = {}  # per id, how many of its occurrences this field's citations took
        for paragraph in citation_groups(markdown):  # in the order of the field's lines
            for count, group in enumerate(paragraph, 1):
                groups[0] += 1
                for citation in group:
                    found = cited_lines.get(citation.id, ())
                    at = max(used.get(citation.id, 0), bisect.bisect_left(found, max(line, 1)))
                    if at < len(found):
                        line, used[citation.id] = found[at], at + 1
                    citing.append(Citing(citation.id, citation.locator, where, line, groups[0]))
                if count == MAX_NOTES_PER_PARAGRAPH + 1:
                    checker.add(line, where, too_many_notes(len(paragraph)))

    for key in ("summary", "introduction"):
        if key in values:
            cites(values[key], key, key_lines.get(key, 1))

    if "style" in values:
        if not _STYLE_NAME.fullmatch(values["style"]):
            checker.add(key_lines["style"], "style", f"expected a style folder name; got {describe(values['style'])}")
        elif styles is not None and values["style"] not in styles:
            checker.add(key_lines["style"], "style", f"no style {describe(values['style'])}; available: {', '.join(styles)}")
    if "profile" in values and profiles is not None and values["profile"] not in profiles:
        checker.add(key_lines["profile"], "profile", f"no profile {describe(values['profile'])}; available: {', '.join(profiles)}")

    period = values.get("period", {})
    if period.get("from") and period.get("to") and period["from"].first() > period["to"].last():
        checker.add(key_lines.get("period", 1), "period", f"'from' ({period['from']}) is after 'to' ({period['to']})")

    organisations = tuple(build(Organisation, o) for o in values.get("submitted_by", ()) if "name" in o)
    for org in values.get("submitted_by", ()):
        for key in ("about", "contact"):
            if key in org:
                cites(org[key], f"submitted_by[{org['_index']}].{key}", org["_line"])

    sections = []
    raw_sections = raw.get("sections") if isinstance(raw.get("sections"), list) else []
    section_items = values.get("sections", ())
    if len(raw_sections) > MAX_SECTIONS:
        checker.add(key_lines.get("sections", 1), "sections", f"{len(raw_sections):,} sections; the limit is {MAX_SECTIONS:,}")
        section_items = ()
    for item in section_items:
        index = item["_index"]
        where = f"sections[{index}]"
        line = item["_line"]
        raw_item = raw_sections[index]
        theme = item.get("theme", "")
        if theme and theme not in store.themes:
            checker.add(raw_item.key_lines.get("theme", line), f"{where}.theme", unknown_theme_message(theme, store.themes))
        select_values = item.get("select", {})
        raw_select = raw_item.get("select") if isinstance(raw_item.get("select"), dict) else None
        for key in ("include", "exclude"):
            for i, ident in enumerate(select_values.get(key, ())):
                if ident not in store.facts:
                    item_lines = getattr(raw_select.get(key), "item_lines", None) if raw_select else None
                    id_line = item_lines[i] if item_lines and i < len(item_lines) else line
                    message = (f"'{ident}' is a source document, not a fact" if ident in store.sources
                               else f"no fact '{ident}' in the store{did_you_mean(ident, store.facts)}")
                    checker.add(id_line, f"{where}.select.{key}[{i}]", message, "error" if key == "include" else "warning")
        if "follow_up" in item:
            _check_follow_up(item["follow_up"], raw_item.get("follow_up"), f"{where}.follow_up", line, store, checker)
        since, until = select_values.get("since"), select_values.get("until")
        if since and until and since.first() > until.last():
            checker.add(line, f"{where}.select", f"'since' ({since}) is after 'until' ({until})")
        if "intro" in item:
            cites(item["intro"], f"{where}.intro", raw_item.key_lines.get("intro", line))
        rec_lines = getattr(raw_item.get("recommendations"), "item_lines", None)
        for r_index, recommendation in enumerate(item.get("recommendations", ())):
            r_line = rec_lines[r_index] if rec_lines and r_index < len(rec_lines) else raw_item.key_lines.get("recommendations", line)
            cites(recommendation, f"{where}.recommendations[{r_index}]", r_line)
        if not theme and "title" not in item:
            checker.add(line, f"{where}.title", "a section without a theme needs a title")
        title = item.get("title") or (store.themes[theme].title_in(values.get("language", "en")) if theme in store.themes else theme)
        sections.append(build(Section, item, index=index, title=title, line=line))

    for citation in citing:
        if store.find(citation.id) is None:
            known = (*store.facts, *store.sources, *store.recommendations)
            checker.add(citation.line, citation.field, f"cites '{citation.id}', which is neither a fact, a source nor a "
                        f"recommendation in the store{did_you_mean(citation.id, known)}")

    if "title" not in values or "country" not in values:
        return None, checker.problems
    allowed = tuple(build(Allow, item, line=item["_line"]) for item in values.get("allow", ())
                    if "rule" in item and item.get("why"))  # an entry missing either is an error already
    brief = build(Brief, values, path=shown, name=path.stem, submitted_by=organisations, sections=tuple(sections),
                  citations=tuple(citing), profile_line=key_lines.get("profile", 1), allow=allowed,
                  key_lines=MappingProxyType(dict(key_lines)))
    return brief, checker.problems


def _check_follow_up(values: dict, raw: object, where: str, line: int, store: Store, checker: Checker) -> None:
    """Check the ids a section's `follow_up.select` names: documents with recommendations, and recommendations.

    An unknown id in `include` or `documents` is an error, in `exclude` a warning.
    """
    select = values.get("select", {})
    raw_select = raw.get("select") if isinstance(raw, dict) and isinstance(raw.get("select"), dict) else None
    for key in ("documents", "include", "exclude"):
        item_lines = getattr(raw_select.get(key), "item_lines", None) if raw_select else None
        for i, ident in enumerate(select.get(key, ())):
            id_line = item_lines[i] if item_lines and i < len(item_lines) else line
            if key == "documents":
                source = store.sources.get(ident)
                if source is None:
                    message = f"no document '{ident}' in the store{did_you_mean(ident, store.sources)}"
                elif not source.recommendations:
                    message = f"the document '{ident}' holds no recommendations"
                else:
                    continue
            elif ident in store.recommendations:
                continue
            else:
                message = (f"'{ident}' is a fact, not a recommendation" if ident in store.facts
                           else f"'{ident}' is a source document, not a recommendation" if ident in store.sources
                           else f"no recommendation '{ident}' in the store{did_you_mean(ident, store.recommendations)}")
            checker.add(id_line, f"{where}.select.{key}[{i}]", message, "warning" if key == "exclude" else "error")
