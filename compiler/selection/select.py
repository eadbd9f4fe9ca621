"""Turn a Brief and a Store into a Selection, by the rules of FORMAT.md: each section's facts and reviewed recommendations.

A section takes the facts of its theme and sub-themes, of the brief's country,
dated inside the brief's period, narrowed by `select` (tags, since, until), plus
`include`, minus `exclude` and minus the facts its intro cites; then ordered
(date: oldest first, ties by id; date-desc; given: store order) and cut to `limit`.
A partial date compares as its first day against a lower bound and as its last
day against an upper bound; an undated fact is outside any period or bound and
sorts after the dated ones. The earlier recommendations a section reviews are chosen
by `compiler.selection.follow_up`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from compiler.brief.model import Brief, Section
from compiler.dates import PartialDate
from compiler.errors import InputError, Problem
from compiler.selection.follow_up import reviewed
from compiler.store.model import Fact, Recommendation, Store

_NEVER = dt.date.max

MAX_FACTS_PER_PAPER = 10_000
"""The most facts one paper may state, over all its sections (a real paper states a few hundred)."""


@dataclass(frozen=True)
class SectionSelection:
    """The facts one section states, in the order they are written."""

    section: Section
    facts: tuple[Fact, ...]
    intro_cited: tuple[str, ...] = ()
    follow_up: tuple[Recommendation, ...] = ()  # the earlier recommendations it reviews, in order


@dataclass(frozen=True)
class Selection:
    """What a brief takes from the store: its sections' facts and every id it cites."""

    brief: Brief
    store: Store
    sections: tuple[SectionSelection, ...]

    def cited(self) -> list[str]:
        """Return every id the paper cites (facts stated and Markdown citations), first use first, once each."""
        seen: dict[str, None] = {}
        for citing in self.brief.citations:
            seen.setdefault(citing.id, None)
        for section in self.sections:
            for fact in section.facts:
                seen.setdefault(fact.id, None)
            for recommendation in section.follow_up:
                seen.setdefault(recommendation.id, None)
        return list(seen)


def within(date: PartialDate | None, since: PartialDate | None, until: PartialDate | None) -> bool:
    """Return whether `date` lies inside the bounds (a partial date by its first and last day)."""
    if since is None and until is None:
        return True
    if date is None:
        return False
    if since is not None and date.first() < since.first():
        return False
    if until is not None and date.last() > until.last():
        return False
    return True


def _date_key(fact: Fact) -> tuple:
    return (fact.date.first() if fact.date else _NEVER, fact.id)


def order_facts(facts: Iterable[Fact], order: str) -> list[Fact]:
    """Return `facts` in the section order `order` (date, date-desc or given)."""
    facts = list(facts)
    if order == "given":
        return sorted(facts, key=lambda f: f.order)
    if order == "date-desc":
        dated = sorted((f for f in facts if f.date), key=lambda f: (-f.date.first().toordinal(), f.id))
        return dated + sorted((f for f in facts if not f.date), key=lambda f: f.id)
    return sorted(facts, key=_date_key)


def select_section(brief: Brief, store: Store, section: Section) -> SectionSelection:
    """Return the facts of one section."""
    from compiler.citations import citations_in  # markdown-it: not needed by `brief facts`

    rule = section.select
    intro_cited = tuple(c.id for c in citations_in(section.intro) if c.id in store.facts)
    removed = set(rule.exclude) | set(intro_cited)
    tags = set(rule.tags)
    chosen: list[Fact] = []
    if section.theme:
        for fact in store.by_theme.get(section.theme, ()):
            if fact.id in removed:
                continue
            if store.country_of(fact) != brief.country:
                continue
            if not within(fact.date, brief.period_from, brief.period_to):
                continue
            if not within(fact.date, rule.since, rule.until):
                continue
            if tags and not tags.intersection(fact.tags):
                continue
            chosen.append(fact)
    ordered = order_facts(chosen, rule.order)
    chosen_ids = {f.id for f in chosen}
    extra = [store.facts[i] for i in dict.fromkeys(rule.include) if i in store.facts and i not in chosen_ids and i not in removed]
    if rule.order == "given":
        ordered = ordered + extra
    else:
        ordered = order_facts(ordered + extra, rule.order)
    if rule.limit is not None:
        ordered = ordered[: rule.limit]
    return SectionSelection(section, tuple(ordered), intro_cited, reviewed(brief, store, section))


def select_facts(brief: Brief, store: Store) -> Selection:
    """Return the Selection of every section of `brief`; raise InputError beyond MAX_FACTS_PER_PAPER facts."""
    sections = tuple(select_section(brief, store, s) for s in brief.sections)
    stated = sum(len(s.facts) for s in sections)
    if stated > MAX_FACTS_PER_PAPER:
        raise InputError(Problem(brief.path, None, "sections", (
            f"the paper would state {stated:,} facts; the limit is {MAX_FACTS_PER_PAPER:,} "
            "(narrow the sections with select: tags, since, until or limit)")))
    return Selection(brief, store, sections)


def query_facts(
    store: Store,
    themes: Iterable[str] = (),
    country: str | None = None,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    tags: Iterable[str] = (),
) -> list[Fact]:
    """Return the facts of the store matching every given filter, in store order (`brief facts`)."""
    themes, tags = list(themes), set(tags)
    found = []
    for fact in store.facts.values():
        if themes and not any(fact.matches_theme(t) for t in themes):
            continue
        if country and store.country_of(fact) != country:
            continue
        if not within(fact.date, since, until):
            continue
        if tags and not tags.intersection(fact.tags):
            continue
        found.append(fact)
    return found
