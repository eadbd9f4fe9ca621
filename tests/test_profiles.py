"""Check the submission profiles: the shipped files, each rule, and what --strict does with them."""

from __future__ import annotations

import json

import pytest

from compiler.profiles import load_profile, profile_names

SHIPPED = ["ccpr", "hrc-statement", "none", "osce-hdim", "treaty-body-10p", "upr-individual", "upr-joint"]


def test_every_body_has_a_profile_with_its_sources():
    assert profile_names() == SHIPPED
    for name in SHIPPED:
        profile = load_profile(name)
        if name != "none":
            assert profile.sources, name
            assert all(s.source and s.checked for s in profile.sources)


def test_profile_numbers_are_those_of_the_bodies():
    assert load_profile("upr-individual").words == 2815
    assert load_profile("upr-joint").words == 5630
    assert load_profile("ccpr").words == 10000
    assert load_profile("hrc-statement").words == 2000
    assert load_profile("treaty-body-10p").pages == 10
    assert load_profile("osce-hdim").languages == ("en", "fr", "de", "it", "ru", "es")


def long_brief(profile: str, facts: int = 0) -> str:
    words = " ".join(["word"] * 3000)
    return f"title: Long\ncountry: KZ\nprofile: {profile}\nsummary: {words}\nsections:\n  - theme: media\n"


def test_a_brief_over_the_word_limit_warns_and_fails_with_strict(workspace, run):
    workspace.write("briefs/paper.yaml", long_brief("upr-individual"))
    code, out, err = run("check", "--strict")
    assert code == 4
    line = [l for l in out.splitlines() if "limit" in l][0]
    assert line.startswith("briefs/paper.yaml:3: warning: profile: upr-individual: ")
    assert "words (body and notes), over the limit of 2,815" in line
    code, out, err = run("check")
    assert code == 0


def test_the_same_brief_under_a_roomier_profile_passes_strict(workspace, run):
    text = long_brief("ccpr").replace("sections:\n  - theme: media\n", "sections:\n  - theme: media\n    recommendations: [Do it.]\nsubmitted_by: [{name: X, contact: x@example.org}]\n")
    workspace.write("briefs/paper.yaml", text)
    code, out, err = run("check", "--strict")
    assert code == 0, out


def test_json_reports_words_pages_and_rules(workspace, run):
    workspace.write("briefs/paper.yaml", long_brief("upr-individual"))
    code, out, err = run("check", "--format", "json")
    entry = json.loads(out)[0]
    assert set(entry["words"]) == {"body", "notes", "total"}
    assert entry["words"]["total"] == entry["words"]["body"] + entry["words"]["notes"]
    assert entry["words"]["body"] > 3000
    rules = {r["rule"]: r["met"] for r in entry["rules"]}
    assert rules == {"words": False, "summary": True, "recommendations": False, "organisation_description": False,
                     "contacts": False, "follow_up": True, "language": True, "formats": True}


def test_rules_on_language_and_fonts(workspace, run):
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: hrc-statement\nlanguage: ru\nsections:\n  - theme: media\n")
    code, out, err = run("check", "--format", "json")
    rules = {r["rule"]: r for r in json.loads(out)[0]["rules"]}
    assert rules["language"]["met"] is False and "en, fr, es" in rules["language"]["message"]
    assert rules["font"]["met"] is True  # un-submission uses Times New Roman in Word
    assert rules["body_size"]["met"] is True and rules["notes_size"]["met"] is True and rules["justified"]["met"] is True


def test_a_workspace_profile_overrides_the_shipped_one(workspace, run):
    workspace.write("profiles/ccpr.yaml", "name: Tight\nlimits: {words: 5}\n")
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: ccpr\nsections:\n  - theme: media\n")
    code, out, err = run("check", "--strict")
    assert code == 4 and "over the limit of 5" in out


def test_a_workspace_may_add_a_profile(workspace, run):
    workspace.write("profiles/my-body.yaml", "name: Mine\nlimits: {words: 100000}\n")
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: my-body\n")
    code, out, err = run("check", "--strict")
    assert code == 0, out
    assert "profile my-body:" in out


def test_unknown_profile_is_an_error(workspace, run):
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: upr\n")
    code, out, err = run("check")
    assert code == 3
    assert "briefs/paper.yaml:3: profile: no profile 'upr'; available: ccpr, hrc-statement, none" in out


@pytest.mark.parametrize("language", ["en", "fr", "es", "ru"])
def test_every_language_has_every_label(language):
    from compiler.document.labels import labels_for

    english = set(labels_for("en"))
    assert english - {"month_names"} <= set(labels_for(language))


def test_summary_line_of_a_profile_without_rules(workspace, run):
    code, out, err = run("check")
    assert "  profile none: " in out and out.rstrip().endswith("counted; no rules to meet")


def test_upr_profiles_describe_the_organisations_at_the_top(workspace, run):
    from compiler.brief import load_brief
    from compiler.document.assemble import assemble
    from compiler.profiles import load_profile
    from compiler.project import load_workspace_store
    from compiler.selection import select_facts
    from compiler.workspace import Workspace

    path = workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: upr-joint\nsummary: S.\n"
                           "submitted_by: [{name: Org, about: We monitor., contact: x@example.org}]\nsections:\n  - theme: media\n")
    store, _ = load_workspace_store(Workspace(workspace.root))
    brief, _ = load_brief(path, store)
    first = assemble(select_facts(brief, store), load_profile("upr-joint").organisations_first)
    assert [p.kind for p in first.parts] == ["summary", "contacts", "section", "sources"]
    last = assemble(select_facts(brief, store), load_profile("ccpr").organisations_first)
    assert [p.kind for p in last.parts] == ["summary", "section", "sources", "contacts"]


def test_a_profile_file_is_checked_against_its_declaration(workspace, run):
    workspace.write("profiles/mine.yaml", "name: Mine\nlimits: {wrods: 100}\nfonts: {justified: maybe}\n")
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: mine\n")
    code, out, err = run("check")
    assert code == 3
    assert "profiles/mine.yaml:2: limits.wrods: unknown key; did you mean 'words'?" in out + err
    assert "profiles/mine.yaml:3: fonts.justified: expected true or false; got 'maybe'" in out + err


def test_a_profile_is_a_typed_object():
    profile = load_profile("hrc-statement")
    assert (profile.fonts.family, profile.fonts.body_size, profile.fonts.justified) == ("Times New Roman", 12, True)
    assert profile.requires.summary is False and profile.notes_count is True
    assert all(str(s.checked)[:2] == "20" for s in profile.sources)
def test_pages_are_counted_from_one_layout_whatever_the_formats(workspace, run, monkeypatch):
    import io

    from pypdf import PdfReader

    from compiler.render import pdf

    workspace.write("profiles/short.yaml", "name: Short\nlimits: {pages: 1}\n")
    workspace.write("briefs/paper.yaml", long_brief("upr-individual").replace("profile: upr-individual", "profile: short"))
    code, out, err = run("check", "--format", "json")
    checked = json.loads(out)[0]["pages"]
    assert checked > 1 and not (workspace.root / "output").exists()  # counted without writing a PDF

    def no_pdf(*args):
        raise AssertionError("a PDF was rendered for a build without one")

    render = pdf.render
    monkeypatch.setattr(pdf, "render", no_pdf)
    code, out, err = run("build", "--to", "html", "-j", "1")
    assert code == 0 and f"{checked} pages of 1" in out and not (workspace.root / "output" / "paper.pdf").exists()
    monkeypatch.setattr(pdf, "render", render)

    def no_second_layout(*args):
        raise AssertionError("the pages of a PDF being built were counted by another layout")

    monkeypatch.setattr(pdf, "count_pages", no_second_layout)
    code, out, err = run("build", "--to", "pdf", "-j", "1")
    assert code == 0 and f"{checked} pages of 1" in out, err
    written = (workspace.root / "output" / "paper.pdf").read_bytes()
    assert len(PdfReader(io.BytesIO(written)).pages) == checked
