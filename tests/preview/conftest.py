"""Fixtures of the `brief preview` tests: a copy of the sample workspace, and a preview server running on it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

BRIEF = "briefs/kazakhstan-ccpr-2011.yaml"


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """Return a copy of the repository's sample workspace (briefs, sources, styles)."""
    root = tmp_path / "ws"
    for folder in ("briefs", "sources", "styles"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".brief-cache"))
    return root


def limit_pages(root: Path) -> Path:
    """Give the sample brief a profile that limits the pages of a Word file (a worker counts them, as `check` does); return it."""
    brief = root / BRIEF
    brief.write_text(brief.read_text(encoding="utf-8").replace("profile: ccpr", "profile: treaty-body-10p"), encoding="utf-8")
    return brief


class Running:
    """A `brief preview` process in its own process group, and the address it printed."""

    def __init__(self, root: Path, *args: str, env: dict | None = None):
        self.log = root.parent / "preview.log"
        self.stderr = self.log.open("w+", encoding="utf-8")
        command = [sys.executable, "-m", "compiler", "preview", *args]
        self.process = subprocess.Popen(command, cwd=root, stdin=subprocess.DEVNULL, stdout=self.stderr, stderr=self.stderr,
                                        start_new_session=True, env={**os.environ, "BRIEF_NO_SERVER": "1", **(env or {})})
        self.url = self.wait_for(r"on (http://\S+/) \(Ctrl-C to stop\)").group(1)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match:
        """Wait for a line of the log matching `pattern` and return its match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.output())
            if found:
                return found
            if self.process.poll() is not None:
                raise AssertionError(f"brief preview exited with {self.process.returncode}:\n{self.output()}")
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n{self.output()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.stderr.close()


@pytest.fixture
def start_preview():
    """Return a function that starts `brief preview` in a workspace (stopped with Ctrl-C at the end of the test)."""
    started: list[Running] = []

    def start(root: Path, *args: str, env: dict | None = None) -> Running:
        running = Running(root, *args, env=env)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
