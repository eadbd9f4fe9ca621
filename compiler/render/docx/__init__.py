"""Turn a Document into a DOCX: Word's own styles, real footnotes, list and heading numbering, contents with page fields.

The output is built on python-docx's package machinery; the WordprocessingML is
written directly, because python-docx has no API for footnotes, list numbering,
fields or bookmarks. Its modules, in the order `render` uses them:

- `look`: style.yaml's page, fonts, sizes, spacing and colours in Word's units;
- `elements`: building WordprocessingML elements (pPr, rPr, text, fields);
- `reference`: a user's reference.docx as python-docx elements (checked by `compiler/reference_docx.py`);
- `numbering`: the w:numbering definitions (part numerals, paragraph numbers, bullets, letters);
- `styles`: the w:styles element, Word's built-in styles and our own;
- `parts`: the package's parts, footnotes part, page, running head, footer, settings, properties, fixed zip;
- `page_estimate`: the page each heading lands on, for the saved result of the contents' page fields;
- `body`: cover, contents, parts and notes written into the document body.

The same Document always gives the same bytes. This is the only package of the
compiler that imports python-docx.
"""

from __future__ import annotations

import datetime as dt
import io

import docx

from compiler.document.model import Document
from compiler.render import Rendered
from compiler.render.docx.body import BodyWriter, check_numbers
from compiler.render.docx.look import look_of, package_language
from compiler.render.docx.numbering import Numbering
from compiler.render.docx.parts import (
    Footnotes, add_footer, add_header, build_time, drop_template_extras, install_parts, normalised_zip, set_page,
    set_properties, set_settings,
)
from compiler.render.docx.reference import read_reference
from compiler.render.docx.styles import build_styles
from compiler.style import Style

__all__ = ["EXTENSION", "render"]

EXTENSION = "docx"


def render(document: Document, style: Style, when: dt.datetime | None = None) -> Rendered:
    """Return the DOCX bytes of `document` in `style`, dated `when` (the build's time; None: the paper's date)."""
    check_numbers(document)
    look = look_of(style.settings)
    reference = read_reference(style.reference_docx) if style.reference_docx else None
    package = docx.Document()
    drop_template_extras(package)
    numbering = Numbering(reference.numbering if reference else None)
    lists = numbering.add_definitions()
    language = package_language(document)
    styles = build_styles(look, reference, lists, language)
    numbering.link_style(lists.paragraphs_abstract, styles.ids["numbered paragraph"])
    numbering.link_style(lists.headings_abstract, styles.ids["heading 1"], 0)
    numbering.link_style(lists.headings_abstract, styles.ids["heading 2"], 1)
    install_parts(package, styles.element, numbering.element, reference)
    footnotes = Footnotes(package)
    writer = BodyWriter(document, look, styles.ids, numbering, lists, package.part, footnotes)
    writer.write(package)
    set_page(package, look)
    add_header(package, document, styles.ids)
    add_footer(package, document, styles.ids)
    set_settings(package, language)
    when = build_time(document, when)
    set_properties(package, document, when)
    out = io.BytesIO()
    package.save(out)
    return Rendered(normalised_zip(out.getvalue(), when))
