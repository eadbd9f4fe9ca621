"""Check `brief preview` in a real browser: Debian's chromium, driven by Playwright with the system executable.

The page shows the manifest's paragraphs and notes; an edit on disk shows within two
seconds without a reload, at the same scroll position; a click shows the right source,
locator, quote and YAML line; a broken brief shows its problems over the last good
paper, and fixing it clears them. A screenshot of each state is kept in
`output/preview-screens/` (ignored by git; `BRIEF_TEST_SCREENS=DIR` puts them elsewhere).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compiler.store import load_store
from tests.conftest import REPO
from tests.preview.conftest import BRIEF

CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium; `make test` installs it as root)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

EDITOR = "vscode://file/{path}:{line}"
PANEL = "brief-preview"  # the panel's host element; Playwright's CSS selectors go through its open shadow root


@pytest.fixture
def screens(request) -> Path:
    folder = Path(os.environ.get("BRIEF_TEST_SCREENS") or REPO / "output" / "preview-screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def clean(text: str) -> str:
    """Return `text` as the manifest writes it: without the print HTML's soft hyphens and word joiners, spaces folded."""
    return " ".join(text.replace("\u00ad", "").replace("\u2060", "").split())


def manifest_of(root: Path, tmp_path: Path) -> dict:
    out = tmp_path / "built"
    subprocess.run([sys.executable, "-m", "compiler", "build", BRIEF, "--to", "html", "-o", str(out), "-q"], cwd=root, check=True,
                   timeout=300, env={**os.environ, "BRIEF_NO_SERVER": "1"})
    return json.loads((out / "kazakhstan-ccpr-2011.manifest.json").read_text(encoding="utf-8"))


def wait_until(page, script: str, timeout: float = 5) -> float:
    """Wait until `script` (a JavaScript expression) is true in the page; return how long it took, in seconds.

    Polled from here: the page's Content-Security-Policy forbids the string evaluation `wait_for_function` uses.
    """
    started = time.monotonic()
    while not page.evaluate(script):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not true within {timeout} s: {script}")
        time.sleep(0.02)
    return time.monotonic() - started


def test_the_preview_in_a_browser(sample, start_preview, browser, screens, tmp_path):
    manifest = manifest_of(sample, tmp_path)
    preview = start_preview(sample, BRIEF, "--no-open", "--editor-url", EDITOR)
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.on("console", lambda message: failures.append(message.text) if message.type == "error" else None)
    page.goto(preview.url)
    page.wait_for_selector("html[data-brief-build='1']")

    # the paper: the manifest's numbered paragraphs and notes, as margin notes on a wide window
    numbers = [p["number"] for p in manifest["paragraphs"] if p["number"] is not None]
    assert page.eval_on_selector_all("p.numbered", "ps => ps.map(p => Number(p.id.slice(5)))") == numbers
    notes = page.eval_on_selector_all("span.fn", "ns => ns.map(n => [Number(n.dataset.note), n.textContent])")
    assert [(n, clean(t)) for n, t in notes] == [(n["number"], clean(n["text"])) for n in manifest["notes"]]
    first = page.locator("span.fn[data-note='1']")
    call = page.locator("sup.brief-call[data-note='1']")
    holder = page.locator("#para-1") if page.locator("#para-1 span.fn").count() else first.locator("xpath=..")
    assert first.is_visible() and call.is_visible()
    assert first.bounding_box()["x"] >= holder.bounding_box()["x"] + holder.bounding_box()["width"]  # in the margin
    assert not page.locator(".brief-notes-below").first.is_visible()
    assert "ccpr" in page.locator(f"{PANEL} .words").inner_text()
    assert page.locator(f"{PANEL} .rules li").count() == 4
    page.screenshot(path=str(screens / "1-paper.png"))

    # an edit on disk: the new text within two seconds, no reload, the same scroll position
    store, _ = load_store(sample / "sources", sample, False)
    stated = next(p["facts"][0] for p in manifest["paragraphs"] if p["number"] is None and len(p["facts"]) == 1)
    item = page.locator(f"li[data-facts='{stated}']")
    fact = store.facts[stated]
    source_file = Path(fact.path)
    lines = source_file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert f"id: {fact.id}" in lines[fact.line - 1]
    item.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 37); window.notReloaded = true")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    edited = "Edited in the preview test, this item now reads otherwise."
    text_at = next(i for i in range(fact.line - 1, len(lines)) if lines[i].lstrip().startswith("text:"))
    indent = lines[text_at][: len(lines[text_at]) - len(lines[text_at].lstrip())]
    end = text_at + 1
    while end < len(lines) and lines[end].startswith(indent + "  "):  # the folded lines of the old text
        end += 1
    source_file.write_text("".join(lines[:text_at] + [f"{indent}text: {edited}\n"] + lines[end:]), encoding="utf-8")
    took = wait_until(page, f"document.querySelector(\"li[data-facts='{stated}']\").textContent"
                            f".replace(/[\\u00ad\\u2060]/g, '').includes({json.dumps(edited)})")
    assert took < 2, f"the edit showed after {took:.2f} s"
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == scrolled
    page.screenshot(path=str(screens / "2-edited.png"))

    # a click on a numbered paragraph: the fact its note cites, with source, locator, quote and YAML line in the panel
    store, _ = load_store(sample / "sources", sample, False)
    chosen, fact = next((p, store.facts[ident]) for p in manifest["paragraphs"] if p["number"] for n in p["notes"]
                        for ident in manifest["notes"][n - 1]["cites"]
                        if ident in store.facts and store.facts[ident].quote and store.facts[ident].locator)
    source_file = Path(fact.path)
    assert f"id: {fact.id}" in source_file.read_text(encoding="utf-8").splitlines()[fact.line - 1]
    page.locator(f"#para-{chosen['number']}").click(position={"x": 60, "y": 8})
    card = page.locator(f"{PANEL} .selection article.record[data-id='{fact.id}']").first
    card.wait_for()
    assert page.locator(f"{PANEL} .selected-title").inner_text() == f"Paragraph {chosen['number']}"
    assert clean(card.locator("dd.text").inner_text()) == clean(fact.text)
    source = store.sources[fact.source]
    assert clean(source.title) in clean(card.locator(".reference-text").inner_text())
    assert card.locator("dd.locator").inner_text() == fact.locator
    assert clean(card.locator(".quote-text").inner_text()) == clean(fact.quote)
    assert card.locator(".unverified").inner_text() == "not verified: the source names no archived text"
    yaml_link = card.locator("dd.yaml a.file")
    assert yaml_link.inner_text() == f"{source_file.relative_to(sample).as_posix()}:{fact.line}"
    assert yaml_link.get_attribute("href") == source_file.as_uri()
    assert card.locator("dd.yaml a.editor").get_attribute("href") == f"vscode://file/{source_file}:{fact.line}"
    assert page.locator(f"#para-{chosen['number']}.brief-selected").count() == 1
    page.screenshot(path=str(screens / "3-provenance.png"))

    # a click on a note: its text and the records it cites
    number = chosen["notes"][0]
    page.locator(f"span.fn[data-note='{number}']").click()
    note = page.locator(f"{PANEL} .selection article.note")
    note.wait_for()
    assert clean(note.locator(".note-text").inner_text()) == clean(manifest["notes"][number - 1]["text"])
    cited = manifest["notes"][number - 1]["cites"]
    assert note.locator("article.record").evaluate_all("cards => cards.map(c => c.dataset.id)") == cited

    # a broken brief: the problems over the last good paper, as `brief check` prints them
    brief = sample / BRIEF
    good = brief.read_text(encoding="utf-8")
    brief.write_text(good.replace("date: 2011-07-12", "date: 2011-13-45"), encoding="utf-8")
    overlay = page.locator(f"{PANEL} .overlay")
    overlay.wait_for(state="visible", timeout=3000)
    checked = subprocess.run([sys.executable, "-m", "compiler", "check", BRIEF], cwd=sample, capture_output=True, text=True,
                             timeout=120, env={**os.environ, "BRIEF_NO_SERVER": "1"})
    errors = [line for line in checked.stdout.splitlines() if re.match(rf"{BRIEF}:\d+: (?!warning)", line)]
    shown = overlay.locator(".problems li").evaluate_all(
        "items => items.map(i => i.querySelector('a.file').textContent + i.querySelector('.rest').textContent)")
    assert errors and shown == errors
    assert overlay.locator(".problems li a.file").first.get_attribute("href") == brief.as_uri()
    assert page.locator("p.numbered").count() == len(numbers)  # the last good paper stays
    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path=str(screens / "4-errors.png"))

    # fixed: the overlay goes
    brief.write_text(good, encoding="utf-8")
    overlay.wait_for(state="hidden", timeout=3000)
    assert page.locator(f"{PANEL} .status").inner_text().endswith(": ok")
    page.screenshot(path=str(screens / "5-fixed.png"))

    # a narrow window: the notes below their paragraph, no margin notes
    page.set_viewport_size({"width": 800, "height": 950})
    below = page.locator(f".brief-notes-below li[data-note='{number}']")
    paragraph = page.locator(f"#para-{chosen['number']}")
    paragraph.scroll_into_view_if_needed()
    assert below.is_visible() and not page.locator(f"span.fn[data-note='{number}']").is_visible()
    box, under = paragraph.bounding_box(), below.bounding_box()
    assert under["y"] >= box["y"] + box["height"] - 1
    page.screenshot(path=str(screens / "6-narrow.png"))
    assert failures == []


def test_a_brief_broken_from_the_start_then_fixed_and_a_table_row_s_provenance(sample, start_preview, browser, screens):
    brief = sample / "briefs" / "kazakhstan-upr-joint.yaml"
    good = brief.read_text(encoding="utf-8")
    brief.write_text(good.replace("style: un-submission", "style: no-such-style"), encoding="utf-8")
    preview = start_preview(sample, "briefs/kazakhstan-upr-joint.yaml", "--no-open")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(preview.url)
    page.wait_for_selector("html[data-brief-ok='false']")
    overlay = page.locator(f"{PANEL} .overlay")
    assert overlay.is_visible() and "style: " in overlay.locator(".problems").inner_text()
    assert page.locator("p.numbered").count() == 0 and page.locator(f"{PANEL} .words").inner_text() == "No paper yet."
    page.screenshot(path=str(screens / "7-never-built.png"))

    page.evaluate("window.notReloaded = true")
    brief.write_text(good, encoding="utf-8")
    overlay.wait_for(state="hidden", timeout=3000)
    wait_until(page, "document.querySelectorAll('tr[data-records]').length > 0", 3)
    assert page.evaluate("window.notReloaded") is True
    checked = subprocess.run([sys.executable, "-m", "compiler", "check", "briefs/kazakhstan-upr-joint.yaml"], cwd=sample,
                             capture_output=True, text=True, timeout=120, env={**os.environ, "BRIEF_NO_SERVER": "1"})
    assert f"  {page.locator(f'{PANEL} .words').inner_text()}" in checked.stdout.splitlines()

    row = page.locator("tr[data-records]").first
    ident = row.get_attribute("data-records").split()[0]
    row.scroll_into_view_if_needed()
    row.locator("td").first.click()
    card = page.locator(f"{PANEL} .selection > article.record[data-id='{ident}']")
    card.wait_for()
    store, _ = load_store(sample / "sources", sample, False)
    recommendation = store.recommendations[ident]
    from compiler.dates import parse_date

    assessment = store.assessment(ident, parse_date(re.search(r"^date: (\S+)", good, re.M).group(1)))
    assert clean(card.locator("dd.text").inner_text()) == clean(recommendation.text)
    assert card.locator("dd.locator").inner_text() == f"para. {recommendation.paragraph}"
    assert card.locator(".assessment .status").inner_text() == assessment.status
    places = card.locator("a.file").all_inner_texts()
    assert f"{Path(assessment.path).relative_to(sample).as_posix()}:{assessment.line}" in places
    assert f"{Path(recommendation.path).relative_to(sample).as_posix()}:{recommendation.line}" in places
    assert page.locator("tr.brief-selected").count() == 1
    rows = [p for p in json.loads(page.evaluate("fetch('/_brief/state.json').then(r => r.text())"))["provenance"]["paragraphs"]
            if "records" in p]
    assert rows[0]["records"] == [ident] and rows[0]["notes"]
    titles = page.locator(f"{PANEL} .selection article.note > h3").all_inner_texts()
    assert titles == [f"Note {n}" for n in rows[0]["notes"]]
    # the same recommendation in a later row (the annex): that row's own notes
    later = next(i for i, p in enumerate(rows) if i and p["records"] == [ident])
    page.locator("tr[data-records]").nth(later).locator("td").first.click()
    wait_until(page, f"document.querySelector('brief-preview').shadowRoot.querySelector('.selection article.note > h3')"
                     f".textContent === 'Note {rows[later]['notes'][0]}'", 3)
    page.screenshot(path=str(screens / "8-table-row.png"))
