"""Turn a Document's unnumbered notes into numbered footnotes citing their sources.

One pass over the whole paper in reading order (pandoc's processCitations): notes
are numbered 1, 2, 3 ...; a source's first note gives its full reference, later
notes a short form, and "Ibid." (with its own locator where it differs) when a note
cites exactly the one source of the note just before (after a note with a locator, a
note without one takes the short form: a bare "Ibid." would mean the same page). A
reference cited twice in one note is printed once. A fact cites its document
with the fact's locator; a recommendation cites its UN document with its paragraph
("para. 124.12") and, the first time, for the UPR the recommending States and the
State's response. A UN document's short form is its symbol, as the UN Editorial Manual
cites documents. The annex of sources is filled with every source cited, once, by
author then date. The notes and the annex are then set in the paper's typography
(`compiler.document.typography.apply_to_notes`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from compiler.document import locators, typography
from compiler.document.labels import format_date, labels_for
from compiler.document.model import (
    Block,
    Document,
    Emph,
    Inline,
    Link,
    Note,
    SourceEntry,
    SourceList,
    Text,
    map_blocks,
    map_inline,
    map_inlines,
)
from compiler.errors import InputError, Problem
from compiler.store.model import Recommendation, Source, Store


@dataclasses.dataclass(frozen=True)
class Reference:
    """One resolved citation: the source document, the pinpoint and, citing a recommendation, it."""

    source: Source
    locator: str
    recommendation: Recommendation | None = None


def resolve(store: Store, ident: str, locator: str, para: str = "para.") -> Reference:
    """Return the source and locator a citation of `ident` stands for (`para` names a paragraph in the paper's language)."""
    fact = store.facts.get(ident)
    if fact is not None:
        return Reference(store.sources[fact.source], locator or fact.locator)
    source = store.sources.get(ident)
    if source is not None:
        return Reference(source, locator)
    recommendation = store.recommendations.get(ident)
    if recommendation is not None:
        return Reference(store.sources[recommendation.source], locator or f"{para} {recommendation.paragraph}", recommendation)
    raise InputError(Problem("", None, "citation", f"'{ident}' is neither a fact, a source nor a recommendation in the store"))


def names_text(names: tuple[str, ...] | list[str], conjunction: str = "and") -> str:
    """Return names as a sentence lists them: "A", "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def recommendation_details(recommendation: Recommendation, conjunction: str, responses: dict) -> str:
    """Return who made a recommendation and the State's response, as a note gives them: "Estonia and Latvia; supported"."""
    parts = [names_text(recommendation.by, conjunction)] if recommendation.by else []
    if recommendation.response:
        parts.append(responses.get(recommendation.response, recommendation.response))
    return "; ".join(parts)


def authors_text(source: Source, conjunction: str = "and") -> str:
    """Return the authors as a reference prints them ("A, B and C"; "A et al." beyond three)."""
    names = list(source.author)
    if not names:
        return source.publisher
    if len(names) <= 3:
        return ", ".join(names[:-1]) + (f" {conjunction} " if len(names) > 1 else "") + names[-1]
    return f"{names[0]} et al."


def short_author(source: Source, conjunction: str = "and") -> str:
    """Return the authors as a short reference prints them ("A", "A and B", "A et al.")."""
    names = list(source.author)
    if not names:
        return source.publisher
    if len(names) == 1:
        return names[0]
    return f"{names[0]} {conjunction} {names[1]}" if len(names) == 2 else f"{names[0]} et al."


_MINOR_WORDS = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "at", "by", "with", "de", "la", "le", "les", "des", "du", "et", "el", "los", "las", "y"}


def short_title_of(source: Source) -> str:
    """Return the title for short references: its short_title, else the part before a colon when that says enough."""
    if source.short_title:
        return source.short_title
    title = source.title.strip()
    head = title.split(":", 1)[0].strip()
    if head != title and len(head.split()) >= 3:
        return head
    words = title.split()
    if len(words) <= 6:
        return title
    words = words[:5]
    while len(words) > 2 and words[-1].casefold() in _MINOR_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:")


def full_reference(source: Source, locator: str, labels: dict, language: str, kinds: dict) -> tuple[Inline, ...]:
    """Return the full reference of `source` (with `locator`), as inlines, ending with a full stop."""
    out: list[Inline] = []
    author = authors_text(source, labels.get("and", "and"))
    if author:
        out.append(Text(f"{author}, "))
    out.extend(_titled(source, source.title))
    details = []
    if source.publisher and source.publisher not in source.author:
        details.append(source.publisher)
    elif source.kind != "other":
        details.append(kinds.get(source.kind, source.kind))
    if source.issued:
        details.append(format_date(source.issued, language))
    if details:
        out.append(Text(f" ({', '.join(details)})"))
    if source.symbol:
        out.append(Text(f", {source.symbol}"))
    if locator:
        out.append(Text(f", {locator}"))
    out.append(Text("."))
    if source.url:
        out.append(Text(f" {labels['available']} "))
        out.append(Link(source.url, (Text(source.url),)))
        if source.accessed:
            out.append(Text(f" ({labels['accessed']} {format_date(source.accessed, language)})"))
        out.append(Text("."))
    if source.doi and f"doi.org/{source.doi}".casefold() not in source.url.casefold():
        out.append(Text(" DOI: "))
        linked = _DOI.fullmatch(source.doi)  # only what is shaped as a DOI becomes an address
        out.append(Link(f"https://doi.org/{source.doi}", (Text(source.doi),)) if linked else Text(source.doi))
        out.append(Text("."))
    return tuple(out)


_DOI = re.compile(r"10\.\d{4,9}/[^\s<>\"{}|\\^`]+")


def _titled(source: Source, title: str) -> tuple[Inline, ...]:
    """Return a title as a reference prints it: in italics; in quotation marks before its container in italics.

    An article, a chapter or a web page is part of a journal, a book or a site
    (`container`): "Forced Labour in the Cotton Fields", *Journal of Eurasian Studies*.
    The quotation marks are set in the paper's language by the typography pass.
    """
    if source.container:
        return (Text(f'"{title}", '), Emph((Text(source.container),)))
    return (Emph((Text(title),)),)


def short_reference(source: Source, locator: str, conjunction: str = "and") -> tuple[Inline, ...]:
    """Return the short reference of `source`: author, short title, locator (a UN document: its symbol, locator)."""
    if source.kind == "un-document" and source.symbol:
        return (Text(f"{source.symbol}, {locator}." if locator else f"{source.symbol}."),)
    out: list[Inline] = []
    author = short_author(source, conjunction)
    if author:
        out.append(Text(f"{author}, "))
    short = short_title_of(source)
    out.extend((Text(f'"{short}"'),) if source.container else (Emph((Text(short),)),))
    if locator:
        out.append(Text(f", {locator}"))
    out.append(Text("."))
    return tuple(out)


def cite(document: Document, store: Store) -> Document:
    """Return `document` with every note numbered and written, and the annex of sources filled."""
    labels = dict(document.meta.labels)
    language = document.meta.language
    words = labels_for(language)
    kinds = words["kinds"]
    conjunction = labels.get("and", "and")
    state = {"number": 0, "previous": None}
    seen: dict[str, Source] = {}
    seen_recommendations: set[str] = set()

    def first_time(ref: Reference) -> Reference:
        """Return `ref` with, the first time its recommendation is cited, who made it and the response after the paragraph."""
        recommendation = ref.recommendation
        if recommendation is None or recommendation.id in seen_recommendations:
            return ref
        seen_recommendations.add(recommendation.id)
        details = recommendation_details(recommendation, conjunction, words["responses"])
        return dataclasses.replace(ref, locator=f"{ref.locator} ({details})") if details else ref

    def note_content(note: Note) -> tuple[Inline, ...]:
        resolved = [resolve(store, c.id, c.locator, labels.get("para", "para.")) for c in note.citations]
        resolved = [dataclasses.replace(r, locator=locators.in_language(r.locator, language)) for r in resolved]
        unique = {(r.source.id, r.locator, r.recommendation.id if r.recommendation else ""): r for r in resolved}
        refs = [first_time(r) for r in unique.values()]  # a reference cited twice in one note is printed once
        previous = state["previous"]
        same = len(refs) == 1 and previous is not None and previous[0] == refs[0].source.id
        # "Ibid." stands for the one reference of the note before, at the same place; with a
        # pinpoint of its own, "Ibid., p. 4"; after a note with a pinpoint, one without is
        # not "the same page": it takes the short form
        if same and (refs[0].locator or not previous[1]):
            ref = refs[0]
            text = labels["ibid"]
            if ref.locator and ref.locator != previous[1]:
                text = labels["ibid_locator"].format(locator=ref.locator)
            state["previous"] = (ref.source.id, ref.locator)
            return (Text(text),)
        parts: list[Inline] = []
        for index, ref in enumerate(refs):
            if index:
                parts.append(Text(" "))
            if ref.source.id in seen:
                piece = short_reference(ref.source, ref.locator, labels.get("and", "and"))
            else:
                piece = full_reference(ref.source, ref.locator, labels, language, kinds)
                seen[ref.source.id] = ref.source
            if index < len(refs) - 1:  # join several references with semicolons
                piece = _end_with(piece, ";")
            parts.extend(piece)
        state["previous"] = (refs[0].source.id, refs[0].locator) if len(refs) == 1 else None
        return tuple(parts)

    def number(node: Inline) -> Inline:
        if not isinstance(node, Note):
            return node
        content = note_content(node)
        state["number"] += 1
        return Note(node.citations, state["number"], content)

    numbered = map_inlines(document, lambda inlines: map_inline(inlines, number))
    annex = tuple(
        SourceEntry(s.id, full_reference(s, "", labels, language, kinds))
        for s in sorted(seen.values(), key=lambda s: (authors_text(s, labels.get("and", "and")).casefold(), s.issued.first() if s.issued else _far(), s.title.casefold()))
    )

    def fill(block: Block) -> Block:
        return SourceList(annex) if isinstance(block, SourceList) else block

    return typography.apply_to_notes(map_blocks(numbered, fill))


def _far() -> dt.date:
    return dt.date.max


def _end_with(piece: tuple[Inline, ...], mark: str) -> tuple[Inline, ...]:
    last = piece[-1]
    if isinstance(last, Text) and last.text.endswith("."):
        return piece[:-1] + (Text(last.text[:-1] + mark),)
    return piece + (Text(mark),)

