"""Check `brief watch`: it rebuilds when a source changes, re-reading that file alone."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from compiler.context import Context
from compiler.store import load as load_module
from compiler.watch import watch, watched_files
from compiler.workspace import Workspace


def test_watch_rebuilds_after_a_source_changes_and_reads_only_that_file(workspace, monkeypatch):
    parsed: list[Path] = []
    original = load_module.parse_source
    monkeypatch.setattr(load_module, "parse_source", lambda path: parsed.append(path) or original(path))
    lines: list[str] = []
    ws = Workspace(workspace.root)
    brief = workspace.root / "briefs" / "paper.yaml"
    source = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    thread = threading.Thread(target=watch, args=(ws, brief, ("html",), None, Context.of_process()), kwargs={"interval": 0.05, "rounds": 2, "say": lines.append})
    thread.start()
    deadline = time.time() + 30
    while not lines and time.time() < deadline:
        time.sleep(0.05)
    assert lines and "build 1 done" in lines[0]
    parsed.clear()
    source.write_text(source.read_text(encoding="utf-8").replace("dominates television", "dominates all television"), encoding="utf-8")
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert "build 2 done" in lines[-1]
    assert parsed == [source]
    assert "dominates all television" in (workspace.root / "output" / "paper.html").read_text(encoding="utf-8")


def test_watched_files_cover_the_brief_sources_and_styles(workspace):
    files = watched_files(Workspace(workspace.root), workspace.root / "briefs" / "paper.yaml")
    names = {p.name for p in files}
    assert {"paper.yaml", "hrw-memo.yaml", "themes.yaml", "style.yaml"} <= names


def test_changes_come_from_the_file_system_and_leave_out_outputs_the_index_and_editor_files(workspace):
    from compiler.watch import changes

    ws = Workspace(workspace.root)
    brief = workspace.root / "briefs" / "paper.yaml"
    source = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    stop = threading.Event()
    seen = changes(ws, brief, stop)
    assert next(seen) == set()  # the watches are in place
    (workspace.root / "output").mkdir(exist_ok=True)
    (workspace.root / "output" / "paper.html").write_text("built", encoding="utf-8")
    (workspace.root / "sources" / ".brief-cache").mkdir(exist_ok=True)
    (workspace.root / "sources" / ".brief-cache" / "index.sqlite").write_text("x", encoding="utf-8")
    (workspace.root / "sources" / "kz" / ".hrw-memo.yaml.swp").write_text("x", encoding="utf-8")
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    started = time.monotonic()
    assert next(seen) == {source.resolve()}
    assert time.monotonic() - started < 1
    stop.set()
    assert list(seen) == []
