"""`brief review`: a sample paper's DOCX edited as partners edit it, and each edit mapped back to its YAML line.

Two editors: raw WordprocessingML written as Word writes it (tracked insertions and
deletions with w:author and w:date, a comment in word/comments.xml, an untracked
rewrite, a new paragraph and a new heading, a paragraph removed, a note retyped), and
LibreOffice itself, headless, driven through its Python UNO bridge with change
recording on (tests/tools/uno_edit.py). The paragraphs to edit are chosen from the
manifest's anchors; the lines each change must name are found in the YAML files
directly, not through the manifest.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import REPO

BRIEF = "briefs/kazakhstan-upr-joint.yaml"
WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{WNS}}}"
DATE = "2026-11-30T10:15:00Z"
UNO_PYTHON = "/usr/bin/python3"


def brief(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


SAMPLES = sorted(path.stem for path in (REPO / "briefs").glob("*.yaml"))


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    """Return a folder holding the DOCX and manifest of every sample brief."""
    out = tmp_path_factory.mktemp("review")
    result = brief("build", "--to", "docx", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def bare_workspace(tmp_path_factory) -> Path:
    """Return a copy of the sample workspace (sources, briefs, styles) without any output: no manifest to be found."""
    root = tmp_path_factory.mktemp("bare") / "ws"
    for folder in ("sources", "briefs", "styles"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def from_the_copy(docx: Path, workspace: Path) -> list[dict]:
    """Return `brief review`'s changes in a workspace without the build's manifest: against the copy the DOCX carries."""
    result = brief("review", str(docx), "--format", "json", cwd=workspace)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built(samples) -> tuple[Path, dict]:
    return samples / "kazakhstan-upr-joint.docx", json.loads((samples / "kazakhstan-upr-joint.manifest.json").read_text("utf-8"))


# --- what to edit, and the lines the report must name ------------------------------------


def targets(manifest: dict) -> dict[str, dict]:
    """Return the anchors the tests edit: fact paragraphs, a summary paragraph, a section intro, a recommendation."""
    anchors = manifest["anchors"]
    facts = [a for a in anchors if a["kind"] == "paragraph" and a["origins"][0]["kind"] == "fact"]
    first_id = {a["name"]: a["origins"][0]["id"] for a in anchors}
    return {
        "insert": facts[0], "delete": facts[1], "after": facts[2], "remove": facts[3], "note_of": facts[4],
        "comment": next(a for a in anchors if first_id[a["name"]] == "summary"),
        "rewrite": next(a for a in anchors if first_id[a["name"]] == "sections[0].intro"),
        "recommendation": next(a for a in anchors if first_id[a["name"]] == "sections[0].recommendations[1]"),
    }


def note_after(manifest: dict, anchor: dict) -> dict:
    """Return the first note anchor following `anchor` (the note its paragraph calls)."""
    names = [a["name"] for a in manifest["anchors"]]
    return next(a for a in manifest["anchors"][names.index(anchor["name"]) + 1:] if a["kind"] == "note")


def fact_place(fact: str) -> str:
    """Return 'file:line' of the fact's `- id:` line, searched in sources/ directly."""
    for path in sorted((REPO / "sources").rglob("*.yaml")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.fullmatch(rf"\s*- id: {re.escape(fact)}\s*", line):
                return f"{path.relative_to(REPO).as_posix()}:{number}"
    raise AssertionError(f"no fact {fact}")


def brief_place(words: str) -> str:
    """Return 'file:line' of the first line of the brief holding `words`."""
    for number, line in enumerate((REPO / BRIEF).read_text("utf-8").splitlines(), 1):
        if words in line:
            return f"{BRIEF}:{number}"
    raise AssertionError(f"'{words}' is not in {BRIEF}")


def first_words(text: str, count: int = 4) -> str:
    return " ".join(text.split()[:count])


def review(docx: Path, *extra: str) -> list[dict]:
    result = brief("review", str(docx), *extra, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def where(change: dict) -> list[str]:
    return [f"{w['file']}:{w['line']}" for w in change["where"]]


# --- raw WordprocessingML, as Word writes it --------------------------------------------


def w(tag: str, attrs: dict | None = None, text: str | None = None, *children) -> etree._Element:
    node = etree.Element(W + tag, {W + k: str(v) for k, v in (attrs or {}).items()}, nsmap={"w": WNS})
    if text is not None:
        node.text = text
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    node.extend(children)
    return node


def run(text: str, deleted: bool = False) -> etree._Element:
    return w("r", None, None, w("delText" if deleted else "t", None, text))


def tracked(kind: str, ident: int, *runs) -> etree._Element:
    return w(kind, {"id": ident, "author": "Partner One", "date": DATE}, None, *runs)


def paragraph_of(root: etree._Element, name: str) -> etree._Element:
    mark = root.find(f".//{W}bookmarkStart[@{W}name='{name}']")
    assert mark is not None, name
    return mark.getparent()


def split_first_text(paragraph: etree._Element, at: int) -> tuple[etree._Element, str, str]:
    """Cut the paragraph's first text run at `at`: return the run (keeping the text before) and the two halves."""
    first = next(r for r in paragraph.iter(W + "r") if r.find(W + "t") is not None)
    text = first.find(W + "t").text
    first.find(W + "t").text = text[:at]
    return first, text[:at], text[at:]


def word_edits(source: Path, target: Path, manifest: dict) -> dict[str, str]:
    """Edit the DOCX as Word saves a partner's work; return the texts used."""
    chosen = targets(manifest)
    with zipfile.ZipFile(source) as package:
        files = {name: package.read(name) for name in package.namelist()}
    body = etree.fromstring(files["word/document.xml"])
    notes = etree.fromstring(files["word/footnotes.xml"])

    # a tracked insertion after the first word
    paragraph = paragraph_of(body, chosen["insert"]["name"])
    first, _, rest = split_first_text(paragraph, chosen["insert"]["text"].index(" ") + 1)
    first.addnext(tracked("ins", 901, run("reportedly ")))
    first.getnext().addnext(run(rest))

    # a tracked deletion of the first word
    paragraph = paragraph_of(body, chosen["delete"]["name"])
    word = chosen["delete"]["text"].split(" ")[0] + " "
    first, _, rest = split_first_text(paragraph, 0)
    first.addnext(tracked("del", 902, run(word, deleted=True)))
    first.getnext().addnext(run(rest[len(word):]))

    # a tracked replacement: a deletion and an insertion side by side
    paragraph = paragraph_of(body, chosen["recommendation"]["name"])
    word = chosen["recommendation"]["text"].split(" ")[0]
    first, _, rest = split_first_text(paragraph, 0)
    first.addnext(tracked("del", 903, run(word, deleted=True)))
    first.getnext().addnext(tracked("ins", 904, run("Free")))
    first.getnext().getnext().addnext(run(rest[len(word):]))

    # a comment on the summary's first run
    paragraph = paragraph_of(body, chosen["comment"]["name"])
    first = next(r for r in paragraph.iter(W + "r") if r.find(W + "t") is not None)
    first.addprevious(w("commentRangeStart", {"id": 0}))
    first.addnext(w("commentRangeEnd", {"id": 0}))
    first.getnext().addnext(w("r", None, None, w("rPr", None, None, w("rStyle", {"val": "CommentReference"})),
                              w("commentReference", {"id": 0})))
    comments = w("comments", None, None, w("comment", {"id": 0, "author": "Partner Two", "date": DATE, "initials": "P2"},
                                           None, w("p", None, None, run("Which ten years? Since 2006?"))))
    files["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = files["word/_rels/document.xml.rels"].decode()
    files["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdComments1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'comments" Target="comments.xml"/></Relationships>')).encode()
    types = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.comments+xml"/></Types>')).encode()

    # an untracked rewrite of the section intro's first sentence
    paragraph = paragraph_of(body, chosen["rewrite"]["name"])
    first = next(r for r in paragraph.iter(W + "r") if r.find(W + "t") is not None)
    old = first.find(W + "t").text
    first.find(W + "t").text = "Criminal libel is still on the statute book, " + old.split(", ", 1)[1]

    # a new paragraph (untracked) after a fact, a new heading (tracked) after a recommendation
    style_of = {p.find(f"{W}pPr/{W}pStyle").get(W + "val") for p in body.iter(W + "p")
                if p.find(f"{W}pPr/{W}pStyle") is not None}
    heading = next(s for s in sorted(style_of) if s.lower().replace(" ", "") == "heading1")
    paragraph_of(body, chosen["after"]["name"]).addnext(w("p", None, None, run("A paragraph a partner added.")))
    paragraph_of(body, chosen["recommendation"]["name"]).addnext(w("p", None, None, w("pPr", None, None,
        w("pStyle", {"val": heading}), w("rPr", None, None, tracked("ins", 905))), tracked("ins", 906, run("A new part"))))

    # a fact paragraph removed without tracking (with the note it calls)
    removed = paragraph_of(body, chosen["remove"]["name"])
    for reference in removed.iter(W + "footnoteReference"):
        note = notes.find(f"{W}footnote[@{W}id='{reference.get(W + 'id')}']")
        note.getparent().remove(note)
    removed.getparent().remove(removed)

    # a note retyped without tracking
    note_anchor = note_after(manifest, chosen["note_of"])
    note_paragraph = paragraph_of(notes, note_anchor["name"])
    texts = list(note_paragraph.iter(W + "t"))
    texts[-1].text = texts[-1].text + " Checked by a partner."

    files["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8", standalone=True)
    files["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return {"note": note_anchor["place"]}


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_paper_unedited_has_no_changes_and_sound_anchors(samples, name):
    manifest = json.loads((samples / f"{name}.manifest.json").read_text("utf-8"))
    anchors = manifest["anchors"]
    names = [a["name"] for a in anchors]
    assert len(set(names)) == len(names) > 0
    assert all(len(n) <= 40 and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", n) for n in names)
    with zipfile.ZipFile(samples / f"{name}.docx") as package:
        xml = package.read("word/document.xml").decode() + package.read("word/footnotes.xml").decode()
        copy = json.loads(etree.fromstring(package.read("customXml/item1.xml")).text)
    assert set(re.findall(r'w:name="(brief_[^"]+)"', xml)) == set(names)
    assert copy["paper"] == manifest["paper"] == names[0].split("_")[1]
    assert [(a["name"], a["place"], a["text"]) for a in copy["anchors"]] == [(a["name"], a["place"], a["text"]) for a in anchors]
    assert {a["kind"] for a in anchors} >= {"heading", "paragraph", "note", "entry"}
    lines = {path: (REPO / path).read_text("utf-8").splitlines() for a in anchors for o in a["origins"]
             if (path := o.get("file"))}
    for anchor in anchors:  # the line named holds the text's first word (a brief field) or the record's id
        for origin in anchor["origins"]:
            assert origin["kind"] == "label" or origin["file"] and origin["line"], (anchor["place"], origin)
            if origin["kind"] in ("fact", "recommendation", "source"):
                assert re.search(rf"\bid: {re.escape(origin['id'])}\s*$", lines[origin["file"]][origin["line"] - 1]), origin
            elif origin["kind"] == "brief" and anchor["kind"] in ("paragraph", "item") and not origin["id"].endswith(".name"):
                text = anchor["text"].split(": ", 1)[1] if origin["id"].endswith(".contact") else anchor["text"]
                word = re.sub(r"\W", "", text.split()[0])
                assert word in lines[origin["file"]][origin["line"] - 1], (anchor["place"], origin)
    assert review(samples / f"{name}.docx") == []


def test_word_edits_are_each_reported_once_on_their_paragraph_with_their_yaml_line(built, bare_workspace, tmp_path):
    docx, manifest = built
    chosen = targets(manifest)
    edited = tmp_path / "returned by partner.docx"
    used = word_edits(docx, edited, manifest)
    shutil.copy(docx.with_name("kazakhstan-upr-joint.manifest.json"), tmp_path)
    changes = review(edited)
    assert from_the_copy(edited, bare_workspace) == changes  # the manifest gone, the same changes and lines
    found = {(c["place"], c["change"]): c for c in changes}
    fact = lambda key: chosen[key]["origins"][0]["id"]  # noqa: E731
    expected = {
        (chosen["insert"]["place"], "insertion"): [fact_place(fact("insert"))],
        (chosen["delete"]["place"], "deletion"): [fact_place(fact("delete"))],
        (chosen["recommendation"]["place"], "replacement"): [brief_place("- " + first_words(chosen["recommendation"]["text"]))],
        (chosen["comment"]["place"], "comment"): [brief_place(first_words(chosen["comment"]["text"]))],
        (chosen["rewrite"]["place"], "edit"): [brief_place(first_words(chosen["rewrite"]["text"]))],
        ("after " + chosen["after"]["place"], "new paragraph"): [fact_place(fact("after"))],
        ("after " + chosen["recommendation"]["place"], "new heading"): [brief_place("- " + first_words(chosen["recommendation"]["text"]))],
        (chosen["remove"]["place"], "deleted paragraph"): [fact_place(fact("remove"))],
        (used["note"], "edit"): [fact_place(fact("note_of"))],
    }
    assert len(changes) == len(found) == len(expected), [(c["place"], c["change"]) for c in changes]
    assert {key: where(change) for key, change in found.items()} == expected
    insertion = found[chosen["insert"]["place"], "insertion"]
    assert (insertion["author"], insertion["date"], insertion["tracked"]) == ("Partner One", DATE, True)
    assert "reportedly" in insertion["new"] and "reportedly" not in insertion["old"]
    assert insertion["paragraph"] == chosen["insert"]["number"] is not None
    replacement = found[chosen["recommendation"]["place"], "replacement"]
    assert replacement["new"].startswith("Free ") and replacement["old"].startswith(chosen["recommendation"]["text"].split()[0])
    comment = found[chosen["comment"]["place"], "comment"]
    assert (comment["author"], comment["comment"]) == ("Partner Two", "Which ten years? Since 2006?")
    assert comment["old"] and chosen["comment"]["text"].startswith(comment["old"])
    rewrite = found[chosen["rewrite"]["place"], "edit"]
    assert rewrite["tracked"] is False and "statute book" in rewrite["new"] and "statute book" not in rewrite["old"]
    assert rewrite["author"] is None  # the file's last saver is still its authors as built: nobody to name
    names = [a["name"] for a in manifest["anchors"]]
    positions = [names.index(c["anchor"]) for c in changes]
    assert positions == sorted(positions)  # in reading order
    heading = found["after " + chosen["recommendation"]["place"], "new heading"]
    assert (heading["new"], heading["author"]) == ("A new part", "Partner One")
    note = found[used["note"], "edit"]
    assert note["new"].endswith("Checked by a partner.") and not note["old"].endswith("Checked by a partner.")


def test_the_text_report_names_the_change_the_author_and_the_line(built, tmp_path):
    docx, manifest = built
    edited = tmp_path / "edited.docx"
    word_edits(docx, edited, manifest)
    chosen = targets(manifest)
    result = brief("review", str(edited), str(docx.with_name("kazakhstan-upr-joint.manifest.json")))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index(f"{chosen['insert']['place']}: insertion by Partner One, {DATE}")
    assert lines[start + 3] == f"  change: fact {chosen['insert']['origins'][0]['id']}, {fact_place(chosen['insert']['origins'][0]['id'])}"
    assert lines[-1].endswith("9 changes (4 tracked, 1 comment, 4 untracked) against "
                              f"{docx.with_name('kazakhstan-upr-joint.manifest.json')}; nothing was written")


# --- files that are not papers ------------------------------------------------------------


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "not a DOCX: not a readable zip file"),
    ("zip-without-document", "not a DOCX: it has no word/document.xml"),
    ("bad-xml", "damaged DOCX: word/document.xml is not well-formed XML"),
    ("no-anchors", "not one of this workspace's papers: it carries none of the bookmarks"),
    ("other-build", "no manifest of the build it came from"),
])
def test_a_file_that_is_not_one_of_the_papers_is_one_line_and_exit_3(built, tmp_path, content, message):
    docx, _ = built
    path = tmp_path / "x.docx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(docx) as source, zipfile.ZipFile(path, "w") as package:
            for name in source.namelist():
                data = source.read(name)
                if name == "word/document.xml" and content == "zip-without-document":
                    continue
                if name == "word/document.xml" and content == "bad-xml":
                    data = data[: len(data) // 2]
                if name in ("word/document.xml", "word/footnotes.xml") and content == "no-anchors":
                    data = re.sub(rb'w:name="brief_', b'w:name="other_', data)
                if name in ("word/document.xml", "word/footnotes.xml") and content == "other-build":
                    data = re.sub(rb'w:name="brief_[0-9a-f]{8}_', b'w:name="brief_ffffffff_', data)
                package.writestr(name, data)
    result = brief("review", str(path))
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and message in result.stderr and "x.docx" in result.stderr, result.stderr


def test_a_missing_file_is_a_usage_error(tmp_path):
    result = brief("review", str(tmp_path / "none.docx"))
    assert result.returncode == 2 and "no file" in result.stderr


# --- LibreOffice itself ------------------------------------------------------------------


def uno_available() -> str:
    """Return why the LibreOffice test cannot run ('' when it can)."""
    if not shutil.which("soffice"):
        return "soffice is not installed (make test installs libreoffice-writer-nogui)"
    try:
        probe = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60)
    except OSError:
        return f"{UNO_PYTHON} is missing"
    if probe.returncode:
        return f"{UNO_PYTHON} cannot import uno (make test installs python3-uno)"
    return ""


def in_libreoffice(job: dict, tmp_path: Path) -> None:
    """Run the edits of `job` in LibreOffice (tests/tools/uno_edit.py, with the system Python's UNO bridge)."""
    (tmp_path / "job.json").write_text(json.dumps(job), "utf-8")
    result = subprocess.run([UNO_PYTHON, str(REPO / "tests" / "tools" / "uno_edit.py"), str(tmp_path / "job.json")],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(bool(uno_available()), reason=uno_available() or "ok")
def test_libreoffice_edits_with_change_recording_are_each_reported_once(built, bare_workspace, tmp_path):
    docx, manifest = built
    chosen = targets(manifest)
    source = tmp_path / "sent.docx"
    shutil.copy(docx, source)
    edited = tmp_path / "returned.docx"
    recommendation = chosen["recommendation"]
    note = note_after(manifest, chosen["note_of"])
    note["number"] = int(note["place"].split()[-1])
    job = {"input": str(source), "output": str(edited), "profile": str(tmp_path / "lo-profile"), "author": "Dana Partner",
           "edits": [
               {"op": "insert", "bookmark": chosen["insert"]["name"], "offset": chosen["insert"]["text"].index(" ") + 1,
                "text": "reportedly "},
               {"op": "delete", "bookmark": chosen["delete"]["name"], "offset": 0,
                "length": len(chosen["delete"]["text"].split(" ")[0]) + 1},
               {"op": "replace", "bookmark": chosen["rewrite"]["name"], "offset": 0,
                "length": chosen["rewrite"]["text"].index(","), "text": "Criminal libel is still on the statute book"},
               {"op": "comment", "bookmark": chosen["comment"]["name"], "offset": 0, "length": 9,
                "text": "Which ten years?", "author": "Dana Partner"},
               {"op": "paragraph", "bookmark": chosen["after"]["name"], "text": "A paragraph a partner added."},
               {"op": "paragraph", "bookmark": recommendation["name"], "text": "A new part", "style": "Heading 1"},
               {"op": "note", "index": note["number"] - 1, "text": " Checked."},
           ]}
    in_libreoffice(job, tmp_path)
    changes = review(edited, str(docx.with_name("kazakhstan-upr-joint.manifest.json")))
    assert from_the_copy(edited, bare_workspace) == changes  # LibreOffice keeps the copy of the anchors
    found = {(c["place"], c["change"]): c for c in changes}
    fact = lambda key: chosen[key]["origins"][0]["id"]  # noqa: E731
    expected = {
        (chosen["insert"]["place"], "insertion"): [fact_place(fact("insert"))],
        (chosen["delete"]["place"], "deletion"): [fact_place(fact("delete"))],
        (chosen["rewrite"]["place"], "replacement"): [brief_place(first_words(chosen["rewrite"]["text"]))],
        (chosen["comment"]["place"], "comment"): [brief_place(first_words(chosen["comment"]["text"]))],
        ("after " + chosen["after"]["place"], "new paragraph"): [fact_place(fact("after"))],
        ("after " + recommendation["place"], "new heading"): [brief_place("- " + first_words(recommendation["text"]))],
        (note["place"], "insertion"): [fact_place(fact("note_of"))],  # LibreOffice drops a footnote's bookmark
    }
    assert len(changes) == len(expected), [(c["place"], c["change"]) for c in changes]
    assert {key: where(change) for key, change in found.items()} == expected
    for change in changes:
        assert change["author"] == "Dana Partner", change
    assert found[chosen["rewrite"]["place"], "replacement"]["new"].startswith("Criminal libel is still on the statute book")
    assert found[chosen["comment"]["place"], "comment"]["comment"] == "Which ten years?"
    assert found["after " + recommendation["place"], "new heading"]["new"] == "A new part"
    assert found[note["place"], "insertion"]["new"].endswith(" Checked.")


@pytest.mark.skipif(bool(uno_available()), reason=uno_available() or "ok")
@pytest.mark.parametrize("name", SAMPLES)
def test_a_paper_opened_and_saved_in_libreoffice_has_no_changes(samples, tmp_path, name):
    source = tmp_path / "sent.docx"
    shutil.copy(samples / f"{name}.docx", source)
    job = {"input": str(source), "output": str(tmp_path / "saved.docx"), "profile": str(tmp_path / "lo-profile"),
           "author": "Dana Partner", "edits": []}
    in_libreoffice(job, tmp_path)
    assert review(tmp_path / "saved.docx", str(samples / f"{name}.manifest.json")) == []


def test_a_section_titled_by_its_theme_points_to_themes_yaml(workspace, run):
    code, _, err = run("build", "--to", "docx", "-q", "-j", "1")
    assert code == 0, err
    manifest = json.loads((workspace.root / "output" / "paper.manifest.json").read_text("utf-8"))
    heading = next(a for a in manifest["anchors"] if a["kind"] == "heading" and a["origins"][0]["kind"] == "theme")
    themes = (workspace.root / "sources" / "themes.yaml").read_text("utf-8").splitlines()
    line = themes.index(f"  {heading['origins'][0]['id']}:") + 1
    docx = workspace.root / "output" / "paper.docx"
    edited = workspace.root / "edited.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(edited, "w") as package:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                body = etree.fromstring(data)
                texts = list(paragraph_of(body, heading["name"]).iter(W + "t"))
                texts[-1].text = "Media freedom"
                data = etree.tostring(body)
            package.writestr(name, data)
    code, out, err = run("review", str(edited), "--format", "json")
    assert code == 0, err
    [change] = json.loads(out)
    assert (change["place"], change["change"], change["new"]) == (heading["place"], "edit", "Media freedom")
    assert where(change) == [f"sources/themes.yaml:{line}"]


@pytest.mark.parametrize("text, key_line, paragraph, item, expected", [
    ("intro: |\n  One.\n\n  Two\n  lines.\n\n  Three.\nnext: x\n", 1, 3, 0, 7),
    ("intro: >-\n  One\n  two.\n\n  Three.\n", 1, 2, 0, 5),
    ("intro: One line.\nnext: x\n", 1, 1, 0, 1),
    ("  - intro: |\n      One.\n\n      Two.\n    title: x\n", 1, 2, 0, 4),
    ("summary: |\n  Lead.\n\n  - first\n    more\n  - second\n  - third\n\n  After.\n", 1, 2, 3, 7),
    ("intro: |\n  Only.\n", 1, 4, 0, 1),  # fewer paragraphs than asked: the key's line
])
def test_the_line_of_a_paragraph_and_list_item_in_a_brief_field(text, key_line, paragraph, item, expected):
    from compiler.provenance import item_line, paragraph_line

    lines = text.splitlines()
    line = paragraph_line(lines, key_line, paragraph)
    assert (item_line(lines, line, item) if item > 1 else line) == expected


def test_a_change_to_a_reviewed_recommendation_names_the_recommendation_or_its_assessment_by_where_it_falls(built, tmp_path):
    docx, manifest = built
    reviewed = next(a for a in manifest["anchors"] if a["kind"] == "paragraph" and a["origins"][0]["kind"] == "recommendation")
    ident = reviewed["origins"][0]["id"]
    with zipfile.ZipFile(docx) as source:
        files = {name: source.read(name) for name in source.namelist()}
    body = etree.fromstring(files["word/document.xml"])
    paragraph = paragraph_of(body, reviewed["name"])
    texts = [t for t in paragraph.iter(W + "t") if t.text.strip()]
    quote = next(t for t in texts if "“" in t.text or '"' in t.text)  # the recommendation's words: retyped, untracked
    quote.text = quote.text.replace(" ", "  ", 1)
    last = texts[-1].getparent()  # the assessment's comment ends the paragraph: an insertion there, tracked
    last.addnext(tracked("ins", 907, run(" Still so in 2017.")))
    files["word/document.xml"] = etree.tostring(body)
    edited = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(edited, "w") as package:
        for name, data in files.items():
            package.writestr(name, data)
    changes = review(edited, str(docx.with_name("kazakhstan-upr-joint.manifest.json")))
    by_kind = {c["change"]: c for c in changes}
    assert len(changes) == 2 and set(by_kind) == {"edit", "insertion"}, changes
    assert where(by_kind["edit"]) == [fact_place(ident)]  # the recommendation's `- id:` line
    [assessment] = by_kind["insertion"]["where"]
    line = (REPO / assessment["file"]).read_text("utf-8").splitlines()[assessment["line"] - 1]
    assert assessment["file"].startswith("sources/assessments/") and line.strip() == f"- recommendation: {ident}"
