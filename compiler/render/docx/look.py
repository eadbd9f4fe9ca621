"""Turn a style's `style.yaml` settings into a Look: page, fonts, sizes, spacing and colours in Word's units."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from compiler.document.model import Document
from compiler.errors import InputError, Problem
from compiler.style import Style

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4
HANG = 567  # 1 cm: the column in which paragraph numbers and part labels hang
PAGE_SIZES_MM = {"a4": (210.0, 297.0), "a5": (148.0, 210.0), "letter": (215.9, 279.4), "legal": (215.9, 355.6)}


@dataclass(frozen=True)
class Look:
    """What style.yaml says about page, fonts, sizes, spacing and colours, in Word's units."""

    page_width: int
    page_height: int
    margin_top: int
    margin_bottom: int
    margin_left: int
    margin_right: int
    body_font: str
    heading_font: str
    body_size: float
    notes_size: float
    title_size: float
    subtitle_size: float
    heading1_size: float
    heading2_size: float
    line: float
    after: float
    text_colour: str
    accent_colour: str
    justify: bool

    @property
    def text_width(self) -> int:
        """Return the width between the margins, in twips."""
        return self.page_width - self.margin_left - self.margin_right


def look_of(style: Style) -> Look:
    """Return the Look of `style`, or raise InputError naming the setting that is wrong."""
    shown = str(style.folder / "style.yaml")

    def wrong(key: str, message: str) -> InputError:
        return InputError(Problem(shown, None, key, message))

    size_name = str(style.get("page.size", "A4"))
    if size_name.lower() not in PAGE_SIZES_MM:
        raise wrong("page.size", f"expected one of A4, A5, Letter, Legal; got '{size_name}'")
    width_mm, height_mm = PAGE_SIZES_MM[size_name.lower()]
    margins = {side: length_twips(style.get(f"page.margins.{side}", "25mm"), wrong, f"page.margins.{side}")
               for side in ("top", "bottom", "left", "right")}
    return Look(
        page_width=round(width_mm * TWIPS_PER_MM), page_height=round(height_mm * TWIPS_PER_MM),
        margin_top=margins["top"], margin_bottom=margins["bottom"],
        margin_left=margins["left"], margin_right=margins["right"],
        body_font=word_font(style.get("fonts.body"), "Times New Roman"),
        heading_font=word_font(style.get("fonts.heading"), word_font(style.get("fonts.body"), "Times New Roman")),
        body_size=points(style, "sizes.body", 12, wrong), notes_size=points(style, "sizes.notes", 10, wrong),
        title_size=points(style, "sizes.title", 20, wrong), subtitle_size=points(style, "sizes.subtitle", 14, wrong),
        heading1_size=points(style, "sizes.heading1", 14, wrong), heading2_size=points(style, "sizes.heading2", 12, wrong),
        line=points(style, "spacing.line", 1.15, wrong), after=points(style, "spacing.after", 6, wrong),
        text_colour=colour(style, "colours.text", "000000", wrong),
        accent_colour=colour(style, "colours.accent", "000000", wrong),
        justify=bool(style.get("justify", False)),
    )


def length_twips(value: Any, wrong: Callable[[str, str], InputError], key: str) -> int:
    """Return a length such as "22mm", "2.5cm", "1in" or "72pt" in twips."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*", str(value))
    if not match:
        raise wrong(key, f"expected a length such as 25mm, 2.5cm, 1in or 72pt; got '{value}'")
    number, unit = float(match.group(1)), match.group(2)
    factor = {"mm": TWIPS_PER_MM, "cm": 10 * TWIPS_PER_MM, "in": 1440.0, "pt": float(TWIPS_PER_PT)}[unit]
    return round(number * factor)


def word_font(setting: Any, default: str) -> str:
    """Return the font name Word should use: the `word` name of a font setting, else its family."""
    if isinstance(setting, Mapping):
        return str(setting.get("word") or setting.get("family") or default)
    return str(setting) if setting else default


def points(style: Style, key: str, default: float, wrong: Callable[[str, str], InputError]) -> float:
    """Return the positive number setting `key`."""
    value = style.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise wrong(key, f"expected a positive number; got '{value}'")
    return float(value)


def colour(style: Style, key: str, default: str, wrong: Callable[[str, str], InputError]) -> str:
    """Return the colour setting `key` as six hexadecimal digits."""
    value = str(style.get(key, default)).lstrip("#")
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        raise wrong(key, f"expected a colour as six hexadecimal digits such as 1F5C99; got '{value}'")
    return value.upper()


def package_language(document: Document) -> str:
    """Return the paper's language tag for w:lang ("en", "fr-CH" ...)."""
    return document.meta.language or "en"
