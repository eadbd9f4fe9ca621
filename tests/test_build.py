"""Check `brief build` end to end: outputs, manifest, atomic replacement, exit codes."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from tests.conftest import REPO


def test_build_writes_the_asked_formats_and_a_manifest(workspace, run):
    code, out, err = run("build", "--to", "html")
    assert code == 0, err
    outputs = sorted(p.name for p in (workspace.root / "output").iterdir())
    assert outputs == ["paper.html", "paper.manifest.json"]
    assert out.startswith("briefs/paper.yaml: profile none: ")
    assert out.rstrip().endswith("-> output/paper.html")


def test_manifest_traces_each_numbered_paragraph_to_its_facts_and_notes(workspace, run):
    assert run("build", "--to", "html")[0] == 0
    manifest = json.loads((workspace.root / "output" / "paper.manifest.json").read_text(encoding="utf-8"))
    assert [p["number"] for p in manifest["paragraphs"]] == [1, 2, 3]
    assert [p["facts"] for p in manifest["paragraphs"]] == [["libel-2007"], ["khabar-2008"], ["rally-2008"]]
    assert [p["notes"] for p in manifest["paragraphs"]] == [[1], [2], [3]]
    assert manifest["notes"][1] == {"number": 2, "text": "Ibid., p. 4.", "cites": ["khabar-2008"]}
    assert manifest["sources"] == ["hrw-memo"]
    assert set(manifest["words"]) == {"body", "notes"}


def test_a_failed_build_leaves_the_previous_outputs_unchanged(workspace, run):
    assert run("build", "--to", "html")[0] == 0
    folder = workspace.root / "output"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    workspace.write("briefs/paper.yaml", "title: Changed\ncountry: KZ\nsummary: See [@no-such-fact].\n")
    code, out, err = run("build", "--to", "html")
    assert code == 3
    assert "briefs/paper.yaml:3: summary: cites 'no-such-fact', which is neither a fact, a source nor a recommendation in the store" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_rendering_failure_exits_5_and_writes_nothing(workspace, run, monkeypatch):
    from compiler.render import html

    def broken(document, style, when):
        raise RuntimeError("boom")

    monkeypatch.setattr(html, "render", broken)
    code, out, err = run("build", "--to", "html")
    assert code == 5
    assert err.strip() == "briefs/paper.yaml: html: rendering failed: RuntimeError: boom"
    assert not (workspace.root / "output").exists() or list((workspace.root / "output").iterdir()) == []


def test_output_folder_option_and_named_brief(workspace, run, tmp_path):
    workspace.write("briefs/other.yaml", "title: Other\ncountry: KZ\n")
    code, out, err = run("build", "briefs/other.yaml", "--to", "html", "-o", str(tmp_path / "elsewhere"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == ["other.html", "other.manifest.json"]


def test_strict_build_refuses_a_brief_with_warnings(workspace, run):
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nsections:\n  - theme: media\n    select: {exclude: [ghost]}\n")
    code, out, err = run("build", "--to", "html", "--strict")
    assert code == 4
    assert "briefs/paper.yaml:5: warning: sections[0].select.exclude[0]: no fact 'ghost' in the store" in err
    assert not (workspace.root / "output").exists()


def test_unknown_format_is_a_usage_error(workspace, run):
    code, out, err = run("build", "--to", "odt")
    assert code == 2
    assert "expected formats among docx, pdf, html; got 'odt'" in err


def test_hostile_text_is_shown_literally_in_html_and_pdf(workspace, run):
    workspace.write("sources/kz/hostile.yaml", """\
        id: hostile
        title: Pasted from the web
        country: KZ
        facts:
          - id: hostile-fact
            text: '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd"> @import url(file:///etc/passwd); ![x](file:///etc/passwd) {{ 7*7 }} {% if 1 %}x{% endif %}'
            themes: [media]
            date: 2009
        """)
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nsections:\n  - theme: media\n    intro: '<iframe src=\"https://example.org\"></iframe>'\n")
    code, out, err = run("build", "--to", "html,pdf")
    assert code == 0, err
    import io
    import re

    import pdfplumber
    import pypdf

    data = (workspace.root / "output" / "paper.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {}) and b"/EmbeddedFile" not in data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert all(not page.images for page in pdf.pages)
        text = re.sub(r"\s+", "", " ".join(page.extract_text() or "" for page in pdf.pages))
    text = text.translate(str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}))  # typographic quotes
    for literal in ('<imgsrc="file:///etc/passwd">', '<linkrel="attachment"', "@importurl(file:///etc/passwd);",
                    "![x](file:///etc/passwd)", "{{7*7}}", "{%if1%}x{%endif%}", '<iframesrc="https://example.org"></iframe>'):
        assert literal in text, literal
    html = (workspace.root / "output" / "paper.html").read_text(encoding="utf-8")
    for live in ("<img", "<link rel=\"attachment\"", "<iframe", "49"):
        assert live not in html.replace("&lt;img", "").replace("&lt;iframe", "").replace("&lt;link", ""), live
    assert "&lt;img src=" in html and "{{ 7*7 }}" in html and "&lt;iframe" in html and "![x](file:///etc/passwd)" in html


def test_two_builds_of_the_same_brief_at_once_do_not_corrupt_each_other(workspace):
    import subprocess
    import sys
    import zipfile

    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEF_NO_CACHE": "0"}
    command = [sys.executable, "-m", "compiler", "build", "--to", "docx,html", "-q", "-j", "1"]
    runs = [subprocess.Popen(command, cwd=workspace.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    results = [r.communicate(timeout=120) + (r.returncode,) for r in runs]
    assert [code for _, _, code in results] == [0, 0, 0], results
    folder = workspace.root / "output"
    assert sorted(p.name for p in folder.iterdir()) == ["paper.docx", "paper.html", "paper.manifest.json"]
    assert zipfile.ZipFile(folder / "paper.docx").testzip() is None
    assert (folder / "paper.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal, as a user's is."""

    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_build_shows_a_progress_bar_and_succeeds(workspace, monkeypatch, capsys):
    from compiler.cli import main

    monkeypatch.delenv("CI", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["build", "--to", "html,docx"]) == 0, terminal.getvalue()
    assert (workspace.root / "output" / "paper.docx").is_file()
    assert "briefs/paper.yaml: profile none" in capsys.readouterr().out  # the result line, above the bar
    assert "Traceback" not in terminal.getvalue()


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "99999999999999999999"])
@pytest.mark.parametrize("argv", [("build", "--to", "docx"), ("build", "--to", "pdf"), ("build", "--to", "html"),
                                  ("check",), ("facts",)])
def test_a_bad_source_date_epoch_is_one_usage_error_for_every_command_and_format(workspace, run, monkeypatch, value, argv):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert err == f"brief: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970; got '{value}'\n"
    assert not (workspace.root / "output").exists()


def test_source_date_epoch_dates_every_format_and_an_empty_one_is_unset(workspace, run, monkeypatch):
    import zipfile

    import pypdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("build", "--to", "docx,pdf", "-q")[0] == 0
    with zipfile.ZipFile(workspace.root / "output" / "paper.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
    assert pypdf.PdfReader(workspace.root / "output" / "paper.pdf").metadata["/CreationDate"].startswith("D:20231114221320")
    dated = (workspace.root / "output" / "paper.pdf").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert run("build", "--to", "pdf", "-q")[0] == 0
    assert (workspace.root / "output" / "paper.pdf").read_bytes() != dated
