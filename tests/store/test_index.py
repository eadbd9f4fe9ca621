"""Check the store index: the same store with and without it, fresh records only, corruption rebuilt."""

from __future__ import annotations

import json
import os
from pathlib import Path


from compiler.store import index as index_module
from compiler.store import load as load_module
from compiler.store.load import load_store
from tests.conftest import REPO


def store_of(root: Path, cache: bool):
    return load_store(root / "sources", root, cache=cache)


def test_store_is_the_same_with_and_without_the_index(workspace):
    plain = store_of(workspace.root, cache=False)
    cold = store_of(workspace.root, cache=True)
    warm = store_of(workspace.root, cache=True)
    assert plain == cold == warm
    assert (workspace.root / ".brief-cache" / "index.sqlite").is_file()


def test_the_sample_store_is_the_same_through_the_index(tmp_path):
    import shutil

    shutil.copytree(REPO / "sources", tmp_path / "sources")
    assert store_of(tmp_path, False) == store_of(tmp_path, True) == store_of(tmp_path, True)


def count_parses(monkeypatch) -> list[Path]:
    parsed: list[Path] = []
    original = load_module.parse_source

    def counting(path):
        parsed.append(path)
        return original(path)

    monkeypatch.setattr(load_module, "parse_source", counting)
    return parsed


def test_only_a_changed_file_is_read_again(workspace, monkeypatch):
    workspace.write("sources/kz/second.yaml", "id: second\ntitle: Second\ncountry: KZ\n")
    store_of(workspace.root, True)
    parsed = count_parses(monkeypatch)
    store_of(workspace.root, True)
    assert parsed == []
    path = workspace.write("sources/kz/second.yaml", "id: second\ntitle: Second, changed\ncountry: KZ\n")
    store, problems = store_of(workspace.root, True)
    assert parsed == [path]
    assert store.sources["second"].title == "Second, changed"


def test_a_touched_file_with_the_same_content_is_not_parsed(workspace, monkeypatch):
    store_of(workspace.root, True)
    path = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    os.utime(path, ns=(1, 1))
    parsed = count_parses(monkeypatch)
    store_of(workspace.root, True)
    assert parsed == []


def test_a_corrupt_index_is_rebuilt_never_trusted(workspace):
    expected = store_of(workspace.root, False)
    store_of(workspace.root, True)
    cache = workspace.root / ".brief-cache" / "index.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    assert store_of(workspace.root, True) == expected
    assert store_of(workspace.root, True) == expected


def test_a_tampered_record_is_not_trusted(workspace):
    import sqlite3

    expected = store_of(workspace.root, False)
    store_of(workspace.root, True)
    db = sqlite3.connect(workspace.root / ".brief-cache" / "index.sqlite")
    db.execute("UPDATE files SET record = '{\"v\": 999}'")
    db.commit()
    db.close()
    assert store_of(workspace.root, True) == expected


def test_problems_are_the_same_through_the_index(workspace):
    workspace.write("sources/kz/bad.yaml", "id: bad\ntitle: Bad\nfacts:\n  - id: x\n    text: t\n    themes: [medai]\n    date: 2011-02-30\n")
    plain = store_of(workspace.root, False)[1]
    assert store_of(workspace.root, True)[1] == plain == store_of(workspace.root, True)[1]
    assert len(plain) == 2


def test_no_cache_when_asked(workspace, monkeypatch):
    monkeypatch.setenv("BRIEF_NO_CACHE", "1")
    store_of(workspace.root, True)
    assert not (workspace.root / ".brief-cache").exists()


def test_a_read_only_workspace_is_read_without_the_index(workspace, monkeypatch):
    def refuse(self):
        raise PermissionError("read-only")

    expected = store_of(workspace.root, False)
    monkeypatch.setattr(Path, "mkdir", lambda self, *a, **k: refuse(self))
    assert store_of(workspace.root, True) == expected


def test_many_stale_files_are_parsed_in_parallel_with_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "PARALLEL_FILES", 2)
    monkeypatch.setattr(index_module, "PARALLEL_BYTES", 0)
    root = tmp_path
    (root / "sources").mkdir()
    for n in range(6):
        (root / "sources" / f"d{n}.yaml").write_text(
            f"id: d{n}\ntitle: D{n}\ncountry: KZ\nfacts:\n  - id: f{n}\n    text: T\n    themes: [media]\n    date: 2010\n")
    assert store_of(root, True) == store_of(root, False)


def test_by_theme_lists_each_fact_once_under_its_themes_and_their_parents():
    from compiler.store.model import Fact, Store

    facts = {
        "a": Fact(id="a", source="s", text="t", themes=("media.libel", "media.internet")),
        "b": Fact(id="b", source="s", text="t", themes=("assembly",)),
        "c": Fact(id="c", source="s", text="t", themes=("media",)),
    }
    index = Store(themes={}, sources={}, facts=facts).by_theme
    assert {k: [f.id for f in v] for k, v in index.items()} == {
        "media.libel": ["a"], "media": ["a", "c"], "media.internet": ["a"], "assembly": ["b"]}


def test_outputs_are_identical_with_without_and_after_corrupting_the_index(workspace, run, monkeypatch, tmp_path):
    def build(folder: str) -> dict[str, bytes]:
        assert run("build", "--to", "docx,pdf,html", "-o", str(tmp_path / folder), "-q")[0] == 0
        return {p.name: p.read_bytes() for p in sorted((tmp_path / folder).iterdir())}

    monkeypatch.setenv("BRIEF_NO_CACHE", "1")
    without = build("without")
    monkeypatch.setenv("BRIEF_NO_CACHE", "0")
    cold = build("cold")
    warm = build("warm")
    (workspace.root / ".brief-cache" / "index.sqlite").write_bytes(b"\x00garbage" * 64)
    corrupted = build("corrupted")
    assert sorted(without) == ["paper.docx", "paper.html", "paper.manifest.json", "paper.pdf"]
    assert without == cold == warm == corrupted


def test_a_file_changed_while_it_is_parsed_is_not_cached(workspace, monkeypatch):
    path = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    original = load_module.parse_source

    def changing(p):
        record = original(p)
        p.write_text(p.read_text(encoding="utf-8").replace("dominates television", "dominates all television"), encoding="utf-8")
        return record

    monkeypatch.setattr(load_module, "parse_source", changing)
    store_of(workspace.root, True)
    monkeypatch.setattr(load_module, "parse_source", original)
    store, _ = store_of(workspace.root, True)
    assert store.facts["khabar-2008"].text == "The state broadcaster dominates all television."


def test_a_record_holds_its_values_by_name(workspace):
    from compiler.store.load import RECORD_VERSION, parse_source

    path = workspace.write("sources/kz/named.yaml", "id: named\ntitle: Named\nissued: 2009-05\nfacts:\n  - id: n1\n"
                           "    text: ' The claim. '\n    themes: [media]\n    quote: q\n    date: 2009\n")
    record = parse_source(path)
    assert record["v"] == RECORD_VERSION == 7
    assert record["source"]["id"] == "named" and record["source"]["issued"] == [2009, 5, None]
    facts = record["facts"]  # as columns: each name once, with the list of the facts' values
    assert (facts["id"], facts["text"], facts["themes"], facts["date"], facts["quote"]) == (
        ["n1"], ["The claim."], [["media"]], [[2009, None, None]], ["q"])
    assert (facts["line"], facts["index"]) == ([5], [0])
    assert record["themes"] == {"field": ["facts[0].themes[0]"], "line": [7], "theme": ["media"]}
    assert record["quotes"] == [{"fact": 0, "line": 8}]


def test_a_record_of_the_previous_version_is_parsed_again(workspace):
    import sqlite3

    expected = store_of(workspace.root, False)
    store_of(workspace.root, True)
    db = sqlite3.connect(workspace.root / ".brief-cache" / "index.sqlite")
    records = [json.loads(r[0]) for r in db.execute("SELECT record FROM files")]
    for record in records:  # positional facts, as version 3 wrote them
        record["v"] = 3
        record["facts"] = [list(f) for f in zip(*record["facts"].values())]
    db.executemany("UPDATE files SET record = ? WHERE path = ?",
                   [(json.dumps(r), p) for r, (p,) in zip(records, db.execute("SELECT path FROM files").fetchall())])
    db.commit()
    db.close()
    assert store_of(workspace.root, True) == expected
