"""Tests of `brief import bibtex`: BibTeX and BibLaTeX files become source documents."""

from __future__ import annotations

import pytest

from compiler.importers.bibtex import latex_text, read_bibtex
from compiler.names import Person
from tests.importers.conftest import DATA, load, mapping


def test_bibtex_file_imports_into_documents_that_pass_check(workspace, run):
    code, out, err = run("import", "bibtex", str(DATA / "refs.bib"))
    assert code == 0
    assert mapping(out) == {
        "hrw2008madrid": "hrw2008madrid",
        "Mueller_Cafe:2010": "mueller-cafe-2010",
        "un-hrc-2010": "un-hrc-2010",
        "osce2007statement": "osce2007statement",
        "noauthor_ecole": "noauthor-ecole",
        "karimova2017forced": "karimova2017forced",
        "example2012handbook": "example2012handbook",
    }
    # nothing is dropped silently: a field no key of a source document holds is named
    assert [line.split(": warning: ")[1] for line in err.splitlines()] == [
        "left out of 'noauthor_ecole', as no key of a source document holds them: note",
        "left out of 'karimova2017forced', as no key of a source document holds them: issn",
        "left out of 'example2012handbook', as no key of a source document holds them: editor",
    ]
    store, problems = load(workspace.root)
    assert problems == []
    assert len(store.sources) == 8


def test_bibtex_values_are_decoded(workspace, run):
    run("import", "bibtex", str(DATA / "refs.bib"))
    store, _ = load(workspace.root)
    hrw = store.sources["hrw2008madrid"]
    assert (hrw.kind, hrw.title, hrw.author, hrw.publisher, str(hrw.issued), str(hrw.accessed), hrw.language) == (
        "memorandum", "Human Rights in Kazakhstan: The Madrid Promises and Beyond", ("Human Rights Watch",),
        "Human Rights Watch", "2008-05", "2016-05-29", "en")
    article = store.sources["mueller-cafe-2010"]
    assert article.author == (Person("Müller", "Zoë"), Person("Café", "René"), Person("van den Berg", "Jan"))
    assert article.title == "Criminal Libel & the Öffentlichkeit: Azat and Its Readers"
    assert (article.container, str(article.issued), article.doi) == ("Journal of Example Studies", "2010-03", "10.1234/jes.2010.45")
    un = store.sources["un-hrc-2010"]
    assert (un.kind, un.symbol, un.author, str(un.issued)) == ("un-document", "A/HRC/14/10", ("UN Human Rights Council",), "2010-03")
    osce = store.sources["osce2007statement"]
    assert osce.author == ("Organization for Security and Co-operation in Europe",)  # an @string macro in double braces
    assert (osce.kind, osce.url) == ("web-page", "https://www.osce.org/example_statement")
    assert osce.title == "Statement on the Madrid Ministerial Council decision — chairmanship 2010"
    assert store.sources["noauthor-ecole"].title == "L'École et la liberté d'expression"
    journal = store.sources["karimova2017forced"]
    assert (journal.kind, journal.container, journal.volume, journal.issue, journal.pages, journal.doi) == (
        "article", "Journal of Example Studies", "8", "2", "123–145", "10.1234/jes.2017.82")
    assert journal.author == (Person("Karimova", "Dilnoza"), Person("Schmidt", "Jonas"))
    book = store.sources["example2012handbook"]
    assert (book.kind, book.edition, book.place, book.publisher, book.isbn) == (
        "book", "2", "Geneva", "Example Press", "978-3-16-148410-0")


def test_bibtex_entries_can_be_cited_by_their_printed_ids(workspace, run):
    code, out, _ = run("import", "bibtex", str(DATA / "refs.bib"))
    cites = "; ".join(f"@{ident}" for ident in mapping(out).values())
    workspace.write("briefs/cites.yaml", f"title: Cites\ncountry: KZ\nsummary: |\n  All of them [{cites}].\n")
    code, out, _ = run("check", "briefs/cites.yaml")
    assert code == 0, out


def test_unclosed_brace_names_its_entry_exit_3_nothing_written(workspace, run):
    code, out, err = run("import", "bibtex", str(DATA / "unclosed.bib"))
    assert code == 3
    assert err.splitlines() == [f"{DATA / 'unclosed.bib'}:line 6: entry 'broken2009' has an unclosed brace"]
    assert not (workspace.root / "sources" / "imported").exists()


def test_repeated_key_and_missing_comma(workspace, run):
    workspace.write("refs.bib", "@article{a, title={x}}\n@article{a, title={y}}\n@article{b, title = {z} year = 2000}\n")
    code, _, err = run("import", "bibtex", "refs.bib")
    assert code == 3
    assert err.splitlines() == [
        "refs.bib:line 2: the key 'a' is used by two entries",
        "refs.bib:line 3: in entry 'b': syntax error: '}' expected",
    ]


def test_a_closing_brace_too_many(workspace, run):
    workspace.write("refs.bib", "@misc{x,\n  title = {A}},\n}\n")
    code, _, err = run("import", "bibtex", "refs.bib")
    assert (code, err) == (3, "refs.bib:line 1: entry 'x' has a closing brace too many\n")


def test_not_utf8(workspace, run):
    (workspace.root / "refs.bib").write_bytes(b"@misc{x,\n  title = {Caf\xe9},\n}\n")
    code, _, err = run("import", "bibtex", "refs.bib")
    assert (code, err) == (3, "refs.bib:line 2: file is not valid UTF-8 text (save it as UTF-8)\n")


def test_entry_without_title_is_an_error(workspace, run):
    workspace.write("refs.bib", "@misc{good, title = {Good}}\n\n@misc{notitle,\n  year = 2001,\n}\n")
    code, _, err = run("import", "bibtex", "refs.bib")
    assert (code, err) == (3, "refs.bib:line 3: title: entry 'notitle' has no title; a source document needs one\n")


def test_crlf_file_and_years_months(workspace, run):
    text = "@report{r1,\r\n  title = {T},\r\n  year = {2011},\r\n  month = {Jul},\r\n  day = {4},\r\n}\r\n"
    workspace.write("refs.bib", text)
    code, out, _ = run("import", "bibtex", "refs.bib")
    assert code == 0
    store, _ = load(workspace.root)
    assert (str(store.sources["r1"].issued), store.sources["r1"].kind) == ("2011-07-04", "report")


@pytest.mark.parametrize("latex, text", [
    (r"Caf{\'e}", "Café"),
    (r"\"{o}ffentlich", "öffentlich"),
    (r"{\L}{\'o}d{\'z}", "Łódź"),
    (r"\emph{Azat} and \textit{Respublika}", "Azat and Respublika"),
    (r"1995--2004", "1995–2004"),
    (r"Rights \& Wrongs", "Rights & Wrongs"),
    (r"p.~3", "p. 3"),
])
def test_latex_text(latex, text):
    assert latex_text(latex) == text


def test_entries_remember_their_lines():
    references, problems = read_bibtex((DATA / "refs.bib").read_bytes(), "refs.bib")
    assert problems == []
    assert [(r.key, r.line) for r in references] == [
        ("hrw2008madrid", 9), ("Mueller_Cafe:2010", 21), ("un-hrc-2010", 29), ("osce2007statement", 39), ("noauthor_ecole", 47),
        ("karimova2017forced", 53), ("example2012handbook", 65)]
