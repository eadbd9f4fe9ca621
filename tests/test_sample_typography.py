"""The sample papers as pdftotext reads them: typographic quotes and apostrophes, en dashes in ranges, unbroken addresses.

Issue 14's checks on every sample PDF: no straight double quote or straight apostrophe
in the body, the notes or the annexes; no hyphen between two numbers (a range); no
address hyphenated at a line end.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

BRIEFS = sorted(p.stem for p in (REPO / "briefs").glob("*.yaml"))


@pytest.fixture(scope="module")
def texts(sample_papers) -> dict[str, str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    return {name: subprocess.run(["pdftotext", str(sample_papers / f"{name}.pdf"), "-"], capture_output=True, text=True,
                                 check=True).stdout for name in BRIEFS}


@pytest.mark.parametrize("name", BRIEFS)
def test_no_straight_quote_apostrophe_or_range_hyphen(texts, name):
    text = texts[name]
    assert '"' not in text, [line for line in text.splitlines() if '"' in line][:5]
    assert "'" not in text, [line for line in text.splitlines() if "'" in line][:5]
    ranges = re.findall(r"(?<![\w./-])\d{1,4}-\d{1,4}(?![\w/-])", text)
    assert not ranges, ranges[:5]
