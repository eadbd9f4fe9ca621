"""Turn rendered bytes into files, atomically: written to a temporary file, then renamed.

A failed build never leaves a truncated paper nor destroys the previous one, and
no temporary file stays behind. Output names cannot leave the output folder. A
folder that cannot take the files is a RenderError naming the file (exit 5),
raised before any previous output is replaced.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from compiler.errors import Problem, RenderError, UsageError
from compiler.workspace import display


def safe_name(folder: Path, name: str) -> Path:
    """Return `folder/name`, refusing a name that would leave the folder."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise UsageError(f"output name '{name}' is not a plain file name")
    return folder / name


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file atomically: all temporary files first, then each renamed into place."""
    staged: list[tuple[str, Path]] = []
    target = None
    replacing = False
    try:
        for target, data in files.items():
            if target.is_dir():  # os.replace would fail only after the files before it were replaced
                raise IsADirectoryError(errno.EISDIR, "a folder has its name")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((temp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, 0o644)
        replacing = True
        for temp, target in staged:
            os.replace(temp, target)
    except OSError as exc:
        what = "some outputs were replaced" if replacing else "nothing was replaced"
        raise RenderError(Problem(display(target) if target else "", None, "",
                                  f"cannot write the output ({exc.strerror or exc}); {what}")) from exc
    finally:
        for temp, _ in staged:
            if os.path.exists(temp):
                os.unlink(temp)
