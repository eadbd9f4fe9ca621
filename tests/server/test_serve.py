"""Check `brief serve`: commands run through it print, write and exit exactly as they do alone, and it fails safe."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compiler.server import protocol
from compiler.server.client import _ours

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="brief serve needs Unix sockets")

EPOCH = {"SOURCE_DATE_EPOCH": "1300000000"}


def brief(*argv: str, cwd: Path, env: dict | None = None, server: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the `brief` command as a user types it (through its entry point) and return what it did."""
    environ = {k: v for k, v in os.environ.items() if k not in protocol.ENV and k != "BRIEF_NO_SERVER"}
    environ.update(env or {})
    if not server:
        environ["BRIEF_NO_SERVER"] = "1"
    return subprocess.run([sys.executable, "-m", "compiler", *argv], cwd=cwd, env=environ, capture_output=True,
                          text=True, timeout=timeout)


class Server:
    """A `brief serve` process for a workspace, and what it logged."""

    def __init__(self, root: Path):
        self.root = root
        self.socket = root / protocol.SOCKET
        self.process = subprocess.Popen([sys.executable, "-m", "compiler", "serve", "--idle", "5"], cwd=root,
                                        stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while not self._answers():
            assert self.process.poll() is None, self.process.stderr.read()
            assert time.time() < deadline, "the server did not start"
            time.sleep(0.05)
        # it listens before it has warmed up, and a command waits only protocol.WAIT seconds to be started
        self.ready = self.process.stderr.readline()
        assert "brief serve: serving" in self.ready, self.ready + self.process.stderr.read()

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(os.path.relpath(self.socket))
            return True
        except OSError:
            return False
        finally:
            probe.close()

    def stop(self) -> str:
        """Stop the server as a service manager would (SIGTERM) and return its log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        _, log = self.process.communicate(timeout=30)
        return self.ready + log


@pytest.fixture
def server(workspace, monkeypatch):
    monkeypatch.chdir(workspace.root)  # the socket is reached by its short relative path
    started = Server(workspace.root)
    yield started
    started.stop()


def served(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("brief serve: `brief ")]


def test_a_build_through_the_server_writes_the_same_bytes_and_says_the_same(workspace, server, tmp_path):
    alone = brief("build", "--to", "docx,pdf,html", "-o", str(tmp_path / "alone"), cwd=workspace.root, env=EPOCH, server=False)
    through = brief("build", "--to", "docx,pdf,html", "-o", str(tmp_path / "served"), cwd=workspace.root, env=EPOCH)
    assert (through.returncode, through.stdout.replace("/served/", "/alone/"), through.stderr) == (
        alone.returncode, alone.stdout, alone.stderr)
    assert alone.returncode == 0, alone.stderr
    for name in ("paper.docx", "paper.pdf", "paper.html", "paper.manifest.json"):
        assert (tmp_path / "served" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes(), name
    # once more, the store now from memory and the renderers warm
    again = brief("build", "--to", "docx,pdf", "-o", str(tmp_path / "again"), cwd=workspace.root, env=EPOCH)
    assert again.returncode == 0
    assert (tmp_path / "again" / "paper.pdf").read_bytes() == (tmp_path / "alone" / "paper.pdf").read_bytes()
    log = server.stop()
    assert len(served(log)) == 2, log  # both ran in the server, not here
    assert not server.socket.exists()


def test_check_facts_and_errors_through_the_server_are_those_of_the_command_alone(workspace, server):
    workspace.write("briefs/broken.yaml", "title: Broken\ncountry: KZ\nsections:\n  - theme: no-such-theme\n")
    commands = [
        ("check",),
        ("check", "briefs/paper.yaml", "--format", "json"),
        ("facts", "--format", "json"),
        ("facts", "--theme", "media"),
        ("facts", "--theme", "nothing"),  # a usage error: exit 2
        ("build", "briefs/broken.yaml"),  # invalid input: exit 3
        ("build", "no-such-brief"),
    ]
    for argv in commands:
        alone = brief(*argv, cwd=workspace.root, server=False)
        through = brief(*argv, cwd=workspace.root)
        assert (through.returncode, through.stdout, through.stderr) == (alone.returncode, alone.stdout, alone.stderr), argv
    assert {brief(*argv, cwd=workspace.root).returncode for argv in commands} == {0, 2, 3}
    assert len(served(server.stop())) == 2 * len(commands)


def test_the_server_sees_an_edited_source_and_runs_in_the_callers_folder(workspace, server):
    source = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    before = brief("facts", "--format", "csv", cwd=workspace.root)
    source.write_text(source.read_text(encoding="utf-8").replace("dominates television", "dominates radio"), encoding="utf-8")
    after = brief("facts", "--format", "csv", cwd=workspace.root)
    assert "dominates television" in before.stdout and "dominates radio" in after.stdout
    inside = brief("check", cwd=workspace.root / "briefs")  # paths shown relative to where the command was typed
    assert inside.stdout == brief("check", cwd=workspace.root / "briefs", server=False).stdout
    assert inside.stdout != brief("check", cwd=workspace.root).stdout  # "sources/themes.yaml" from the workspace
    assert len(served(server.stop())) == 4


def test_table_width_follows_the_callers_terminal_not_the_servers(workspace, server):
    wide = brief("facts", cwd=workspace.root, env={"COLUMNS": "200"})
    narrow = brief("facts", cwd=workspace.root, env={"COLUMNS": "80"})
    piped = brief("facts", cwd=workspace.root)
    assert wide.stdout == brief("facts", cwd=workspace.root, env={"COLUMNS": "200"}, server=False).stdout
    assert narrow.stdout == brief("facts", cwd=workspace.root, env={"COLUMNS": "80"}, server=False).stdout
    assert piped.stdout == brief("facts", cwd=workspace.root, server=False).stdout
    assert max(map(len, narrow.stdout.splitlines())) <= 80 < max(map(len, wide.stdout.splitlines()))
    assert len(served(server.stop())) == 3


def test_no_server_variable_and_other_commands_run_alone(workspace, server, tmp_path):
    assert brief("check", cwd=workspace.root, server=False).returncode == 0
    assert brief("schema", "brief", cwd=workspace.root).returncode == 0
    assert brief("build", "--help", cwd=workspace.root).returncode == 0
    assert served(server.stop()) == []


def test_the_socket_is_the_users_alone_and_a_second_server_is_refused(workspace, server):
    assert server.socket.stat().st_mode & 0o777 == 0o600
    second = brief("serve", cwd=workspace.root)
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == [
        "brief: a server already serves this workspace (.brief-cache/serve.sock); stop it first"]
    assert server.process.poll() is None  # the first one still serves
    assert brief("check", cwd=workspace.root).returncode == 0
    assert len(served(server.stop())) == 1


def test_a_socket_left_by_a_dead_server_is_ignored_then_replaced(workspace, tmp_path):
    path = workspace.root / protocol.SOCKET
    path.parent.mkdir(parents=True, exist_ok=True)
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        dead.bind(path.name)  # bound, never listening: what a killed server leaves
        dead.close()
    finally:
        os.chdir(here)
    assert _ours(os.path.relpath(path))
    alone = brief("check", cwd=workspace.root)
    assert alone.returncode == 0 and "paper.yaml: ok" in alone.stdout
    started = Server(workspace.root)  # takes the place of the dead one
    assert brief("check", cwd=workspace.root).stdout == alone.stdout
    assert len(served(started.stop())) == 1


def test_a_file_that_is_not_a_socket_is_never_talked_to(tmp_path):
    fake = tmp_path / "serve.sock"
    fake.write_text("")
    assert not _ours(str(fake))
    assert not _ours(str(tmp_path / "missing.sock"))


def test_a_server_stops_when_the_compiler_it_runs_changes(workspace, monkeypatch):
    from compiler.server import serve as serve_module

    assert serve_module.code_stamp() == serve_module.code_stamp()
    assert any(name.endswith("serve.py") for name, _ in serve_module.code_stamp())


def test_requests_encode_and_decode_every_argument():
    env = {name: None for name in protocol.ENV} | {"COLUMNS": "91", "CI": ""}
    argv = ["build", "brief with spaces.yaml", "--to", "docx", "é\nnewline", ""]
    payload = protocol.encode_request("py", "pkg", "/w", True, False, env, argv, 0o027)
    request = protocol.decode_request(payload)
    assert request == {"python": "py", "package": "pkg", "cwd": "/w", "stdout_tty": True, "stderr_tty": False,
                       "umask": 0o027, "env": env, "argv": argv}
    assert protocol.decode_request(protocol.encode_request("py", "pkg", "/w", True, False, env, argv))["umask"] is None
    with pytest.raises(ValueError):
        protocol.decode_request(b"brief-serve-0\0x")
    with pytest.raises(ValueError):
        protocol.decode_request(payload.replace(b"COLUMNS=", b"ROWS=", 1))


def test_a_build_through_the_server_writes_its_files_with_the_umask_of_the_command(workspace, server, tmp_path):
    """The server's own umask is not the user's: the files get the permissions the command's umask gives."""
    for mask, mode in ((0o077, 0o600), (0o022, 0o644)):
        command = f"umask {mask:03o} && exec {sys.executable} -m compiler build --to docx -o {tmp_path / oct(mask)}"
        environ = {k: v for k, v in os.environ.items() if k not in protocol.ENV and k != "BRIEF_NO_SERVER"}
        done = subprocess.run(["sh", "-c", command], cwd=workspace.root, env=environ, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / oct(mask) / "paper.docx").stat().st_mode & 0o777 == mode
    assert len(served(server.stop())) == 2  # both ran in the server


def test_deleting_the_cache_stops_the_server_and_commands_run_alone(workspace, server):
    shutil.rmtree(workspace.root / ".brief-cache")
    server.process.wait(timeout=30)
    assert "was removed (the cache deleted?); stopping" in server.stop()
    assert brief("check", cwd=workspace.root).returncode == 0


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) (util-linux) for a terminal")
def test_on_a_terminal_the_server_draws_the_bar_and_prints_the_result_line(workspace, server):
    # script(1) gives the command a terminal of unknown size (0 columns), the case that once printed nothing
    command = f"{shlex.quote(sys.executable)} -m compiler build --to html"
    done = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=workspace.root, capture_output=True,
                          text=True, timeout=120, env={k: v for k, v in os.environ.items() if k not in ("CI", "COLUMNS")})
    assert done.returncode == 0, done.stdout
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", done.stdout)
    assert "briefs/paper.yaml: profile none" in shown and "building" in shown
    assert len(served(server.stop())) == 1


def test_a_server_that_cannot_listen_is_one_clear_line(workspace):
    cache = workspace.root / ".brief-cache"
    cache.write_text("not a folder")
    done = brief("serve", cwd=workspace.root)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"brief: cannot listen on {protocol.SOCKET}: .brief-cache is a file, not a folder"]
    cache.unlink()
    cache.mkdir()
    (cache / "serve.sock").write_text("a file of the user's")
    done = brief("serve", cwd=workspace.root)
    assert (done.returncode, done.stderr.splitlines()) == (
        2, [f"brief: {protocol.SOCKET} exists and is not a socket; it is left alone (remove it yourself)"])
    assert (cache / "serve.sock").read_text() == "a file of the user's"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers through /proc")
def test_killing_the_server_and_its_workers_together_is_quiet(workspace, server):
    # what `pkill -f "brief serve"` does: SIGTERM to the server and to each of its render workers
    assert brief("check", cwd=workspace.root).returncode == 0
    pid = server.process.pid
    children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                for c in (task / "children").read_text().split()]
    assert children  # the render workers
    for each in [pid, *children]:
        try:
            os.kill(each, signal.SIGTERM)
        except ProcessLookupError:  # the server stopped that worker already, as pkill can find too
            pass
    log = server.stop()
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log
    assert log.rstrip().endswith("brief serve: stopped")


@pytest.mark.skipif(not hasattr(socket, "SO_PEERCRED"), reason="peer credentials are a Linux feature")
def test_a_request_from_another_user_is_refused_unread():
    import struct

    from compiler.server import serve as serve_module

    class OtherUsersConnection:

        def getsockopt(self, level, option, size):
            return struct.pack("3i", 4242, os.getuid() + 1, 0)

        def __getattr__(self, name):  # anything else (reading, answering) would be a failure
            raise AssertionError(f"the server used {name} on another user's connection")

    ran = []
    outcome = serve_module._handle(OtherUsersConnection(), lambda argv, context: ran.append(argv), serve_module.code_stamp(), None, None)
    assert outcome == f"refused a request from user {os.getuid() + 1}"
    assert ran == []


def test_a_request_runs_with_its_own_context_and_leaves_the_servers_streams_and_environment(tmp_path, monkeypatch):
    from compiler.server import serve as serve_module

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    monkeypatch.delenv("COLUMNS", raising=False)
    env = {name: None for name in protocol.ENV} | {"COLUMNS": "91", "SOURCE_DATE_EPOCH": "1300000000"}
    request = protocol.encode_request(protocol.interpreter(), str(serve_module.PACKAGE), str(tmp_path), False, True,
                                      env, ["check", "--strict"])
    server_end, client_end = socket.socketpair()
    protocol.send(client_end, protocol.REQUEST, request)
    protocol.send(client_end, protocol.GO, b"")  # sent ahead: the server reads it after its start frame
    seen = {}
    memo, pool = object(), object()

    def run(argv, context):
        seen.update(argv=argv, cwd=os.getcwd(), context=context, stdout=sys.stdout, stderr=sys.stderr)
        print("out", file=context.out)
        print("err", file=context.err)
        return 4

    streams, here = (sys.stdout, sys.stderr), os.getcwd()
    with client_end:
        with server_end:
            outcome = serve_module._handle(server_end, run, serve_module.code_stamp(), memo, pool)
        frames = []
        reader = client_end.makefile("rb")
        while (frame := protocol.receive(reader)) is not None:
            frames.append(frame)
    context = seen["context"]
    assert seen["argv"] == ["check", "--strict"] and seen["cwd"] == str(tmp_path)
    assert (seen["stdout"], seen["stderr"]) == streams  # nothing swapped: the command prints to its context
    assert context.env["COLUMNS"] == "91" and context.env["SOURCE_DATE_EPOCH"] == "1300000000"
    assert "LINES" not in context.env and (context.stores, context.pool) == (memo, pool)
    assert context.err.isatty() and not context.out.isatty()
    assert os.environ["SOURCE_DATE_EPOCH"] == "1" and "COLUMNS" not in os.environ and os.getcwd() == here
    assert frames == [(protocol.START, b""), (protocol.STDOUT, b"out\n"), (protocol.STDERR, b"err\n"), (protocol.EXIT, b"4")]
    assert outcome.startswith(f"`brief check --strict` in {tmp_path}: exit 4")
