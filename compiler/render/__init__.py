"""Turn a Document into output bytes, by format: a table of renderers, imported only when asked.

Each renderer module has `EXTENSION` and `render(document, style) -> bytes`. Only
`compiler.render.docx` imports python-docx; only `compiler.render.pdf` imports WeasyPrint.
"""

from __future__ import annotations

import importlib
from types import ModuleType

RENDERERS: dict[str, str] = {
    "html": "compiler.render.html",
    "pdf": "compiler.render.pdf",
    "docx": "compiler.render.docx",
}


def renderer(name: str) -> ModuleType:
    """Return the renderer module for format `name` (html, pdf or docx)."""
    return importlib.import_module(RENDERERS[name])
