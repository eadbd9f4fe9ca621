"""Check the design's boundaries: which modules may import which libraries."""

from __future__ import annotations

import ast

from tests.conftest import REPO

COMPILER = REPO / "compiler"


def imported_roots(path) -> set[str]:
    """Return the top-level names of every module `path` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_pdf_renderer_imports_weasyprint_and_only_the_docx_renderer_python_docx():
    for path in COMPILER.rglob("*.py"):
        relative = path.relative_to(REPO).as_posix()
        roots = imported_roots(path)
        if "weasyprint" in roots:
            assert relative == "compiler/render/pdf.py", relative
        if "docx" in roots:
            assert relative.startswith("compiler/render/docx/"), relative


def test_the_document_model_imports_no_library_and_does_no_io():
    roots = imported_roots(COMPILER / "document" / "model.py")
    assert roots <= {"__future__", "datetime", "dataclasses", "typing"}, roots
    text = (COMPILER / "document" / "model.py").read_text(encoding="utf-8")
    assert "open(" not in text and "read_text" not in text


def test_renderers_never_look_up_the_store():
    for path in (COMPILER / "render").rglob("*.py"):
        roots_text = path.read_text(encoding="utf-8")
        assert "compiler.store" not in roots_text and "compiler.selection" not in roots_text, path
