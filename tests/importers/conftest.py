"""Fixtures of the importer tests: the import files real tools wrote, and a store loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "imports"


def load(root: Path):
    """Return the Store of workspace `root` and its problems, as `brief check` loads them."""
    from compiler.store import load_store

    return load_store(root / "sources", root)


def mapping(out: str) -> dict[str, str]:
    """Return the `key -> id` lines an import printed, as a dict."""
    pairs = {}
    for line in out.splitlines():
        if " -> " in line:
            key, rest = line.split(" -> ", 1)
            pairs[key] = rest.split()[0]
    return pairs


@pytest.fixture
def commented(workspace):
    """Return the workspace with a second source document, full of comments, in sources/kz/osce.yaml."""
    path = workspace.root / "sources" / "kz" / "osce.yaml"
    path.write_bytes((DATA / "commented-source.yaml").read_bytes())
    return workspace
