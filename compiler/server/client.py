"""Turn a `brief` command line into its run: by a `brief serve` process when one serves the workspace, else here.

The entry point of the `brief` command. It imports nothing of the compiler before
deciding: when the command is `check`, `facts`, `recommendations` or `build` and a socket
`.brief-cache/serve.sock` answers in the workspace (the `--workspace` folder, the
folder of the first file named, or the current folder or one above it), the
request goes to that server, which prints through this process and gives its exit
code. In every other case, with `BRIEF_NO_SERVER=1`, or when the server is gone,
refuses (another Python, another copy of the compiler, or its code changed), cannot
be reached, or does not start the command within `protocol.WAIT` seconds (it is
stopped, or busy with another client), the command runs here, as it would without a
server.
"""

from __future__ import annotations

import _socket  # the C module: `socket` imports `enum`, a fifth of this command's start-up
import os
import stat
import sys

from compiler.server import protocol


def main(argv: list[str] | None = None) -> int:
    """Run the `brief` command with `argv` (default: sys.argv) and return its exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code = forward(argv)
    except OSError:  # no current folder (deleted under the shell), before anything was sent: run here
        code = None
    if code is None:
        from compiler.cli import main as run_here

        return run_here(argv)
    return code


def forward(argv: list[str]) -> int | None:
    """Run `argv` in a server and return its exit code; None when it is to run here."""
    if os.environ.get("BRIEF_NO_SERVER", "") in ("1", "true", "yes") or not hasattr(_socket, "AF_UNIX"):
        return None
    if not argv or argv[0] not in protocol.FORWARDED or "-h" in argv or "--help" in argv:
        return None
    for path in _sockets(argv):
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            sock.settimeout(2)
            sock.connect(path)
            sock.settimeout(None)
        except OSError:  # a socket left by a server that died, or not ours
            sock.close()
            continue
        try:
            return _talk(sock, argv)
        finally:
            sock.close()
    return None


def _sockets(argv: list[str]):
    """Yield the socket paths to try, nearest first, as short as they can be written."""
    starts = []
    for i, arg in enumerate(argv):
        if arg == "--workspace" and i + 1 < len(argv):
            starts.append(argv[i + 1])
        elif arg.startswith("--workspace="):
            starts.append(arg.split("=", 1)[1])
    named = next((a for a in argv[1:] if not a.startswith("-") and os.path.isfile(a)), None)
    if named is not None:
        starts.append(os.path.dirname(os.path.abspath(named)))
    starts.append(os.getcwd())
    seen = set()
    for start in starts:
        folder = os.path.abspath(start)
        while folder not in seen:
            seen.add(folder)
            path = os.path.join(folder, protocol.SOCKET)
            if _ours(path):
                relative = os.path.relpath(path)
                yield relative if len(relative) < len(path) else path  # a socket path has at most 107 bytes
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent


def _ours(path: str) -> bool:
    """Whether `path` is a socket of this user's: another user's socket is never sent a command."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISSOCK(found.st_mode) and found.st_uid == os.getuid()


def _columns() -> str | None:
    if os.environ.get("COLUMNS"):
        return os.environ["COLUMNS"]
    try:
        columns = os.get_terminal_size(sys.stdout.fileno()).columns if sys.stdout.isatty() else 0
    except (OSError, ValueError):
        return None
    return str(columns) if columns > 0 else None  # a terminal of unknown size says 0


def _talk(sock, argv: list[str]) -> int | None:
    env = {name: os.environ.get(name) for name in protocol.ENV}
    env["COLUMNS"] = _columns()
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    from compiler.output import umask

    request = protocol.encode_request(protocol.interpreter(), package, os.getcwd(), sys.stdout.isatty(), sys.stderr.isatty(),
                                      env, argv, umask())
    printed = False
    reader = _Reader(sock)
    try:
        if not _started(sock, reader, request):
            return None
    except KeyboardInterrupt:
        print("brief: interrupted", file=sys.stderr)
        return 130
    try:
        while True:
            frame = protocol.receive(reader)
            if frame is None:
                break
            kind, payload = frame
            if kind == protocol.EXIT:
                return int(payload)
            if kind == protocol.REFUSED:
                return None if not printed else 1
            stream = sys.stdout if kind == protocol.STDOUT else sys.stderr
            if hasattr(stream, "buffer"):
                stream.flush()
                stream.buffer.write(payload)
                stream.buffer.flush()
            else:  # a stream replaced by a caller (a test)
                stream.write(payload.decode("utf-8", errors="replace"))
            printed = True
    except KeyboardInterrupt:
        print("brief: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `brief facts | head`: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError:
        pass
    if not printed:
        return None  # the server went away before saying anything: run here
    print("brief: the server (brief serve) stopped before the command finished; run it again", file=sys.stderr)
    return 1


def _started(sock, reader: "_Reader", request: bytes) -> bool:
    """Send `request` and wait for the server to start it; False when it is to run here.

    A server that is stopped, busy with another command or gone does not answer
    within `protocol.WAIT` seconds: the command then runs here, and the server, which
    never gets the go, never runs it.
    """
    try:
        sock.settimeout(protocol.WAIT)
        protocol.send(sock, protocol.REQUEST, request)
        frame = protocol.receive(reader)
        if frame is None or frame[0] != protocol.START:
            return False  # gone, or refused (another Python, another copy of the compiler)
        protocol.send(sock, protocol.GO, b"")
        sock.settimeout(None)
        return True
    except OSError:  # no answer in time, or the server closed the connection
        return False


class _Reader:
    """Exact reads from a socket (the C socket has no `makefile`)."""

    def __init__(self, sock):
        self._sock = sock

    def read(self, size: int) -> bytes:
        chunks = []
        while size > 0:
            chunk = self._sock.recv(min(size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)
