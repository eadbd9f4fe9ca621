"""Make docs/preview.png, the README's picture of `brief preview`: run from the repository root.

    BRIEF_EDITOR_URL='vscode://file/{path}:{line}' .venv/bin/python tests/tools/preview_screenshot.py

Starts the preview of the CCPR sample, opens it in Debian's chromium through Playwright
(1360 x 900), clicks paragraph 5 (a reviewed recommendation) and saves the page with its
panel, in 128 colours to keep the file small.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BRIEF = "briefs/kazakhstan-ccpr-2011.yaml"
PARAGRAPH = 5
OUT = Path("docs/preview.png")


def main() -> int:
    server = subprocess.Popen([sys.executable, "-m", "compiler", "preview", BRIEF, "--no-open"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        address = None
        while address is None:
            line = server.stdout.readline()
            if not line:
                raise SystemExit("brief preview stopped before it served the paper")
            found = re.search(r"http://127\.0\.0\.1:\d+/", line)
            address = found.group(0) if found else None
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1360, "height": 900})
            page.goto(address)
            page.wait_for_selector(f"#para-{PARAGRAPH}")
            page.evaluate(f"document.querySelector('#para-{PARAGRAPH}').scrollIntoView({{block: 'start'}}); window.scrollBy(0, -120)")
            page.locator(f"#para-{PARAGRAPH}").click(position={"x": 60, "y": 8})
            time.sleep(0.8)
            shot = Path("/tmp/brief-preview.png")
            page.screenshot(path=str(shot))
            browser.close()
        Image.open(shot).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(OUT, optimize=True)
        print(OUT)
    finally:
        server.terminate()
        server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
