"""Hold the source store in memory: themes, source documents and their facts.

Plain frozen dataclasses, which also declare the file formats (`compiler.declare`): the
keys of a `themes.yaml` entry and of a source document with its facts, their types and
meaning. Loading and checking live in `compiler.store.load`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Mapping

from compiler.dates import PartialDate
from compiler.declare import computed, declaration, declared

SOURCE_KINDS = (
    "report",
    "memorandum",
    "press-release",
    "news",
    "web-page",
    "un-document",
    "legal-act",
    "interview",
    "other",
)


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
        prefix = theme + "."
        return any(t == theme or t.startswith(prefix) for t in self.themes)


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
    author: tuple[str, ...] = declared("strings", "Organisations and/or persons, in order.", default=())
    publisher: str = declared("string", "Who published it.", default="")
    container: str = declared("string", "The periodical, book or site the document is part of.", default="")
    issued: PartialDate | None = declared("date", "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.", default=None)
    url: str = declared("url", "Where it can be read.", default="")
    accessed: PartialDate | None = declared("full-date", "When the URL was read (YYYY-MM-DD).", default=None)
    symbol: str = declared("string", "UN document symbol, e.g. CCPR/C/KAZ/CO/1.", default="")
    doi: str = declared("string", "Digital Object Identifier.", default="")
    country: str = declared("country", "ISO 3166-1 alpha-2 code; the default for its facts.", default="")
    language: str = declared("language", "BCP 47 language tag of the document; default en.", default="en")
    text: str = declared(
        "string", "Archived plain text of the document, relative to this file; quotes are checked against it.", default="")
    facts: tuple[str, ...] = declared("objects", "The facts taken from the document.", model=Fact, default=())
    path: str = computed("")
    line: int = computed(0)


@dataclass(frozen=True)
class Store:
    """Every theme, source and fact of a workspace, with the problems found loading them."""

    themes: Mapping[str, Theme]
    sources: Mapping[str, Source]
    facts: Mapping[str, Fact]
    themes_path: str = ""
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

    def find(self, ident: str) -> Fact | Source | None:
        """Return the fact or source with id `ident`, or None."""
        return self.facts.get(ident) or self.sources.get(ident)

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
