"""Check that the installed product carries its styles, templates, fonts, profiles and data."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import REPO


def test_the_wheel_holds_everything_the_product_reads_at_run_time(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("brief-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "compiler/styles/un-submission/style.yaml", "compiler/styles/un-submission/paper.html",
        "compiler/styles/un-submission/paper.css", "compiler/styles/ngo-briefing/reference.docx",
        "compiler/assets/templates/base.html", "compiler/assets/templates/base.css",
        "compiler/assets/fonts/LiberationSerif-Regular.ttf", "compiler/assets/fonts/LiberationSans-Bold.ttf",
        "compiler/data/themes.yaml", "compiler/data/labels.yaml", "compiler/data/init/briefs/example.yaml",
        "compiler/profiles/upr-joint.yaml", "compiler/importers/csl.py", "compiler/render/pdf.py",
        "compiler/assets/preview/preview.js", "compiler/assets/preview/preview.css", "compiler/assets/preview/panel.css",
    }
    assert expected <= names, sorted(expected - names)
    sources = {p.relative_to(REPO).as_posix() for p in (REPO / "compiler").rglob("*.py")}
    assert sources <= names, sorted(sources - names)
