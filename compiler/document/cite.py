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

from compiler.document import locators, typography
from compiler.document.forms import form_named, names_text, sort_key_of
from compiler.document.labels import labels_for
from compiler.document.model import (
    Block,
    Document,
    Inline,
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


def recommendation_details(recommendation: Recommendation, conjunction: str, responses: dict) -> str:
    """Return who made a recommendation and the State's response, as a note gives them: "Estonia and Latvia; supported"."""
    parts = [names_text(recommendation.by, conjunction)] if recommendation.by else []
    if recommendation.response:
        parts.append(responses.get(recommendation.response, recommendation.response))
    return "; ".join(parts)


def cite(document: Document, store: Store, form_name: str = "un", ibid: bool = True) -> Document:
    """Return `document` with every note numbered and written in the note form `form_name`, and the annex of sources filled.

    Without `ibid`, a note citing the one source of the note before takes the short form.
    """
    labels = dict(document.meta.labels)
    language = document.meta.language
    words = labels_for(language)
    form = form_named(form_name, language, words)
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
        same = ibid and len(refs) == 1 and previous is not None and previous[0] == refs[0].source.id
        # "Ibid." stands for the one reference of the note before, at the same place; with a
        # pinpoint of its own, "Ibid., p. 4"; after a note with a pinpoint, one without is
        # not "the same page": it takes the short form
        if same and (refs[0].locator or not previous[1]):
            ref = refs[0]
            state["previous"] = (ref.source.id, ref.locator)
            return (Text(form.ibid(ref.locator, previous[1])),)
        parts: list[Inline] = []
        for index, ref in enumerate(refs):
            if index:
                parts.append(Text(" "))
            if ref.source.id in seen:
                piece = form.short(ref.source, ref.locator)
            else:
                piece = form.full(ref.source, ref.locator)
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
    annex = tuple(SourceEntry(s.id, form.entry(s)) for s in sorted(seen.values(), key=sort_key_of))

    def fill(block: Block) -> Block:
        return SourceList(annex) if isinstance(block, SourceList) else block

    return typography.apply_to_notes(map_blocks(numbered, fill))


def _end_with(piece: tuple[Inline, ...], mark: str) -> tuple[Inline, ...]:
    last = piece[-1]
    if isinstance(last, Text) and last.text.endswith("."):
        return piece[:-1] + (Text(last.text[:-1] + mark),)
    return piece + (Text(mark),)

