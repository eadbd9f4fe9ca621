"""Turn a text of the paper into the text WeasyPrint lays out: soft hyphens where a word may be hyphenated.

WeasyPrint 70 hyphenates (`hyphens: auto`) every word long enough with pyphen, names
too ("Zhana-ozen", "Mam-betalin"), and CSS has no switch for words that begin with a
capital letter. So the print HTML does the hyphenation itself: `soft_hyphens` puts a
soft hyphen (U+00AD) at each of pyphen's hyphenation points of each word that begins
with a lower-case letter, within the paper's limits (`LIMIT_CHARS`: a word of six
letters at least, three before and after a break, as base.css asks on screen), and
base.css lays the paper out with `hyphens: manual`, where a line breaks inside a word
only at a soft hyphen and prints a hyphen there. A word that begins with a capital
letter, a number, an address (links are not passed here) and code are never
hyphenated. The soft hyphens print nothing and are not in the PDF's text. Measured on
the sample papers, layout takes about 3 % longer than with WeasyPrint's own
hyphenation (docs/performance.md).
"""

from __future__ import annotations

import re

import pyphen

#: The least letters of a word hyphenated, and the least before and after a break (CSS `hyphenate-limit-chars`).
LIMIT_CHARS = (6, 3, 3)
SOFT_HYPHEN = "\u00ad"

_WORD = re.compile(r"[^\W\d_]+")


def dictionary_for(language: str) -> pyphen.Pyphen | None:
    """Return pyphen's dictionary for `language` (a BCP 47 tag) with the paper's limits, or None when it has none.

    pyphen reads each dictionary file once per process and keeps the words it has
    hyphenated; a Pyphen is only a view of it with the limits.
    """
    found = pyphen.language_fallback(language) if language else None
    if found is None:
        return None
    _, left, right = LIMIT_CHARS
    return pyphen.Pyphen(lang=found, left=left, right=right)


def soft_hyphens(text: str, dictionary: pyphen.Pyphen | None) -> str:
    """Return `text` with a soft hyphen at each hyphenation point of each word that begins with a lower-case letter."""
    if dictionary is None:
        return text

    def hyphenated(match: re.Match) -> str:
        word = match.group(0)
        if len(word) < LIMIT_CHARS[0] or not word[0].islower():
            return word
        # a point that changes the letters (pyphen's non-standard hyphenation) is not taken
        points = [point for point in dictionary.positions(word) if getattr(point, "data", None) is None]
        for point in reversed(points):
            word = word[:point] + SOFT_HYPHEN + word[point:]
        return word

    return _WORD.sub(hyphenated, text)
