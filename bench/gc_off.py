"""Run `brief` with Python's cyclic garbage collector kept out of the store load: an experiment.

    .venv/bin/python bench/gc_off.py facts --workspace DIR

The same command as `.venv/bin/brief ...`, except that the collector is switched off
while the store loads (and so in the index's parse workers, which are forked then) and
the loaded objects are then frozen (`gc.freeze()`), so that later collections, during
rendering or in forked render workers, do not walk them again. The store holds no
reference cycles, so nothing is leaked. bench/run.py runs it beside the real command to
measure what the collector costs; it is the fix proposed in docs/performance.md, applied
from outside so that the benchmark does not change the product.
"""

from __future__ import annotations

import gc
import sys

import compiler.build
import compiler.cli
import compiler.project

_load = compiler.project.load_workspace_store


def load_without_gc(workspace):
    """Return what `load_workspace_store` returns, loaded with the collector off, its objects then frozen."""
    gc.disable()
    try:
        return _load(workspace)
    finally:
        gc.enable()
        gc.freeze()


compiler.project.load_workspace_store = load_without_gc
compiler.build.load_workspace_store = load_without_gc

if __name__ == "__main__":
    sys.exit(compiler.cli.main(sys.argv[1:]))
