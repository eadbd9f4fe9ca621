"""Turn briefs into papers on disk: check, select, assemble, cite, render, write atomically.

For each brief every format is rendered in memory first; only when all succeeded
are the files (and the manifest) written, each through a temporary file renamed
into place. A brief with errors is not built (exit 3); a renderer failure exits 5.
"""

from __future__ import annotations

import sys
from pathlib import Path

from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.document.model import Document
from compiler.errors import EXIT_OK, BriefError, InputError, Problem, RenderError, StrictError, errors_in
from compiler.manifest import manifest_bytes
from compiler.output import safe_name, write_all
from compiler.profiles import load_profile
from compiler.project import brief_paths, load_briefs, load_workspace_store, translation_problems
from compiler.rules import report, rule_problems
from compiler.render import renderer
from compiler.selection import select_facts
from compiler.store.model import Store
from compiler.brief.model import Brief
from compiler.style import Style, find_style
from compiler.workspace import Workspace, display


def document_for(brief: Brief, store: Store) -> Document:
    """Return the cited Document of `brief`."""
    return cite(assemble(select_facts(brief, store)), store)


def render_brief(document: Document, style: Style, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Return the bytes of each format of `document`; raise RenderError when a renderer fails."""
    out = {}
    for name in formats:
        try:
            out[name] = renderer(name).render(document, style)
        except BriefError:
            raise
        except Exception as exc:  # noqa: BLE001 - a library failing on our input is a rendering failure
            raise RenderError(Problem("", None, name, f"rendering failed: {type(exc).__name__}: {exc}")) from exc
    return out


def build_briefs(workspace: Workspace, named: list[str], formats: tuple[str, ...] | None, output: Path | None, strict: bool) -> int:
    """Build the named briefs (all when none) and return the exit code.

    Nothing is written for a brief with errors (exit 3), or, with `strict`, with
    warnings (exit 4); the briefs before it stay built.
    """
    store, store_problems = load_workspace_store(workspace)
    loaded = load_briefs(workspace, store, brief_paths(workspace, named))
    problems = store_problems + [p for item in loaded for p in item.problems]
    if errors_in(problems):
        raise InputError(problems)
    _warn(store_problems)
    folder = output or workspace.output
    for item in loaded:
        brief = item.brief
        assert brief is not None  # a brief without errors always loads
        style = find_style(brief.style, workspace.styles)
        profile = load_profile(brief.profile, workspace.profiles)
        selection = select_facts(brief, store)
        document = cite(assemble(selection), store)
        wanted = formats or brief.outputs
        rendered = render_brief(document, style, wanted)
        pages = None
        if profile.pages is not None:
            pdf = rendered.get("pdf") or render_brief(document, style, ("pdf",))["pdf"]
            pages = renderer("pdf").pages_in(pdf)
        result = report(brief, document, profile, style, pages)
        warnings = item.problems + translation_problems(brief, selection) + rule_problems(brief, profile, list(result.results))
        _warn(warnings)
        if strict and (warnings or store_problems):
            raise StrictError(Problem(brief.path, None, "", "not built: --strict and the warnings above"))
        files = {safe_name(folder, f"{brief.name}.{fmt}"): data for fmt, data in rendered.items()}
        files[safe_name(folder, f"{brief.name}.manifest.json")] = manifest_bytes(document, brief.path)
        write_all(files)
        made = ", ".join(display(p) for p in files if not p.name.endswith(".manifest.json"))
        print(f"{brief.path}: {result.line()} -> {made}")
    return EXIT_OK


def _warn(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)
