"""Turn a workspace into its loaded Store and checked Briefs, with every problem found.

The one place the CLI commands get their inputs from, so `check`, `facts` and
`build` judge files the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.brief import Brief, load_brief
from compiler.errors import Problem, UsageError
from compiler.profiles import profile_names
from compiler.store import Store, load_store
from compiler.style import style_names
from compiler.workspace import Workspace


@dataclass
class Loaded:
    """One brief file, its Brief (None when too broken to use) and its own problems."""

    path: Path
    brief: Brief | None
    problems: list[Problem] = field(default_factory=list)


def load_workspace_store(workspace: Workspace) -> tuple[Store, list[Problem]]:
    """Return the workspace's Store and the problems of its source files."""
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
    """Return each brief of `paths`, checked against `store`."""
    styles = style_names(workspace.styles)
    profiles = profile_names(workspace.profiles)
    loaded = []
    for path in paths:
        brief, problems = load_brief(path, store, styles, profiles)
        loaded.append(Loaded(path, brief, problems))
    return loaded
