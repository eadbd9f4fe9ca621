"""Turn the Store's recommendations into ordered lists: FORMAT.md section 4's order, and `brief recommendations`' query.

Recommendations are ordered by their document's `issued` date (then its id), then by
paragraph number compared part by part as numbers ("124.2" before "124.12"); this
module holds that order once, for a paper's follow-up and for the matrix alike.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from compiler.dates import PartialDate
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


def status_as_of(store: Store, recommendation: Recommendation, date: PartialDate | None) -> str:
    """Return the status of the latest assessment of `recommendation` as of `date`; "no-information" when there is none."""
    assessment = store.assessment(recommendation.id, date)
    return assessment.status if assessment is not None else "no-information"


def query_recommendations(
    store: Store,
    country: str | None = None,
    bodies: Iterable[str] = (),
    cycle: int | None = None,
    themes: Iterable[str] = (),
    statuses: Iterable[str] = (),
    as_of: PartialDate | None = None,
) -> list[Recommendation]:
    """Return the recommendations of the store matching every given filter, in order (`brief recommendations`).

    `country`, `bodies` and `cycle` are their document's; a recommendation matches a theme
    when it carries it or a sub-theme; `statuses` are matched against its status as of
    `as_of` (`status_as_of`). Several bodies, themes or statuses match any of them.
    """
    bodies, themes, statuses = set(bodies), list(themes), set(statuses)
    found = []
    for recommendation in store.recommendations.values():
        document = store.sources[recommendation.source]
        if country and document.country != country:
            continue
        if bodies and document.body not in bodies:
            continue
        if cycle is not None and document.cycle != cycle:
            continue
        if themes and not any(recommendation.matches_theme(t) for t in themes):
            continue
        if statuses and status_as_of(store, recommendation, as_of) not in statuses:
            continue
        found.append(recommendation)
    return sorted(found, key=lambda r: recommendation_order(store, r))
