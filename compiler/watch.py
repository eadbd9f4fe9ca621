"""Turn changes to a brief's files into rebuilds, keeping one process and its workers warm.

The file system tells (inotify on Linux, through watchfiles; no polling) when the
brief, a source file, the themes, an assessment, the brief's style folder or the
workspace's profiles change; `changes` yields each burst of such changes, and both
`brief watch` (here) and `brief preview` (`compiler.preview`) build again on it.
Renderers stay imported and the worker pool stays alive between builds; the Store
stays in memory (a `compiler.store.memo.StoreMemo` in the builds' Context) and the
index re-reads only the source files that changed.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from compiler.build import build_briefs
from compiler.context import Context
from compiler.errors import BriefError
from compiler.render.jobs import worker_pool
from compiler.store.memo import StoreMemo
from compiler.style import builtin_styles_dir
from compiler.workspace import Workspace

#: How long (seconds) the files must stay unchanged after a change before a build starts: an editor's save is one burst.
QUIET = 0.05
CACHE = ".brief-cache"


def watched_folders(workspace: Workspace, brief: Path) -> list[Path]:
    """Return the folders whose files a build of `brief` reads: sources (themes, assessments), styles, profiles, the brief's."""
    folders = [workspace.sources, workspace.styles, workspace.profiles, builtin_styles_dir(), brief.parent]
    found = [f.resolve() for f in folders if f.is_dir()]
    return [f for f in dict.fromkeys(found) if not any(o != f and o in f.parents for o in found)]  # none inside another


def watched_files(workspace: Workspace, brief: Path) -> dict[Path, tuple[int, int]]:
    """Return every file a build of `brief` depends on, with its size and modification time."""
    concerns = _concerns(workspace, brief)
    state = {}
    for folder in watched_folders(workspace, brief):
        for path in folder.rglob("*"):
            if not concerns(path):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if not path.is_dir():
                state[path] = (stat.st_size, stat.st_mtime_ns)
    return state


def _concerns(workspace: Workspace, brief: Path) -> Callable[[Path], bool]:
    """Return whether a path is one a build of `brief` reads (the output folder and the index are not)."""
    brief = brief.resolve()
    inputs = [f.resolve() for f in (workspace.sources, workspace.styles, workspace.profiles, builtin_styles_dir())]

    def concerns(path: Path) -> bool:
        if CACHE in path.parts:
            return False
        return path == brief or any(folder in path.parents for folder in inputs)

    return concerns


def changes(workspace: Workspace, brief: Path, stop: threading.Event, quiet: float = QUIET) -> Iterator[set[Path]]:
    """Yield an empty set as soon as the files are watched, then each burst of changes to the files of `brief`, until `stop`.

    The first yield comes once the watches are in place, so that a build started then
    misses no change. Editors' temporary files (`.swp`, `~`, ...) are not changes.
    """
    import watchfiles

    concerns = _concerns(workspace, brief)
    ignored = watchfiles.DefaultFilter()

    def wanted(change: watchfiles.Change, path: str) -> bool:
        return ignored(change, path) and concerns(Path(path))

    step = max(1, round(quiet * 1000))
    first = True
    for found in watchfiles.watch(*watched_folders(workspace, brief), watch_filter=wanted, stop_event=stop, step=step,
                                  rust_timeout=200, yield_on_timeout=True):
        if found or first:
            first = False
            yield {Path(path) for _, path in found}


def watch(
    workspace: Workspace,
    brief: Path,
    formats: tuple[str, ...] | None,
    output: Path | None,
    context: Context,
    interval: float = QUIET,
    rounds: int | None = None,
    say: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Build `brief`, then build it again at each change, until interrupted (or `stop`, or after `rounds` builds).

    `interval`: how long the files must stay unchanged after a change before the build starts.
    """
    say = say or (lambda line: print(line, file=context.err, flush=True))
    context = dataclasses.replace(context, stores=StoreMemo())
    stop = stop or threading.Event()
    pool = worker_pool(2)
    builds = 0
    try:
        for _ in changes(workspace, brief, stop, interval):
            started = time.perf_counter()
            try:
                code = build_briefs(workspace, [str(brief)], formats, output, False, context, pool=pool)
            except BriefError as exc:
                for problem in exc.problems:
                    say(problem.format())
                code = exc.exit_code
            builds += 1
            say(f"brief watch: build {builds} {'done' if code == 0 else f'failed (exit {code})'} "
                f"in {time.perf_counter() - started:.1f} s; watching {len(watched_files(workspace, brief))} files "
                "(Ctrl-C to stop)")
            if rounds is not None and builds >= rounds:
                break
    except KeyboardInterrupt:
        say("brief watch: stopped")
    finally:
        stop.set()
        pool.shutdown(cancel_futures=True)
    return 0
