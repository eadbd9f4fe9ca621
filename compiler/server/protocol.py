"""Turn the messages between the `brief` command and `brief serve` into bytes and back.

A message is a frame: one byte saying what it is, four bytes of length (big-endian)
and the payload. The command sends one request frame: its Python, its copy of the
compiler, its current folder, whether its output streams are terminals, the
environment variables that change a command's output, and its arguments, as UTF-8
strings separated by NUL (which no argument, path or variable can contain). The
server answers with a start frame when it is ready to run the command (or a refusal
frame); the command waits at most `WAIT` seconds for it, then runs in its own
process, and otherwise confirms with a go frame. Only then does the server run the
command and answer with frames of standard output and standard error, then one frame
with the exit code. So a server that is stopped or busy delays a command by `WAIT`
at most, and never runs a command its client has given up on. Light on purpose: the command imports
this module before deciding whether to import anything else (`json`, `socket` and
`typing` would double its start-up).
"""

from __future__ import annotations

import os
import struct
import sys

SOCKET = ".brief-cache/serve.sock"  # under the workspace's folder
FORWARDED = ("check", "facts", "recommendations", "build")  # the commands a server runs; the others run where they are typed
# the environment variables that change what a command prints or writes
ENV = ("CI", "COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "BRIEF_NO_CACHE", "SOURCE_DATE_EPOCH")

REQUEST = b"q"
STDOUT = b"1"
STDERR = b"2"
EXIT = b"x"
REFUSED = b"r"
START = b"s"  # the server is ready to run the request
GO = b"g"  # the client is still there and waits for the run

WAIT = 2.0  # seconds a command waits for its server to start it before it runs in its own process

MAX_REQUEST = 1 << 20
_HEAD = struct.Struct(">cI")


VERSION = "brief-serve-3"


def interpreter() -> str:
    """Return what tells one Python environment from another: its interpreter and its prefix (a venv)."""
    return f"{os.path.realpath(sys.executable)} in {sys.prefix}"


def encode_request(python: str, package: str, cwd: str, stdout_tty: bool, stderr_tty: bool,
                   env: dict[str, str | None], argv: list[str], umask: int | None = None) -> bytes:
    """Return the payload of a request frame (`umask`: the client's, that the files a build writes get)."""
    fields = [VERSION, python, package, cwd, "1" if stdout_tty else "", "1" if stderr_tty else "",
              "" if umask is None else format(umask, "o")]
    fields += [name if env.get(name) is None else f"{name}={env[name]}" for name in ENV]
    return "\0".join(fields + argv).encode("utf-8", errors="surrogateescape")


def decode_request(payload: bytes) -> dict:
    """Return the request of `payload` as a dict; raise ValueError when it is not one."""
    fields = payload.decode("utf-8", errors="surrogateescape").split("\0")
    head = 7 + len(ENV)
    if len(fields) <= head or fields[0] != VERSION:
        raise ValueError("not a request of this version")
    umask = int(fields[6], 8) if fields[6] else None  # a ValueError when it is not octal digits
    if umask is not None and not 0 <= umask <= 0o777:
        raise ValueError("not a umask")
    env: dict[str, str | None] = {}
    for name, field in zip(ENV, fields[7:head]):
        if field != name and not field.startswith(name + "="):
            raise ValueError(f"expected the variable {name}")
        env[name] = field[len(name) + 1:] if "=" in field else None
    return {"python": fields[1], "package": fields[2], "cwd": fields[3], "stdout_tty": bool(fields[4]),
            "stderr_tty": bool(fields[5]), "umask": umask, "env": env, "argv": fields[head:]}


def frame(kind: bytes, payload: bytes) -> bytes:
    """Return the bytes of one frame."""
    return _HEAD.pack(kind, len(payload)) + payload


def send(sock, kind: bytes, payload: bytes) -> None:
    """Send one frame."""
    sock.sendall(frame(kind, payload))


def receive(stream, limit: int | None = None) -> tuple[bytes, bytes] | None:
    """Return the next frame (kind, payload) read from the binary file `stream`, or None at its end."""
    head = stream.read(_HEAD.size)
    if len(head) < _HEAD.size:
        return None
    kind, size = _HEAD.unpack(head)
    if limit is not None and size > limit:
        return None
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return kind, payload
