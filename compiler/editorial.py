"""Turn a compiled paper into `brief check`'s editorial warnings: what costs an NGO its credibility.

Input: the Brief, the Store, the cited Document (its notes say, part by part, which
facts and sources the paper rests on), the style's thresholds (`checks` of
style.yaml) and the workspace's preferred spellings (`sources/spellings.yaml`).
Output: warnings, each carrying its rule id (`EDITORIAL_RULES`, docs/checks.md), at the
file and line of the defect: a source or a fact of the store, or the brief itself.

A brief's `allow:` entries silence one rule for some facts, sources or sections (by
theme or title), each with its reason; an entry that silences nothing is reported, so
a silence cannot outlive its cause.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from compiler.brief.model import Brief
from compiler.dates import PartialDate
from compiler.document.model import Document, Note, block_contents, walk
from compiler.errors import Problem
from compiler.names import written
from compiler.store.model import Fact, Source, Store
from compiler.style import Checks

_PLACEHOLDER = re.compile(r"\[[^\]]*\]|\b(?:untitled|todo|tbd|fixme|tk|xxx+|lorem ipsum|no title)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_NAME = re.compile(r"\b[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'’-]{4,}\b")


@dataclass(frozen=True)
class Use:
    """One citation of the paper: the note it is in, the section (brief index) or part it sits in, what it cites."""

    note: int
    part: str  # "section-3", "summary" ...
    section: int | None  # its index in the brief's sections
    fact: Fact | None
    source: Source


@dataclass(frozen=True)
class Finding:
    """One warning and the ids (facts, sources, sections) an `allow` entry may name to silence it."""

    problem: Problem
    subjects: frozenset[str]


def editorial_problems(brief: Brief, store: Store, document: Document, checks: Checks) -> list[Problem]:
    """Return the editorial warnings of the paper `document` made of `brief`, less those its `allow` silences."""
    uses = _uses(brief, store, document)
    findings = [
        *_future(brief, uses),
        *_unfindable(brief, uses),
        *_placeholders(brief, uses),
        *_self_sourcing(brief, uses, len(document.notes()), checks.self_sourcing),
        *_repeated(brief, store),
        *_old_facts(brief, uses, checks.fact_age),
        *_after_source(brief, uses),
        *_spellings(brief, uses, store.spellings),
        *_number_conflicts(brief, uses),
    ]
    return _allowed(brief, findings)


# --- what the paper rests on ----------------------------------------------------------


def _uses(brief: Brief, store: Store, document: Document) -> list[Use]:
    """Return every citation of the paper's notes, in reading order, with its part and section."""
    uses: list[Use] = []
    for part in document.parts:
        section = int(part.anchor.rsplit("-", 1)[1]) - 1 if part.kind == "section" else None
        for block in part.blocks:
            for content in block_contents(block):
                for node in walk(content):
                    if isinstance(node, Note):
                        uses.extend(_cited(store, node, part.anchor, section))
    return uses


def _cited(store: Store, note: Note, part: str, section: int | None) -> Iterable[Use]:
    for citation in note.citations:
        fact = store.facts.get(citation.id)
        if fact is not None:
            yield Use(note.number or 0, part, section, fact, store.sources[fact.source])
            continue
        source = store.sources.get(citation.id)
        if source is None and citation.id in store.recommendations:
            source = store.sources[store.recommendations[citation.id].source]
        if source is not None:
            yield Use(note.number or 0, part, section, None, source)


def _where(brief: Brief, uses: Iterable[Use]) -> frozenset[str]:
    """Return the sections (themes and titles) the uses sit in."""
    out = set()
    for use in uses:
        if use.section is not None and use.section < len(brief.sections):
            section = brief.sections[use.section]
            out.update(x for x in (section.theme, section.title) if x)
    return frozenset(out)


def _by_source(uses: list[Use]) -> dict[str, list[Use]]:
    found: dict[str, list[Use]] = defaultdict(list)
    for use in uses:
        found[use.source.id].append(use)
    return found


def _by_fact(uses: list[Use]) -> dict[str, list[Use]]:
    found: dict[str, list[Use]] = defaultdict(list)
    for use in uses:
        if use.fact is not None:
            found[use.fact.id].append(use)
    return found


def _finding(rule: str, file: str, line: int | None, field: str, message: str, subjects: Iterable[str]) -> Finding:
    return Finding(Problem(file, line, field, message, "warning", rule=rule), frozenset(subjects))


# --- the rules ------------------------------------------------------------------------


def _future(brief: Brief, uses: list[Use]) -> Iterable[Finding]:
    """future-source: a cited document or fact dated after the paper's date."""
    if brief.date is None:
        return
    until = brief.date.last()
    for source_uses in _by_source(uses).values():
        source = source_uses[0].source
        if source.issued is not None and source.issued.first() > until:
            yield _finding("future-source", source.path, source.line, "issued",
                           f"issued {source.issued}, after the date of {brief.name} ({brief.date}): "
                           "the paper cites a document not yet written", {source.id, *_where(brief, source_uses)})
    for fact_uses in _by_fact(uses).values():
        fact = fact_uses[0].fact
        if fact.date is not None and fact.date.first() > until:
            yield _finding("future-source", fact.path, fact.line, "date",
                           f"'{fact.id}' is dated {fact.date}, after the date of {brief.name} ({brief.date})",
                           {fact.id, fact.source, *_where(brief, fact_uses)})


def _unfindable(brief: Brief, uses: list[Use]) -> Iterable[Finding]:
    """unfindable-source: a cited document with neither address, UN symbol, DOI, publisher nor author.

    An author counts as a publisher: an organisation publishes its own papers, and a
    reader can ask it for them.
    """
    for source_uses in _by_source(uses).values():
        source = source_uses[0].source
        if not (source.url or source.symbol or source.publisher or source.doi or source.author):
            yield _finding("unfindable-source", source.path, source.line, "",
                           f"'{source.id}' has no url, symbol, doi, publisher or author: a reader cannot find it",
                           {source.id, *_where(brief, source_uses)})


def _placeholders(brief: Brief, uses: list[Use]) -> Iterable[Finding]:
    """placeholder-title: a cited document whose title looks like a placeholder."""
    for source_uses in _by_source(uses).values():
        source = source_uses[0].source
        match = _PLACEHOLDER.search(source.title)
        if match:
            yield _finding("placeholder-title", source.path, source.line, "title",
                           f"the title of '{source.id}' looks like a placeholder ({match.group(0)!r}): "
                           "give the document's own title", {source.id, *_where(brief, source_uses)})


def _self_sourcing(brief: Brief, uses: list[Use], notes: int, limit: float) -> Iterable[Finding]:
    """self-sourcing: more than `limit` per cent of the notes cite the submitting organisations' own documents."""
    own_names = {n.casefold() for o in brief.submitted_by for n in (o.name, o.short) if n}
    if not own_names or not notes:
        return
    own = {u.source.id for u in uses
           if own_names & {written(a).casefold() for a in u.source.author} or u.source.publisher.casefold() in own_names}
    citing = {u.note for u in uses if u.source.id in own}
    share = 100 * len(citing) / notes
    if share > limit:
        yield _finding("self-sourcing", brief.path, brief.key_lines.get("submitted_by"), "submitted_by",
                       f"{len(citing)} of {notes} notes ({share:.0f} %) cite the submitting organisations' own "
                       f"documents ({', '.join(sorted(own))}); the style allows {limit:g} %", own)


def _repeated(brief: Brief, store: Store) -> Iterable[Finding]:
    """repeated-citation: one note (a citation group of the brief) citing the same fact or reference twice."""
    groups: dict[int, list] = defaultdict(list)
    for citing in brief.citations:
        groups[citing.group].append(citing)
    for group in groups.values():
        seen: dict[tuple, str] = {}
        for citing in group:
            fact = store.facts.get(citing.id)
            key = (fact.source, citing.locator or fact.locator) if fact else (citing.id, citing.locator)
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = citing.id
                continue
            source = store.sources[key[0]].id if key[0] in store.sources else key[0]
            reference = f"{source}, {key[1]}" if key[1] else source
            what = (f"'{citing.id}' twice" if earlier == citing.id
                    else f"'{earlier}' and '{citing.id}', which are one reference ({reference})")
            yield _finding("repeated-citation", brief.path, citing.line, citing.field,
                           f"one note cites {what}: cite it once", {citing.id, earlier})


def _old_facts(brief: Brief, uses: list[Use], years: float) -> Iterable[Finding]:
    """old-fact: a fact dated more than `years` before the period of the paper (or of its section)."""
    for fact_uses in _by_fact(uses).values():
        fact = fact_uses[0].fact
        if fact.date is None:
            continue
        for use in fact_uses:
            section = brief.sections[use.section] if use.section is not None else None
            start = (section.select.since if section is not None else None) or brief.period_from
            if start is None:
                continue
            if fact.date.last() < _years_before(start.first(), int(years)):
                place = f"section '{section.title}'" if section is not None else "the paper"
                yield _finding("old-fact", fact.path, fact.line, "date",
                               f"'{fact.id}' ({fact.date}) is older than the period of {place} ({start} on)",
                               {fact.id, fact.source, *_where(brief, [use])})
                break


def _years_before(day, years: int):
    """Return the day `years` years before `day` (29 February: the 28th)."""
    return day.replace(year=day.year - years, day=min(day.day, 28) if day.month == 2 else day.day)


def _after_source(brief: Brief, uses: list[Use]) -> Iterable[Finding]:
    """fact-after-source: a fact dated after the document that reports it was issued."""
    for fact_uses in _by_fact(uses).values():
        fact, source = fact_uses[0].fact, fact_uses[0].source
        if fact.date is not None and source.issued is not None and fact.date.first() > source.issued.last():
            yield _finding("fact-after-source", fact.path, fact.line, "date",
                           f"'{fact.id}' is dated {fact.date}, after its document '{source.id}' was issued "
                           f"({source.issued}): a document cannot report what had not happened",
                           {fact.id, source.id, *_where(brief, fact_uses)})


def _texts(brief: Brief, uses: list[Use]) -> Iterable[tuple[str, str, int | None, str, set[str]]]:
    """Yield the texts the paper prints in its own words: (text, file, line, field, subjects); quotes stay verbatim."""
    seen = set()
    for use in uses:
        fact = use.fact
        if fact is not None and fact.id not in seen:
            seen.add(fact.id)
            yield fact.translations.get(brief.language, fact.text), fact.path, fact.line, "text", {fact.id, fact.source}
    for key in ("summary", "introduction"):
        text = getattr(brief, key)
        if text:
            yield text, brief.path, brief.key_lines.get(key), key, set()
    for section in brief.sections:
        texts = [("intro", section.intro), *((f"recommendations[{i}]", r) for i, r in enumerate(section.recommendations))]
        for field, text in texts:
            if text:
                yield text, brief.path, section.line, f"sections[{section.index}].{field}", \
                    {x for x in (section.theme, section.title) if x}


def _spellings(brief: Brief, uses: list[Use], spellings: Mapping[str, tuple[str, ...]]) -> Iterable[Finding]:
    """spelling: a listed variant in the paper's text; spelling-variant: a name one letter from another, not listed."""
    variants = {v: preferred for preferred, listed in spellings.items() for v in listed}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(variants, key=len, reverse=True))) + r")\b") if variants else None
    known = set(spellings) | set(variants)
    names: Counter = Counter()
    first_seen: dict[str, tuple] = {}
    for text, file, line, field, subjects in _texts(brief, uses):
        if pattern is not None:
            for match in pattern.finditer(text):
                preferred = variants[match.group(1)]
                yield _finding("spelling", file, line, field,
                               f"'{match.group(1)}' is spelt '{preferred}' in this workspace (sources/spellings.yaml)",
                               subjects)
        for name in _NAME.findall(text):
            name = name.rstrip("'’-")
            names[name] += 1
            first_seen.setdefault(name, (file, line, field, subjects))
    for rare, common in _one_letter_apart(names, known):
        file, line, field, subjects = first_seen[rare]
        yield _finding("spelling-variant", file, line, field,
                       f"'{rare}' is one letter from '{common}': if they are one name, list the variant in "
                       "sources/spellings.yaml", subjects)


def _one_letter_apart(names: Counter, known: set[str]) -> Iterable[tuple[str, str]]:
    """Yield (rarer, commoner) pairs of names one edit apart, neither a plural of the other, not both listed."""
    buckets: dict[str, set[str]] = defaultdict(set)
    for name in names:
        for i in range(len(name)):
            buckets[name[:i] + "\0" + name[i + 1:]].add(name)  # a substitution shares a key
            buckets[name[:i] + name[i + 1:]].add(name)  # a deletion meets the shorter name itself
        buckets[name].add(name)
    pairs = set()
    for bucket in buckets.values():
        for a in bucket:
            for b in bucket:
                if a < b and not (a in known and b in known) and not _inflection(a, b):
                    pairs.add((a, b))
    order = {name: index for index, name in enumerate(names)}  # where each name is first printed
    for a, b in sorted(pairs):
        # the rarer name is the suspect; of two as frequent, the one printed later
        rare, common = (a, b) if (names[a], -order[a]) < (names[b], -order[b]) else (b, a)
        yield rare, common


def _inflection(a: str, b: str) -> bool:
    """Return whether one name only extends the other at its end, as a plural or an adjective does.

    ("Court", "Courts"; "Kazakhstan", "Kazakhstani"): a variant spelling changes a letter
    inside the name ("Nazarbaev", "Nazarbayev").
    """
    short, long = sorted((a, b), key=len)
    return long.startswith(short)


def _numbers(text: str) -> frozenset[str]:
    """Return the numbers a text states, less years (1900-2099) and the parts of dates."""
    found = set()
    for match in _NUMBER.finditer(text):
        number = match.group(0).replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", number):
            continue
        found.add(number)
    return frozenset(found)


def _number_conflicts(brief: Brief, uses: list[Use]) -> Iterable[Finding]:
    """number-conflict: two facts of the paper with the same tags and date stating different numbers."""
    groups: dict[tuple[frozenset, PartialDate], list[Fact]] = defaultdict(list)
    by_fact = _by_fact(uses)
    for fact_uses in by_fact.values():
        fact = fact_uses[0].fact
        if fact.tags and fact.date is not None:
            groups[(frozenset(fact.tags), fact.date)].append(fact)
    for facts in groups.values():
        for earlier_index, earlier in enumerate(facts):
            for later in facts[earlier_index + 1:]:
                a, b = _numbers(earlier.text), _numbers(later.text)
                if a and b and not a & b:
                    yield _finding("number-conflict", later.path, later.line, "text",
                                   f"'{later.id}' states {', '.join(sorted(b))} where '{earlier.id}' (same tags, same "
                                   f"date {later.date}) states {', '.join(sorted(a))}: a person should judge which is right",
                                   {later.id, earlier.id, later.source, earlier.source,
                                    *_where(brief, by_fact[later.id] + by_fact[earlier.id])})


# --- what the brief allows ------------------------------------------------------------


def _allowed(brief: Brief, findings: list[Finding]) -> list[Problem]:
    """Return the findings no `allow` entry silences, then a warning for each entry that silences nothing."""
    used = [False] * len(brief.allow)
    kept = []
    for finding in findings:
        silenced = False
        for index, allow in enumerate(brief.allow):
            if allow.rule == finding.problem.rule and (not allow.ids or set(allow.ids) & finding.subjects):
                used[index] = silenced = True
        if not silenced:
            kept.append(finding.problem)
    for index, allow in enumerate(brief.allow):
        if not used[index]:
            about = f" about {', '.join(allow.ids)}" if allow.ids else ""
            kept.append(Problem(brief.path, allow.line, f"allow[{index}]",
                                f"silences nothing: the paper has no {allow.rule} warning{about}", "warning"))
    return kept
