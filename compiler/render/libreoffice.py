"""Turn a DOCX into its number of pages as LibreOffice lays it out (headless, with a profile of its own).

A body that limits the pages of a Word file counts them in a word processor; `brief`
cannot run Word, and LibreOffice is the word processor at hand. The DOCX is converted
to PDF by `soffice --headless --convert-to pdf` in a temporary folder, with a user
profile in that folder (so a LibreOffice the user has open is neither used nor
disturbed), and the PDF's page objects are counted. Without `soffice` on the PATH,
`docx_pages` returns None and the caller counts the pages of the PDF's layout instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from compiler.errors import Problem, RenderError

TIMEOUT = 180  # seconds: a first start creates the profile, a slow machine takes a while
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def soffice() -> str | None:
    """Return the path of LibreOffice's `soffice`, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_pages(data: bytes) -> int | None:
    """Return the pages of the DOCX `data` as LibreOffice lays it out; None without LibreOffice."""
    program = soffice()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="brief-lo-") as folder:
        root = Path(folder)
        (root / "paper.docx").write_bytes(data)
        command = [program, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(root), str(root / "paper.docx")]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError(Problem("", None, "pages", f"LibreOffice could not lay the DOCX out: {exc}")) from exc
        pdf = root / "paper.pdf"
        if not pdf.is_file():
            raise RenderError(Problem("", None, "pages", "LibreOffice could not lay the DOCX out (no PDF came of it)"))
        return len(_PAGE.findall(pdf.read_bytes()))
