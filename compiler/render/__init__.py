"""Turn a Document into output bytes, by format: a table of renderers, imported only when asked.

Each renderer module has `EXTENSION` and `render(document, style, when=None) -> Rendered`:
the bytes and what the renderer learned making them (the PDF's page count). `when` is
the build's time (`SOURCE_DATE_EPOCH`, read by the command line; None: the paper's
date); no renderer reads the environment. Only `compiler.render.docx` imports
python-docx; only `compiler.render.pdf` imports WeasyPrint.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import MappingProxyType, ModuleType


@dataclass(frozen=True)
class Rendered:
    """One output: its bytes, and its number of pages where the renderer laid pages out (the PDF), and of what."""

    data: bytes
    pages: int | None = None
    pages_of: str = "pdf"  # what was laid out to count them: "pdf" (WeasyPrint's layout) or "docx" (LibreOffice's)


RENDERERS = MappingProxyType({
    "html": "compiler.render.html",
    "pdf": "compiler.render.pdf",
    "docx": "compiler.render.docx",
})


def renderer(name: str) -> ModuleType:
    """Return the renderer module for format `name` (html, pdf or docx)."""
    return importlib.import_module(RENDERERS[name])
