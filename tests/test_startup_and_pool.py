"""Check what commands import, and that parallel builds give the same files as serial ones."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("argv", [["check"], ["facts", "--format", "json"], ["build", "--to", "html"]])
def test_check_facts_and_html_builds_import_no_renderer_library(argv, workspace):
    code = (
        "import sys\n"
        "from compiler.cli import main\n"
        f"rc = main({argv!r})\n"
        "print(rc, 'weasyprint' in sys.modules, 'docx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=workspace.root, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert out.stdout.split()[-3:] == ["0", "False", "False"], out.stdout + out.stderr


def test_a_build_asked_for_docx_does_not_import_weasyprint(workspace):
    code = "import sys\nfrom compiler.cli import main\nrc = main(['build', '--to', 'docx'])\nprint(rc, 'weasyprint' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=workspace.root, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert out.stdout.split()[-2:] == ["0", "False"], out.stdout + out.stderr


def test_parallel_and_serial_builds_write_the_same_files(workspace, run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1310428800")
    workspace.write("briefs/second.yaml", "title: Second\ncountry: KZ\nsections:\n  - theme: assembly\n")
    assert run("build", "--to", "html,docx", "-o", str(tmp_path / "serial"), "-j", "1")[0] == 0
    assert run("build", "--to", "html,docx", "-o", str(tmp_path / "parallel"), "-j", "2")[0] == 0
    serial = {p.name: p.read_bytes() for p in (tmp_path / "serial").iterdir()}
    parallel = {p.name: p.read_bytes() for p in (tmp_path / "parallel").iterdir()}
    assert sorted(serial) == ["paper.docx", "paper.html", "paper.manifest.json", "second.docx", "second.html", "second.manifest.json"]
    assert serial == parallel


def test_quiet_build_prints_nothing(workspace, run):
    code, out, err = run("build", "--to", "html", "--quiet")
    assert (code, out, err) == (0, "", "")


def test_jobs_must_be_positive(workspace, run):
    code, out, err = run("build", "-j", "0")
    assert code == 2 and "--jobs: expected a whole number of at least 1; got 0" in err
