"""Turn a style's checked settings into a Look: page, fonts, sizes, spacing and colours in Word's units."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.document.model import Document
from compiler.style import StyleSettings

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4
HANG = 567  # 1 cm: the column in which paragraph numbers and part labels hang
MM_35 = 1984  # 35 mm: how far the rule above "Submitted by" stands in from each side on a centred cover


@dataclass(frozen=True)
class Look:
    """What style.yaml says about page, fonts, sizes, spacing and colours, in Word's units."""

    page_width: int
    page_height: int
    landscape: bool
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
    cover_centred: bool = True  # the default look's cover is centred, as un-submission's; a reference.docx's Title decides

    @property
    def text_width(self) -> int:
        """Return the width between the margins, in twips."""
        return self.page_width - self.margin_left - self.margin_right


def look_of(settings: StyleSettings) -> Look:
    """Return the checked style settings in Word's units."""
    page, sizes = settings.page, settings.sizes
    margins = {side: twips(length.mm) for side, length in vars(page.margins).items()}
    return Look(
        page_width=twips(page.width_mm), page_height=twips(page.height_mm), landscape=page.orientation == "landscape",
        margin_top=margins["top"], margin_bottom=margins["bottom"],
        margin_left=margins["left"], margin_right=margins["right"],
        body_font=settings.fonts.body.word, heading_font=settings.fonts.heading.word,
        body_size=float(sizes.body), notes_size=float(sizes.notes), title_size=float(sizes.title),
        subtitle_size=float(sizes.subtitle), heading1_size=float(sizes.heading1), heading2_size=float(sizes.heading2),
        line=float(settings.spacing.line), after=float(settings.spacing.after),
        text_colour=settings.colours.text, accent_colour=settings.colours.accent,
        justify=settings.justify,
    )


def twips(mm: float) -> int:
    """Return a length in millimetres in twips (twentieths of a point)."""
    return round(mm * TWIPS_PER_MM)


#: The region a bare language tag is spelt in, so that Word and LibreOffice pick the
#: dictionary the paper is written for: UN English is British (the UN Editorial Manual
#: follows the Oxford English Dictionary), French of France, Spanish of Spain, Russian of Russia.
DEFAULT_REGIONS = {"en": "GB", "fr": "FR", "es": "ES", "ru": "RU"}


def package_language(document: Document) -> str:
    """Return the paper's language tag for w:lang and the properties: "en" is "en-GB", "fr-CH" stays.

    A tag that names a region (or a script) is kept as the brief gives it; a bare one
    takes its region from DEFAULT_REGIONS, or stays bare when it has none there.
    """
    tag = document.meta.language or "en"
    if "-" in tag or tag.lower() not in DEFAULT_REGIONS:
        return tag
    return f"{tag.lower()}-{DEFAULT_REGIONS[tag.lower()]}"
