"""Check that `brief check` and `brief build` warn when a style's reference.docx says other than its style.yaml."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from lxml import etree

from compiler.reference_docx import WordStyles, disagreements
from compiler.style import builtin_styles_dir, find_style
from tests.conftest import BRIEF, REPO

WARNING = ("styles/our-look/reference.docx: warning: its Word styles say other than style.yaml, so the DOCX will not "
           "look like the PDF: document defaults font Georgia (style.yaml: Garamond); Normal font Georgia "
           "(style.yaml: Garamond); heading 1 size 15 (style.yaml: 18)")


def copy_ngo_briefing(workspace, edit=lambda text: text) -> None:
    """Copy the shipped ngo-briefing style to the workspace's styles/our-look, its style.yaml passed through `edit`."""
    shutil.copytree(builtin_styles_dir() / "ngo-briefing", workspace.root / "styles" / "our-look")
    path = workspace.root / "styles" / "our-look" / "style.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    workspace.write("briefs/paper.yaml", BRIEF + "style: our-look\n")


def garamond(text: str) -> str:
    """Return a style.yaml with another body font for Word and larger part headings."""
    return text.replace("word: Georgia", "word: Garamond").replace("heading1: 15", "heading1: 18")


def test_check_warns_when_style_yaml_was_changed_and_its_reference_docx_was_not(workspace, run):
    copy_ngo_briefing(workspace, garamond)
    code, out, _ = run("check")
    assert code == 0
    assert [line for line in out.splitlines() if "reference.docx" in line] == [WARNING]
    assert run("check", "--strict")[0] == 4


def test_build_says_the_same_warning(workspace, run):
    copy_ngo_briefing(workspace, garamond)
    code, _, err = run("build", "--to", "docx", "-q")
    assert code == 0 and WARNING in err.splitlines()


def test_check_is_quiet_when_the_reference_docx_agrees(workspace, run):
    copy_ngo_briefing(workspace)
    code, out, err = run("check", "--strict")
    assert (code, err) == (0, "") and "reference.docx" not in out


def test_check_reports_a_reference_docx_it_cannot_use(workspace, run):
    copy_ngo_briefing(workspace)
    (workspace.root / "styles" / "our-look" / "reference.docx").write_bytes(b"not a zip")
    code, out, _ = run("check")
    assert code == 3
    [line] = [line for line in out.splitlines() if "reference.docx" in line]
    assert line.startswith("styles/our-look/reference.docx: cannot use this reference.docx: it is not a readable DOCX file")


def test_check_reads_a_reference_docx_without_python_docx(workspace):
    copy_ngo_briefing(workspace, garamond)
    code = "import sys\nfrom compiler.cli import main\nrc = main(['check'])\nprint(rc, 'docx' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], cwd=workspace.root, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert WARNING in out.stdout.splitlines() and out.stdout.split()[-2:] == ["0", "False"], out.stdout + out.stderr


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = f"""\
<w:styles xmlns:w="{W}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi"/><w:sz w:val="12pt"/></w:rPr></w:rPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/>
    <w:pPr><w:jc w:val="start"/></w:pPr><w:rPr><w:color w:val="1f5c99"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
    <w:rPr><w:rFonts w:ascii="Arial"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Title"/><w:basedOn w:val="Loop"/></w:style>
</w:styles>
"""


def test_what_word_styles_say_is_read_through_based_on_and_the_defaults():
    styles = WordStyles.of(etree.fromstring(STYLES.encode()))
    assert styles.held("heading 1", "font") == "Arial"
    assert styles.held("heading 1", "colour") == "1F5C99"  # from Normal, which it is based on
    assert styles.held("Normal", "jc") == "left"  # Word's "start"
    assert styles.held("Normal", "font") is None  # a theme font: not named
    assert styles.held("Normal", "size") == "12pt"  # not what Word writes: shown as written
    assert styles.held("Title", "line") == 1.0  # a loop of basedOn ends; Word's default
    assert styles.held("Subtitle", "size") == "12pt"  # a style it lacks: the document defaults


def test_disagreements_name_each_style_and_setting():
    settings = find_style("ngo-briefing", None).settings
    found = disagreements(etree.fromstring(STYLES.encode()), settings)
    assert "Normal font unset (style.yaml: Georgia)" in found
    assert "heading 1 size 12pt (style.yaml: 15)" in found
    assert "Normal colour 1F5C99 (style.yaml: 222222)" in found
    assert "heading 1 colour 1F5C99 (style.yaml: 1F5C99)" not in found and "Normal jc left (style.yaml: left)" not in found
