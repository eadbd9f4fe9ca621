"""Turn a starting folder or file into a Workspace: where sources, briefs, styles and outputs are.

Found as git finds its repository: the nearest folder, upwards from the brief file
(or the current folder), that holds `sources/`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from compiler.errors import Problem, UsageError, display

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


@dataclass(frozen=True)
class Workspace:
    """The folders of one workspace."""

    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def briefs(self) -> Path:
        return self.root / "briefs"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def profiles(self) -> Path:
        return self.root / "profiles"

    @property
    def output(self) -> Path:
        return self.root / "output"

    def brief_files(self) -> list[Path]:
        """Return every brief of the workspace, sorted by name."""
        if not self.briefs.is_dir():
            return []
        return sorted(p for p in self.briefs.glob("*.yaml") if p.is_file())

    def unread_briefs(self) -> list[Problem]:
        """Return a warning for each `briefs/*.yaml` that is not a regular file (a named pipe, a link to nothing): not read."""
        if not self.briefs.is_dir():
            return []
        return [Problem(str(p), None, "", f"{not_regular(p, p.is_symlink())}; not read", "warning")
                for p in sorted(self.briefs.glob("*.yaml")) if not p.is_file() and not p.is_dir()]


def not_regular(path: Path, linked: bool) -> str:
    """Return what `path`, not a regular file nor a folder, is, in words."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "a symbolic link to nothing" if linked else "not readable"
    for test, what in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return f"{what}, not a regular file"
    return "not a regular file"


def find_workspace(start: Path | None = None, explicit: str | None = None) -> Workspace:
    """Return the workspace named by `explicit`, or the nearest one above `start`."""
    if explicit is not None:
        root = Path(explicit).expanduser()
        if not root.is_dir():
            raise UsageError(f"--workspace: no such folder: {explicit}")
        if not (root / "sources").is_dir():
            raise UsageError(f"--workspace: {explicit} holds no sources/ folder")
        return Workspace(root.resolve())
    here = (start or Path.cwd()).resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / "sources").is_dir():
            return Workspace(folder)
    raise UsageError(
        f"no workspace found: neither {here} nor any folder above it holds sources/ "
        "(use --workspace DIR, or `brief init DIR` to make one)"
    )


__all__ = ["DATA_DIR", "PACKAGE_DIR", "Workspace", "display", "find_workspace"]  # display: compiler.errors
