"""Turn changes to a brief's files into rebuilds, keeping one process and its workers warm.

Polls (twice a second by default) the brief, every source file, the themes, the
brief's style folder and the workspace's profiles; when any of them changes, the
brief is built again. Renderers stay imported and the worker pool stays alive
between builds; the Store stays in memory (a `compiler.store.memo.StoreMemo` in the
builds' Context) and the index re-reads only the source files that changed.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Callable

from compiler.build import build_briefs
from compiler.context import Context
from compiler.errors import BriefError
from compiler.render.jobs import worker_pool
from compiler.store.memo import StoreMemo
from compiler.style import builtin_styles_dir
from compiler.workspace import Workspace


def watched_files(workspace: Workspace, brief: Path) -> dict[Path, tuple[int, int]]:
    """Return every file a build of `brief` depends on, with its size and modification time."""
    paths = [brief]
    for folder in (workspace.sources, workspace.styles, workspace.profiles, builtin_styles_dir()):
        if folder.is_dir():
            paths.extend(p for p in folder.rglob("*") if p.is_file() and ".brief-cache" not in p.parts)
    state = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        state[path] = (stat.st_size, stat.st_mtime_ns)
    return state


def watch(
    workspace: Workspace,
    brief: Path,
    formats: tuple[str, ...] | None,
    output: Path | None,
    context: Context,
    interval: float = 0.5,
    rounds: int | None = None,
    say: Callable[[str], None] | None = None,
) -> int:
    """Build `brief`, then build it again at each change, until interrupted (or after `rounds` builds)."""
    say = say or (lambda line: print(line, file=context.err, flush=True))
    context = dataclasses.replace(context, stores=StoreMemo())
    pool = worker_pool(2)
    builds = 0
    try:
        state = None
        while rounds is None or builds < rounds:
            current = watched_files(workspace, brief)
            if current != state:
                state = current
                started = time.perf_counter()
                try:
                    code = build_briefs(workspace, [str(brief)], formats, output, False, context, pool=pool)
                except BriefError as exc:
                    for problem in exc.problems:
                        say(problem.format())
                    code = exc.exit_code
                builds += 1
                say(f"brief watch: build {builds} {'done' if code == 0 else f'failed (exit {code})'} "
                    f"in {time.perf_counter() - started:.1f} s; watching {len(state)} files (Ctrl-C to stop)")
                continue
            time.sleep(interval)
    except KeyboardInterrupt:
        say("brief watch: stopped")
    finally:
        pool.shutdown(cancel_futures=True)
    return 0
