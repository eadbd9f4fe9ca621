"""Turn requests from the `brief` command into runs of check, facts, recommendations and build in one warm process.

`brief serve` imports the whole compiler and both renderers once, keeps the
workspace's Store in memory (a `compiler.store.memo.StoreMemo`: a changed source file
costs only its own re-read) and a pool of render workers alive, and listens on the
Unix socket `.brief-cache/serve.sock` (mode 0600, and a peer of another user is
refused). Each request runs the command line a one-shot command runs (`run`, given
by `compiler.cli`), with a Context of its own: the client's streams (its output sent
back as it is printed), the client's environment variables that matter, and the
memo and the pool. The outputs are the same bytes with or without a server.
Requests run one at a time, in the client's current folder (the server changes to it
for the request: relative paths on the command line are the client's). No client can
hold the others up: one that does not send its request, or its go after the start
frame, within `CLIENT_WAIT` seconds is let go (a waiting command runs in its own
process after `protocol.WAIT` seconds), and a command's output is queued for its
client and sent by a thread of its own (`Answer`), so a client that does not read
delays no one (past `MAX_PENDING` bytes unread it is let go). The server stops on Ctrl-C or SIGTERM, after `--idle` minutes
without a request, when its socket file is removed (with `.brief-cache/`: nobody
could reach it any more), or when the compiler's code changes under it (it then
refuses the request, which runs in the client instead).
"""

from __future__ import annotations

import collections
import gc
import io
import os
import signal
import socket
import stat
import struct
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from compiler.context import Context
from compiler.errors import UsageError
from compiler.server import protocol
from compiler.workspace import Workspace, display

PACKAGE = Path(__file__).resolve().parent.parent
LOOK_EVERY = 2.0  # seconds between looks at the socket file and the idle time, while no request comes
CLIENT_WAIT = 3.0  # seconds a client has to send its request, and its go once started
MAX_PENDING = 64 * 1024 * 1024  # bytes of output a client may leave unread before it is let go


class Answer:
    """The frames owed to one client, sent by a thread of their own: a client that does not read holds up no one.

    The thread sends the frames in order and closes its copy of the connection after
    the last (`close`), or as soon as the client is gone. A client that leaves more
    than MAX_PENDING bytes unread is let go: its connection is shut, what it has not
    read is dropped.
    """

    def __init__(self, sock: socket.socket):
        self._sock = sock.dup()  # the accepting loop closes its own
        self._frames: collections.deque[bytes] = collections.deque()
        self._pending = 0
        self._closed = False
        self._ready = threading.Condition()
        self.gone = False
        threading.Thread(target=self._send_all, name="brief-serve-answer", daemon=True).start()

    def send(self, kind: bytes, payload: bytes) -> None:
        """Queue one frame."""
        data = protocol.frame(kind, payload)
        with self._ready:
            if self.gone:
                return
            if self._pending + len(data) > MAX_PENDING:
                self._let_go()
                return
            self._frames.append(data)
            self._pending += len(data)
            self._ready.notify()

    def close(self) -> None:
        """Say that no frame follows: the thread closes the connection once the queued ones are sent."""
        with self._ready:
            self._closed = True
            self._ready.notify()

    def _let_go(self) -> None:
        self.gone = True
        self._frames.clear()
        try:
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the thread if it is blocked sending
        except OSError:
            pass
        self._ready.notify()

    def _send_all(self) -> None:
        try:
            while True:
                with self._ready:
                    while not self._frames and not self._closed and not self.gone:
                        self._ready.wait()
                    if self.gone or not self._frames:
                        return
                    data = self._frames.popleft()
                try:
                    self._sock.sendall(data)
                except OSError:
                    with self._ready:
                        self.gone = True
                        self._frames.clear()
                    return
                with self._ready:
                    self._pending -= len(data)
        finally:
            self._sock.close()


class FrameWriter(io.TextIOBase):
    """A text stream whose lines go to the client as frames of one kind; silent once the client is gone."""

    def __init__(self, answer: Answer, kind: bytes, tty: bool, lock: threading.RLock):
        self._answer, self._kind, self._tty, self._lock = answer, kind, tty, lock  # a progress bar writes from a thread
        self._pending: list[str] = []
        self._size = 0

    @property
    def gone(self) -> bool:
        return self._answer.gone

    @property
    def encoding(self) -> str:
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._tty

    def write(self, text: str) -> int:
        with self._lock:
            self._pending.append(text)
            self._size += len(text)
        if "\n" in text or self._size > 65536:
            self.flush()
        return len(text)

    def flush(self) -> None:
        with self._lock:
            if not self._pending:
                return
            data = "".join(self._pending).encode("utf-8", errors="surrogateescape")
            self._pending, self._size = [], 0
            self._answer.send(self._kind, data)


def code_stamp() -> tuple:
    """Return the modification times of the compiler's files, to notice an upgrade or an edit."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".html", ".css")))


Run = Callable[[Sequence[str], Context], int]  # a command line run in a context (`compiler.cli.run`)


def serve(workspace: Workspace, idle_minutes: float, run: Run, say: Callable[[str], None] | None = None) -> int:
    """Serve `workspace`, running each request's command line with `run`, until stopped; return the exit code."""
    say = say or (lambda line: print(line, file=sys.__stderr__, flush=True))
    path = workspace.root / protocol.SOCKET
    from compiler.render import renderer
    from compiler.render.jobs import warm, worker_pool
    from compiler.store.memo import StoreMemo

    def on_term(signum, frame):  # noqa: ARG001 - SIGTERM stops the server as Ctrl-C does
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: a second one (pkill of every process) cannot cut the stop short
        raise KeyboardInterrupt

    started = time.perf_counter()
    stamp = code_stamp()
    listener, inode = _listen(path)
    previous_term = signal.signal(signal.SIGTERM, on_term)
    pool = None
    try:
        for fmt in ("docx", "pdf", "html"):
            renderer(fmt)
        pool = worker_pool()
        for _ in range(pool._max_workers):  # noqa: SLF001 - one warm-up per worker
            pool.submit(warm, ("pdf", "docx"))
        memo = StoreMemo()
        memo.load(workspace.sources, workspace.root)
        say(f"brief serve: serving {display(workspace.root)} on {display(path)} "
            f"(ready in {time.perf_counter() - started:.1f} s; Ctrl-C to stop)")
        listener.settimeout(LOOK_EVERY)
        last = time.monotonic()
        while True:
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                if not _still_ours(path, inode):
                    say(f"brief serve: {display(path)} was removed (the cache deleted?); stopping")
                    break
                if idle_minutes > 0 and time.monotonic() - last > idle_minutes * 60:
                    say(f"brief serve: no request for {idle_minutes:g} minutes; stopping")
                    break
                continue
            last = time.monotonic()
            with conn:
                try:
                    outcome = _handle(conn, run, stamp, memo, pool)
                except OSError as exc:  # the client went away while it was being answered
                    outcome = f"lost a client: {exc.strerror or exc}"
            if outcome is None:
                say("brief serve: the compiler's code changed; stopping (start it again)")
                break
            say(f"brief serve: {outcome}")
            if getattr(pool, "_broken", False):
                pool.shutdown(cancel_futures=True)
                pool = worker_pool()
            gc.collect()  # before the next load freezes what is left
    except KeyboardInterrupt:
        say("brief serve: stopped")
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        listener.close()
        _remove(path, inode)
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return 0


def _listen(path: Path) -> tuple[socket.socket, int]:
    """Return a socket listening at `path` and the inode of its file; refuse when a live server has it."""
    if not hasattr(socket, "AF_UNIX"):
        raise UsageError("brief serve needs Unix sockets, which this system does not have")
    shown = display(path)
    if path.parent.is_symlink():
        raise UsageError(f"cannot listen on {shown}: {display(path.parent)} is a symbolic link; "
                         "the server keeps its socket only in a folder of the workspace's own")
    if path.parent.exists() and not path.parent.is_dir():
        raise UsageError(f"cannot listen on {shown}: {display(path.parent)} is a file, not a folder")
    try:
        return _bind(path, shown)
    except OSError as exc:  # a read-only workspace, a file named .brief-cache
        raise UsageError(f"cannot listen on {shown}: {exc.strerror or exc}") from None


def _bind(path: Path, shown: str) -> tuple[socket.socket, int]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = os.lstat(path.parent)
    here = os.getcwd()
    os.chdir(path.parent)  # bind by a short name: a socket path has at most 107 bytes
    try:
        if not stat.S_ISDIR(folder.st_mode) or not os.path.samestat(os.stat("."), folder):
            raise UsageError(f"cannot listen on {shown}: {display(path.parent)} changed while the server started")
        if os.path.lexists(path.name):
            if not stat.S_ISSOCK(os.lstat(path.name).st_mode):
                raise UsageError(f"{shown} exists and is not a socket; it is left alone (remove it yourself)")
            probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                probe.connect(path.name)
            except OSError:
                os.unlink(path.name)  # left by a server that died
            else:
                raise UsageError(f"a server already serves this workspace ({shown}); stop it first")
            finally:
                probe.close()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        umask = os.umask(0o177)
        try:
            listener.bind(path.name)
        finally:
            os.umask(umask)
        listener.listen(16)
        inode = os.stat(path.name).st_ino
    finally:
        os.chdir(here)
    return listener, inode


def _still_ours(path: Path, inode: int) -> bool:
    """Whether the socket file is still the one this server made (not deleted, not replaced)."""
    try:
        return path.stat().st_ino == inode
    except OSError:
        return False


def _remove(path: Path, inode: int) -> None:
    """Remove the socket file, unless another server has replaced it."""
    if _still_ours(path, inode):
        try:
            path.unlink()
        except OSError:
            pass


def _peer_uid(conn: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):
        return None
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", creds)[1]


def _handle(conn: socket.socket, run: Run, stamp: tuple, memo, pool) -> str | None:
    """Run one request with the kept `memo` and `pool`; return a line for the server's log, or None when the server must stop."""
    uid = _peer_uid(conn)
    if uid is not None and uid != os.getuid():
        return f"refused a request from user {uid}"
    conn.settimeout(CLIENT_WAIT)
    reader = conn.makefile("rb")
    try:
        frame = protocol.receive(reader, protocol.MAX_REQUEST)
        if frame is None or frame[0] != protocol.REQUEST:
            raise ValueError("not a request")
        request = protocol.decode_request(frame[1])
        argv, cwd, env = request["argv"], request["cwd"], request["env"]
        if argv[0] not in protocol.FORWARDED:
            raise ValueError("not a command this server runs")
    except (OSError, ValueError) as exc:
        return f"ignored a request that could not be read ({exc})"
    if request.get("python") != protocol.interpreter() or request.get("package") != str(PACKAGE):
        protocol.send(conn, protocol.REFUSED, b"another Python or another copy of the compiler")
        return f"refused `brief {' '.join(argv)}` from another Python or copy of the compiler (it ran there)"
    if code_stamp() != stamp:
        protocol.send(conn, protocol.REFUSED, b"the compiler changed")
        return None
    try:
        protocol.send(conn, protocol.START, b"")
        go = protocol.receive(reader, 0)
    except OSError:
        go = None
    if go is None or go[0] != protocol.GO:
        return f"`brief {' '.join(argv)}` not run: its client stopped waiting (a command then runs in its own process)"
    conn.settimeout(None)
    started = time.perf_counter()
    lock = threading.RLock()
    answer = Answer(conn)
    out = FrameWriter(answer, protocol.STDOUT, bool(request.get("stdout_tty")), lock)
    err = FrameWriter(answer, protocol.STDERR, bool(request.get("stderr_tty")), lock)
    environment = {name: value for name, value in os.environ.items() if name not in protocol.ENV}
    environment.update({name: value for name, value in env.items() if name in protocol.ENV and value is not None})
    context = Context(out, err, environment, stores=memo, pool=pool, umask=request.get("umask"))
    here = os.getcwd()
    try:
        try:
            os.chdir(cwd)
            code = run(argv, context)
            out.flush()
            err.flush()
        except OSError as exc:  # the client's folder is gone
            err.write(f"brief: cannot run in {cwd}: {exc.strerror or exc}\n")
            err.flush()
            code = 2
        finally:
            os.chdir(here)
        answer.send(protocol.EXIT, str(code).encode())
    finally:
        answer.close()
    return f"`brief {' '.join(argv)}` in {cwd}: exit {code} in {time.perf_counter() - started:.2f} s"
