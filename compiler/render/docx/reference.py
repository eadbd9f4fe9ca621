"""Turn a user's reference.docx into the styles, numbering and theme the DOCX takes over, or refuse it with an InputError.

The file is read and checked by `compiler/reference_docx.py` (zip bombs, DTDs and
entities refused); here its styles and numbering become python-docx elements.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docx.oxml.parser import parse_xml
from lxml import etree

from compiler.reference_docx import Reference, read_parts

__all__ = ["Reference", "read_reference"]


def read_reference(path: Path) -> Reference:
    """Return the styles, numbering and theme of the reference.docx at `path`, or raise InputError."""
    parts = read_parts(path)
    numbering = parse_xml(etree.tostring(parts.numbering)) if parts.numbering is not None else None
    return dataclasses.replace(parts, styles=parse_xml(etree.tostring(parts.styles)), numbering=numbering)
