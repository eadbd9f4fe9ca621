"""Check the note forms against the committed table of cases (tests/data/citations/cases.yaml).

Each case is a paper whose summary holds one citation group per note; it is built
through the whole pipeline (store, brief, assemble, cite, typography) with each
built-in form, and its notes and list of sources are compared with the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.document.model import SourceList, plain_text
from compiler.project import load_workspace_store
from compiler.selection import select_facts
from compiler.brief import load_brief
from compiler.workspace import Workspace

TABLE = yaml.safe_load((Path(__file__).parents[1] / "data" / "citations" / "cases.yaml").read_text(encoding="utf-8"))
FORMS = ("un", "chicago-notes")


def _paper(root: Path, notes: list[str], form: str, ibid: bool = True):
    (root / "briefs").mkdir(parents=True, exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    for source in TABLE["sources"]:
        (root / "sources" / f"{source['id']}.yaml").write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
    summary = " ".join(f"Claim {n + 1} [{note}]." for n, note in enumerate(notes))
    brief = {"title": "Cases", "country": "KZ", "summary": summary, "notes": form}
    path = root / "briefs" / "cases.yaml"
    path.write_text(yaml.safe_dump(brief, allow_unicode=True), encoding="utf-8")
    store, problems = load_workspace_store(Workspace(root))
    assert problems == []
    loaded, problems = load_brief(path, store)
    assert [p for p in problems if p.severity == "error"] == []
    return cite(assemble(select_facts(loaded, store)), store, loaded.notes, ibid)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("case", TABLE["cases"], ids=[c["name"][:40] for c in TABLE["cases"]])
def test_notes_are_as_the_table_of_cases_says(tmp_path, case, form):
    document = _paper(tmp_path, case["notes"], form, case.get("ibid", True))
    assert [plain_text(n.content) for n in document.notes()] == case[form]


@pytest.mark.parametrize("form", FORMS)
def test_the_list_of_sources_is_as_the_table_of_cases_says(tmp_path, form):
    document = _paper(tmp_path, [f"@{s['id']}" for s in TABLE["sources"]], form)
    annex = next(b for part in document.parts for b in part.blocks if isinstance(b, SourceList))
    assert [plain_text(e.content) for e in annex.entries] == TABLE["list"][form]


def test_a_style_and_a_brief_choose_the_form_and_ibid(tmp_path, run, monkeypatch):
    import shutil

    from tests.conftest import REPO

    root = tmp_path / "ws"
    _paper(root, ["@hrw-2008, p. 3", "@hrw-2008, p. 3"], "un")
    shutil.copytree(REPO / "styles" / "un-submission", root / "styles" / "mine")
    style = root / "styles" / "mine" / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8") + "notes: {form: chicago-notes, ibid: false}\n", encoding="utf-8")
    brief = root / "briefs" / "cases.yaml"
    text = brief.read_text(encoding="utf-8").replace("notes: un\n", "")
    brief.write_text(text + "style: mine\noutputs: [html]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    code, _, err = run("build", "-o", "out")
    assert code == 0, err
    html = (root / "out" / "cases.html").read_text(encoding="utf-8")
    assert "accessed May 29, 2016," in html and "Ibid." not in html  # the style's form, without Ibid.
    assert "Human Rights in Kazakhstan</em>, 3." in html
    brief.write_text(text + "style: mine\noutputs: [html]\nnotes: un\n", encoding="utf-8")
    code, _, err = run("build", "-o", "out")
    html = (root / "out" / "cases.html").read_text(encoding="utf-8")
    assert "(accessed 29 May 2016)" in html and "Ibid." not in html  # the brief's form; the style's ibid


def test_headline_style_capitalises_major_words_and_keeps_what_is_written_with_capitals():
    from compiler.document.forms import headline_style

    assert headline_style("Journalists in Almaty face criminal libel suits") == "Journalists in Almaty Face Criminal Libel Suits"
    assert headline_style("what to do about it") == "What to Do about It"  # first and last words, prepositions lower
    assert headline_style("Report of the OSCE: in the iPhone era") == "Report of the OSCE: In the iPhone Era"
    assert headline_style("Out-of-court settlements and well-being") == "Out-of-Court Settlements and Well-Being"
    assert headline_style("“Quoted” words, in (brackets)") == "“Quoted” Words, in (Brackets)"


def test_chicago_page_ranges_are_shortened_as_the_manual_says():
    from compiler.document.forms import _chicago_range

    cases = {"3-10": "3-10", "71-72": "71-72", "96-117": "96-117", "100-104": "100-104", "1100-1113": "1100-1113",
             "101-108": "101-8", "808-833": "808-33", "1103-1104": "1103-4", "321-328": "321-28",
             "498-532": "498-532", "1087-1089": "1087-89", "1496-1500": "1496-500", "11564-11615": "11564-615",
             "12991-13001": "12991-3001", "123-145": "123-45", "xii-xv": "xii-xv"}
    assert {pages: _chicago_range(pages) for pages in cases} == cases


@pytest.mark.parametrize("language, edition, printed", [
    ("en", "1", "1st ed."), ("en", "2", "2nd ed."), ("en", "3", "3rd ed."), ("en", "11", "11th ed."),
    ("en", "22", "22nd ed."), ("en", "revised", "revised ed."), ("fr", "1", "1re éd."), ("fr", "2", "2e éd."),
    ("es", "2", "2.ª ed."), ("ru", "2", "2-е изд."),
])
def test_an_edition_number_is_printed_as_an_ordinal_in_the_papers_language(language, edition, printed):
    from compiler.document.forms import form_named
    from compiler.document.labels import labels_for
    from compiler.store.model import Source

    form = form_named("un", language, labels_for(language))
    book = Source(id="b", title="T", kind="book", edition=edition)
    assert plain_text(form.full(book, "")) == f"T, {printed}"  # one full stop, not "ed.."
    assert plain_text(form.full(book, "p. 4")) == f"T, {printed}, p. 4."
    chicago = form_named("chicago-notes", language, labels_for(language))
    assert plain_text(chicago.entry(book)) == f"T. {printed}"
