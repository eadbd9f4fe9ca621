"""Tests that the index in `.brief-cache/` never changes what `brief` reports: the same inputs
give the same answers with the index, without it, and with a stale or broken one."""

from __future__ import annotations

import contextlib
import io
import os
import shutil


from compiler.cli import main
from compiler.store import load_store
from tests.conftest import REPO, SOURCE


def check_output(root, no_cache: bool) -> tuple[int, str]:
    os.environ["BRIEF_NO_CACHE"] = "1" if no_cache else "0"
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["check", "--workspace", str(root), "--format", "json"])
    return code, out.getvalue()


def test_check_answers_the_same_with_and_without_the_index(tmp_path, monkeypatch):
    root = tmp_path / "ws"
    for folder in ("sources", "briefs"):
        shutil.copytree(REPO / folder, root / folder, ignore=shutil.ignore_patterns(".*"))
    monkeypatch.chdir(root)
    monkeypatch.setenv("BRIEF_NO_CACHE", "1")
    plain = check_output(root, no_cache=True)
    assert check_output(root, no_cache=False) == plain  # builds the index
    assert check_output(root, no_cache=False) == plain  # reads it
    (root / ".brief-cache" / "index.sqlite").write_bytes(b"not a database")
    assert check_output(root, no_cache=False) == plain  # a broken index is rebuilt


def test_a_rewrite_of_the_same_size_and_time_is_not_read_from_the_index(workspace):
    path = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    before = path.stat()
    load_store(workspace.root / "sources", workspace.root)  # fills the index
    path.write_text(SOURCE.replace("Police detained", "Police arrested"))  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    store, _ = load_store(workspace.root / "sources", workspace.root)
    assert store.facts["rally-2008"].text == "Police arrested protesters in Almaty."
