"""Hold the source store in memory: themes, source documents with their facts and recommendations, assessments.

Plain frozen dataclasses, which also declare the file formats (`compiler.declare`): the
keys of a `themes.yaml` entry, of a source document with its facts and (a UN document)
its recommendations, and of an assessment file's entries, their types and meaning.
Loading and checking live in `compiler.store.load`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Mapping

from compiler.dates import PartialDate
from compiler.declare import computed, declaration, declared
from compiler.names import Name

SOURCE_KINDS = (
    "report",
    "memorandum",
    "press-release",
    "news",
    "web-page",
    "article",
    "book",
    "chapter",
    "un-document",
    "legal-act",
    "interview",
    "other",
)

BODIES = ("UPR", "CCPR", "CESCR", "CAT", "CEDAW", "CERD", "CRC", "CRPD", "CMW", "CED", "SP", "other")
"""The UN mechanisms whose recommendations a document may carry (SP: special procedures)."""
RESPONSES = ("supported", "noted", "partially-supported")
"""A State's responses to UPR recommendations."""
STATUSES = ("implemented", "partially-implemented", "not-implemented", "no-information")
"""The grades of an assessment, as UPR Info's mid-term assessments give them."""


def carries_theme(themes: tuple[str, ...], theme: str) -> bool:
    """Return whether `themes` holds `theme` or one of its sub-themes (`media.libel` for `media`)."""
    prefix = theme + "."
    return any(t == theme or t.startswith(prefix) for t in themes)


@declaration
@dataclass(frozen=True, kw_only=True)
class Theme:
    """One entry of the theme taxonomy; a dotted id is a sub-theme of its parent."""

    title: Mapping[str, str] = declared(
        "localized", "The theme's heading, as text or per language ({en: ..., fr: ...}).", required=True)
    instruments: tuple[str, ...] = declared("strings", "Treaty articles the theme engages, e.g. \"ICCPR art. 19\".", default=())
    description: str = declared("text", "What the theme covers.", default="")
    labels: Mapping[str, tuple[str, ...]] = declared(
        "string-lists", "The matching labels of vocabularies users know: upr-info, uhri, huridocs.",
        choices=("upr-info", "uhri", "huridocs"), factory=dict)
    id: str = computed()  # its key in themes.yaml

    def title_in(self, language: str) -> str:
        """Return the title in `language`, else in English, else the first given."""
        base = language.split("-")[0]
        for key in (language, base, "en"):
            if key in self.title:
                return self.title[key]
        return next(iter(self.title.values()), self.id)


@declaration
@dataclass(frozen=True, kw_only=True)
class Fact:
    """One claim taken from a source, in our words, with where the source says it."""

    id: str = declared("id", "Unique id of the fact across the whole store.", required=True)
    text: str = declared("text", "The claim, in the brief's own words (inline Markdown).", required=True)
    themes: tuple[str, ...] = declared("theme-ids", "Theme ids from themes.yaml; at least one.", required=True)
    date: PartialDate | None = declared("date", "When it happened: YYYY, YYYY-MM or YYYY-MM-DD.", default=None)
    locator: str = declared("string", "Pinpoint in the source: \"p. 3\", \"para. 14\", \"section 2\".", default="")
    quote: str = declared("text", "Verbatim words of the source backing the claim.", default="")
    tags: tuple[str, ...] = declared("strings", "Free keywords.", default=())
    country: str = declared("country", "ISO 3166-1 alpha-2 code; overrides the document's.", default="")
    translations: Mapping[str, str] = declared("translations", "The text in other languages, by language tag.", factory=dict)
    source: str = computed()  # the id of its document
    path: str = computed("")
    line: int = computed(0)
    order: int = computed(0)  # its place in the store: files by path, then facts as listed
    index: int = computed(0)  # its place in its document's `facts`

    def matches_theme(self, theme: str) -> bool:
        """Return whether the fact carries `theme` or one of its sub-themes."""
        return carries_theme(self.themes, theme)


@declaration
@dataclass(frozen=True, kw_only=True)
class Recommendation:
    """One recommendation a UN document makes to a State, verbatim, with who made it and the response."""

    id: str = declared("id", "Unique id of the recommendation across the whole store (facts and documents too).", required=True)
    paragraph: str = declared("paragraph", "Its number as printed in the document: \"124.12\", \"10\".", required=True)
    text: str = declared("text", "The recommendation, verbatim.", required=True)
    by: tuple[str, ...] = declared("strings", "UPR: the recommending States, in order (required for the UPR).", default=())
    response: str = declared(
        "enum", "UPR: the State's response: supported, noted or partially-supported.", choices=RESPONSES, default="")
    themes: tuple[str, ...] = declared("theme-ids", "Theme ids from themes.yaml; at least one.", required=True)
    follow_up: bool = declared("boolean", "Treaty bodies: chosen for the follow-up procedure.", default=False)
    source: str = computed()  # the id of its document
    path: str = computed("")
    line: int = computed(0)
    order: int = computed(0)  # its place in the store: files by path, then as listed
    index: int = computed(0)  # its place in its document's `recommendations`

    def matches_theme(self, theme: str) -> bool:
        """Return whether the recommendation carries `theme` or one of its sub-themes."""
        return carries_theme(self.themes, theme)


@declaration
@dataclass(frozen=True, kw_only=True)
class Assessment:
    """The organisation's dated judgement of how far a recommendation was implemented."""

    recommendation: str = declared("id", "The id of a recommendation of the store.", required=True)
    status: str = declared(
        "enum", "implemented, partially-implemented, not-implemented or no-information.", choices=STATUSES, required=True)
    as_of: PartialDate = declared("date", "When the judgement holds: YYYY, YYYY-MM or YYYY-MM-DD.", required=True)
    by: str = declared("string", "Who assessed it.", default="")
    comment: str = declared("text", "Why (Markdown; may cite facts and documents).", default="")
    evidence: tuple[str, ...] = declared("ids", "Facts that back the status.", default=())
    path: str = computed("")
    line: int = computed(0)
    index: int = computed(0)  # its place in its file's `assessments`


@declaration
@dataclass(frozen=True, kw_only=True)
class AssessmentFile:
    """A file of `sources/assessments/`: the organisation's assessments of recommendations."""

    assessments: tuple[Assessment, ...] = declared(
        "objects", "The assessments, each of one recommendation as of a date.", model=Assessment, default=())


@declaration
@dataclass(frozen=True, kw_only=True)
class Source:
    """One source document: its bibliographic record and the ids of its facts.

    The file lists the facts themselves (`facts:`, each declared by `Fact`); the Source
    holds their ids, and the Store the Facts.
    """

    id: str = declared("id", "Unique id of the document in the store.", required=True)
    kind: str = declared("enum", "What sort of document it is.", choices=SOURCE_KINDS, default="other")
    title: str = declared("string", "The document's title.", required=True)
    short_title: str = declared(
        "string", "The title as later notes shorten it; default: the part before a colon, or its first words.", default="")
    author: tuple[Name, ...] = declared(
        "names", "Organisations and/or persons, in order: text, or {family: ..., given: ...} for a person.", default=())
    publisher: str = declared("string", "Who published it.", default="")
    place: str = declared("string", "Where it was published (a book's city).", default="")
    edition: str = declared("string", "The edition of a book: \"2nd\", \"revised\".", default="")
    container: str = declared("string", "The periodical, book or site the document is part of.", default="")
    volume: str = declared("string", "The volume of the periodical or book series.", default="")
    issue: str = declared("string", "The issue (number) of the periodical.", default="")
    pages: str = declared("string", "The pages the document takes in its container: \"45-67\".", default="")
    issued: PartialDate | None = declared("date", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.", default=None)
    url: str = declared("url", "Where it can be read.", default="")
    accessed: PartialDate | None = declared("full-date", "When the URL was read (YYYY-MM-DD).", default=None)
    symbol: str = declared("string", "UN document symbol, e.g. CCPR/C/KAZ/CO/1.", default="")
    doi: str = declared("string", "Digital Object Identifier.", default="")
    isbn: str = declared("string", "International Standard Book Number.", default="")
    country: str = declared("country", "ISO 3166-1 alpha-2 code; the default for its facts.", default="")
    language: str = declared("language", "BCP 47 language tag of the document; default en.", default="en")
    text: str = declared(
        "string", "Archived plain text of the document, relative to this file; quotes are checked against it.", default="")
    facts: tuple[str, ...] = declared("objects", "The facts taken from the document.", model=Fact, default=())
    body: str = declared(
        "enum", "The UN mechanism (required with recommendations): UPR, CCPR, CESCR, CAT, CEDAW, CERD, CRC, CRPD, "
        "CMW, CED, SP (special procedures) or other.", choices=BODIES, default="")
    cycle: int | None = declared("integer", "UPR only: the review cycle (1, 2, 3 ...).", default=None)
    recommendations: tuple[str, ...] = declared(
        "objects", "The recommendations the document makes (a UN document).", model=Recommendation, default=())
    path: str = computed("")
    line: int = computed(0)


@dataclass(frozen=True)
class Store:
    """Every theme, source and fact of a workspace, with the problems found loading them."""

    themes: Mapping[str, Theme]
    sources: Mapping[str, Source]
    facts: Mapping[str, Fact]
    themes_path: str = ""
    recommendations: Mapping[str, Recommendation] = field(default_factory=dict)
    # each recommendation's assessments, oldest `as_of` first
    assessments: Mapping[str, tuple[Assessment, ...]] = field(default_factory=dict)
    # sources/spellings.yaml: each preferred spelling of a name and its variants
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # every file the load read (themes, source files, archived texts), so a kept store can tell it is stale
    inputs: tuple = field(default=(), compare=False, repr=False)

    @functools.cached_property
    def by_theme(self) -> dict[str, list[Fact]]:
        """Return, for each theme id, the facts carrying it or one of its sub-themes, in store order."""
        index: dict[str, list[Fact]] = {}
        bucket_of = index.setdefault
        for fact in self.facts.values():
            for theme in fact.themes:
                while True:
                    bucket = bucket_of(theme, [])
                    if not bucket or bucket[-1] is not fact:
                        bucket.append(fact)
                    dot = theme.rfind(".")
                    if dot < 0:
                        break
                    theme = theme[:dot]
        return index

    def find(self, ident: str) -> Fact | Source | Recommendation | None:
        """Return the fact, source or recommendation with id `ident`, or None."""
        return self.facts.get(ident) or self.sources.get(ident) or self.recommendations.get(ident)

    def assessment(self, ident: str, date: PartialDate | None) -> Assessment | None:
        """Return the latest assessment of recommendation `ident` whose `as_of` is not after `date` (its last day).

        A partial `as_of` counts as its last day: an assessment "as of 2016-12" holds
        from the end of December 2016. With no `date`, the latest of all.
        """
        found = None
        for assessment in self.assessments.get(ident, ()):
            if date is not None and assessment.as_of.last() > date.last():
                break
            found = assessment
        return found

    def source_of(self, fact: Fact) -> Source:
        """Return the source document a fact was taken from."""
        return self.sources[fact.source]

    def country_of(self, fact: Fact) -> str:
        """Return the fact's country, falling back on its document's."""
        return fact.country or self.sources[fact.source].country


def fact_as_dict(fact: Fact) -> dict:
    """Return every field of a fact, plus its document id, as plain JSON-ready values."""
    return {
        "id": fact.id,
        "document": fact.source,
        "text": fact.text,
        "themes": list(fact.themes),
        "date": str(fact.date) if fact.date else None,
        "locator": fact.locator or None,
        "quote": fact.quote or None,
        "tags": list(fact.tags),
        "country": fact.country or None,
        "translations": dict(fact.translations),
        "file": fact.path,
        "line": fact.line,
    }
