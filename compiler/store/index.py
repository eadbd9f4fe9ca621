"""Turn source files into their parsed records, through a cache kept in `.brief-cache/`.

Each source file is parsed and checked once; its record (JSON values only: see
`compiler.store.load.parse_source`) is kept in SQLite, keyed by the file's path,
size, modification and change times, inode and content hash. An unchanged file
costs one `stat`; a touched file with the same content costs a hash; a changed file
is re-read alone. The change time cannot be set back by a program (unlike the
modification time), and a file recorded less than two seconds after it was last
changed is hashed again ("racily clean", as git calls it), so a rewrite within
one tick of the clock is not missed.
Many stale files are parsed in parallel, one process per core.

The cache is an accelerator only: deleting it changes no output, a corrupt or
foreign cache is thrown away and rebuilt, and a workspace that cannot hold one
(read-only) is simply read without it. `BRIEF_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from typing import Callable, Mapping

from compiler import __version__

CACHE_DIR = ".brief-cache"
CACHE_FILE = "index.sqlite"
RACY_NS = 2_000_000_000
PARALLEL_FILES = 16
PARALLEL_BYTES = 4 * 1024 * 1024


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


Parse = Callable[[Path], dict]  # a source file to its record (`compiler.store.load.parse_source`)


def _parse_row(parse: Parse, path: Path) -> tuple[str, str | None]:
    """Return the record of `path` as JSON text, with the file's version stamp (None: not to be cached).

    Run in the parse workers: what comes back is ready to store, so the main process
    neither reads, hashes nor encodes the file again. A file that changed while it was
    being parsed is not cached.
    """
    try:
        before = path.stat()
        data = path.read_bytes()
    except OSError:
        before = data = None
    text = json.dumps(parse(path), ensure_ascii=False)
    try:
        after = path.stat()
    except OSError:
        return text, None
    if before is None or not same_version(stamp(before), after):
        return text, None
    return text, f"{stamp(before)}\n{_hash(data)}"


def _parse_many(parse: Parse, paths: list[Path]) -> list[tuple[str, str | None]]:
    sizes = 0
    for path in paths:
        try:
            sizes += path.stat().st_size
        except OSError:
            pass
    workers = min(os.cpu_count() or 1, 8)
    if workers > 1 and len(paths) >= PARALLEL_FILES and sizes >= PARALLEL_BYTES:
        chunk = max(1, len(paths) // (workers * 4))
        with ProcessPoolExecutor(max_workers=workers, initializer=gc.disable) as pool:
            return list(pool.map(functools.partial(_parse_row, parse), paths, chunksize=chunk))
    return [_parse_row(parse, path) for path in paths]


class StoreIndex:
    """The cache of the records `parse` makes (of version `version`) of one workspace's source files."""

    def __init__(self, root: Path, parse: Parse, version: int):
        self.path = root / CACHE_DIR / CACHE_FILE
        self.enabled = not cache_disabled()
        self.parse, self.version = parse, version
        self.key = f"brief {__version__} record {version} index 2"

    def _open(self) -> sqlite3.Connection | None:
        if not self.enabled:
            return None
        try:
            self.path.parent.mkdir(exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5)
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT, hash TEXT, record TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
            if row is None or row[0] != self.key:
                db.execute("DELETE FROM files")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('key', ?)", (self.key,))
                db.commit()
            return db
        except (sqlite3.Error, OSError):
            self._discard()
            return None

    def _discard(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass

    def records(self, paths: list[Path]) -> list[dict]:
        """Return the parsed record of each file of `paths`, in order, from the cache where it is fresh."""
        db = self._open()
        rows: dict[str, tuple] = {}
        if db is not None:
            try:
                rows = {r[0]: r[1:] for r in db.execute("SELECT path, stamp, hash, record FROM files")}
            except sqlite3.Error:
                db.close()
                self._discard()
                db, rows = self._open(), {}
        out: list[dict | None] = []
        stale: list[int] = []
        updates: list[tuple] = []
        for index, path in enumerate(paths):
            key = str(path)
            try:
                stat = path.stat()
            except OSError:
                out.append(None)
                stale.append(index)
                continue
            row = rows.get(key)
            record = None
            if row is not None:
                recorded, digest, text = row
                if same_version(recorded, stat) and not racy(recorded):
                    record = _decode(text, self.version)
                else:
                    try:
                        data = path.read_bytes()
                    except OSError:
                        data = None
                    if data is not None and _hash(data) == digest:
                        record = _decode(text, self.version)
                        if record is not None:
                            updates.append((key, stamp(stat), digest, text))
            out.append(record)
            if record is None:
                stale.append(index)
        if stale:
            parsed = _parse_many(self.parse, [paths[i] for i in stale])
            for index, (text, version) in zip(stale, parsed):
                out[index] = json.loads(text)
                if version is not None:
                    recorded, digest = version.split("\n")
                    updates.append((str(paths[index]), recorded, digest, text))
        if db is not None:
            try:
                if updates:
                    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", updates)
                gone = set(rows) - {str(p) for p in paths}
                if gone:
                    db.executemany("DELETE FROM files WHERE path = ?", [(g,) for g in gone])
                db.commit()
            except sqlite3.Error:
                pass  # another build holds the lock, or the disk is full: the cache is only an accelerator
            finally:
                db.close()
        return [r for r in out]  # type: ignore[misc]


def cache_disabled(env: Mapping[str, str] = os.environ) -> bool:
    """Whether the user turned the caches off (BRIEF_NO_CACHE=1 in `env`): every file is read afresh."""
    return env.get("BRIEF_NO_CACHE", "") in ("1", "true", "yes")


def stamp(stat: os.stat_result) -> str:
    """Return what identifies a file's version without reading it, and when that was seen."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}:{time.time_ns()}"


def same_version(recorded: str, stat: os.stat_result) -> bool:
    """Whether `stat` describes the version of the file that `recorded` (a stamp) was taken of."""
    return recorded.rsplit(":", 1)[0] == stamp(stat).rsplit(":", 1)[0]


def racy(recorded: str) -> bool:
    """Return whether the file may have changed again within the clock tick of its recording."""
    parts = recorded.split(":")
    return int(parts[4]) - max(int(parts[1]), int(parts[2])) < RACY_NS


def _decode(text: object, version: int) -> dict | None:
    """Return a cached record, or None when it is not one this version wrote."""
    if not isinstance(text, str):
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("v") != version:
        return None
    if record.get("kind") == "assessments":
        dicts, lists = ("assessments",), ("cites", "unlinked", "problems")
    else:
        dicts, lists = ("facts", "recommendations", "themes"), ("quotes", "problems")
    if not all(isinstance(record.get(k), dict) for k in dicts) or not all(isinstance(record.get(k), list) for k in lists):
        return None
    return record
