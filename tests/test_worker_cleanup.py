"""Check that `brief build` and `brief watch` leave no render worker alive when their process is killed.

A worker notices its parent's death and exits: killed by SIGTERM, SIGHUP or SIGKILL, the
command has no chance to stop its pool, and the workers (which hold both ends of their
job queue's pipe) would otherwise wait for work forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from Linux's /proc")


def _state_and_parent(pid: int) -> tuple[str, int] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()  # after the command name, which may hold spaces
    return fields[0], int(fields[1])


def _children(pid: int) -> set[int]:
    """The living processes whose parent is `pid`."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            state = _state_and_parent(int(entry.name))
            if state is not None and state[1] == pid and state[0] != "Z":
                found.add(int(entry.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if (state := _state_and_parent(pid)) is not None and state[0] != "Z"}


def _wait_for(condition, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if result := condition():
            return result
        time.sleep(0.05)
    return condition()


COMMANDS = {
    "build": lambda out: ["build", "-j", "3", "--to", "pdf,docx", "-q", "-o", str(out)],
    "watch": lambda out: ["watch", "briefs/kazakhstan-labour-2016.yaml", "--to", "pdf", "-o", str(out)],
}


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_worker_outlives_a_killed_command(tmp_path, command, signum):
    env = {k: v for k, v in os.environ.items() if k != "BRIEF_NO_SERVER"} | {"BRIEF_NO_SERVER": "1"}
    process = subprocess.Popen([sys.executable, "-m", "compiler", *COMMANDS[command](tmp_path / "out")], cwd=REPO, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        workers = _wait_for(lambda: found if len(found := _children(process.pid)) >= 2 else set(), 60)
        assert len(workers) >= 2, "the command started no pool of workers"
        os.kill(process.pid, signum)
        process.wait(timeout=30)
        left = _wait_for(lambda: not _alive(workers), 5) or _alive(workers)
        assert left is True, f"workers {sorted(left)} outlived their command"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in _alive(workers):
            os.kill(pid, signal.SIGKILL)
