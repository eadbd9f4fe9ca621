"""Turn briefs into papers on disk: check, select, assemble, cite, render, write atomically.

Every brief is checked and assembled in this process; its formats are then
rendered as jobs, in parallel across the cores in one pool of worker processes
when there is more than one job (the DOCX and the PDF of one brief, or many
briefs). A brief's files (and its manifest) are written only when all its formats
succeeded, each through a temporary file renamed into place. A brief with errors
is not built (exit 3); a renderer failure exits 5 and writes nothing for that brief.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from compiler.brief.model import Brief
from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.document.model import Document
from compiler.errors import EXIT_OK, EXIT_RENDER, EXIT_STRICT, InputError, Problem, errors_in
from compiler.manifest import manifest_bytes
from compiler.output import safe_name, write_all
from compiler.profiles import Profile, load_profile
from compiler.project import brief_paths, load_briefs, load_workspace_store, translation_problems
from compiler.render import renderer
from compiler.render.jobs import early_pool, job, render_env, render_one
from compiler.rules import report, rule_problems
from compiler.selection import select_facts
from compiler.store.model import Store
from compiler.style import Style
from compiler.workspace import Workspace, display


@dataclass
class Plan:
    """One brief ready to render: its Document, style, profile and the formats asked."""

    brief: Brief
    document: Document
    style: Style
    profile: Profile
    formats: tuple[str, ...]
    warnings: list[Problem]
    selection_warnings: list[Problem]


class Progress:
    """Say how the build goes: a bar on a terminal, plain lines elsewhere, nothing when quiet."""

    def __init__(self, total: int, quiet: bool):
        self.quiet = quiet
        self.bar = None
        if not quiet and sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import Progress as Bar

            self.bar = Bar(transient=True)
            self.task = self.bar.add_task("building", total=total)
            self.bar.start()

    def step(self, label: str) -> None:
        """Record one finished job."""
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=label)

    def say(self, line: str) -> None:
        """Print one line of the build's result (not when quiet)."""
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.console.print(line, highlight=False, markup=False, soft_wrap=True)
        else:
            print(line, flush=True)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.stop()


def _results(plans: list[Plan], pool: Executor | None) -> Iterator[tuple[Plan, str, tuple[bytes | None, list, int]]]:
    if pool is None:
        for plan in plans:
            for fmt in plan.formats:
                yield plan, fmt, job(plan.document, plan.style, fmt)
        return
    # the slowest formats first, so the pool stays busy
    order = sorted(((p, f) for p in plans for f in p.formats), key=lambda pf: pf[1] != "pdf")
    env = render_env()
    futures = [(plan, fmt, pool.submit(job, plan.document, plan.style, fmt, env)) for plan, fmt in order]
    for plan, fmt, future in futures:
        yield plan, fmt, future.result()


def plan_brief(workspace: Workspace, store: Store, brief: Brief, style: Style, problems: list[Problem],
               formats: tuple[str, ...] | None) -> Plan:
    """Return the Plan of one checked brief in its checked style."""
    profile = load_profile(brief.profile, workspace.profiles)
    selection = select_facts(brief, store)
    document = cite(assemble(selection, profile.organisations_first), store)
    return Plan(brief, document, style, profile, tuple(formats or brief.outputs), problems, translation_problems(brief, selection))


def build_briefs(
    workspace: Workspace,
    named: list[str],
    formats: tuple[str, ...] | None,
    output: Path | None,
    strict: bool,
    quiet: bool = False,
    jobs: int | None = None,
    warn: Callable[[Problem], None] | None = None,
    pool: Executor | None = None,
) -> int:
    """Build the named briefs (all when none) and return the exit code.

    Nothing is written for a brief with errors (exit 3), or, with `strict`, with
    warnings (exit 4). A brief whose rendering fails (exit 5) does not stop the others.
    """
    warn = warn or (lambda p: print(p.format(), file=sys.stderr))
    own_pool = pool is None
    if own_pool:
        pool = early_pool(jobs, formats, len(named))
    try:
        return _build(workspace, named, formats, output, strict, quiet, warn, pool)
    finally:
        if pool is not None and own_pool:
            pool.shutdown(cancel_futures=True)


def _build(workspace: Workspace, named: list[str], formats: tuple[str, ...] | None, output: Path | None, strict: bool,
           quiet: bool, warn: Callable[[Problem], None], pool: Executor | None) -> int:
    store, store_problems = load_workspace_store(workspace)
    loaded = load_briefs(workspace, store, brief_paths(workspace, named))
    problems = list(dict.fromkeys(store_problems + [p for item in loaded for p in item.problems]))
    if errors_in(problems):
        raise InputError(problems)
    for problem in store_problems:
        warn(problem)
    plans = [plan_brief(workspace, store, item.brief, item.style, item.problems, formats)
             for item in loaded if item.brief is not None and item.style is not None]
    folder = output or workspace.output
    progress = Progress(sum(len(p.formats) for p in plans), quiet)
    pending = {id(plan): {} for plan in plans}
    failed: dict[int, list[Problem]] = {}
    code = EXIT_OK
    try:
        for plan, fmt, (data, errors, exit_code) in _results(plans, pool):
            progress.step(f"{plan.brief.name}.{fmt}")
            if data is None:
                failed.setdefault(id(plan), []).extend(
                    Problem(e["file"] or plan.brief.path, e["line"], e["field"], e["message"], e["severity"]) for e in errors)
                code = max(code, exit_code)
            else:
                pending[id(plan)][fmt] = data
            if len(pending[id(plan)]) + (id(plan) in failed) * len(plan.formats) < len(plan.formats):
                continue
            if id(plan) in failed:
                continue
            code = max(code, _finish(plan, pending.pop(id(plan)), folder, strict, store_problems, warn, progress))
    finally:
        progress.close()
    for plan_id, errors in failed.items():
        for problem in errors:
            warn(problem)
    if failed and code == EXIT_OK:
        code = EXIT_RENDER
    return code


def _finish(plan: Plan, rendered: dict[str, bytes], folder: Path, strict: bool, store_problems: list[Problem],
            warn: Callable[[Problem], None], progress: Progress) -> int:
    """Check the profile's rules on the rendered brief and write its files; return its exit code."""
    brief = plan.brief
    pages = None
    if plan.profile.pages is not None:
        pdf = rendered.get("pdf") or render_one(plan.document, plan.style, "pdf")
        pages = renderer("pdf").pages_in(pdf)
    result = report(brief, plan.document, plan.profile, plan.style, pages)
    warnings = plan.warnings + plan.selection_warnings + rule_problems(brief, plan.profile, list(result.results))
    for problem in warnings:
        warn(problem)
    if strict and (warnings or store_problems):
        warn(Problem(brief.path, None, "", "not built: --strict and the warnings above", "error"))
        return EXIT_STRICT
    files = {safe_name(folder, f"{brief.name}.{fmt}"): rendered[fmt] for fmt in plan.formats}
    files[safe_name(folder, f"{brief.name}.manifest.json")] = manifest_bytes(plan.document, brief.path)
    write_all(files)
    made = ", ".join(display(p) for p in files if not p.name.endswith(".manifest.json"))
    progress.say(f"{brief.path}: {result.line()} -> {made}")
    return EXIT_OK
