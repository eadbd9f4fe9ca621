"""Turn a Document into its word counts, as the secretariat counts them in Word: body and notes, not cover or contents.

The words are those of the text the DOCX carries (what a secretariat officer counts
with Word's Review > Word Count, "include textboxes, footnotes and endnotes" ticked),
less the cover and the contents page where the paper has them: every part's heading,
its text (summary, introduction, sections, tables, recommendations, sources, contacts
with their short names), and the title where the paper has no cover page (it then opens
the text). Automatic numbers (part numerals, paragraph and note numbers, bullets, list
letters: Word's lists) are not text, and Word does not count them.

A word is what Word counts: a run of characters between spaces, tabs or paragraph ends
that holds a letter or a digit. So "state-run", "A/HRC/28/10", an address and "1,000"
are one word each, "p. 3" is two, a spaced dash is none, and a no-break space joins
(French "Kazakhstan :" and "10 000" are one word, as in Word). tests/
test_wordcount_independent.py counts the built DOCX of every sample this way and finds
the same numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.document.model import Contacts, Document, Note, block_contents, plain_text, walk

# Word's separators: the Unicode spaces, less the no-break ones (U+00A0, U+2007, U+202F), which join
_SPACES = re.compile(r"[ \t\n\r\f\v\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")
_WORDLIKE = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class WordCount:
    """Words of the body and of the notes."""

    body: int
    notes: int

    @property
    def total(self) -> int:
        """Return body and notes together."""
        return self.body + self.notes


def words_in(text: str) -> int:
    """Return the number of words of `text`, as Word counts them."""
    return sum(1 for token in _SPACES.split(text) if _WORDLIKE.search(token))


def count_words(document: Document) -> WordCount:
    """Return the words of the body and of the notes of `document`."""
    body = notes = 0
    if not document.cover_page:
        body += words_in(document.cover.title)
    for part in document.parts:
        body += words_in(plain_text(part.title))  # a part's numeral is Word's list number, not text
        for block in part.blocks:
            if getattr(block, "heading", ""):
                body += words_in(block.heading)
            if isinstance(block, Contacts):
                body += sum(words_in(o.name) + words_in(o.short) for o in block.organisations)
            for content in block_contents(block):
                body += words_in(plain_text(content))
                notes += sum(words_in(plain_text(n.content)) for n in walk(content) if isinstance(n, Note))
    return WordCount(body, notes)
