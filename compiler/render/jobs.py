"""Turn render jobs (a Document, a style, a format) into bytes, here or in worker processes.

Light on purpose: a worker process started at the very beginning of `brief build`
imports only this module and the renderers it is asked to warm up, while the main
process loads the store and assembles the Documents.
"""

from __future__ import annotations

import os
import signal
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from compiler.errors import BriefError, Problem, RenderError
from compiler.render import renderer

if TYPE_CHECKING:
    from compiler.document.model import Document
    from compiler.style import Style


def render_one(document: Document, style: Style, fmt: str) -> bytes:
    """Return the bytes of `document` in format `fmt`; raise RenderError when the renderer fails."""
    try:
        return renderer(fmt).render(document, style)
    except BriefError:
        raise
    except Exception as exc:  # noqa: BLE001 - a library failing on our input is a rendering failure
        raise RenderError(Problem("", None, fmt, f"rendering failed: {type(exc).__name__}: {exc}")) from exc


# the environment variables a renderer reads; a job carries them, for a worker started earlier
RENDER_ENV = ("SOURCE_DATE_EPOCH",)

_resident: Executor | None = None


def render_env() -> dict[str, str | None]:
    """Return the values of RENDER_ENV in this process, for `job`."""
    return {name: os.environ.get(name) for name in RENDER_ENV}


def job(document: Document, style: Style, fmt: str, env: dict[str, str | None] | None = None) -> tuple[bytes | None, list, int]:
    """Run one render job (in a worker): its bytes, or its problems and exit code as plain data."""
    for name, value in (env or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        return render_one(document, style, fmt), [], 0
    except BriefError as exc:
        return None, [p.as_dict() for p in exc.problems], exc.exit_code


def warm(formats: tuple[str, ...]) -> None:
    """Import the renderers of `formats` in a worker, before it is given work."""
    for fmt in formats:
        renderer(fmt)


def quiet_worker() -> None:
    """Leave interruptions to the process that started the worker.

    Ctrl-C reaches every process of the terminal's group: the command stops its pool, so
    a worker ignores it instead of printing a traceback. SIGTERM (`kill`, `pkill brief`)
    ends a worker quietly, whatever handler its parent had when it forked.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def worker_pool(workers: int | None = None) -> Executor:
    """Return a pool of worker processes that a caller keeps warm across builds."""
    return ProcessPoolExecutor(max_workers=workers or min(os.cpu_count() or 1, 4), initializer=quiet_worker)


def early_pool(workers: int | None, formats: tuple[str, ...] | None, briefs: int) -> Executor | None:
    """Return a pool whose workers import the renderers while this process loads the store, or None.

    Importing WeasyPrint costs about as much as loading a large store: done in
    parallel, a large store costs a build little more than a small one. With the
    formats and briefs known, no more workers start than there are jobs. `-j 1`
    (or a single core) renders in the command's own process: None.
    """
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers is None and formats and briefs:
        count = min(count, len(formats) * briefs)
    if _resident is not None:  # a server's warm pool; one job renders in the server itself
        return _Borrowed(_resident) if count > 1 and workers != 1 else None
    if count < 1 or (count == 1 and (os.cpu_count() or 1) < 2) or workers == 1:
        return None
    pool = ProcessPoolExecutor(max_workers=count, initializer=quiet_worker)
    wanted = tuple(formats or ("pdf", "docx"))
    for _ in range(count):
        pool.submit(warm, wanted)
    return pool


class _Borrowed(Executor):
    """A server's resident pool lent to one build, which cannot shut it down."""

    def __init__(self, pool: Executor):
        self._pool = pool

    def submit(self, fn, /, *args, **kwargs):
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass  # the pool outlives the build


@contextmanager
def resident_pool(pool: Executor) -> Iterator[None]:
    """Lend `pool` (kept warm by `brief serve`) to the builds run in the block."""
    global _resident
    previous, _resident = _resident, pool
    try:
        yield
    finally:
        _resident = previous
