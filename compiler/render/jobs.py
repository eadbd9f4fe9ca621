"""Turn render jobs (a Document, a style, a format, the build's time) into Rendered outputs, here or in worker processes.

Light on purpose: a worker process started at the very beginning of `brief build`
imports only this module and the renderers it is asked to warm up, while the main
process loads the store and assembles the Documents.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TYPE_CHECKING

from compiler.errors import BriefError, Problem, RenderError
from compiler.render import Rendered, renderer

if TYPE_CHECKING:
    from compiler.document.model import Document
    from compiler.style import Style


PAGES = "pages"  # a job that lays the PDF out to count its pages, and writes nothing
WORD_PAGES = "word-pages"  # a job that counts the DOCX's pages as LibreOffice lays it out (else the PDF's), writing nothing


def render_one(document: Document, style: Style, fmt: str, when: dt.datetime | None = None) -> Rendered:
    """Return `document` in format `fmt` (or, for PAGES and WORD_PAGES, a page count alone); raise RenderError when it fails."""
    try:
        if fmt == WORD_PAGES:
            from compiler.render.libreoffice import docx_pages

            pages = docx_pages(renderer("docx").render(document, style, when).data)
            if pages is not None:
                return Rendered(b"", pages, "docx")
            fmt = PAGES  # no LibreOffice: the PDF's layout
        if fmt == PAGES:
            return Rendered(b"", renderer("pdf").count_pages(document, style))
        return renderer(fmt).render(document, style, when)
    except BriefError:
        raise
    except Exception as exc:  # noqa: BLE001 - a library failing on our input is a rendering failure
        raise RenderError(Problem("", None, fmt, f"rendering failed: {type(exc).__name__}: {exc}")) from exc


def job(document: Document, style: Style, fmt: str, when: dt.datetime | None = None) -> tuple[Rendered | None, list[Problem], int]:
    """Run one render job (in a worker): what it rendered, or its problems (paths as held) and exit code."""
    try:
        return render_one(document, style, fmt, when), [], 0
    except BriefError as exc:
        return None, exc.problems, exc.exit_code


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


def early_pool(workers: int | None, formats: tuple[str, ...] | None, briefs: int, warm_pool: Executor | None = None) -> Executor | None:
    """Return a pool whose workers import the renderers while this process loads the store, or None.

    Importing WeasyPrint costs about as much as loading a large store: done in
    parallel, a large store costs a build little more than a small one. With the
    formats and briefs known, no more workers start than there are jobs. `-j 1`
    (or a single core) renders in the command's own process: None. A `warm_pool` (kept
    by `brief serve`) is lent instead, except for one job, which renders in the server itself.
    """
    count = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if workers is None and formats and briefs:
        count = min(count, len(formats) * briefs)
    if warm_pool is not None:
        return _Borrowed(warm_pool) if count > 1 and workers != 1 else None
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
