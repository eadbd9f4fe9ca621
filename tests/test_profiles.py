"""Check the submission profiles: the shipped files, each rule, and what --strict does with them."""

from __future__ import annotations

import json

import pytest

from compiler.profiles import load_profile, profile_names

SHIPPED = ["ccpr", "hrc-statement", "hrc-statement-special", "none", "osce-hdim", "treaty-body-10p", "upr-individual", "upr-joint"]


def test_every_body_has_a_profile_with_its_sources():
    assert profile_names() == SHIPPED
    for name in SHIPPED:
        profile = load_profile(name)
        if name != "none":
            assert profile.sources, name
            assert all(s.source and s.checked for s in profile.sources)
            assert all(s.address.startswith(("http://", "https://")) for s in profile.sources if s.address)
            assert any(s.address for s in profile.sources), name  # at least one rule read at a known address


def test_profile_numbers_are_those_of_the_bodies():
    assert load_profile("upr-individual").words == 2815
    assert load_profile("upr-joint").words == 5630
    assert load_profile("ccpr").words == 10000
    assert load_profile("hrc-statement").words == 2000
    assert load_profile("hrc-statement-special").words == 1500
    assert load_profile("hrc-statement-special").statuses == ("special", "roster")
    assert load_profile("upr-joint").period_years == 4.5
    assert load_profile("upr-individual").accepted_languages == ("ar", "zh", "ru")
    assert "Warsaw Human Dimension Conference" in load_profile("osce-hdim").name
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
                     "follow_up": True, "period": False, "language": True, "formats": True}


def test_rules_on_language_and_fonts(workspace, run):
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: hrc-statement\nlanguage: ru\nsections:\n  - theme: media\n")
    code, out, err = run("check", "--format", "json")
    rules = {r["rule"]: r for r in json.loads(out)[0]["rules"]}
    assert rules["language"]["met"] is False and "en, fr, es" in rules["language"]["message"]
    assert "note" not in rules["language"]
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
    assert "briefs/paper.yaml:3: profile: no profile 'upr'; available: ccpr, hrc-statement, hrc-statement-special, none" in out


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


UPR_PAPER = ("title: T\ncountry: KZ\nprofile: {profile}\nlanguage: {language}\nsummary: S.\n"
             "period: {{from: 2012-01-01, to: 2016-06-30}}\n"
             "submitted_by: [{{name: Org, about: We monitor.}}]\nsections:\n  - theme: media\n    recommendations: [Do it.]\n")


@pytest.mark.parametrize("profile", ["upr-individual", "upr-joint"])
def test_upr_profiles_accept_a_paper_in_russian_with_a_note(workspace, run, profile):
    workspace.write("briefs/paper.yaml", UPR_PAPER.format(profile=profile, language="ru"))
    code, out, err = run("check", "--strict")
    assert code == 0, out + err
    assert f"; note: language 'ru' is accepted; the body prefers en, fr, es" in out
    assert "warning" not in out
    code, out, err = run("check", "--format", "json")
    language = [r for r in json.loads(out)[0]["rules"] if r["rule"] == "language"][0]
    assert language == {"rule": "language", "met": True, "note": True,
                        "message": "language 'ru' is accepted; the body prefers en, fr, es"}
    workspace.write("briefs/paper.yaml", UPR_PAPER.format(profile=profile, language="en"))
    code, out, err = run("check", "--strict")
    assert code == 0 and "note:" not in out, out


def test_a_language_outside_those_accepted_fails(workspace, run):
    workspace.write("profiles/mine.yaml", "name: Mine\nlanguages: [en]\naccepted_languages: [ru]\n")
    workspace.write("briefs/paper.yaml", "title: T\ncountry: KZ\nprofile: mine\nlanguage: fr\n")
    code, out, err = run("check", "--strict")
    assert code == 4 and "language 'fr' is not among those accepted: en, ru" in out


@pytest.mark.parametrize("period, met", [
    ("{from: 2012-01-01, to: 2016-06-30}", True),   # 4.5 years to the day
    ("{from: 2012-01-01, to: 2016-07-01}", False),  # one day more
    ("{from: 2007-01-01, to: 2016-12-31}", False),
    (None, False),                                  # no period stated
])
def test_upr_period_is_checked_against_the_profile(workspace, run, period, met):
    text = UPR_PAPER.format(profile="upr-individual", language="en")
    text = text.replace("period: {from: 2012-01-01, to: 2016-06-30}\n", f"period: {period}\n" if period else "")
    workspace.write("briefs/paper.yaml", text)
    code, out, err = run("check", "--format", "json")
    rule = [r for r in json.loads(out)[0]["rules"] if r["rule"] == "period"][0]
    assert rule["met"] is met, rule
    assert "4.5 years" in rule["message"]
    if period and not met:
        start = period[7:17]
        last = {"2012-01-01": "2016-06-30", "2007-01-01": "2011-06-30"}[start]
        assert rule["message"].endswith(f"longer than the 4.5 years the body asks for (from {start} it ends by {last})"), rule
    code, out, err = run("check", "--strict")
    assert code == (0 if met else 4), out


@pytest.mark.parametrize("contact, met", [
    ("Ann Lee, tel.: +7 701 713 6509", False),
    ("Ann Lee, tel.: +7 701 713 6509, ann.lee@example.org", True),
    ("<mailto:office@example.org>", True),
    ("office at example dot org", False),
])
def test_contacts_need_an_email_address(workspace, run, contact, met):
    workspace.write("profiles/mine.yaml", "name: Mine\nrequires: {contacts: true}\n")
    workspace.write("briefs/paper.yaml", f"title: T\ncountry: KZ\nprofile: mine\nsubmitted_by: [{{name: Org, contact: '{contact}'}}]\n")
    code, out, err = run("check", "--format", "json")
    rule = [r for r in json.loads(out)[0]["rules"] if r["rule"] == "contacts"][0]
    assert rule["met"] is met, rule
    if not met:
        assert rule["message"].endswith("(submitted_by[].contact); those given have none")


def statement(profile: str, words: int, status: str = "special") -> str:
    """Return a written statement of `words` words of text and one note, with every field the form asks for."""
    text = " ".join(["word"] * words)
    return (f"title: Statement\ncountry: KZ\nprofile: {profile}\nsession: 59th session\nagenda_item: Item 4\n"
            f"submitted_by: [{{name: Org, status: {status}, contact: 'Ann Lee, ann@example.org'}}]\n"
            f"introduction: '{text} [@hrw-memo, p. 3].'\nannex_sources: false\n")


def word_count_of_docx(path) -> int:
    """Count the words of a DOCX as Word does: runs of text between spaces or tabs, body and footnotes."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode() + docx.read("word/footnotes.xml").decode()
    words = 0
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab/>", paragraph.replace("<w:tab/>", "<w:t> </w:t>")))
        words += len(text.split())
    return words


def counted(run) -> tuple[int, dict]:
    code, out, err = run("check", "--format", "json")
    entry = json.loads(out)[0]
    return entry["words"]["total"], {r["rule"]: r["met"] for r in entry["rules"]}


def test_hrc_statement_special_status_fails_at_1501_words(workspace, run):
    # The paper's fixed words (title, heading, organisation, contact) come on top of the text: measure them once.
    workspace.write("briefs/paper.yaml", statement("hrc-statement-special", 1))
    fixed = counted(run)[0] - 1
    workspace.write("briefs/paper.yaml", statement("hrc-statement-special", 1500 - fixed))
    total, rules = counted(run)
    assert total == 1500 and rules["words"] is True and all(rules.values()), rules
    code, out, err = run("build", "--strict", "--to", "docx", "-j", "1")
    assert code == 0, out
    assert word_count_of_docx(workspace.root / "output" / "paper.docx") == 1500  # as Word counts the file sent
    workspace.write("briefs/paper.yaml", statement("hrc-statement-special", 1501 - fixed))
    total, rules = counted(run)
    assert total == 1501 and rules["words"] is False
    code, out, err = run("check", "--strict")
    assert code == 4 and "1,501 words (body and notes), over the limit of 1,500" in out
    code, out, err = run("build", "--to", "docx", "-j", "1")
    assert code == 0 and word_count_of_docx(workspace.root / "output" / "paper.docx") == 1501
    workspace.write("briefs/paper.yaml", statement("hrc-statement", 1501 - fixed, "general"))
    code, out, err = run("check", "--strict")
    assert code == 0, out  # general status: 2,000 words


def test_hrc_statement_profiles_are_for_their_status(workspace, run):
    workspace.write("briefs/paper.yaml", statement("hrc-statement", 10, "special"))
    code, out, err = run("check", "--strict")
    assert code == 4 and "the profile is for status general; not: Org (special)" in out
    workspace.write("briefs/paper.yaml", statement("hrc-statement-special", 10, "roster"))
    assert run("check", "--strict")[0] == 0


def test_hrc_statement_form_fields_are_required(workspace, run):
    text = statement("hrc-statement", 10, "general").replace("session: 59th session\n", "").replace(", status: general", "")
    workspace.write("briefs/paper.yaml", text)
    code, out, err = run("check", "--format", "json")
    rule = [r for r in json.loads(out)[0]["rules"] if r["rule"] == "form"][0]
    assert rule == {"rule": "form", "met": False, "message": "the body's form asks for: session, submitted_by[0].status"}


def test_hrc_statement_has_no_cover_nor_contents(workspace, run):
    import io
    import zipfile

    from pypdf import PdfReader

    workspace.write("briefs/paper.yaml", statement("hrc-statement", 20, "general").replace("country: KZ", "country: KZ\ndate: 2026-12-01"))
    code, out, err = run("build", "--to", "docx,pdf,html", "-j", "1")
    assert code == 0, out + err
    output = workspace.root / "output"
    with zipfile.ZipFile(output / "paper.docx") as docx:
        body = docx.read("word/document.xml").decode()
    assert "PAGEREF" not in body and body.count("<w:sectPr") == 1  # no contents (its page fields), no cover section
    assert body.index(">Statement<") < body.index(">word word")  # the title opens the statement
    pdf = PdfReader(io.BytesIO((output / "paper.pdf").read_bytes()))
    first = pdf.pages[0].extract_text()
    assert "Statement" in first and "word word" in first and "Contents" not in first
    html = (output / "paper.html").read_text(encoding="utf-8")
    assert 'class="cover"' not in html and 'class="contents"' not in html and 'class="paper-title"' in html
    # the same paper under a profile with a cover and contents has both
    workspace.write("profiles/covered.yaml", "name: Covered\n")
    workspace.write("briefs/paper.yaml", statement("covered", 20, "general"))
    code, out, err = run("build", "--to", "docx,html", "-j", "1")
    with zipfile.ZipFile(output / "paper.docx") as docx:
        body = docx.read("word/document.xml").decode()
    assert body.count("<w:sectPr") == 2 and "PAGEREF" in body
    html = (output / "paper.html").read_text(encoding="utf-8")
    assert 'class="cover"' in html and 'class="contents"' in html and 'class="paper-title"' not in html


def test_the_pages_of_a_word_file_are_counted_as_libreoffice_lays_the_docx_out(workspace, run, monkeypatch, tmp_path):
    """treaty-body-10p limits the pages of a Word file: `check` counts the DOCX's pages in LibreOffice."""
    import re
    import shutil
    import subprocess

    from compiler.render import libreoffice

    if shutil.which("soffice") is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice (soffice) or poppler's pdfinfo not installed: make test installs them as root")
    workspace.write("briefs/paper.yaml", long_brief("treaty-body-10p"))
    code, out, err = run("check", "--format", "json")
    entry = json.loads(out)[0]
    assert entry["pages_of"] == "docx"
    rule = [r for r in entry["rules"] if r["rule"] == "pages"][0]
    assert rule["message"].startswith(f"{entry['pages']} pages (the DOCX as LibreOffice lays it out), within")
    # the DOCX `build` writes, laid out by LibreOffice here and its pages read by pdfinfo, has as many
    assert run("build", "--to", "docx", "-j", "1", "-q")[0] == 0
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(workspace.root / "output" / "paper.docx")], check=True, capture_output=True,
                   timeout=180)
    info = subprocess.run(["pdfinfo", str(tmp_path / "paper.pdf")], capture_output=True, text=True, check=True).stdout
    assert entry["pages"] == int(re.search(r"Pages:\s+(\d+)", info).group(1)) > 1
    # `build` of the PDF alone counts the DOCX's pages too, not the PDF's
    code, out, err = run("build", "--to", "pdf", "-j", "1")
    assert code == 0 and f", {entry['pages']} pages of 10;" in out, out + err
    # without LibreOffice, the PDF's layout is counted, and the message says so
    monkeypatch.setattr(libreoffice, "soffice", lambda: None)
    code, out, err = run("check", "--format", "json")
    entry = json.loads(out)[0]
    rule = [r for r in entry["rules"] if r["rule"] == "pages"][0]
    assert entry["pages_of"] == "pdf" and "(the PDF as laid out; LibreOffice, which counts the DOCX's, is not installed)" in rule["message"]
