"""Turn a Document into HTML: a standalone page for screens, and the page WeasyPrint lays out for print.

The inlines of the Document become safe HTML here, in Python: every Text is escaped
with markupsafe, a Link is kept only for http(s) and mailto addresses, and a Note
becomes the footnote markup of the medium (a `float: footnote` span for print, a
call and an endnote for screens). The style's templates then receive only data and
`Markup`: user text is never template source.

Templates run in a sandboxed, autoescaping Jinja2 environment whose loader searches
the style folder first, then the product's `compiler/assets/templates/`: a style
folder's `paper.html` extends the product's `base.html` (cover, contents, parts,
blocks) and its `paper.css` refines the product's `base.css` (fonts, footnotes,
page furniture). A style folder copied on its own therefore always works, and may
override any of the product's templates by holding a file of the same name. A
template is read only when it is a regular file inside the style folder or the
product's assets once symbolic links are resolved (the PDF's URL fetch rule), and the
page the templates write is bounded (MAX_HTML_CHARS): a hostile style reads no other
file and cannot write without end.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal

import jinja2
import jinja2.sandbox
from markupsafe import Markup, escape

from compiler import __version__
from compiler.document.model import (
    BulletList,
    Code,
    Contacts,
    Document,
    Emph,
    Inline,
    LineBreak,
    Link,
    Note,
    Paragraph,
    Part,
    Recommendations,
    SourceList,
    Strong,
    Subheading,
    Superscript,
    Table,
    Text,
    plain_text,
)
from compiler.errors import Problem, RenderError
from compiler.render import Rendered
from compiler.render.fetch import FetchPolicy, FetchRefused
from compiler.render.hyphenation import dictionary_for, soft_hyphens
from compiler.style import ASSETS_DIR, Style

if TYPE_CHECKING:
    from pyphen import Pyphen

__all__ = [
    "EXTENSION", "render", "print_html", "page_html", "inline_html", "style_settings", "TEMPLATES_DIR", "FONTS_DIR",
]

EXTENSION = "html"

#: The largest page the templates may write (a real paper's is under 2 MB): a style cannot fill the disk or the memory.
MAX_HTML_CHARS = 50_000_000

Medium = Literal["screen", "print"]

TEMPLATES_DIR = ASSETS_DIR / "templates"
FONTS_DIR = ASSETS_DIR / "fonts"

#: The fonts shipped with the product, declared with @font-face for print: (family, file stem).
BUNDLED_FONTS: tuple[tuple[str, str], ...] = (("Liberation Serif", "LiberationSerif"), ("Liberation Sans", "LiberationSans"))
_FACES: tuple[tuple[str, str, str], ...] = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)

#: The longest run of characters without a break the print HTML keeps whole (a line holds about 80).
MAX_UNBROKEN = 60
_UNBROKEN = re.compile(r"[^\s\u00ad\u200b/.?&=-]{%d,}" % (MAX_UNBROKEN + 1))  # an address breaks after / . ? & = -
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s\x00-\x1f\x7f]*$", re.IGNORECASE)
_CSS_STRING_SAFE = re.compile(r"[\w .,:;()/+*!?-]", re.UNICODE)

# --- inlines -------------------------------------------------------------------------


@dataclass
class InlineWriter:
    """Write inlines as HTML for one medium, collecting the notes met on the way (for screen endnotes)."""

    medium: Medium
    notes: list[dict[str, Any]] = field(default_factory=list)
    dictionary: Pyphen | None = None  # in print: the hyphenation points to mark (compiler.render.hyphenation)

    def write(self, inlines: tuple[Inline, ...]) -> Markup:
        """Return `inlines` as safe HTML."""
        return Markup("").join(self.inline(node) for node in inlines)

    def inline(self, node: Inline) -> Markup:
        """Return one inline as safe HTML."""
        if isinstance(node, Text):
            if self.dictionary is not None:
                return escape(breakable(soft_hyphens(node.text, self.dictionary)))
            return escape(breakable(node.text) if self.medium == "print" else node.text)
        if isinstance(node, Emph):
            return Markup("<em>%s</em>") % self.write(node.children)
        if isinstance(node, Strong):
            return Markup("<strong>%s</strong>") % self.write(node.children)
        if isinstance(node, Superscript):
            return Markup("<sup>%s</sup>") % self.write(node.children)
        if isinstance(node, Code):
            return Markup("<code>%s</code>") % (breakable(node.text) if self.medium == "print" else node.text)
        if isinstance(node, LineBreak):
            return Markup("<br>")
        if isinstance(node, Link):
            inner = InlineWriter(self.medium).write(node.children)  # an address is never hyphenated
            if _SAFE_URL.match(node.url):
                return Markup('<a href="%s">%s</a>') % (node.url, inner)
            return inner
        if isinstance(node, Note):
            return self.note(node)
        raise RenderError(Problem("", None, "", f"cannot render inline {type(node).__name__}"))

    def note(self, note: Note) -> Markup:
        """Return a note as its call (screen) or as its floated footnote (print)."""
        writer = InlineWriter(self.medium, dictionary=self.dictionary)
        content = writer.write(tuple(n for n in note.content if not isinstance(n, Note)))
        number = note.number
        if self.medium == "print":
            # A word joiner keeps the call on the line of the word it follows.
            return Markup('&#8288;<span class="fn" id="fn-%d" data-note="%d">%s</span>') % (number, number, content)
        self.notes.append({"number": number, "html": content})
        return Markup('<a class="fn-call" href="#fn-%d" id="fnref-%d" role="doc-noteref"><sup>%d</sup></a>') % (
            number, number, number)


def breakable(text: str) -> str:
    """Return `text` with a zero-width space after every MAX_UNBROKEN characters of a run that has no break.

    A run with no space, soft hyphen, hyphen, nor one of the characters an address breaks
    after (`/ . ? & =`), longer than any line would run
    off the page of the PDF, clipped. A real word or address is never that long, and
    keeps its own breaks: CSS `overflow-wrap` is no remedy, as WeasyPrint then prints no
    hyphen where it breaks a line at a soft hyphen.
    """
    if len(text) <= MAX_UNBROKEN:
        return text
    return _UNBROKEN.sub(lambda run: "\u200b".join(run[0][i:i + MAX_UNBROKEN]
                                                     for i in range(0, len(run[0]), MAX_UNBROKEN)), text)


def inline_html(inlines: tuple[Inline, ...], medium: Medium = "screen") -> Markup:
    """Return `inlines` as safe HTML for `medium` (notes as calls on screen, as floated footnotes in print)."""
    return InlineWriter(medium).write(inlines)


# --- blocks and parts ------------------------------------------------------------------


@dataclass
class BlockWriter:
    """Turn parts and blocks into plain dicts of Markup that the templates lay out."""

    inlines: InlineWriter
    serial: int = 0

    def next_block(self) -> int:
        """Return the next block serial, the `data-block` the PDF renderer uses to target one paragraph or item."""
        self.serial += 1
        return self.serial

    def part(self, part: Part) -> dict[str, Any]:
        """Return one part as template data."""
        return {
            "kind": part.kind,
            "label": part.label,
            "title": self.inlines.write(part.title),
            "title_text": plain_text(part.title),
            "anchor": part.anchor,
            "theme": part.theme,
            "blocks": [self.block(b) for b in part.blocks],
        }

    def items(self, items: tuple[Any, ...]) -> list[dict[str, Any]]:
        """Return list items as template data."""
        return [{"html": self.inlines.write(i.content), "facts": " ".join(i.facts), "block": self.next_block()} for i in items]

    def block(self, block: Any) -> dict[str, Any]:
        """Return one block as template data, its `type` naming the macro that draws it."""
        if isinstance(block, Paragraph):
            return {"type": "paragraph", "number": block.number, "role": block.role, "facts": " ".join(block.facts),
                    "html": self.inlines.write(block.content), "block": self.next_block()}
        if isinstance(block, BulletList):
            return {"type": "bullets", "entries": self.items(block.items)}
        if isinstance(block, Recommendations):
            return {"type": "recommendations", "heading": block.heading, "entries": self.items(block.items)}
        if isinstance(block, Subheading):
            return {"type": "subheading", "html": self.inlines.write(block.content), "text": plain_text(block.content),
                    "anchor": block.anchor}
        if isinstance(block, SourceList):
            return {"type": "sources", "entries": [
                {"id": e.id, "html": self.inlines.write(e.content), "block": self.next_block()} for e in block.entries]}
        if isinstance(block, Contacts):
            return {"type": "contacts", "organisations": [
                {"name": o.name, "short": o.short, "about": self.inlines.write(o.about),
                 "contact": self.inlines.write(o.contact), "block": self.next_block()} for o in block.organisations]}
        if isinstance(block, Table):
            return self.table(block)
        raise RenderError(Problem("", None, "", f"cannot render block {type(block).__name__}"))

    def table(self, table: Table) -> dict[str, Any]:
        """Return a table as template data: column widths in per cent, header cells, rows (each a `data-block`)."""
        columns = len(table.header)
        widths = table.widths if len(table.widths) == columns else (1,) * columns
        total = sum(widths) or 1
        return {
            "type": "table",
            "widths": [round(100 * w / total, 2) for w in widths],
            "header": [self.inlines.write(cell) for cell in table.header],
            "rows": [{"cells": [self.inlines.write(cell) for cell in row.cells], "records": " ".join(row.records),
                      "block": self.next_block()} for row in table.rows],
        }


# --- style settings ------------------------------------------------------------------


def css_string(text: str) -> Markup:
    """Return `text` as a quoted CSS string, every character but letters, digits and plain punctuation hex-escaped."""
    out = ['"']
    for char in text:
        out.append(char if _CSS_STRING_SAFE.fullmatch(char) else f"\\{ord(char):x} ")
    out.append('"')
    return Markup("".join(out))


def page_of_content(label: str) -> Markup:
    """Return the label "page {page} of {pages}" as a CSS content value with the page counters."""
    pieces: list[str] = []
    for i, piece in enumerate(re.split(r"\{(pages|page)\}", label)):
        if i % 2:
            pieces.append(f"counter({piece})")
        elif piece:
            pieces.append(css_string(piece))
    return Markup(" ".join(pieces) or '""')


def style_settings(style: Style) -> dict[str, Any]:
    """Return the style's checked settings as the templates use them: CSS lengths, page size and `#RRGGBB` colours.

    Every value is safe inside CSS: the style stage checked each against its pattern.
    """
    settings = style.settings
    page = settings.page
    accent = f"#{settings.colours.accent}"
    return {
        "name": style.name,
        "page": {
            "size": page.size if page.orientation == "portrait" else f"{page.size} {page.orientation}",
            "margins": {side: f"{length.amount}{length.unit}" for side, length in vars(page.margins).items()},
        },
        "fonts": {"body": settings.fonts.body.family, "heading": settings.fonts.heading.family},
        "sizes": dict(vars(settings.sizes)),
        "spacing": dict(vars(settings.spacing)),
        "colours": {"text": f"#{settings.colours.text}", "accent": accent, "accent_tint": tint(accent, 0.1)},
        "justify": settings.justify,
    }


def tint(colour: str, strength: float) -> str:
    """Return `colour` ("#RRGGBB") mixed with white, keeping `strength` (0..1) of it."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * strength):02X}" for c in channels)


def font_faces(medium: Medium, families: set[str] | None = None) -> list[dict[str, str]]:
    """Return the @font-face declarations of the bundled fonts for print (none for screens: the page stays standalone).

    With `families`, only those the style uses are declared: WeasyPrint loads every
    declared face, and each costs time at every layout.
    """
    if medium != "print":
        return []
    return [{"family": family, "url": (FONTS_DIR / f"{stem}-{face}.ttf").as_uri(), "weight": weight, "style": slant}
            for family, stem in BUNDLED_FONTS if families is None or family in families
            for face, weight, slant in _FACES]


# --- the page ------------------------------------------------------------------------


class StyleLoader(jinja2.BaseLoader):
    """Load templates from the style folder, then the product's: only regular files inside the style folder or the
    product's assets, judged after resolving symbolic links (the rule of the PDF's URL fetcher, `FetchPolicy`)."""

    def __init__(self, style: Style) -> None:
        self.folders = (style.folder, TEMPLATES_DIR)
        self.policy = FetchPolicy.for_folders(style.folder, ASSETS_DIR)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """Return the text of `template`; raise TemplateNotFound, or FetchRefused for a file outside the folders."""
        pieces = jinja2.loaders.split_template_path(template)  # refuses '..'
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            resolved = self.policy.allowed_file(path, f"read the template {template!r}")
            if resolved.stat().st_size > MAX_HTML_CHARS:
                raise FetchRefused(f"refused to read the template {template!r}: larger than {MAX_HTML_CHARS:,} bytes")
            return resolved.read_text(encoding="utf-8"), str(path), lambda: True
        raise jinja2.TemplateNotFound(template)


def environment(style: Style) -> jinja2.sandbox.SandboxedEnvironment:
    """Return the sandboxed, autoescaping environment that loads the style's templates, then the product's."""
    loader = StyleLoader(style)
    return jinja2.sandbox.SandboxedEnvironment(
        autoescape=True, loader=loader, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)


def page_html(document: Document, style: Style, medium: Medium) -> str:
    """Return the whole HTML page of `document` in `style`, for `medium` ("screen" or "print")."""
    inlines = InlineWriter(medium, dictionary=dictionary_for(document.meta.language) if medium == "print" else None)
    blocks = BlockWriter(inlines)
    parts = [blocks.part(p) for p in document.parts]
    meta = document.meta
    settings = style_settings(style)
    context = {
        "medium": medium,
        "version": __version__,
        "style": settings,
        "fonts": font_faces(medium, {settings["fonts"]["body"], settings["fonts"]["heading"]}),
        "meta": {
            "title": meta.title, "short_title": meta.short_title, "authors": list(meta.authors),
            "language": meta.language, "date": meta.date.isoformat(), "subject": meta.subject,
            "keywords": list(meta.keywords),
        },
        "cover": {
            "title": inlines.write(document.cover.title_inlines()), "subtitle": inlines.write(document.cover.subtitle_inlines()),
            "country": document.cover.country,
            "date": document.cover.date, "organisations": list(document.cover.organisations),
            "submitted_by": document.cover.submitted_by,
        },
        "cover_page": document.cover_page,
        "contents_page": document.contents_page,
        "parts": parts,
        "notes": inlines.notes,
        "label": document.label,
        "css": {
            "short_title": css_string(meta.short_title),
            "page_of": page_of_content(document.label("page_of")),
        },
    }
    try:
        template = environment(style).select_template(["paper.html", "base.html"])
        return bounded(template.generate(context), style)
    except jinja2.TemplateError as error:
        name = getattr(error, "filename", None) or getattr(error, "name", None) or "paper.html"
        line = getattr(error, "lineno", None)
        raise RenderError(Problem(str(name), line, "", f"template error: {error.message or error}")) from error
    except FetchRefused as error:
        raise RenderError(Problem(str(style.folder), None, "", f"template error: {error}")) from error
    except UnicodeDecodeError as error:
        raise RenderError(Problem(str(style.folder), None, "", f"template error: a template is not UTF-8 text ({error.reason})")) from error


def bounded(pieces: Iterator[str], style: Style) -> str:
    """Return the page the templates write piece by piece, or raise RenderError once it passes MAX_HTML_CHARS."""
    out: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_HTML_CHARS:
            raise RenderError(Problem(str(style.folder), None, "", f"the style's templates write a page larger than "
                                      f"{MAX_HTML_CHARS:,} characters, the limit; it is not rendered"))
        out.append(piece)
    return "".join(out)


def print_html(document: Document, style: Style) -> str:
    """Return the HTML meant for print: footnotes floated to the foot of their page, bundled fonts declared."""
    return page_html(document, style, "print")


def render(document: Document, style: Style, when: dt.datetime | None = None) -> Rendered:  # noqa: ARG001 - dateless
    """Return `document` as a standalone HTML5 page, CSS inlined, UTF-8 (the same at any build time)."""
    return Rendered(page_html(document, style, "screen").encode("utf-8"))
