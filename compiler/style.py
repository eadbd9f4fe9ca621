"""Turn a style name into a Style: its folder, its checked settings, templates and optional reference.docx.

A style is a folder: the workspace's `styles/<name>/` first, then the styles
installed with the product. Its `style.yaml` holds the settings every renderer
shares (page, fonts, sizes, spacing, colours, justification). This is the style
stage: the file is read and checked here, once, against `STYLE_FIELDS`, every
problem collected as `path:line: field: message` (exit 3), into one frozen
`StyleSettings` with one set of defaults (the un-submission values, given by the
fields). The renderers only convert its units: CSS values for HTML and PDF,
twips and points for DOCX; so the DOCX matches the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from compiler import yamlfile
from compiler.errors import InputError, Problem
from compiler.schema import Checker, Field, check_mapping, check_value
from compiler.workspace import PACKAGE_DIR, display

ASSETS_DIR = PACKAGE_DIR / "assets"

#: The page sizes every renderer supports, portrait (width, height) in mm, as CSS Paged Media defines them.
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "B4": (250, 353), "B5": (176, 250),
    "Letter": (215.9, 279.4), "Legal": (215.9, 355.6), "Ledger": (279.4, 431.8),
}
#: Millimetres in one unit of each length a style may use.
MM_PER_UNIT: dict[str, float] = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96}

Orientation = Literal["portrait", "landscape"]


FONT_FIELDS: tuple[Field, ...] = (
    Field("family", "font-family", "The font of the HTML and PDF (embedded in the PDF).", required=True),
    Field("word", "font-family", "The font the DOCX names; default: the family."),
)
_FONT_DEFAULT = {"family": "Liberation Serif", "word": "Times New Roman"}
_SIDES = ("top", "bottom", "left", "right")

STYLE_FIELDS: tuple[Field, ...] = (
    Field("name", "string", "The style's name, for people reading the file."),
    Field("description", "string", "What the style is for, for people reading the file."),
    Field("page", "object", "The paper.", fields=(
        Field("size", "page-size", "The page size, optionally followed by portrait or landscape.", default="A4",
              choices=tuple(PAGE_SIZES_MM)),
        Field("margins", "object", "The page margins.", fields=tuple(
            Field(side, "length", f"The {side} margin.", default="25mm") for side in _SIDES)),
    )),
    Field("fonts", "object", "The fonts.", fields=(
        Field("body", "object", "The font of the text.", fields=FONT_FIELDS,
              default=_FONT_DEFAULT),
        Field("heading", "object", "The font of the title and headings.", fields=FONT_FIELDS,
              default=_FONT_DEFAULT),
    )),
    Field("sizes", "object", "Font sizes in points.", fields=tuple(
        Field(key, "number", f"The size of the {what}, in points.", default=default, bounds=(4, 96))
        for key, what, default in (("body", "text", 12), ("notes", "footnotes", 10), ("title", "title", 20),
                                   ("subtitle", "subtitle", 14), ("heading1", "part headings", 14),
                                   ("heading2", "subheadings", 12)))),
    Field("spacing", "object", "The spacing of paragraphs.", fields=(
        Field("line", "number", "The line height, times the font size.", default=1.15, bounds=(0.8, 3)),
        Field("after", "number", "The space after a paragraph, in points.", default=6, bounds=(0, 72)),
    )),
    Field("colours", "object", "Colours as six hex digits.", fields=(
        Field("text", "colour", "The colour of the text.", default="000000"),
        Field("accent", "colour", "The colour of headings, rules and the cover band.", default="000000"),
    )),
    Field("justify", "boolean", "Whether the text is justified (else ragged right).", default=True),
)
"""The format of style.yaml, its defaults the un-submission values (docs/styles.md)."""


@dataclass(frozen=True)
class Length:
    """A length as written in style.yaml: an amount of a unit (mm, cm, in, pt, pc, px)."""

    amount: int | float
    unit: str

    @property
    def mm(self) -> float:
        """Return the length in millimetres."""
        return self.amount * MM_PER_UNIT[self.unit]


@dataclass(frozen=True)
class Margins:
    """The page margins."""

    top: Length
    bottom: Length
    left: Length
    right: Length


@dataclass(frozen=True)
class Page:
    """The paper: its size by name, its orientation, its sides in mm as laid out (landscape: the longer across)."""

    size: str
    orientation: Orientation
    width_mm: float
    height_mm: float
    margins: Margins


@dataclass(frozen=True)
class Font:
    """A font: `family` for HTML and PDF, `word` for DOCX (the family unless set)."""

    family: str
    word: str


@dataclass(frozen=True)
class Fonts:
    """The font of the text and that of the title and headings."""

    body: Font
    heading: Font


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points."""

    body: int | float
    notes: int | float
    title: int | float
    subtitle: int | float
    heading1: int | float
    heading2: int | float


@dataclass(frozen=True)
class Spacing:
    """The line height (times the font size) and the space after a paragraph (points)."""

    line: int | float
    after: int | float


@dataclass(frozen=True)
class Colours:
    """Colours as six upper-case hex digits, without '#'."""

    text: str
    accent: str


@dataclass(frozen=True)
class StyleSettings:
    """The checked settings of one style.yaml, every default filled in."""

    page: Page
    fonts: Fonts
    sizes: Sizes
    spacing: Spacing
    colours: Colours
    justify: bool


@dataclass(frozen=True)
class Style:
    """One style folder and its checked settings."""

    name: str
    folder: Path
    settings: StyleSettings

    @property
    def reference_docx(self) -> Path | None:
        """Return the style's reference.docx, if it has one."""
        path = self.folder / "reference.docx"
        return path if path.is_file() else None


def _complete(values: dict, fields: tuple[Field, ...]) -> dict[str, Any]:
    """Return the checked `values` with every missing key given its field's default, checked the same way."""
    out: dict[str, Any] = {}
    for spec in fields:
        if spec.name in values and spec.type == "object":
            out[spec.name] = _complete(values[spec.name], spec.fields)
        elif spec.name in values:
            out[spec.name] = values[spec.name]
        elif spec.default is not None:
            out[spec.name] = check_value(spec.default, spec, spec.name, 0, Checker(""))
            if spec.type == "object":
                out[spec.name] = _complete(out[spec.name], spec.fields)
        elif spec.type == "object":
            out[spec.name] = _complete({}, spec.fields)
    return out


def _settings(values: dict[str, Any]) -> StyleSettings:
    """Return the typed settings of checked and completed `values`."""
    page = values["page"]
    size, orientation = page["size"]
    width, height = PAGE_SIZES_MM[size]
    if orientation == "landscape":
        width, height = height, width
    margins = Margins(**{side: Length(*page["margins"][side]) for side in _SIDES})
    fonts = {role: Font(font["family"], font.get("word", font["family"])) for role, font in values["fonts"].items()}
    return StyleSettings(
        page=Page(size, orientation, width, height, margins),
        fonts=Fonts(**fonts),
        sizes=Sizes(**values["sizes"]),
        spacing=Spacing(**values["spacing"]),
        colours=Colours(**values["colours"]),
        justify=values["justify"],
    )


def _margin_problems(raw: Any, settings: StyleSettings, checker: Checker) -> None:
    """Record a problem when the margins leave no room on the page."""
    page = settings.page
    margins = page.margins
    line = getattr(raw, "key_lines", {}).get("page", 1)
    if isinstance(raw, dict) and isinstance(raw.get("page"), dict):
        line = getattr(raw["page"], "key_lines", {}).get("margins", line)
    for across, first, second, side in (("width", margins.left, margins.right, page.width_mm),
                                        ("height", margins.top, margins.bottom, page.height_mm)):
        if first.mm + second.mm > side - 20:
            checker.add(line, "page.margins", f"the margins leave less than 20mm of the page's {across} "
                                              f"({side:g}mm) to write on")


def read_settings(path: Path) -> tuple[StyleSettings | None, list[Problem]]:
    """Return the checked settings of the style.yaml at `path` and every problem of it (None when any is an error)."""
    shown = display(path)
    raw, problems, _ = yamlfile.read(path, shown)
    checker = Checker(shown, problems)
    if raw is None and problems:
        return None, checker.problems
    values = check_mapping({} if raw is None else raw, STYLE_FIELDS, "", 1, checker)
    if values is None or checker.problems:
        return None, checker.problems
    settings = _settings(_complete(values, STYLE_FIELDS))
    _margin_problems(raw, settings, checker)
    return (None if checker.problems else settings), checker.problems


def builtin_styles_dir() -> Path:
    """Return the folder of the styles installed with the product."""
    installed = PACKAGE_DIR / "styles"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "styles"


def style_names(workspace_styles: Path | None) -> list[str]:
    """Return the names of every style available, the workspace's first."""
    names: list[str] = []
    for folder in (workspace_styles, builtin_styles_dir()):
        if folder is not None and folder.is_dir():
            names += [p.name for p in sorted(folder.iterdir()) if (p / "style.yaml").is_file() and p.name not in names]
    return names


def find_style(name: str, workspace_styles: Path | None) -> Style:
    """Return the style called `name`, its settings checked; raise InputError with every problem of its style.yaml,
    or listing the styles available when there is none of that name."""
    for folder in (workspace_styles, builtin_styles_dir()):
        if folder is None:
            continue
        candidate = folder / name
        if (candidate / "style.yaml").is_file():
            settings, problems = read_settings(candidate / "style.yaml")
            if settings is None:
                raise InputError(problems)
            return Style(name, candidate.resolve(), settings)
    raise InputError(Problem("", None, "style", f"no style '{name}'; available: {', '.join(style_names(workspace_styles))}"))
