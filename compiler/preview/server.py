"""Turn a brief into a page served on the loopback interface that follows every save: `brief preview`.

One process: uvicorn serves a Starlette application on 127.0.0.1 (another address
only when `--host` names it), a thread builds the brief again at each burst of
changes the file system reports (`compiler.watch.changes`), and every open page is
told of a new build by a server-sent event (`/_brief/events`); it then fetches
`/_brief/state.json` and swaps the paper in place, keeping its scroll position.
A build with errors keeps the last good paper; the page shows the problems over it.
Where the profile limits pages, a worker process lays the PDF out to count them after
the page is shown, and the panel is told again.

What it serves: the page (`/`), the preview's own script and style sheet and the
bundled fonts (`/_brief/...`, from the product's assets, by name), and files of the
paper's style folder, against which a style sheet's relative addresses resolve as
they do in the PDF. Any other path, one that leaves the style folder (`..`, encoded
or not, an absolute path, a symbolic link pointing out) and any request whose Host is
not the address served (DNS rebinding) is refused. Ctrl-C or SIGTERM stops the
server, the build thread and the worker.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import json
import signal
import socket
import threading
import time
import traceback
from concurrent.futures import BrokenExecutor, Executor, Future
from pathlib import Path
from typing import Callable

from compiler.context import Context
from compiler.errors import Problem, UsageError
from compiler.preview.paper import Built, build, judged, preview_page, waiting_page
from compiler.preview.provenance import problem_entry
from compiler.render.html import FONTS_DIR
from compiler.store.memo import StoreMemo
from compiler.style import ASSETS_DIR
from compiler.watch import changes
from compiler.workspace import Workspace, display

PREVIEW_ASSETS = ASSETS_DIR / "preview"
ASSET_TYPES = {"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8",
               "panel.css": "text/css; charset=utf-8"}
LOOPBACK = "127.0.0.1"
HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    # the paper's own CSS is inline; no script but the preview's, nothing loaded from elsewhere
    "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "font-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
                               "form-action 'none'; base-uri 'none'",
}


class Preview:
    """The builds of one brief and the pages waiting to hear of them."""

    def __init__(self, workspace: Workspace, brief: Path, context: Context, editor: str = "",
                 say: Callable[[str], None] | None = None):
        self.workspace, self.brief, self.editor = workspace, brief, editor
        self.context = dataclasses.replace(context, stores=StoreMemo())
        self.say = say or (lambda line: None)
        self.lock = threading.Lock()
        self.builds = 0  # builds made
        self.papers = 0  # of which without errors
        self.last: Built | None = None  # the last build
        self.good: Built | None = None  # the last build without errors
        self.pages_pending = False
        self.pool: Executor | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.queues: set[asyncio.Queue] = set()
        self.closed = threading.Event()

    # --- builds ---------------------------------------------------------------------------

    def rebuild(self) -> Built:
        """Build the brief, keep the result, and tell the pages."""
        started = time.perf_counter()
        try:
            built = build(self.workspace, self.brief, self.context, self.editor)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the previews to come: shown as a problem
            traceback.print_exc(file=self.context.err)
            message = f"internal error (a bug in brief; its traceback is in the terminal): {type(exc).__name__}: {exc}"
            built = Built(None, [problem_entry(Problem("", None, "", message), self.editor)], [])
        with self.lock:
            self.builds += 1
            self.last = built
            if built.page is not None:
                self.papers += 1
                self.good = built
                self.pages_pending = built.compiled.page_job is not None
            serial = self.builds
        errors = len(built.problems)
        outcome = f"{errors} error{'s' * (errors != 1)}, the last good paper stays" if errors else "ok"
        self.say(f"brief preview: build {serial}: {outcome} ({time.perf_counter() - started:.1f} s)")
        if built.page is not None and built.compiled.page_job:
            self._count_pages(built, serial)
        self.publish()
        return built

    def _count_pages(self, built: Built, serial: int) -> None:
        """Count the pages in a worker, as `check` does (`page_job`); judge the rules again with them if no build came since."""
        from compiler.render.jobs import job, worker_pool

        work = (job, built.compiled.document, built.compiled.style, built.compiled.page_job, self.context.build_time)
        future = None
        if self.pool is not None:
            try:
                future = self.pool.submit(*work)
            except BrokenExecutor:  # the worker died (killed, out of memory): a new one
                self.pool.shutdown(wait=False)
        if future is None:
            self.pool = worker_pool(1)
            future = self.pool.submit(*work)

        def counted(done: Future) -> None:
            if done.cancelled():  # the preview is stopping
                return
            failed = done.exception()
            rendered, problems, _ = done.result() if failed is None else (None, [], 0)
            with self.lock:
                if self.builds != serial:
                    return
                if rendered is not None:
                    self.good = self.last = judged(built, rendered.pages, self.editor, rendered.pages_of)
                self.pages_pending = False
            if rendered is None:
                reason = "; ".join(p.message for p in problems) or f"{type(failed).__name__}: {failed}"
                self.say(f"brief preview: build {serial}: the pages could not be counted: {reason}")
            self.publish()

        future.add_done_callback(counted)

    def run(self, stop: threading.Event) -> None:
        """Build at once, then at each change, until `stop`."""
        try:
            for _ in changes(self.workspace, self.brief, stop):
                self.rebuild()
        except OSError as exc:  # the file system refuses to watch (too many watches, a folder removed)
            self.say(f"brief preview: cannot watch the files any more ({exc.strerror or exc}); "
                     "the page shows the last build: restart the preview")

    # --- what the page asks -----------------------------------------------------------------

    def page(self) -> str:
        """Return the page of the last good paper (or, before one, a page waiting for it)."""
        with self.lock:
            good, paper = self.good, self.papers
        if good is None:
            return waiting_page(f"{self.brief.name}: brief preview")
        return preview_page(good.page, paper)

    def state(self, paper_shown: int | None) -> dict:
        """Return what the panel shows; with the paper's HTML when the page shows another paper than the last good one."""
        with self.lock:
            last, good, builds, papers, pending = self.last, self.good, self.builds, self.papers, self.pages_pending
        state = {
            "brief": display(self.brief),
            "build": builds,
            "paper": papers,
            "ok": last is not None and last.page is not None,
            "problems": last.problems if last else [],
            "warnings": last.warnings if last else [],
            "report": good.report if good else None,
            "pages_pending": pending,
            "provenance": good.provenance if good else None,
        }
        if good is not None and paper_shown != papers:
            state["html"] = preview_page(good.page, papers)
        return state

    def style_file(self, relative: str) -> Path | None:
        """Return the file of the paper's style folder that `relative` names, or None when it names none (or leaves it)."""
        with self.lock:
            folder = self.good.style_folder if self.good else None
        return contained(folder, relative) if folder is not None else None

    # --- events -----------------------------------------------------------------------------

    def subscribe(self) -> asyncio.Queue:
        """Return a queue that receives a message at each build (called in the server's event loop)."""
        queue: asyncio.Queue = asyncio.Queue()
        with self.lock:
            self.loop = asyncio.get_running_loop()
            self.queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        """Stop sending messages to `queue` (its page went away)."""
        with self.lock:
            self.queues.discard(queue)

    def publish(self) -> None:
        """Tell every open page that a build finished (called from any thread)."""
        with self.lock:
            loop, queues = self.loop, list(self.queues)
            message = json.dumps({"build": self.builds, "paper": self.papers})
        if loop is None or loop.is_closed():
            return
        for queue in queues:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, message)
            except RuntimeError:  # the loop closed meanwhile: the server is stopping
                return

    def close(self) -> None:
        """Stop the event streams and the page-counting worker."""
        self.closed.set()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def contained(folder: Path, relative: str) -> Path | None:
    """Return the regular file `relative` names inside `folder`, resolved; None for anything outside it or not a file.

    The rule of every file a style makes `brief` read (`FetchPolicy.allowed_file`), for
    a path relative to the folder: an absolute one, or one with a backslash, names none.
    """
    from compiler.render.fetch import FetchPolicy, FetchRefused

    if relative.startswith("/") or "\\" in relative:
        return None
    try:
        return FetchPolicy.for_folders(folder).allowed_file(folder / relative, "serve it")
    except (FetchRefused, ValueError):  # ValueError: a NUL byte
        return None


# --- the web application -------------------------------------------------------------------


def application(preview: Preview, hosts: list[str]):
    """Return the Starlette application of `preview`, answering only requests addressed to one of `hosts`."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
    from starlette.routing import Route

    not_found = PlainTextResponse("not found", status_code=404)

    async def page(request: Request) -> Response:
        return HTMLResponse(preview.page())

    async def state(request: Request) -> Response:
        shown = request.query_params.get("paper", "")
        return JSONResponse(preview.state(int(shown) if shown.isdigit() else None))

    async def events(request: Request) -> Response:
        queue = preview.subscribe()

        async def stream():
            try:
                with preview.lock:
                    first = json.dumps({"build": preview.builds, "paper": preview.papers})
                yield f"retry: 1000\nevent: build\ndata: {first}\n\n"
                quiet = 0.0
                while not preview.closed.is_set():
                    try:
                        message = await asyncio.wait_for(queue.get(), timeout=0.25)
                    except asyncio.TimeoutError:
                        quiet += 0.25
                        if quiet >= 15:  # a comment keeps proxies and the browser from closing an idle stream
                            quiet = 0.0
                            yield ": still here\n\n"
                        continue
                    quiet = 0.0
                    yield f"event: build\ndata: {message}\n\n"
            finally:
                preview.unsubscribe(queue)

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSET_TYPES:
            return not_found
        return Response((PREVIEW_ASSETS / name).read_bytes(), media_type=ASSET_TYPES[name])

    async def font(request: Request) -> Response:
        name = request.path_params["name"]
        fonts = {p.name for p in FONTS_DIR.glob("*.ttf")}
        return FileResponse(FONTS_DIR / name, media_type="font/ttf") if name in fonts else not_found

    async def style_file(request: Request) -> Response:
        found = preview.style_file(request.path_params["path"])
        return FileResponse(found) if found is not None else not_found

    routes = [
        Route("/", page),
        Route("/_brief/state.json", state),
        Route("/_brief/events", events),
        Route("/_brief/fonts/{name}", font),
        Route("/_brief/{name}", asset),
        Route("/{path:path}", style_file),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts)])
    return _with_headers(app)


def _with_headers(app):
    """Return `app` with the security headers added to every response."""
    extra = [(k.encode(), v.encode()) for k, v in HEADERS.items()]

    async def wrapped(scope, receive, send):
        async def sending(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await app(scope, receive, sending)

    return wrapped


# --- the command -----------------------------------------------------------------------------


def listen(host: str, port: int) -> socket.socket:
    """Return a socket listening on `host`:`port` (0: a free port), or raise a UsageError saying why it cannot."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host.strip("[]")).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(64)
    except (OSError, OverflowError) as exc:
        sock.close()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UsageError(f"cannot listen on {host} port {port}: {reason}") from None
    sock.set_inheritable(False)
    return sock


def is_loopback(host: str) -> bool:
    """Whether `host` is an address of this machine's loopback interface (or `localhost`)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def preview(workspace: Workspace, brief: Path, context: Context, host: str = LOOPBACK, port: int = 0,
            open_browser: bool = True, editor: str = "", say: Callable[[str], None] | None = None) -> int:
    """Serve the live preview of `brief` until Ctrl-C (or SIGTERM); return the exit code."""
    import uvicorn

    say = say or (lambda line: print(line, file=context.err, flush=True))
    sock = listen(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    hosts = list(dict.fromkeys([host.strip("[]"), shown, LOOPBACK, "localhost", "[::1]"] if is_loopback(host)
                               else [host.strip("[]"), shown]))
    state = Preview(workspace, brief, context, editor, say)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame):  # the event streams end at once, so that the server stops at once
            state.closed.set()
            super().handle_exit(sig, frame)

    server = Server(uvicorn.Config(application(state, hosts), log_level="warning", lifespan="off",
                                   access_log=False, timeout_graceful_shutdown=2))
    stop = threading.Event()
    builder = threading.Thread(target=state.run, args=(stop,), name="brief-preview-build", daemon=True)

    def on_term(signum, frame):  # noqa: ARG001 - SIGTERM stops the preview as Ctrl-C does
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        builder.start()
        say(f"brief preview: {display(brief)} on {url} (Ctrl-C to stop)")
        if open_browser:
            threading.Thread(target=_open, args=(url, context.env, say), daemon=True).start()
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        builder.join(timeout=30)  # the build under way ends first: it may hand the worker a page count
        state.close()
        sock.close()
        signal.signal(signal.SIGTERM, previous)
    say("brief preview: stopped")
    return 0


def _open(url: str, env, say: Callable[[str], None]) -> None:
    """Open `url` in the desktop's browser; without a desktop (no display), say so instead of starting a text browser."""
    import sys
    import webbrowser

    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        say(f"brief preview: no display to open a browser on; open {url} yourself")
        return
    if not webbrowser.open(url):
        say(f"brief preview: could not open a browser; open {url} yourself")
