"""Check the store memo of long-running processes: a kept Store is given back only while no file it read changed."""

from __future__ import annotations

import pytest

from compiler.project import load_workspace_store
from compiler.store import index as index_module
from compiler.context import Context
from compiler.store.memo import StoreMemo
from compiler.workspace import Workspace


def kept_in(memo: StoreMemo | None = None, **env: str) -> Context:
    """A context keeping stores in `memo`, with the environment of this process and `env`."""
    base = Context.of_process()
    return Context(base.out, base.err, {**base.env, **env}, stores=memo)


@pytest.fixture
def settled(workspace, monkeypatch) -> Workspace:
    """The workspace, its files trusted at once (no racy window: the tests write and read within one second)."""
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    return Workspace(workspace.root)


def test_an_unchanged_store_is_given_back_from_memory(workspace, settled):
    ws = settled
    memo = StoreMemo()
    context = kept_in(memo)
    first, _ = load_workspace_store(ws, context)
    second, _ = load_workspace_store(ws, context)
    assert second is first
    assert memo.loads == 1


def test_without_a_memo_in_the_context_nothing_is_kept(workspace, settled):
    ws = settled
    kept, _ = load_workspace_store(ws, kept_in(StoreMemo()))
    assert load_workspace_store(ws, Context.of_process())[0] is not kept
    assert load_workspace_store(ws)[0] is not kept


def test_a_changed_source_file_is_read_again(workspace, settled):
    ws = settled
    source = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    memo = StoreMemo()
    context = kept_in(memo)
    first, _ = load_workspace_store(ws, context)
    source.write_text(source.read_text(encoding="utf-8").replace("dominates television", "dominates radio"), encoding="utf-8")
    second, _ = load_workspace_store(ws, context)
    assert second is not first
    assert second.facts["khabar-2008"].text == "The state broadcaster dominates radio."
    assert memo.loads == 2


def test_a_new_or_removed_source_file_is_seen(workspace, settled):
    ws = settled
    context = kept_in(StoreMemo())
    load_workspace_store(ws, context)
    added = workspace.write("sources/kz/more.yaml", "id: more\nkind: report\ntitle: More\nfacts:\n  - id: more-1\n    text: One more.\n    themes: [media]\n")
    assert "more-1" in load_workspace_store(ws, context)[0].facts
    added.unlink()
    assert "more-1" not in load_workspace_store(ws, context)[0].facts


def test_a_changed_theme_file_or_archived_text_is_seen(workspace, monkeypatch):
    workspace.write("sources/kz/texts/memo.txt", "The state broadcaster dominates television in the country.")
    source = workspace.root / "sources" / "kz" / "hrw-memo.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "    locator: p. 4\n", "    locator: p. 4\n    quote: dominates television\n").replace(
        "country: KZ\n", "country: KZ\ntext: texts/memo.txt\n", 1), encoding="utf-8")
    ws = Workspace(workspace.root)
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    archive = workspace.root / "sources" / "kz" / "texts" / "memo.txt"
    context = kept_in(StoreMemo())
    _, problems = load_workspace_store(ws, context)
    assert problems == []
    archive.write_text("Nothing of the kind.", encoding="utf-8")
    _, problems = load_workspace_store(ws, context)
    assert [p.message for p in problems] == ["the quote of 'khabar-2008' is not in the archived text 'texts/memo.txt'"]
    themes = workspace.root / "sources" / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "  labor:\n    title: Labour\n", encoding="utf-8")
    assert "labor" in load_workspace_store(ws, context)[0].themes


def test_a_file_changed_within_the_racy_window_is_not_trusted(workspace):
    ws = Workspace(workspace.root)  # files just written: within the index's racy window
    assert index_module.RACY_NS >= 1_000_000_000
    memo = StoreMemo()
    context = kept_in(memo)
    first, _ = load_workspace_store(ws, context)
    second, _ = load_workspace_store(ws, context)
    assert second is not first and memo.loads == 2


def test_no_cache_bypasses_the_memo(workspace, settled):
    ws = settled
    memo = StoreMemo()
    context = kept_in(memo)
    load_workspace_store(ws, context)
    load_workspace_store(ws, kept_in(memo, BRIEF_NO_CACHE="1"))
    assert memo.loads == 1  # the second load went around the memo


def test_the_store_holds_paths_so_one_memo_serves_every_folder_and_problems_print_from_each(workspace, settled, monkeypatch):
    workspace.write("sources/kz/twin.yaml", "id: twin\nkind: report\ntitle: Twin\nfacts:\n  - id: libel-2007\n    text: Again.\n    themes: [media]\n")
    ws = settled
    memo = StoreMemo()
    context = kept_in(memo)
    here, problems = load_workspace_store(ws, context)
    assert here.facts["libel-2007"].path == str(workspace.root / "sources" / "kz" / "hrw-memo.yaml")
    [twin] = [p.format() for p in problems if "duplicate id" in p.message]
    assert twin.startswith("sources/kz/twin.yaml:") and "also in sources/kz/hrw-memo.yaml:" in twin
    monkeypatch.chdir(workspace.root / "sources")
    there, problems = load_workspace_store(ws, context)
    assert there is here and memo.loads == 1
    [twin] = [p.format() for p in problems if "duplicate id" in p.message]
    assert twin.startswith("kz/twin.yaml:") and "also in kz/hrw-memo.yaml:" in twin
