"""Check that no client of `brief serve`, and no stopped server, can make other commands hang (issue 18)."""

from __future__ import annotations

import os
import signal
import socket
import time

import pytest

from compiler.server import protocol
from tests.server.test_serve import Server, brief, served

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="brief serve needs Unix sockets")


def many_facts(workspace, count: int = 4000) -> None:
    """Give the workspace a document of `count` facts: `brief facts --format json` then prints megabytes."""
    lines = ["id: many", "title: Many facts", "country: KZ", "facts:"]
    for n in range(count):
        lines += [f"  - id: many-{n}", f"    text: Fact number {n} of a long list, told at length so that the output is large.",
                  "    themes: [media]", "    date: 2010"]
    workspace.write("sources/kz/many.yaml", "\n".join(lines) + "\n")


def request(argv: list[str], cwd) -> bytes:
    from compiler.server import serve as serve_module

    env = {name: None for name in protocol.ENV}
    return protocol.encode_request(protocol.interpreter(), str(serve_module.PACKAGE), str(cwd), False, False, env, argv)


def connect(root) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(os.path.relpath(root / protocol.SOCKET))
    return sock


@pytest.fixture
def big_server(workspace, monkeypatch):
    many_facts(workspace)
    monkeypatch.chdir(workspace.root)
    started = Server(workspace.root)
    yield started
    started.stop()


def test_a_client_that_sends_a_request_and_reads_nothing_holds_up_no_one(workspace, big_server):
    silent = connect(workspace.root)
    silent.sendall(protocol._HEAD.pack(protocol.REQUEST, len(payload := request(["facts", "--format", "json"], workspace.root))) + payload)
    try:
        started = time.monotonic()
        done = brief("check", cwd=workspace.root, timeout=60)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 30
    finally:
        silent.close()


def test_a_client_that_stops_reading_its_output_holds_up_no_one(workspace, big_server):
    slow = connect(workspace.root)
    protocol.send(slow, protocol.REQUEST, request(["facts", "--format", "json"], workspace.root))
    reader = slow.makefile("rb")
    assert protocol.receive(reader)[0] == protocol.START
    protocol.send(slow, protocol.GO, b"")
    try:
        started = time.monotonic()
        done = brief("check", cwd=workspace.root, timeout=60)
        assert done.returncode == 0, done.stderr
        assert time.monotonic() - started < 30
        # the slow client, reading at last, gets its whole output
        frames = []
        while (frame := protocol.receive(reader)) is not None:
            frames.append(frame)
    finally:
        slow.close()
    out = b"".join(payload for kind, payload in frames if kind == protocol.STDOUT)
    assert frames[-1] == (protocol.EXIT, b"0")
    assert out.count(b'"id": "many-') == 4000 and len(out) > 1_000_000
    assert len(served(big_server.stop())) == 2


def test_a_stopped_server_makes_commands_run_alone_after_a_short_wait(workspace, monkeypatch):
    monkeypatch.chdir(workspace.root)
    alone = brief("check", cwd=workspace.root, server=False)
    started = Server(workspace.root)
    os.kill(started.process.pid, signal.SIGSTOP)
    try:
        begun = time.monotonic()
        done = brief("check", cwd=workspace.root, timeout=60)
        waited = time.monotonic() - begun
    finally:
        os.kill(started.process.pid, signal.SIGCONT)
    assert (done.returncode, done.stdout, done.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert waited < 20
    assert served(started.stop()) == []  # the server, woken, did not run it a second time


def test_a_linked_cache_folder_gets_no_socket(workspace, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.root / ".brief-cache").symlink_to(elsewhere, target_is_directory=True)
    done = brief("serve", cwd=workspace.root, timeout=60)
    assert (done.returncode, done.stderr.splitlines()) == (
        2, [f"brief: cannot listen on {protocol.SOCKET}: .brief-cache is a symbolic link; the server keeps its socket "
            "only in a folder of the workspace's own"])
    assert list(elsewhere.iterdir()) == []


def test_a_client_that_leaves_too_much_unread_is_let_go(monkeypatch):
    from compiler.server import serve as serve_module

    monkeypatch.setattr(serve_module, "MAX_PENDING", 1_000_000)
    server_end, client_end = socket.socketpair()
    with client_end:
        with server_end:
            answer = serve_module.Answer(server_end)
        for _ in range(100):  # 2 MB, of which the socket's buffers hold a fraction
            answer.send(protocol.STDOUT, b"x" * 20_000)
        assert answer.gone
        answer.send(protocol.EXIT, b"0")  # nothing more is queued for a client let go
        answer.close()
        reader = client_end.makefile("rb")
        frames = []
        while (frame := protocol.receive(reader)) is not None:
            frames.append(frame)
    # the client reads at most what was sent before it was let go, then the end: no exit code, no hang
    assert all(kind == protocol.STDOUT for kind, _ in frames)
    assert sum(len(payload) for _, payload in frames) <= 1_000_000
