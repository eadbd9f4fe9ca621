"""Turn a Document into its word counts, as UN bodies count: body and notes, not cover or contents.

The body is every part's heading and text (summary, introduction, sections,
recommendations, sources, contacts), and the title where the paper has no cover page
(it then opens the text); paragraph numbers are not words; the notes
are the footnotes' texts. A word is a run of letters or digits, joined by inner
hyphens, apostrophes or dots ("state-run", "Kazakhstan's", "p. 3" is two words),
which is how word processors count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.document.model import Document, Note, block_contents, plain_text, walk

_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*", re.UNICODE)


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
    """Return the number of words of `text`."""
    return len(_WORD.findall(text))


def count_words(document: Document) -> WordCount:
    """Return the words of the body and of the notes of `document`."""
    body = notes = 0
    if not document.cover_page:
        body += words_in(document.cover.title)
    for part in document.parts:
        body += words_in(plain_text(part.title))
        for block in part.blocks:
            if hasattr(block, "heading") and getattr(block, "heading"):
                body += words_in(block.heading)
            if hasattr(block, "organisations"):
                body += sum(words_in(o.name) for o in block.organisations)
            for content in block_contents(block):
                body += words_in(plain_text(content))
                notes += sum(words_in(plain_text(n.content)) for n in walk(content) if isinstance(n, Note))
    return WordCount(body, notes)
