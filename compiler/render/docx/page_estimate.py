"""Turn paragraphs and their footnotes into estimated page numbers, for the saved result of the contents' page fields.

Average character widths by font and how much space each paragraph style takes
stand here; change them when the contents' page numbers drift from Word's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from compiler.render.docx.look import HANG, TWIPS_PER_PT, Look

# Average character width of running text, in ems, by font (others: 0.45).
CHAR_WIDTH_EM = {
    "times new roman": 0.40, "liberation serif": 0.40, "georgia": 0.47, "arial": 0.46, "liberation sans": 0.46,
    "helvetica": 0.46, "calibri": 0.42, "carlito": 0.42, "cambria": 0.44, "caladea": 0.44,
}
LINE_HEIGHT_EM = 1.15  # a single line of Times-, Arial- or Calibri-like fonts


@dataclass(frozen=True)
class Flow:
    """How a paragraph style takes up space: size and spacing in points, indent in twips."""

    size: float
    line: float
    before: float
    after: float
    indent: int = 0
    font: str = ""
    keep_next: bool = False


class PageEstimate:
    """Estimate the page on which each paragraph starts, by counting lines and footnote lines.

    LibreOffice works out the contents' PAGEREF fields itself, and Word on opening
    (settings.xml asks it to); a reader that updates no field shows their saved
    result, which is this estimate, right for most short papers.
    """

    def __init__(self, look: Look, first_page: int) -> None:
        self.look = look
        self.height = (look.page_height - look.margin_top - look.margin_bottom) / TWIPS_PER_PT
        self.page = first_page
        self.used = 0.0
        self.notes = 0.0

    def lines(self, chars: int, size: float, width_twips: int, font: str) -> int:
        """Return the number of lines `chars` characters take at `size` points on a width."""
        em = CHAR_WIDTH_EM.get(font.lower(), 0.45)
        per_line = max(1, int(width_twips / TWIPS_PER_PT / (size * em)))
        return max(1, -(-chars // per_line))

    def note_height(self, chars: int) -> float:
        """Return the height of one footnote of `chars` characters."""
        size = self.look.notes_size
        return self.lines(chars + 4, size, self.look.text_width, self.look.body_font) * size * LINE_HEIGHT_EM + 2

    def new_page(self) -> None:
        """Move on to the top of the next page."""
        self.page += 1
        self.used = 0.0
        self.notes = 0.0

    def flow(self, flow: Flow, chars: int, notes: Sequence[int], lines: int | None = None) -> int:
        """Lay out one paragraph (or a table row of `lines` lines); return the page on which it starts."""
        line = flow.size * LINE_HEIGHT_EM * flow.line
        if lines is None:
            lines = self.lines(chars, flow.size, self.look.text_width - flow.indent, flow.font or self.look.body_font)
        notes_height = sum(self.note_height(n) for n in notes)
        if notes and not self.notes:
            notes_height += self.look.notes_size * LINE_HEIGHT_EM + 4
        body_line = self.look.body_size * LINE_HEIGHT_EM * self.look.line
        needed = lines * line + 2 * body_line if flow.keep_next else min(lines, 2) * line
        if self.used and self.used + flow.before + needed + self.notes > self.height:
            self.new_page()
        start = self.page
        self.used += flow.before if self.used else 0
        for index in range(lines):
            extra = notes_height if index == lines - 1 else 0
            if self.used + line + self.notes + extra > self.height and self.used:
                self.new_page()
            self.used += line
        self.notes += notes_height
        self.used += flow.after
        return start


def flows(look: Look) -> dict[str, Flow]:
    """Return how each paragraph style takes up space, for the page estimate."""
    body = Flow(look.body_size, look.line, 0, look.after)
    return {
        "Normal": body,
        "heading 1": Flow(look.heading1_size, 1.0, 18, 6, font=look.heading_font, keep_next=True),
        "heading 2": Flow(look.heading2_size, 1.0, 12, 6, font=look.heading_font, keep_next=True),
        "List Bullet": replace(body, indent=HANG),
        "Recommendation": replace(body, indent=2 * HANG),
        "Recommendations Heading": replace(body, before=6, keep_next=True),
        "Bibliography": replace(body, indent=HANG),
        "Organisation": replace(body, before=12, after=3, keep_next=True),
        "Table Text": Flow(look.notes_size + 1, 1.0, 0, 4),
    }
