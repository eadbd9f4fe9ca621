"""Turn what went wrong into Problems and errors the command line can report.

Every stage reports user mistakes as `Problem`s (file, line, field, message) and
raises a subclass of `BriefError` carrying them; only the CLI formats them and maps
each class to an exit code. A Problem holds its file's path as it was found (the
workspace's files: absolute), and the paths its message names (`mentions`); they are
shown relative to the current folder when the Problem is formatted (`display`), so a
Problem kept in memory prints right from any folder. A formatted problem holds no
control character: each is escaped (`printable`), so no file name or value can move
the cursor, change colours or break the line on a terminal.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Literal

Severity = Literal["error", "warning"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_STRICT = 4
EXIT_RENDER = 5


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of a user's file."""

    file: str
    line: int | None
    field: str
    message: str
    severity: Severity = "error"
    mentions: tuple[str, ...] = ()  # paths written in `message` as they are held, shown like `file`
    rule: str = ""  # an editorial rule's id (compiler.editorial), shown after the message

    def shown(self, show: Callable[[str], str] | None = None) -> tuple[str, str]:
        """Return the file and the message with their paths as `show` writes them (default: `display`)."""
        show = show or display
        message = self.message
        for path in self.mentions:
            message = message.replace(path, show(path))
        return (show(self.file) if self.file else ""), message

    def format(self, show: Callable[[str], str] | None = None) -> str:
        """Return the one-line form `path:line: field: message` (without the place when no file is concerned)."""
        file, message = self.shown(show)
        where = file if self.line is None else f"{file}:{self.line}"
        prefix = "warning: " if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        if self.rule:
            message = f"{message} [{self.rule}]"
        line = f"{where}: {prefix}{field}{message}" if where else f"{prefix}{field}{message}"
        return printable(line)

    def as_dict(self, show: Callable[[str], str] | None = None) -> dict:
        """Return the JSON form used by `brief check --format json`."""
        file, message = self.shown(show)
        return {
            "file": file,
            "line": self.line,
            "field": self.field,
            "message": message,
            "severity": self.severity,
            **({"rule": self.rule} if self.rule else {}),
        }


class BriefError(Exception):
    """Base of every error the user can act on; carries one or more Problems."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: Iterable[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(p.format() for p in self.problems))


class UsageError(BriefError):
    """The command line was called wrongly (exit 2)."""

    exit_code = EXIT_USAGE


class InputError(BriefError):
    """A brief, source or theme file is invalid (exit 3)."""

    exit_code = EXIT_INVALID


class RenderError(BriefError):
    """A renderer could not produce a correct output (exit 5)."""

    exit_code = EXIT_RENDER


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems of severity error."""
    return [p for p in problems if p.severity == "error"]


def did_you_mean(name: object, known: Iterable[str]) -> str:
    """Return the hint a message about an unknown `name` ends with: "; did you mean 'x'?", or '' when none of `known` is near."""
    import difflib  # only when a name is wrong

    known = list(known)
    folded = str(name).casefold()
    same = [k for k in known if k.casefold() == folded]  # `upr` for `UPR`
    near = same or difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    return f"; did you mean '{near[0]}'?" if near else ""
def display(path: Path | str, here: str | None = None) -> str:
    """Return `path` as messages show it: relative to the current folder (`here`, resolved) when inside it,
    control characters escaped (`printable`).

    An absolute path under the current folder is shown by its text alone (a store's
    paths, thousands at a time); any other is resolved first.
    """
    text = os.fspath(path)
    here = here if here is not None else str(Path.cwd().resolve())
    if os.path.isabs(text) and text.startswith(here.rstrip(os.sep) + os.sep) and "/.." not in text and "/./" not in text:
        return printable(text[len(here.rstrip(os.sep)) + 1:])
    try:
        return printable(str(Path(text).resolve().relative_to(here)))
    except (ValueError, OSError):
        return printable(text)


#: Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def printable(text: str) -> str:
    """Return `text` with every control character escaped (`\\n`, `\\x1b`): what reaches a terminal from a name or value."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _NAMED.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}"), text)
