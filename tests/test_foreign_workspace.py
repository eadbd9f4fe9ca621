"""Check a workspace written by hand against FORMAT.md (tests/data/foreign): selection, and real readers on its outputs."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from tests.conftest import REPO
from tests.test_same_paper import docx_paper, squash

FOREIGN = REPO / "tests" / "data" / "foreign"

EXPECTED_SECTIONS = [
    ("Freedom of expression", "media", ["kz-2007-libel-cases", "kg-2008-border", "kz-2011-committee-libel"]),
    ("Freedom of peaceful assembly", "assembly", ["kz-2011-committee-assembly", "kz-2008-almaty-rally"]),
    ("Freedom of religion or belief", "religion", ["kz-2008-registration"]),
    ("Other concerns", None, ["kz-2008-khabar", "kz-undated"]),
]


def test_check_selects_exactly_what_format_md_says(run, tmp_path):
    shutil.copytree(FOREIGN, tmp_path / "ws")
    code, out, err = run("check", "--workspace", str(tmp_path / "ws"), "--format", "json")
    assert code == 0, out + err
    (entry,) = json.loads(out)
    assert [(s["title"], s["theme"], s["facts"]) for s in entry["sections"]] == EXPECTED_SECTIONS
    assert entry["cited"][:4] == ["kz-2007-libel-cases", "ccpr-c-kaz-co-1", "hrw-2008-madrid-promises", "kz-2007-toguzbaev"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    from compiler.cli import main

    root = tmp_path_factory.mktemp("foreign") / "ws"
    shutil.copytree(FOREIGN, root)
    assert main(["build", "--workspace", str(root), "--to", "docx,pdf,html", "-q"]) == 0
    return root / "output"


def manifest(outputs: Path) -> dict:
    return json.loads((outputs / "shadow.manifest.json").read_text(encoding="utf-8"))


def test_pdf_has_every_fact_in_order_bookmarks_and_metadata(outputs):
    reader = pypdf.PdfReader(outputs / "shadow.pdf")
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    facts = [f for p in manifest(outputs)["paragraphs"] for f in p["facts"]]
    assert facts == [f for _, _, ids in EXPECTED_SECTIONS for f in ids]
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    for title, _, _ in EXPECTED_SECTIONS:
        assert any(title in t for t in titles), (title, titles)
    assert reader.metadata.title == "Kazakhstan: Freedom of Expression, Assembly and Religion"
    assert "International Partnership for Human Rights" in reader.metadata.author
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (595, 842)
    position = 0
    for fact in ["In 2007 the authorities opened 27", "A fact about another country", "The Committee asked Kazakhstan",
                 "The Committee regretted", "Police in Almaty dispersed", "Unregistered Baptist", "The state broadcaster"]:
        found = text.find(squash(fact), position)
        assert found >= 0, fact
        position = found


@pytest.mark.skipif(shutil.which("qpdf") is None or shutil.which("pdffonts") is None, reason="qpdf or poppler-utils not installed")
def test_pdf_passes_qpdf_and_embeds_every_font(outputs):
    pdf = str(outputs / "shadow.pdf")
    check = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors found" in check.stdout
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(re.split(r"\s+", line.strip())[-5] == "yes" for line in fonts), fonts


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_sees_one_note_per_citation(outputs):
    native = json.loads(subprocess.run(["pandoc", "-t", "json", str(outputs / "shadow.docx")], capture_output=True, text=True, check=True).stdout)
    count = json.dumps(native).count('"t": "Note"')
    assert count == len(manifest(outputs)["notes"]) > 0


def test_docx_numbers_every_fact_paragraph_through_word_numbering(outputs):
    paragraphs, notes = docx_paper(outputs / "shadow.docx")
    numbered = [p for p in manifest(outputs)["paragraphs"] if p["number"] is not None]
    assert [n for n, _ in paragraphs] == [p["number"] for p in numbered]
    assert notes == [n["text"] for n in manifest(outputs)["notes"]]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler-utils not installed")
def test_libreoffice_converts_the_docx_and_shows_every_note(outputs, tmp_path):
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    result = subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(outputs / "shadow.docx")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    text = squash(subprocess.run(["pdftotext", str(tmp_path / "shadow.pdf"), "-"], capture_output=True, text=True, check=True).stdout)
    for note in manifest(outputs)["notes"]:
        assert squash(note["text"]) in text, note


def test_html_carries_the_same_notes(outputs):
    html = (outputs / "shadow.html").read_text(encoding="utf-8")
    notes = manifest(outputs)["notes"]
    assert html.count('class="fn-call"') == html.count('class="fn-back"') == len(notes)
