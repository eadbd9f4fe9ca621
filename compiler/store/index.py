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

It can neither be pointed elsewhere nor change a paper. `.brief-cache/` must be a
folder of this user's (not a symbolic link; made mode 0700), and `index.sqlite` a
regular file of this user's with one name (created with O_NOFOLLOW, mode 0600; SQLite
is then checked to hold that very file), and its journal files links to nothing:
otherwise the workspace is read without the cache, silently (the cache's state
never changes what a command prints). Each record is sealed: a keyed hash (BLAKE2b)
of the file's path, stamp, content hash and record, with a random key made when the
index was created, at that place on disk (its device and inode). A record whose seal
does not match, or an index moved, copied or unpacked from elsewhere, is not used.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import sqlite3
import stat as stat_module
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
        self.key = f"brief {__version__} record {version} index 3"
        self.secret = b""

    def _open(self) -> sqlite3.Connection | None:
        """Return the index, ready and bound to this place on disk; None when there is to be no cache."""
        if not self.enabled:
            return None
        try:
            self.path.parent.mkdir(mode=0o700, exist_ok=True)
            found = _private_file(self.path)
            if found is None:
                return None
            db = sqlite3.connect(self.path, timeout=5)
            try:
                if not _holds(db, found):
                    db.close()
                    return None
                self.secret = self._bind(db, f"{found.st_dev}:{found.st_ino}")
            except sqlite3.Error:
                db.close()
                raise
            return db
        except (sqlite3.Error, OSError):
            self._discard()
            return None

    def _bind(self, db: sqlite3.Connection, home: str) -> bytes:
        """Return the key that seals the records; an index of another version or place starts empty, with a new key."""
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        meta = dict(db.execute("SELECT key, value FROM meta"))
        secret = meta.get("secret", "")
        if meta.get("key") != self.key or meta.get("home") != home or len(secret) != 64:
            secret = os.urandom(32).hex()
            db.execute("DROP TABLE IF EXISTS files")
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("key", self.key), ("home", home), ("secret", secret)])
        db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT, hash TEXT, record TEXT, seal TEXT)")
        db.commit()
        return bytes.fromhex(secret)

    def _discard(self) -> None:
        """Remove a broken index, when it is a file of this user's in a folder of this user's (never through a link)."""
        try:
            if _private_file(self.path, create=False) is not None:
                self.path.unlink()
        except OSError:
            pass

    def records(self, paths: list[Path]) -> list[dict]:
        """Return the parsed record of each file of `paths`, in order, from the cache where it is fresh."""
        db = self._open()
        rows: dict[str, tuple] = {}
        if db is not None:
            try:
                rows = {r[0]: r[1:] for r in db.execute("SELECT path, stamp, hash, record, seal FROM files")}
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
            if row is not None and row[3] == seal(self.secret, key, *row[:3]):
                recorded, digest, text, _ = row
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
                            updates.append(self._row(key, stamp(stat), digest, text))
            out.append(record)
            if record is None:
                stale.append(index)
        if stale:
            parsed = _parse_many(self.parse, [paths[i] for i in stale])
            for index, (text, version) in zip(stale, parsed):
                out[index] = json.loads(text)
                if version is not None:
                    recorded, digest = version.split("\n")
                    updates.append(self._row(str(paths[index]), recorded, digest, text))
        if db is not None:
            try:
                if updates:
                    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", updates)
                gone = set(rows) - {str(p) for p in paths}
                if gone:
                    db.executemany("DELETE FROM files WHERE path = ?", [(g,) for g in gone])
                db.commit()
            except sqlite3.Error:
                pass  # another build holds the lock, or the disk is full: the cache is only an accelerator
            finally:
                db.close()
        return [r for r in out]  # type: ignore[misc]

    def _row(self, path: str, recorded: str, digest: str, text: str) -> tuple[str, str, str, str, str]:
        return path, recorded, digest, text, seal(self.secret, path, recorded, digest, text)


def seal(secret: bytes | str, path: str, recorded: str, digest: str, text: str) -> str:
    """Return the seal of a row: a hash, keyed with the index's `secret`, of the file's path, stamp, content hash and record."""
    key = bytes.fromhex(secret) if isinstance(secret, str) else secret
    mac = hashlib.blake2b(key=key, digest_size=16)
    for part in (path, recorded, digest, text):
        data = str(part).encode("utf-8", errors="surrogateescape")
        mac.update(len(data).to_bytes(8, "big") + data)
    return mac.hexdigest()


def _owned_plain(found: os.stat_result, kind: int) -> bool:
    return stat_module.S_IFMT(found.st_mode) == kind and found.st_uid == os.getuid()


def _private_file(path: Path, create: bool = True) -> os.stat_result | None:
    """Return the status of index file `path` when the cache may use it, else None.

    The folder must be this user's own and no link (it is made private: mode 0700);
    the file this user's own, regular and of one name, created without following a
    link (mode 0600); and the journal
    files SQLite keeps beside it absent or regular files (never links it would write
    through).
    """
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    folder = os.open(path.parent, flags)
    try:
        found = os.fstat(folder)
        if not _owned_plain(found, stat_module.S_IFDIR) or os.path.islink(path.parent):
            return None
        if found.st_mode & 0o077:  # made by an earlier version, or by `brief serve`, with the umask's mode
            os.fchmod(folder, 0o700)
        for suffix in ("-journal", "-wal", "-shm"):
            try:
                journal = os.stat(path.name + suffix, dir_fd=folder, follow_symlinks=False)
            except FileNotFoundError:
                continue
            if not _owned_plain(journal, stat_module.S_IFREG) or journal.st_nlink != 1:
                return None
        mode = os.O_RDWR | (os.O_CREAT if create else 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            handle = os.open(path.name, mode, 0o600, dir_fd=folder)
        except OSError:  # a link (ELOOP), a folder, not ours to open
            return None
        try:
            found = os.fstat(handle)
            if not _owned_plain(found, stat_module.S_IFREG) or found.st_nlink != 1:
                return None
            if found.st_mode & 0o077:  # an index an earlier version made readable by others
                os.fchmod(handle, 0o600)
        finally:
            os.close(handle)
    finally:
        os.close(folder)
    return found


def _holds(db: sqlite3.Connection, found: os.stat_result) -> bool:
    """Whether the database SQLite opened is the file `found` describes (not a link swapped in since)."""
    name = next((row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"), "")
    try:
        opened = os.stat(name, follow_symlinks=False) if name else None
    except OSError:
        return False
    return opened is not None and (opened.st_dev, opened.st_ino) == (found.st_dev, found.st_ino)


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
