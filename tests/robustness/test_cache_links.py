"""Tests that the index in `.brief-cache/` can neither be pointed elsewhere nor change a paper
(issue 18): links and hard links are not followed, records it did not write are not trusted."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from compiler.store import index as index_module
from compiler.store.load import load_store


def store_of(root: Path, cache: bool = True):
    return load_store(root / "sources", root, cache=cache)


def other_database(path: Path) -> bytes:
    """Create at `path` a database of someone else's, with a table called `files`, and return its bytes."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('key', 'somebody else')")
    db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, stamp TEXT, hash TEXT, record TEXT)")
    db.execute("INSERT INTO files VALUES ('precious', 'a', 'b', 'c')")
    db.commit()
    db.close()
    return path.read_bytes()


def test_a_linked_index_is_not_written_through(workspace, tmp_path):
    expected = store_of(workspace.root, cache=False)
    elsewhere = tmp_path / "elsewhere.sqlite"
    before = other_database(elsewhere)
    (workspace.root / ".brief-cache").mkdir()
    (workspace.root / ".brief-cache" / "index.sqlite").symlink_to(elsewhere)
    assert store_of(workspace.root) == expected
    assert store_of(workspace.root) == expected
    assert elsewhere.read_bytes() == before
    assert os.path.islink(workspace.root / ".brief-cache" / "index.sqlite")  # left as it is


def test_a_hard_linked_index_is_not_written_through(workspace, tmp_path):
    expected = store_of(workspace.root, cache=False)
    elsewhere = tmp_path / "elsewhere.sqlite"
    before = other_database(elsewhere)
    (workspace.root / ".brief-cache").mkdir()
    os.link(elsewhere, workspace.root / ".brief-cache" / "index.sqlite")
    assert store_of(workspace.root) == expected
    assert elsewhere.read_bytes() == before


@pytest.mark.parametrize("name", ["index.sqlite", "index.sqlite-journal", "index.sqlite-wal"])
def test_a_dangling_link_creates_nothing_at_its_target(workspace, tmp_path, name):
    expected = store_of(workspace.root, cache=False)
    target = tmp_path / "created-by-brief"
    (workspace.root / ".brief-cache").mkdir()
    (workspace.root / ".brief-cache" / name).symlink_to(target)
    assert store_of(workspace.root) == expected
    assert store_of(workspace.root) == expected
    assert not os.path.lexists(target)


def test_a_dangling_link_for_the_cache_folder_creates_nothing(workspace, tmp_path):
    expected = store_of(workspace.root, cache=False)
    (workspace.root / ".brief-cache").symlink_to(tmp_path / "made-by-brief", target_is_directory=True)
    assert store_of(workspace.root) == expected
    assert not os.path.lexists(tmp_path / "made-by-brief")


def test_a_linked_cache_folder_is_not_written_into(workspace, tmp_path):
    expected = store_of(workspace.root, cache=False)
    folder = tmp_path / "another-folder"
    folder.mkdir()
    (workspace.root / ".brief-cache").symlink_to(folder, target_is_directory=True)
    assert store_of(workspace.root) == expected
    assert list(folder.iterdir()) == []


def _plant(cache: Path, change) -> None:
    """Change every record of index `cache` with `change` (a record dict -> None), keeping its stamp."""
    db = sqlite3.connect(cache)
    rows = db.execute("SELECT path, record FROM files").fetchall()
    assert rows
    for path, text in rows:
        record = json.loads(text)
        if "facts" not in record:
            continue
        change(record)
        db.execute("UPDATE files SET record = ? WHERE path = ?", (json.dumps(record, ensure_ascii=False), path))
    db.commit()
    db.close()


def _new_text(record: dict) -> None:
    """Give every fact of `record` (its values by column) another text."""
    texts = record["facts"]["text"]
    assert texts
    record["facts"]["text"] = ["A planted sentence." for _ in texts]


def test_a_planted_record_whose_stamp_matches_changes_nothing(workspace):
    expected = store_of(workspace.root, cache=False)
    store_of(workspace.root)
    cache = workspace.root / ".brief-cache" / "index.sqlite"
    _plant(cache, _new_text)
    store, problems = store_of(workspace.root)
    assert "A planted sentence." not in {f.text for f in store.facts.values()}
    assert (store, problems) == expected


def test_a_paper_is_the_same_bytes_with_a_planted_record(workspace, run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("build", "--to", "html", "-o", str(tmp_path / "plain"))[0] == 0
    _plant(workspace.root / ".brief-cache" / "index.sqlite", _new_text)
    assert run("build", "--to", "html", "-o", str(tmp_path / "planted"))[0] == 0
    for name in os.listdir(tmp_path / "plain"):
        assert (tmp_path / "planted" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes(), name


def test_a_cache_that_comes_with_a_workspace_is_not_trusted(workspace, tmp_path):
    """A workspace copied (or unpacked, or synced) with its cache: records sealed elsewhere are not used."""
    expected_text = {f.id: f.text for f in store_of(workspace.root, cache=False)[0].facts.values()}
    store_of(workspace.root)
    cache = workspace.root / ".brief-cache" / "index.sqlite"
    db = sqlite3.connect(cache)
    secret = dict(db.execute("SELECT key, value FROM meta"))["secret"]
    rows = db.execute("SELECT path, stamp, hash, record FROM files").fetchall()
    for path, stamp, digest, text in rows:  # what a copy of brief that plants records would write
        record = json.loads(text)
        if "facts" in record:
            _new_text(record)
        text = json.dumps(record, ensure_ascii=False)
        copied_path = path.replace(str(workspace.root), str(tmp_path / "copy"))
        db.execute("UPDATE files SET path = ?, record = ?, seal = ? WHERE path = ?",
                   (copied_path, text, index_module.seal(secret, copied_path, stamp, digest, text), path))
    db.commit()
    db.close()
    shutil.copytree(workspace.root, tmp_path / "copy", symlinks=True)
    store, _ = store_of(tmp_path / "copy")
    assert {f.id: f.text for f in store.facts.values()} == expected_text


def test_the_cache_folder_and_index_are_private(workspace):
    store_of(workspace.root)
    folder = workspace.root / ".brief-cache"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "index.sqlite").stat().st_mode & 0o077 == 0


def test_an_index_an_earlier_version_left_readable_is_made_private_and_used(workspace, monkeypatch):
    store_of(workspace.root)
    folder = workspace.root / ".brief-cache"
    folder.chmod(0o755)
    (folder / "index.sqlite").chmod(0o644)
    parsed = []
    original = index_module._parse_many
    monkeypatch.setattr(index_module, "_parse_many", lambda parse, paths: parsed.extend(paths) or original(parse, paths))
    store_of(workspace.root)
    assert parsed == []  # read from the index
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "index.sqlite").stat().st_mode & 0o777 == 0o600
