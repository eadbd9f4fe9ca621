"""Turn a style name into a Style: its folder, its checked settings, templates and optional reference.docx.

A style is a folder: the workspace's `styles/<name>/` first, then the styles
installed with the product. Its `style.yaml` holds the settings every renderer
shares (page, fonts, sizes, spacing, colours, justification). This is the style
stage: the file is read and checked here, once, every problem collected as
`path:line: field: message` (exit 3), into one frozen `StyleSettings`. Its
dataclasses declare the format (`compiler.declare`): each key, its check, its one
default (the un-submission value, as a file writes it) and its conversion (a length,
the page's sides in mm, a font's `word`). The renderers only convert its units: CSS values for HTML and PDF,
twips and points for DOCX; so the DOCX matches the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from compiler import yamlfile
from compiler.declare import build, computed, declaration, declared, fields_of
from compiler.errors import InputError, Problem
from compiler.schema import Checker, check_mapping
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


@dataclass(frozen=True)
class Length:
    """A length as written in style.yaml: an amount of a unit (mm, cm, in, pt, pc, px)."""

    amount: int | float
    unit: str

    @property
    def mm(self) -> float:
        """Return the length in millimetres."""
        return self.amount * MM_PER_UNIT[self.unit]


def _length(checked: tuple[int | float, str]) -> Length:
    return Length(*checked)


def _paper(checked: tuple[str, Orientation]) -> dict[str, Any]:
    """Return the page's size, orientation and sides in mm as laid out, of a checked `size` (landscape: the longer across)."""
    size, orientation = checked
    width, height = PAGE_SIZES_MM[size]
    if orientation == "landscape":
        width, height = height, width
    return {"size": size, "orientation": orientation, "width_mm": width, "height_mm": height}


def _margin(side: str) -> Any:
    return declared("length", f"The {side} margin.", written="25mm", convert=_length)


@declaration
@dataclass(frozen=True, kw_only=True)
class Margins:
    """The page margins."""

    top: Length = _margin("top")
    bottom: Length = _margin("bottom")
    left: Length = _margin("left")
    right: Length = _margin("right")


@declaration
@dataclass(frozen=True, kw_only=True)
class Page:
    """The paper: its size by name, its orientation, its sides in mm as laid out (landscape: the longer across)."""

    size: str = declared("page-size", "The page size, optionally followed by portrait or landscape.", written="A4",
                         choices=tuple(PAGE_SIZES_MM), convert=_paper, spread=True)
    orientation: Orientation = computed()
    width_mm: float = computed()
    height_mm: float = computed()
    margins: Margins = declared("object", "The page margins.", model=Margins)


@declaration
@dataclass(frozen=True, kw_only=True)
class Font:
    """A font: `family` for HTML and PDF, `word` for DOCX (the family unless set)."""

    family: str = declared("font-family", "The font of the HTML and PDF (embedded in the PDF).", required=True)
    word: str = declared("font-family", "The font the DOCX names; default: the family.", default="")

    def __post_init__(self) -> None:
        if not self.word:
            object.__setattr__(self, "word", self.family)


def _font(description: str) -> Any:
    return declared("object", description, model=Font, written={"family": "Liberation Serif", "word": "Times New Roman"})


@declaration
@dataclass(frozen=True, kw_only=True)
class Fonts:
    """The font of the text and that of the title and headings."""

    body: Font = _font("The font of the text.")
    heading: Font = _font("The font of the title and headings.")


def _size(what: str, points: int) -> Any:
    return declared("number", f"The size of the {what}, in points.", written=points, bounds=(4, 96))


@declaration
@dataclass(frozen=True, kw_only=True)
class Sizes:
    """Font sizes in points."""

    body: int | float = _size("text", 12)
    notes: int | float = _size("footnotes", 10)
    title: int | float = _size("title", 20)
    subtitle: int | float = _size("subtitle", 14)
    heading1: int | float = _size("part headings", 14)
    heading2: int | float = _size("subheadings", 12)


@declaration
@dataclass(frozen=True, kw_only=True)
class Spacing:
    """The line height (times the font size) and the space after a paragraph (points)."""

    line: int | float = declared("number", "The line height, times the font size.", written=1.15, bounds=(0.8, 3))
    after: int | float = declared("number", "The space after a paragraph, in points.", written=6, bounds=(0, 72))


def _colour(description: str) -> Any:
    return declared("colour", description, written="000000")


@declaration
@dataclass(frozen=True, kw_only=True)
class Colours:
    """Colours as six upper-case hex digits, without '#'."""

    text: str = _colour("The colour of the text.")
    accent: str = _colour("The colour of headings, rules and the cover band.")


NOTE_FORMS = ("un", "chicago-notes")
"""The built-in note forms (`compiler.document.forms`): the UN Editorial Manual's, and Chicago's notes and bibliography."""


@declaration
@dataclass(frozen=True, kw_only=True)
class Notes:
    """How footnotes cite sources."""

    form: str = declared("enum", "The note form: un (the UN Editorial Manual's) or chicago-notes.", choices=NOTE_FORMS,
                         written="un")
    ibid: bool = declared("boolean", "Whether a note citing the one source of the note before says \"Ibid.\" "
                          "(else the short form).", written=True)
    refer_back: bool = declared("boolean", "Whether the summary and the review of earlier recommendations refer to the "
                                "paragraph stating a fact (\"(para. 3)\") rather than cite its source again.", written=True)


@declaration
@dataclass(frozen=True, kw_only=True)
class Checks:
    """The thresholds of `brief check`'s editorial rules (docs/checks.md)."""

    self_sourcing: int | float = declared(
        "number", "The greatest share of notes, in per cent, that may cite the submitting organisations' own documents.",
        written=30, bounds=(0, 100))
    fact_age: int | float = declared(
        "number", "How many years before the start of the paper's period (or a section's since) a fact may be dated.",
        written=0, bounds=(0, 100))


@declaration
@dataclass(frozen=True, kw_only=True)
class StyleSettings:
    """The checked settings of one style.yaml, every default filled in: the declaration of the format of style.yaml.

    Its defaults, written as a file would write them, are the un-submission values (docs/styles.md).
    """

    name: str = declared("string", "The style's name, for people reading the file.", default="", compare=False)
    description: str = declared("string", "What the style is for, for people reading the file.", default="",
                                compare=False)
    page: Page = declared("object", "The paper.", model=Page)
    fonts: Fonts = declared("object", "The fonts.", model=Fonts)
    sizes: Sizes = declared("object", "Font sizes in points.", model=Sizes)
    spacing: Spacing = declared("object", "The spacing of paragraphs.", model=Spacing)
    colours: Colours = declared("object", "Colours as six hex digits.", model=Colours)
    justify: bool = declared("boolean", "Whether the text is justified (else ragged right).", written=True)
    notes: Notes = declared("object", "How footnotes cite sources.", model=Notes)
    checks: Checks = declared("object", "The thresholds of the editorial checks.", model=Checks)


STYLE_FIELDS = fields_of(StyleSettings)
"""The format of style.yaml, as StyleSettings declares it."""


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
    settings = build(StyleSettings, values)
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
