"""Turn what one run of a command works with into one object: its streams, its environment, its build
time, and what a warm process keeps (the Store memo, the render workers).

A one-shot command makes its Context from its own process (`Context.of_process`).
`brief serve` makes one per request, from the client's streams and environment, with
the memo and the worker pool it keeps warm; `brief watch` keeps a memo and a pool
across its builds. The build time is read once, from `SOURCE_DATE_EPOCH`, by the
command line (`build_time`); the renderers receive it and read no environment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from concurrent.futures import Executor
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping, TextIO

from compiler.errors import UsageError

if TYPE_CHECKING:
    from compiler.store.memo import StoreMemo


@dataclass(frozen=True)
class Context:
    """The streams and environment of one command, its build time, and the warm state lent to it."""

    out: TextIO
    err: TextIO
    env: Mapping[str, str]
    build_time: dt.datetime | None = None  # SOURCE_DATE_EPOCH; None: each paper's own date
    stores: StoreMemo | None = None  # loaded stores kept by a long-running process
    pool: Executor | None = None  # render workers kept warm by `brief serve`
    umask: int | None = None  # the files written get the permissions of this umask; None: the process's (`brief serve` gives its client's)

    @classmethod
    def of_process(cls) -> Context:
        """Return the context of this process: its standard streams and environment, nothing kept."""
        return cls(sys.stdout, sys.stderr, MappingProxyType(dict(os.environ)))

    def timed(self) -> Context:
        """Return this context with its build time read from SOURCE_DATE_EPOCH (a UsageError when it is not one)."""
        return dataclasses.replace(self, build_time=build_time(self.env))

    def today(self) -> dt.date:
        """Return today's date: the build time's (SOURCE_DATE_EPOCH, UTC) when set, else the system clock's."""
        return self.build_time.date() if self.build_time is not None else dt.date.today()


def build_time(env: Mapping[str, str]) -> dt.datetime | None:
    """Return the time SOURCE_DATE_EPOCH gives (UTC), None when it is unset or empty; a UsageError when malformed."""
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        if not epoch.isdigit():
            raise ValueError(epoch)
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970; got '{epoch}'") from None
