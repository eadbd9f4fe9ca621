"""Tests of `brief init`: a new workspace that checks, validates against its schemas and builds."""

from __future__ import annotations

import zipfile

from compiler.jsonschema import schema_text
from tests.conftest import REPO


def test_init_in_an_empty_folder_makes_a_workspace(tmp_path, run, monkeypatch):
    folder = tmp_path / "ngo"
    folder.mkdir()
    code, out, err = run("init", str(folder))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"created a workspace in {folder} (12 files): themes, an example source and an example brief"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == [".gitignore", "README.md", "briefs/example.yaml", "schemas/assessments.schema.json", "schemas/brief.schema.json",
                     "schemas/profile.schema.json", "schemas/source.schema.json", "schemas/spellings.schema.json", "schemas/style.schema.json",
                     "schemas/themes.schema.json",
                     "sources/hrw-2008-madrid-promises.yaml", "sources/themes.yaml"]
    assert not (folder / "styles").exists()
    builtin = (REPO / "compiler" / "data" / "themes.yaml").read_text(encoding="utf-8")
    themes = (folder / "sources" / "themes.yaml").read_text(encoding="utf-8")
    assert themes == "# yaml-language-server: $schema=../schemas/themes.schema.json\n" + builtin
    assert (folder / "schemas" / "brief.schema.json").read_text(encoding="utf-8") == schema_text("brief")

    monkeypatch.chdir(folder)
    code, out, _ = run("check")
    assert code == 0, out
    assert "sources: 1 documents, 5 facts" in out
    assert "briefs/example.yaml: ok; 2 sections" in out


def test_init_makes_a_missing_folder(tmp_path, run):
    code, _, _ = run("init", str(tmp_path / "a" / "b"))
    assert code == 0
    assert (tmp_path / "a" / "b" / "briefs" / "example.yaml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, run):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run("init", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == f"brief: {tmp_path} is not empty; `brief init` makes a workspace only in an empty or new folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_refuses_a_file(tmp_path, run):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    code, _, err = run("init", str(target))
    assert (code, err) == (2, f"brief: {target} is a file, not a folder\n")


def test_the_new_workspace_uses_the_installed_styles(tmp_path, run, monkeypatch):
    run("init", str(tmp_path / "ws"))
    monkeypatch.chdir(tmp_path / "ws")
    brief = (tmp_path / "ws" / "briefs" / "example.yaml").read_text(encoding="utf-8")
    assert "style: un-submission" in brief
    (tmp_path / "ws" / "briefs" / "example.yaml").write_text(brief.replace("un-submission", "ngo-briefing"), encoding="utf-8")
    code, out, _ = run("check")
    assert code == 0, out


def test_init_then_build_makes_a_docx_and_a_pdf(tmp_path, run, monkeypatch):
    code, _, _ = run("init", str(tmp_path / "ws"))
    assert code == 0
    monkeypatch.chdir(tmp_path / "ws")
    code, out, err = run("build")
    assert code == 0, out + err
    docx = tmp_path / "ws" / "output" / "example.docx"
    pdf = tmp_path / "ws" / "output" / "example.pdf"
    with zipfile.ZipFile(docx) as package:
        assert "Freedom of Expression and Assembly" in package.read("word/document.xml").decode("utf-8")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert "Freedom of Expression and Assembly" in " ".join(text.split())


def test_a_new_workspace_files_facts_under_forced_and_child_labour(tmp_path, run, monkeypatch):
    folder = tmp_path / "ngo"
    assert run("init", str(folder))[0] == 0
    (folder / "sources" / "ilo.yaml").write_text(
        "id: kz-report\ntitle: A report\ncountry: KZ\nfacts:\n"
        "  - id: forced\n    text: Workers were forced to work.\n    themes: [labor.forced]\n"
        "  - id: child\n    text: Children worked in the fields.\n    themes: [labor.child]\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    code, out, err = run("facts", "--theme", "labor", "--format", "csv")
    assert (code, err) == (0, "")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["forced", "child"]
    code, out, _ = run("facts", "--theme", "labor.child", "--format", "csv")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["child"]
