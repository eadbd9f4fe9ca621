"""Turn repeated loads of an unchanged store into the Store already in memory.

A long-running process (`brief serve`, `brief watch`) keeps the Store it loaded
last, with the size, modification time, change time and inode of every file the
load read (themes, source files, archived texts) and the list of source files. A
later load returns the kept Store when none of that changed; otherwise it loads
again through the index, which re-reads only the files that changed. A process
that keeps one passes it in its Context (`compiler.context`); a one-shot command
never keeps anything.

Like the index, and with the index's stamps (`compiler.store.index.stamp`), the memo
is an accelerator only: a file stamped within two seconds of a change to it is not
trusted (a coarse file system could give its next version the same stamp), and
`BRIEF_NO_CACHE=1` bypasses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from compiler.errors import Problem
from compiler.store.index import racy, same_version, stamp
from compiler.store.load import load_store, store_files
from compiler.store.model import Store

KEPT = 2  # stores kept at once (a 50,000-fact store takes about 150 MB)


def _stamp(path: Path) -> str | None:
    """Return the index's stamp of `path` (None when it does not exist)."""
    try:
        return stamp(os.stat(path))
    except (OSError, ValueError):
        return None


def _unchanged(stamps: dict[Path, str | None]) -> bool:
    """Whether every file is as stamped: same version, or still missing, and not stamped within a clock tick of a change."""
    for path, recorded in stamps.items():
        try:
            now = os.stat(path)
        except (OSError, ValueError):
            now = None
        if recorded is None or now is None:
            if recorded is not None or now is not None:
                return False
        elif not same_version(recorded, now) or racy(recorded):
            return False
    return True


class StoreMemo:
    """The last stores loaded, each with the stamps of the files it was loaded from."""

    def __init__(self) -> None:
        self._kept: dict[tuple, tuple[list[Path], dict, Store, list[Problem]]] = {}
        self.loads = 0  # loads that went to the files (for tests)

    def load(self, sources_dir: Path, root: Path) -> tuple[Store, list[Problem]]:
        """Return the Store of `sources_dir` and its problems, from memory when no file changed."""
        key = (str(sources_dir), str(root))  # the Store holds paths, shown relative to the current folder when printed
        listed = store_files(sources_dir)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == listed and _unchanged(kept[1]):
            return kept[2], list(kept[3])
        before = {path: _stamp(path) for path in listed}  # stamped before reading: a change while loading shows next time
        store, problems = load_store(sources_dir, root)
        self.loads += 1
        stamps = {path: before[path] if path in before else _stamp(path) for path in store.inputs}
        self._kept.pop(key, None)
        self._kept[key] = (listed, stamps, store, list(problems))
        while len(self._kept) > KEPT:
            del self._kept[next(iter(self._kept))]
        return store, problems
