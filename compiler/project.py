"""Turn a workspace into its loaded Store and checked Briefs, with every problem found.

The one place the CLI commands get their inputs from, so `check`, `facts` and
`build` judge files the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from compiler.brief.model import Brief
from compiler.errors import InputError, Problem, UsageError
from compiler.store import Store, load_store
from compiler.style import Style, find_style, style_names
from compiler.workspace import Workspace

if TYPE_CHECKING:  # what `check` and `build` need; `brief facts` does not import them
    from compiler.rules import Report
    from compiler.selection import Selection


@dataclass
class Loaded:
    """One brief file, its Brief (None when too broken to use), its own problems and its checked Style."""

    path: Path
    brief: Brief | None
    problems: list[Problem] = field(default_factory=list)
    style: Style | None = None


def load_workspace_store(workspace: Workspace) -> tuple[Store, list[Problem]]:
    """Return the workspace's Store and the problems of its source files (kept in memory by `brief serve`)."""
    from compiler.store import memo

    kept = memo.current()
    if kept is not None:
        return kept.load(workspace.sources, workspace.root)
    return load_store(workspace.sources, workspace.root)


def brief_paths(workspace: Workspace, named: list[str]) -> list[Path]:
    """Return the brief files named on the command line, or all of the workspace's."""
    if not named:
        return workspace.brief_files()
    paths = []
    for name in named:
        path = Path(name)
        if not path.is_file():
            candidate = workspace.briefs / name
            candidate = candidate if candidate.suffix else candidate.with_suffix(".yaml")
            if candidate.is_file():
                path = candidate
            else:
                raise UsageError(f"no brief file '{name}'")
        paths.append(path)
    return paths


def load_briefs(workspace: Workspace, store: Store, paths: list[Path]) -> list[Loaded]:
    """Return each brief of `paths`, checked against `store`, with its style read and checked.

    The problems of a style.yaml are those of every brief using the style; each style is read once.
    """
    from compiler.brief.load import load_brief  # Markdown parsing: not needed by `brief facts`
    from compiler.profiles import profile_names

    styles = style_names(workspace.styles)
    profiles = profile_names(workspace.profiles)
    found: dict[str, tuple[Style | None, list[Problem]]] = {}
    loaded = []
    for path in paths:
        brief, problems = load_brief(path, store, styles, profiles)
        style = None
        if brief is not None and brief.style in styles:
            if brief.style not in found:
                found[brief.style] = _style(brief.style, workspace.styles)
            style, style_problems = found[brief.style]
            problems += style_problems
        loaded.append(Loaded(path, brief, problems, style))
    return loaded


def _style(name: str, workspace_styles: Path | None) -> tuple[Style | None, list[Problem]]:
    try:
        style = find_style(name, workspace_styles)
    except InputError as error:
        return None, error.problems
    if style.reference_docx is None:
        return style, []
    from compiler.reference_docx import reference_warnings  # lxml: only for a style with a reference.docx

    return style, reference_warnings(style)


def brief_report(workspace: Workspace, brief: Brief, style: Style, selection: Selection, store: Store,
                 pages: int | None = None) -> Report:
    """Return the brief's words and its profile's rules (pages counted from the PDF where the profile limits them)."""
    from compiler.document.assemble import assemble
    from compiler.document.cite import cite
    from compiler.profiles import load_profile
    from compiler.rules import report

    profile = load_profile(brief.profile, workspace.profiles)
    document = cite(assemble(selection, profile.organisations_first), store)
    if profile.pages is not None and pages is None:
        from compiler.render import renderer

        pdf = renderer("pdf")
        pages = pdf.pages_in(pdf.render(document, style))
    return report(brief, document, profile, style, pages)


def translation_problems(brief: Brief, selection: Selection) -> list[Problem]:
    """Return a warning for each fact the paper states in a language it has no translation into."""
    language = brief.language
    base = language.split("-")[0]
    problems = []
    seen: set[str] = set()
    for chosen in selection.sections:
        for fact in chosen.facts:
            source_language = selection.store.sources[fact.source].language.split("-")[0]
            if fact.id in seen or base == source_language or language in fact.translations or base in fact.translations:
                continue
            seen.add(fact.id)
            problems.append(Problem(fact.path, fact.line, "translations",
                                    f"fact '{fact.id}' has no '{base}' translation; {brief.path} prints it as written", "warning"))
    return problems
