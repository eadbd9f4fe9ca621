"""Hold the source store in memory: themes, source documents and their facts.

Plain frozen dataclasses; loading and checking live in `compiler.store.load`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Mapping

from compiler.dates import PartialDate

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


@dataclass(frozen=True)
class Theme:
    """One entry of the theme taxonomy; a dotted id is a sub-theme of its parent."""

    id: str
    title: Mapping[str, str]
    instruments: tuple[str, ...] = ()
    description: str = ""
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def title_in(self, language: str) -> str:
        """Return the title in `language`, else in English, else the first given."""
        base = language.split("-")[0]
        for key in (language, base, "en"):
            if key in self.title:
                return self.title[key]
        return next(iter(self.title.values()), self.id)


@dataclass(frozen=True)
class Source:
    """One source document: its bibliographic record and the ids of its facts."""

    id: str
    title: str
    short_title: str = ""
    kind: str = "other"
    author: tuple[str, ...] = ()
    publisher: str = ""
    issued: PartialDate | None = None
    url: str = ""
    accessed: PartialDate | None = None
    symbol: str = ""
    country: str = ""
    language: str = "en"
    container: str = ""
    doi: str = ""
    path: str = ""
    line: int = 0
    facts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """One claim taken from a source, in our words, with where the source says it."""

    id: str
    source: str
    text: str
    themes: tuple[str, ...]
    date: PartialDate | None = None
    locator: str = ""
    quote: str = ""
    tags: tuple[str, ...] = ()
    country: str = ""
    translations: Mapping[str, str] = field(default_factory=dict)
    path: str = ""
    line: int = 0
    order: int = 0
    index: int = 0

    @classmethod
    def make(cls, **values: object) -> "Fact":
        """Return a Fact of `values` (every field given), built without the dataclass's per-field setattr.

        Loading a large store builds tens of thousands of facts; this is three times
        faster than `Fact(...)` and gives an equal, equally frozen object.
        """
        fact = object.__new__(cls)
        fact.__dict__.update(values)
        return fact

    def matches_theme(self, theme: str) -> bool:
        """Return whether the fact carries `theme` or one of its sub-themes."""
        prefix = theme + "."
        return any(t == theme or t.startswith(prefix) for t in self.themes)


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
