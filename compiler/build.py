"""Turn briefs into papers on disk: compile (`compiler.project.compile_brief`), render, write atomically.

Every brief is compiled in this process; its formats are then rendered as jobs, in
parallel across the cores in one pool of worker processes when there is more than
one job (the DOCX and the PDF of one brief, or many briefs). The PDF renderer gives
its page count with its bytes; a profile that limits pages, for a brief built
without a PDF, adds a job that lays the PDF out to count its pages and writes
nothing, and a profile that limits the pages of a Word file (`docx` among its
formats) a job that counts the DOCX's pages as LibreOffice lays it out. A brief's files (and its manifest) are written only when all its jobs
succeeded, each through a temporary file renamed into place, and briefs complete
in the order they were named. A brief with errors is not built (exit 3); a
renderer failure exits 5 and writes nothing for that brief. A brief named twice is
built once; two briefs that would write the same file (one name, two folders) are a
usage error (exit 2) before anything is rendered.
"""

from __future__ import annotations

import dataclasses
import functools
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from compiler.context import Context
from compiler.errors import EXIT_OK, EXIT_RENDER, EXIT_STRICT, InputError, Problem, UsageError, errors_in
from compiler.manifest import manifest_bytes
from compiler.output import safe_name, write_all
from compiler.provenance import Provenance
from compiler.project import Compiled, brief_paths, compile_brief, load_briefs, load_workspace_store
from compiler.render import Rendered
from compiler.render.jobs import PAGES, WORD_PAGES, early_pool, job
from compiler.workspace import Workspace, display

Outcome = tuple[Rendered | None, list, int]  # what a render job gives back (`compiler.render.jobs.job`)


@dataclass(frozen=True)
class Plan:
    """One compiled brief and the formats asked of it."""

    compiled: Compiled
    formats: tuple[str, ...]

    @property
    def jobs(self) -> tuple[str, ...]:
        """The render jobs: the formats, and a page count when the profile needs one and no PDF gives it (a DOCX's never does)."""
        counting = self.compiled.page_job
        if counting == PAGES and "pdf" in self.formats:
            counting = None  # the PDF renderer counts them as it lays the PDF out
        return self.formats + ((counting,) if counting else ())


class Progress:
    """Say how the build goes: a bar on a terminal, plain lines elsewhere, nothing when quiet."""

    def __init__(self, total: int, quiet: bool, context: Context):
        self.quiet = quiet
        self.out = context.out
        self.bar = None
        if not quiet and context.err.isatty() and not context.env.get("CI"):
            from rich.console import Console
            from rich.progress import Progress as Bar

            self.bar = Bar(console=Console(file=context.out, _environ=dict(context.env)), transient=True)
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
            print(line, file=self.out, flush=True)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.stop()


def _waits(plans: list[Plan], pool: Executor | None, context: Context) -> list[dict[str, Callable[[], Outcome]]]:
    """Return, for each plan, how to wait for each of its jobs: submitted to the pool, or run here when waited for."""
    if pool is None:
        return [{fmt: functools.partial(job, p.compiled.document, p.compiled.style, fmt, context.build_time) for fmt in p.jobs}
                for p in plans]
    # the slowest jobs (laying out PDFs) first, so the pool stays busy
    order = sorted(((p, fmt) for p in plans for fmt in p.jobs), key=lambda pf: pf[1] not in ("pdf", PAGES, WORD_PAGES))
    futures = {(id(p), fmt): pool.submit(job, p.compiled.document, p.compiled.style, fmt, context.build_time)
               for p, fmt in order}
    return [{fmt: futures[id(p), fmt].result for fmt in p.jobs} for p in plans]


def build_briefs(
    workspace: Workspace,
    named: list[str],
    formats: tuple[str, ...] | None,
    output: Path | None,
    strict: bool,
    context: Context,
    quiet: bool = False,
    jobs: int | None = None,
    pool: Executor | None = None,
) -> int:
    """Build the named briefs (all when none) and return the exit code.

    Nothing is written for a brief with errors (exit 3), or, with `strict`, with
    warnings (exit 4). A brief whose rendering fails (exit 5) does not stop the others.
    `pool` is the caller's; without one, a pool is started here (or lent by the context).
    """
    own_pool = pool is None
    if own_pool:
        pool = early_pool(jobs, formats, len(named), context.pool)
    try:
        return _build(workspace, named, formats, output, strict, quiet, pool, context)
    finally:
        if pool is not None and own_pool:
            pool.shutdown(cancel_futures=True)


def _build(workspace: Workspace, named: list[str], formats: tuple[str, ...] | None, output: Path | None, strict: bool,
           quiet: bool, pool: Executor | None, context: Context) -> int:
    store, store_problems = load_workspace_store(workspace, context)
    if not named:  # the workspace's briefs: say which could not be read
        store_problems = store_problems + workspace.unread_briefs()
    paths: dict[Path, Path] = {}
    for path in brief_paths(workspace, named):
        paths.setdefault(path.resolve(), path)  # a brief named twice is built once
    loaded = load_briefs(workspace, store, list(paths.values()))
    problems = list(dict.fromkeys(store_problems + [p for item in loaded for p in item.problems]))
    if errors_in(problems):
        raise InputError(problems)
    for problem in store_problems:
        _warn(problem, context.err)
    plans = []
    for item in loaded:
        compiled = compile_brief(workspace, store, store_problems, item)
        plans.append(Plan(compiled, tuple(formats or compiled.brief.outputs)))
    folder = output or workspace.output
    _refuse_shared_names(plans, folder)
    progress = Progress(sum(len(p.jobs) for p in plans), quiet, context)
    failed: list[Problem] = []
    code = EXIT_OK
    try:
        for plan, waits in zip(plans, _waits(plans, pool, context)):
            rendered: dict[str, Rendered] = {}
            failures: list[Problem] = []
            for fmt, wait in waits.items():
                result, errors, exit_code = wait()
                progress.step(f"{plan.compiled.brief.name}.{fmt}")
                if result is None:
                    failures.extend(p if p.file else dataclasses.replace(p, file=plan.compiled.brief.path) for p in errors)
                    code = max(code, exit_code)
                else:
                    rendered[fmt] = result
            if failures:
                failed.extend(failures)
            else:
                code = max(code, _finish(plan, rendered, folder, strict, store_problems, progress, context,
                                         Provenance(plan.compiled.brief, store, workspace.root)))
    finally:
        progress.close()
    for problem in failed:
        _warn(problem, context.err)
    if failed and code == EXIT_OK:
        code = EXIT_RENDER
    return code


def _refuse_shared_names(plans: list[Plan], folder: Path) -> None:
    """Raise UsageError when two briefs of the build (briefs/a/x.yaml, briefs/b/x.yaml) would write the same file."""
    writers: dict[str, Plan] = {}
    for plan in plans:
        for fmt in plan.formats + ("manifest.json",):
            name = f"{plan.compiled.brief.name}.{fmt}"
            first = writers.setdefault(name, plan)
            if first is not plan:
                raise UsageError(f"{first.compiled.brief.path} and {plan.compiled.brief.path} would both write "
                                 f"{display(safe_name(folder, name))}: build them one at a time, each with its own "
                                 "-o DIR, or rename one")


def _warn(problem: Problem, err: TextIO) -> None:
    print(problem.format(), file=err)


def _finish(plan: Plan, rendered: dict[str, Rendered], folder: Path, strict: bool, store_problems: list[Problem],
            progress: Progress, context: Context, provenance: Provenance) -> int:
    """Check the profile's rules on the rendered brief and write its files (with the context's umask); return its exit code."""
    err = context.err
    compiled = plan.compiled
    brief = compiled.brief
    counted = next((rendered[job] for job in (WORD_PAGES, "pdf", PAGES) if job in rendered), None)
    pages = counted.pages if compiled.counts_pages and counted is not None else None
    result, warnings = compiled.judge(pages, counted.pages_of if counted is not None else "pdf")
    for problem in warnings:
        _warn(problem, err)
    if strict and (warnings or store_problems):
        _warn(Problem(brief.path, None, "", "not built: --strict and the warnings above", "error"), err)
        return EXIT_STRICT
    files = {safe_name(folder, f"{brief.name}.{fmt}"): rendered[fmt].data for fmt in plan.formats}
    files[safe_name(folder, f"{brief.name}.manifest.json")] = manifest_bytes(compiled.document, brief.path, provenance)
    write_all(files, context.umask)
    made = ", ".join(display(p) for p in files if not p.name.endswith(".manifest.json"))
    progress.say(f"{brief.path}: {result.line()} -> {made}")
    return EXIT_OK
