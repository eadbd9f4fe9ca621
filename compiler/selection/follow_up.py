"""Turn a brief's section and the Store into the earlier recommendations the section reviews.

FORMAT.md section 4: the recommendations made to the brief's `country` (their
document's country) whose themes match the section's theme (sub-themes included),
from documents issued on or before the brief's `date`, narrowed by `follow_up.select`
(`bodies`, `cycle`, `documents`, `response`), plus `include`, minus `exclude`. They are
ordered by their document's `issued` date (then its id), then by paragraph number
compared part by part as numbers ("124.2" before "124.12"). A section with `follow_up`
but no theme reviews only its `include`.
"""

from __future__ import annotations

import datetime as dt
import re

from compiler.brief.model import Brief, Section
from compiler.store.model import Recommendation, Store

_PARTS = re.compile(r"\d+|[^\d\s.,;:()]+")


def paragraph_key(paragraph: str) -> tuple:
    """Return the sort key of a paragraph number: its parts, numbers as numbers ("124.2" < "124.12" < "125").

    A part that is not a number ("10 (a)": "a") sorts after the numbers, as text.
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold()) for part in _PARTS.findall(paragraph))


def recommendation_order(store: Store, recommendation: Recommendation) -> tuple:
    """Return the sort key of a recommendation: its document's issue date (undated last), its document id, its paragraph."""
    document = store.sources.get(recommendation.source)
    issued = document.issued.first() if document is not None and document.issued else dt.date.max
    return (issued, recommendation.source, paragraph_key(recommendation.paragraph), recommendation.id)


def reviewed(brief: Brief, store: Store, section: Section) -> tuple[Recommendation, ...]:
    """Return the recommendations `section` of `brief` reviews, in order (none without `follow_up`)."""
    follow_up = section.follow_up
    if follow_up is None:
        return ()
    rule = follow_up.select
    excluded = set(rule.exclude)
    chosen: dict[str, Recommendation] = {}
    if section.theme:
        bodies, documents, responses = set(rule.bodies), set(rule.documents), set(rule.response)
        until = brief.date.last() if brief.date else None
        for recommendation in store.recommendations.values():
            if recommendation.id in excluded or not recommendation.matches_theme(section.theme):
                continue
            document = store.sources[recommendation.source]
            if document.country != brief.country:
                continue
            if until is not None and document.issued is not None and document.issued.last() > until:
                continue
            if bodies and document.body not in bodies:
                continue
            if rule.cycle is not None and document.cycle != rule.cycle:
                continue
            if documents and document.id not in documents:
                continue
            if responses and recommendation.response not in responses:
                continue
            chosen[recommendation.id] = recommendation
    for ident in rule.include:
        if ident in store.recommendations and ident not in excluded:
            chosen.setdefault(ident, store.recommendations[ident])
    return tuple(sorted(chosen.values(), key=lambda r: recommendation_order(store, r)))
