"""Shared fixtures: throwaway workspaces written as a user would write them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"

THEMES = """\
themes:
  media:
    title: Freedom of expression
    instruments: ["ICCPR art. 19"]
  media.libel:
    title: Criminal libel
  assembly:
    title: Freedom of assembly
  religion:
    title: Freedom of religion
"""

SOURCE = """\
id: hrw-memo
kind: memorandum
title: "Human Rights in Kazakhstan: The Madrid Promises and Beyond"
author: [Human Rights Watch]
publisher: Human Rights Watch
issued: 2008-12
country: KZ
facts:
  - id: libel-2007
    text: In 2007 the authorities opened 27 criminal libel cases against journalists.
    themes: [media.libel]
    date: 2007
    locator: p. 3
    tags: [journalists, libel]
  - id: khabar-2008
    text: The state broadcaster dominates television.
    themes: [media]
    date: 2008-02-10
    locator: p. 4
  - id: rally-2008
    text: Police detained protesters in Almaty.
    themes: [assembly]
    date: 2008-06
    locator: p. 7
    tags: [protest]
  - id: baptists-2008
    text: Baptists were fined for unregistered worship.
    themes: [religion]
    date: 2008-09-01
"""

BRIEF = """\
title: "Kazakhstan: Test Paper"
country: KZ
date: 2011-07-12
sections:
  - theme: media
  - theme: assembly
"""


class Workspace:
    """A workspace folder in tmp_path that tests fill with files."""

    def __init__(self, root: Path):
        self.root = root
        (root / "sources").mkdir(parents=True, exist_ok=True)
        (root / "briefs").mkdir(exist_ok=True)

    def write(self, relative: str, text: str) -> Path:
        """Write `text` (dedented) to `relative` inside the workspace and return its path."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """Return a small valid workspace (themes, one source, one brief) and make it the current folder."""
    ws = Workspace(tmp_path / "ws")
    ws.write("sources/themes.yaml", THEMES)
    ws.write("sources/kz/hrw-memo.yaml", SOURCE)
    ws.write("briefs/paper.yaml", BRIEF)
    monkeypatch.chdir(ws.root)
    return ws


@pytest.fixture
def run(capsys: pytest.CaptureFixture):
    """Return a function running `brief` with arguments, giving (exit code, stdout, stderr)."""
    from compiler.cli import main

    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def build_samples(out: Path, formats: str) -> Path:
    """Build every sample brief of the repository in `formats` ("docx,pdf") into `out`; return `out`."""
    import os

    from compiler.cli import main

    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        assert main(["build", "--to", formats, "-o", str(out), "-q"]) == 0
    finally:
        os.chdir(cwd)
    return out


@pytest.fixture(scope="session")
def sample_papers(tmp_path_factory) -> Path:
    """Return a folder holding the DOCX, PDF and manifest of every sample brief, built once per session."""
    return build_samples(tmp_path_factory.mktemp("sample-papers"), "docx,pdf")
