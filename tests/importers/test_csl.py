"""Tests of `brief import csl`: Zotero and Better BibTeX CSL-JSON exports become source documents."""

from __future__ import annotations

import json

import pytest

from compiler.names import Person

from compiler.importers.csl import csl_date, read_csl
from tests.importers.conftest import DATA, load, mapping


def test_zotero_export_imports_into_documents_that_pass_check(workspace, run):
    code, out, err = run("import", "csl", str(DATA / "zotero.json"))
    assert code == 0, err
    ids = mapping(out)
    assert ids == {
        "http://zotero.org/users/local/kQ3vT8Zm/items/ZX7Q2M3K": "human-rights-watch-2008-kazakhstan",
        "http://zotero.org/users/local/kQ3vT8Zm/items/9F4HB2TA": "human-rights-committee-2011-concluding",
        "http://zotero.org/users/local/kQ3vT8Zm/items/UU8S2D7R": "muller-2010-journalists",
        "http://zotero.org/users/local/kQ3vT8Zm/items/P2WW4K9N": "adil-soz-2009-monitoring",
        "http://zotero.org/users/local/kQ3vT8Zm/items/K7TR2QXA": "karimova-2017-forced",
        "http://zotero.org/users/local/kQ3vT8Zm/items/B9XW4E2L": "beethoven-2012-example",
    }
    store, problems = load(workspace.root)
    assert problems == []
    assert set(ids.values()) <= set(store.sources)
    for ident in ids.values():
        assert store.sources[ident].path == str(workspace.root / "sources" / "imported" / f"{ident}.yaml")


def test_zotero_fields_are_mapped(workspace, run):
    code, out, err = run("import", "csl", str(DATA / "zotero.json"), "--country", "kz")
    assert code == 0
    store, _ = load(workspace.root)
    hrw = store.sources["human-rights-watch-2008-kazakhstan"]
    assert (hrw.kind, hrw.title, hrw.author, hrw.publisher) == (
        "memorandum", "Human Rights in Kazakhstan: The Madrid Promises and Beyond", ("Human Rights Watch",), "Human Rights Watch")
    assert (str(hrw.issued), str(hrw.accessed), hrw.url, hrw.country, hrw.language) == (
        "2008-05", "2016-05-29", "https://www.hrw.org/news/2008/05/28/human-rights-kazakhstan", "KZ", "en")
    un = store.sources["human-rights-committee-2011-concluding"]
    assert (un.kind, un.symbol, un.publisher, str(un.issued), un.language) == (
        "un-document", "CCPR/C/KAZ/CO/1", "United Nations", "2011-08-19", "en")
    news = store.sources["muller-2010-journalists"]
    assert news.kind == "news"
    assert news.title == "Journalists in Almaty face criminal libel suits"  # <i> markup removed
    assert news.author == (Person("Müller", "Zoë"), Person("van den Berg", "Jan"))
    assert news.container == "Example Times"
    assert news.accessed is None  # "2016-06" is not a full date: left out, with a warning
    page = store.sources["adil-soz-2009-monitoring"]
    assert (page.kind, str(page.issued), page.language, page.container) == ("web-page", "2009", "ru", "Adil Soz")
    journal = store.sources["karimova-2017-forced"]
    assert (journal.kind, journal.container, journal.volume, journal.issue, journal.pages, journal.doi) == (
        "article", "Journal of Example Studies", "8", "2", "123-145", "10.1234/jes.2017.82")
    book = store.sources["beethoven-2012-example"]
    assert book.author == (Person("Beethoven", "Ludwig van"),)  # a dropping particle goes with the given names
    assert (book.kind, book.edition, book.place, book.publisher, book.isbn) == (
        "book", "2", "Geneva", "Example Press", "978-3-16-148410-0")
    left_out = "as no key of a source document holds them"
    assert err.splitlines() == [
        f"{DATA / 'zotero.json'}:line 2: warning: left out of 'http://zotero.org/users/local/kQ3vT8Zm/items/ZX7Q2M3K', "
        f"{left_out}: abstract",
        f"{DATA / 'zotero.json'}:line 58: warning: accessed: left out of "
        "'http://zotero.org/users/local/kQ3vT8Zm/items/UU8S2D7R': expected a full date YYYY-MM-DD; got '2016-06'",
        f"{DATA / 'zotero.json'}:line 113: warning: left out of 'http://zotero.org/users/local/kQ3vT8Zm/items/K7TR2QXA', "
        f"{left_out}: ISSN",
        f"{DATA / 'zotero.json'}:line 144: warning: left out of 'http://zotero.org/users/local/kQ3vT8Zm/items/B9XW4E2L', "
        f"{left_out}: editor",
    ]


def test_better_bibtex_keys_become_ids_and_the_mapping_is_printed(workspace, run):
    code, out, err = run("import", "csl", str(DATA / "better-bibtex.json"))
    assert code == 0, err
    assert out.splitlines()[:4] == [
        "humanrightswatchMadridPromises2008 -> humanrightswatchmadridpromises2008  (wrote sources/imported/humanrightswatchmadridpromises2008.yaml)",
        "UNHRC:ccpr_kaz_2011 -> unhrc-ccpr-kaz-2011  (wrote sources/imported/unhrc-ccpr-kaz-2011.yaml)",
        "smithLibelLaw2010 -> smithlibellaw2010  (wrote sources/imported/smithlibellaw2010.yaml)",
        "kibhrPressRelease2011 -> kibhrpressrelease2011  (wrote sources/imported/kibhrpressrelease2011.yaml)",
    ]
    store, problems = load(workspace.root)
    assert problems == []
    assert store.sources["kibhrpressrelease2011"].kind == "press-release"
    assert store.sources["smithlibellaw2010"].doi == "10.1234/jes.2010.45"
    assert store.sources["smithlibellaw2010"].author == (Person("Smith", "Anna"), Person("Őri", "Gábor"))
    assert store.sources["unhrc-ccpr-kaz-2011"].symbol == "CCPR/C/KAZ/CO/1"
    assert store.sources["humanrightswatchmadridpromises2008"].short_title == "The Madrid Promises"


@pytest.mark.parametrize("export", ["zotero.json", "better-bibtex.json"])
def test_imported_documents_can_be_cited_in_a_brief(workspace, run, export):
    code, out, _ = run("import", "csl", str(DATA / export))
    assert code == 0
    cites = " ".join(f"[@{ident}]" for ident in mapping(out).values())
    workspace.write("briefs/cites.yaml", f"title: Cites\ncountry: KZ\nsummary: |\n  Imported {cites}.\n")
    code, out, err = run("check", "briefs/cites.yaml")
    assert code == 0, out
    assert "briefs/cites.yaml: ok" in out


def test_an_uncited_id_would_fail_the_check(workspace, run):
    run("import", "csl", str(DATA / "better-bibtex.json"))
    workspace.write("briefs/cites.yaml", "title: Cites\ncountry: KZ\nsummary: |\n  Wrong [@smithLibelLaw2010].\n")
    code, out, _ = run("check", "briefs/cites.yaml")
    assert code == 3
    assert "cites 'smithLibelLaw2010', which is neither a fact, a source nor a recommendation in the store" in out


def test_every_written_file_points_at_the_schema_when_the_workspace_has_one(workspace, run):
    (workspace.root / "schemas").mkdir()
    (workspace.root / "schemas" / "source.schema.json").write_text("{}", encoding="utf-8")
    run("import", "csl", str(DATA / "better-bibtex.json"))
    text = (workspace.root / "sources" / "imported" / "smithlibellaw2010.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/source.schema.json"
    assert text.splitlines()[1] == "# Imported by `brief import csl` from better-bibtex.json, entry smithLibelLaw2010."


def test_broken_json_is_one_line_exit_3_and_nothing_written(workspace, run):
    code, out, err = run("import", "csl", str(DATA / "broken.json"))
    assert code == 3
    assert err.splitlines() == [f"{DATA / 'broken.json'}:line 10: not valid JSON: Expecting ',' delimiter (column 5)"]
    assert not (workspace.root / "sources" / "imported").exists()


def test_json_that_is_not_a_list_of_items(workspace, run):
    workspace.write("refs.json", '"just a string"\n')
    code, _, err = run("import", "csl", "refs.json")
    assert (code, err) == (3, "refs.json:line 1: expected a CSL-JSON list of items (export CSL JSON from Zotero)\n")


def test_every_bad_item_is_reported_with_its_line(workspace, run):
    workspace.write("refs.json", json.dumps([{"id": "ok", "title": "Fine"}, 42, {"id": "untitled", "type": "report"}], indent=2))
    code, _, err = run("import", "csl", "refs.json")
    assert code == 3
    assert err.splitlines() == [
        "refs.json:line 6: expected a CSL-JSON item (an object with type, title, author ...)",
        "refs.json:line 7: title: entry 'untitled' has no title; a source document needs one",
    ]
    assert not (workspace.root / "sources" / "imported").exists()


def test_a_clash_gets_a_suffix(workspace, run):
    items = [{"id": "hrw-memo", "title": "Same id as the store's document"},
             {"id": "libel-2007", "title": "Same id as a fact"},
             {"citation-key": "Dup", "title": "First"}, {"citation-key": "dup", "title": "Second"}]
    workspace.write("refs.json", json.dumps(items))
    code, out, err = run("import", "csl", "refs.json")
    assert code == 0, err
    assert list(mapping(out).values()) == ["hrw-memo-2", "libel-2007-2", "dup", "dup-2"]
    assert load(workspace.root)[1] == []


def test_generated_ids_use_author_year_and_title_word(workspace, run):
    items = [
        {"id": "ITEM-1", "title": "The State of the Press", "author": [{"family": "Café", "given": "René"}], "issued": {"date-parts": [[2010]]}},
        {"id": "ITEM-2", "title": "Annual Report", "author": [{"literal": "International Partnership for Human Rights"}], "issued": {"raw": "2012-03-01"}},
        {"id": "ITEM 3", "title": "Свобода слова", "publisher": "Adil Soz"},
    ]
    workspace.write("refs.json", json.dumps(items))
    code, out, _ = run("import", "csl", "refs.json")
    assert code == 0
    assert list(mapping(out).values()) == ["cafe-2010-state", "iphr-2012-annual", "adil-soz-svoboda"]


def test_reimport_keeps_existing_documents_unless_force(workspace, run):
    run("import", "csl", str(DATA / "better-bibtex.json"))
    path = workspace.root / "sources" / "imported" / "smithlibellaw2010.yaml"
    edited = path.read_text(encoding="utf-8").replace("issued: 2010\n", "issued: 2010  # checked\n") + (
        "facts:\n  # my own notes\n  - id: smith-libel\n    text: Libel is a crime.\n    themes: [media]\n")
    path.write_text(edited, encoding="utf-8")

    code, out, _ = run("import", "csl", str(DATA / "better-bibtex.json"))
    assert code == 0
    assert "smithLibelLaw2010 -> smithlibellaw2010  (kept (imported before; --force updates it) sources/imported/smithlibellaw2010.yaml)" in out
    assert "0 new, 0 updated, 4 kept" in out
    assert path.read_text(encoding="utf-8") == edited

    changed = json.loads((DATA / "better-bibtex.json").read_text(encoding="utf-8"))
    changed[2]["title"] = "Libel law and the press in Central Asia, revised"
    workspace.write("changed.json", json.dumps(changed))
    code, out, _ = run("import", "csl", "changed.json", "--force")
    assert code == 0
    assert "0 new, 4 updated, 0 kept" in out
    text = path.read_text(encoding="utf-8")
    assert "title: Libel law and the press in Central Asia, revised\n" in text
    assert "issued: 2010  # checked\n" in text and "# my own notes\n" in text
    store, problems = load(workspace.root)
    assert problems == []
    assert store.sources["smithlibellaw2010"].facts == ("smith-libel",)


def test_dry_run_shows_the_files_and_writes_nothing(workspace, run):
    code, out, _ = run("import", "csl", str(DATA / "better-bibtex.json"), "--dry-run")
    assert code == 0
    assert "smithLibelLaw2010 -> smithlibellaw2010  (would write sources/imported/smithlibellaw2010.yaml)" in out
    assert "+++ sources/imported/smithlibellaw2010.yaml" in out
    assert "+id: smithlibellaw2010" in out
    assert out.splitlines()[-1] == "dry run: 4 new, 0 updated, 0 kept; nothing written"
    assert not (workspace.root / "sources" / "imported").exists()


def test_into_a_folder_of_sources(workspace, run):
    code, out, _ = run("import", "csl", str(DATA / "better-bibtex.json"), "--into", "sources/zotero")
    assert code == 0
    assert (workspace.root / "sources" / "zotero" / "smithlibellaw2010.yaml").is_file()


@pytest.mark.parametrize("argv, message", [
    (("--into", "elsewhere"), "brief: --into: elsewhere is not inside sources; documents elsewhere are not part of the store"),
    (("--country", "XX"), "brief: --country: expected an ISO 3166-1 alpha-2 code such as KZ; got 'XX'"),
])
def test_usage_errors_exit_2(workspace, run, argv, message):
    code, _, err = run("import", "csl", str(DATA / "zotero.json"), *argv)
    assert (code, err.strip()) == (2, message)


def test_missing_file_exits_2(workspace, run):
    code, _, err = run("import", "csl", "nowhere.json")
    assert (code, err.strip()) == (2, "brief: no file 'nowhere.json' to import")


def test_a_store_with_errors_is_not_imported_into(workspace, run):
    workspace.write("sources/kz/bad.yaml", "id: bad\n")
    code, _, err = run("import", "csl", str(DATA / "zotero.json"))
    assert code == 3
    assert err.splitlines()[-1] == "brief: the store has errors (listed above); fix them before importing (see `brief check`)"
    assert not (workspace.root / "sources" / "imported").exists()


@pytest.mark.parametrize("value, expected", [
    ({"date-parts": [["2008", 5, 28]]}, "2008-05-28"),
    ({"date-parts": [[2008]]}, "2008"),
    ({"date-parts": [[2008, 5], [2008, 6]]}, "2008-05"),
    ({"raw": "2008-5-2"}, "2008-05-02"),
    ({"literal": "spring 2009"}, "2009"),
    ("2010-03", "2010-03"),
    ({"season": 1}, ""),
    (None, ""),
])
def test_csl_dates(value, expected):
    assert csl_date(value) == expected


def test_items_remember_their_lines():
    references, problems = read_csl((DATA / "zotero.json").read_bytes(), "zotero.json")
    assert problems == []
    assert [r.line for r in references] == [2, 35, 58, 93, 113, 144]


def test_an_import_sets_every_key_of_the_source_declaration_but_text_facts_and_the_review_cycle():
    from dataclasses import fields

    from compiler.importers.references import Reference, document_fields
    from compiler.store.load import SOURCE_FIELDS

    keys = [f.name for f in document_fields()]
    assert keys == [f.name for f in SOURCE_FIELDS if f.name not in ("text", "facts", "body", "cycle", "recommendations")]
    assert keys[0] == "id"
    read = {f.name for f in fields(Reference)}
    assert [k for k in keys[1:] if k not in read] == ["author", "country"]  # from `authors` and from the import
