"""Turn rendered bytes into files, as one set: every file whole, and the set switched all or nothing.

Each file is written to a temporary file beside its target and flushed to disk; only
then are they renamed into place, one by one, under a journal:

- Before the first rename, each previous file is kept under a hidden backup name (a
  hard link, or a copy) and a journal naming every (temporary file, target, backup) is
  written, flushed and renamed into the folder as `.brief-switch.XXXXXXXX.json`.
- A rename that fails puts every file already renamed back (its backup, or nothing when
  there was none): the folder holds the previous set, and the error says "nothing was
  replaced".
- A process killed between two renames (kill -9, a power cut) leaves its journal. The
  next `write_all` into that folder first finishes the switch the journal describes
  (every temporary file of it was complete before the journal was written), so the
  mix lasts only until the next build.

Writers of one folder take an exclusive lock on it (flock on the folder itself), so a
journal is finished only when its writer is gone. Files get the mode a new file gets
under the process's umask. Output names cannot leave the output folder. A folder that
cannot take the files is a RenderError naming the file (exit 5), raised before any
previous output is replaced; no temporary, backup or journal file stays behind after
an error.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from compiler.errors import Problem, RenderError, UsageError
from compiler.workspace import display

JOURNAL_PREFIX = ".brief-switch."
JOURNAL_SUFFIX = ".json"


def safe_name(folder: Path, name: str) -> Path:
    """Return `folder/name`, refusing a name that would leave the folder."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise UsageError(f"output name '{name}' is not a plain file name")
    return folder / name


def umask() -> int:
    """Return the process's umask (from /proc, without changing it; else set and put back)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def locked(folders: list[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each of `folders` (in order) while the block runs."""
    with contextlib.ExitStack() as stack:
        for folder in folders:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            stack.callback(os.close, fd)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield


def sync_folder(folder: Path) -> None:
    """Flush the folder's entries (renames, new and removed names) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def finish_switches(folder: Path) -> None:
    """Finish every switch a killed writer left in `folder` (its journal): rename its remaining temporary files."""
    for journal in sorted(folder.glob(f"{JOURNAL_PREFIX}*{JOURNAL_SUFFIX}")):
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not one of ours; a journal is renamed into place whole
        for entry in entries:
            if os.path.exists(entry["temp"]):
                os.replace(entry["temp"], entry["target"])
        sync_folder(folder)
        for entry in entries:
            if entry["backup"]:
                _remove(entry["backup"])
        _remove(str(journal))


def _backup(target: Path) -> str | None:
    """Return a hidden second name for the previous `target` (a hard link, else a copy), or None when there is none."""
    if not os.path.lexists(target):
        return None
    fd, backup = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
    os.close(fd)
    os.unlink(backup)
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        shutil.copyfile(target, backup, follow_symlinks=False)
    return backup


def _write_journal(folder: Path, entries: list[dict]) -> str:
    """Write the journal of a switch into `folder`, whole and on disk, and return its path."""
    fd, temp = tempfile.mkstemp(prefix=f"{JOURNAL_PREFIX}", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entries, handle)
            handle.flush()
            os.fsync(handle.fileno())
        journal = temp[: -len(".tmp")] + JOURNAL_SUFFIX
        os.replace(temp, journal)
    finally:
        _remove(temp)
    sync_folder(folder)
    return journal


def write_all(files: dict[Path, bytes], mask: int | None = None) -> None:
    """Write every file whole, then switch them into place as one set (see the module's docstring).

    The files get the permissions a new file gets under the umask `mask` (None: this process's).
    """
    if not files:
        return
    entries: list[dict] = []
    renamed: list[dict] = []
    journal = None
    target = None
    replaced = False
    try:
        for target in files:
            if target.is_dir():  # os.replace would fail only after the files before it were replaced
                raise IsADirectoryError(errno.EISDIR, "a folder has its name")
        folders = sorted({t.parent for t in files})
        for folder in folders:
            target = next(t for t in files if t.parent == folder)
            folder.mkdir(parents=True, exist_ok=True)
        with locked(folders):
            for folder in folders:
                finish_switches(folder)
            mode = 0o666 & ~(umask() if mask is None else mask)
            for target, data in files.items():
                fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
                entries.append({"temp": temp, "target": str(target), "backup": None})
                with os.fdopen(fd, "wb") as handle:
                    os.fchmod(handle.fileno(), mode)
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            for entry in entries:
                target = Path(entry["target"])
                entry["backup"] = _backup(target)
            journal = _write_journal(folders[0], entries)
            for entry in entries:
                target = Path(entry["target"])
                os.replace(entry["temp"], entry["target"])
                renamed.append(entry)
            for folder in folders:
                sync_folder(folder)
    except OSError as exc:
        replaced = bool(renamed) and not _put_back(renamed)
        what = "some outputs were replaced" if replaced else "nothing was replaced"
        raise RenderError(Problem(display(target) if target else "", None, "",
                                  f"cannot write the output ({exc.strerror or exc}); {what}")) from exc
    finally:
        if not replaced:
            for entry in entries:
                _remove(entry["temp"])
                if entry["backup"]:
                    _remove(entry["backup"])
            if journal:
                _remove(journal)


def _put_back(renamed: list[dict]) -> bool:
    """Put the previous files back in place of those of `renamed` (remove those that had none); return whether all were."""
    try:
        for entry in reversed(renamed):
            if entry["backup"]:
                os.replace(entry["backup"], entry["target"])
            else:
                os.unlink(entry["target"])
        return True
    except OSError:
        return False
