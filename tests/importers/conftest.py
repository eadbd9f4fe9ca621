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


def import_into_fresh_copy(workspace, csv_text: str, fresh: Path, run) -> tuple[int, str]:
    """Import `csv_text` into `fresh`, a copy of `workspace` whose documents have no facts; return (exit code, stderr)."""
    (fresh / "sources" / "kz").mkdir(parents=True)
    (fresh / "sources" / "themes.yaml").write_bytes((workspace.root / "sources/themes.yaml").read_bytes())
    text = (workspace.root / "sources/kz/hrw-memo.yaml").read_text(encoding="utf-8")
    (fresh / "sources/kz/hrw-memo.yaml").write_text(text.split("facts:")[0], encoding="utf-8")
    (fresh / "facts.csv").write_text(csv_text, encoding="utf-8", newline="")
    code, _, err = run("import", "csv", str(fresh / "facts.csv"), "--workspace", str(fresh))
    return code, err


@pytest.fixture
def commented(workspace):
    """Return the workspace with a second source document, full of comments, in sources/kz/osce.yaml."""
    path = workspace.root / "sources" / "kz" / "osce.yaml"
    path.write_bytes((DATA / "commented-source.yaml").read_bytes())
    return workspace
