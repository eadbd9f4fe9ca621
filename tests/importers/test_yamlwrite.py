"""Tests of the YAML writer of the importers: appended facts keep every existing line; texts read back as written."""

from __future__ import annotations

import shutil

import pytest

from compiler.store.load import store_files
from hypothesis import given, settings, strategies as st

from compiler import yamlfile
from compiler.importers.yamlwrite import FOLD_AT, append_facts_text, document_text, fact_items, long_text
from tests.conftest import REPO
from tests.importers.conftest import load

SAMPLES = [p for p in store_files(REPO / "sources") if "assessments" not in p.parts]  # the source documents
NEW = {"id": "zz-new-fact", "text": ("A new fact. " * 12).strip(), "themes": ["media"], "date": 2011, "tags": ["new"]}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_appending_to_a_sample_document_keeps_every_line(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    new = append_facts_text(text, [NEW])
    assert new.startswith(text)  # every byte of the file is kept; the fact follows the last one
    value, problems = yamlfile.parse(new, path.name)
    assert problems == []
    assert value["facts"][-1]["id"] == "zz-new-fact"
    assert value["facts"][-1]["text"] == NEW["text"].strip()

    # the whole sample store still loads, with the new fact in it
    root = tmp_path / "ws"
    shutil.copytree(REPO / "sources", root / "sources")
    target = root / "sources" / path.relative_to(REPO / "sources")
    target.write_text(new, encoding="utf-8")
    store, problems = load(root)
    assert [p for p in problems if p.severity == "error"] == []
    assert store.facts["zz-new-fact"].source == value["id"]


def test_appending_inserts_before_a_later_key_and_its_comment():
    text = "id: d\ntitle: T\nfacts:\n- id: a\n  text: A\n  themes: [media]\n\n# the country, last\ncountry: KZ\n"
    new = append_facts_text(text, [{"id": "b", "text": "B", "themes": ["media"]}])
    assert new == ("id: d\ntitle: T\nfacts:\n- id: a\n  text: A\n  themes: [media]\n"
                   "- id: b\n  text: B\n  themes: [media]\n\n# the country, last\ncountry: KZ\n")


def test_a_file_without_a_final_line_break():
    new = append_facts_text("id: d\ntitle: T\nfacts:\n  - id: a\n    text: A\n    themes: [media]", [{"id": "b", "text": "B", "themes": ["media"]}])
    assert new.endswith("    themes: [media]\n  - id: b\n    text: B\n    themes: [media]\n")


def test_new_document_text_has_its_header_comments():
    text = document_text({"id": "x", "title": "A: B"}, ["first line", "second"])
    assert text == "# first line\n# second\nid: x\ntitle: 'A: B'\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc XYZ,.:;'\"#-*[]{}é\n")), min_size=1, max_size=300))
def test_texts_read_back_as_written(text):
    text = text.strip()
    if not text:
        return
    rendered = append_facts_text("id: d\ntitle: T\nfacts:\n  - id: a\n    text: A\n    themes: [m]\n",
                                 [{"id": "b", "text": text, "themes": ["m"]}])
    value, problems = yamlfile.parse(rendered, "x.yaml")
    assert problems == []
    assert value["facts"][1]["text"] == text


def test_long_texts_are_folded_within_the_width():
    text = " ".join(["word"] * 60)
    item = fact_items([{"id": "a", "text": text, "themes": ["m"]}], 4)[0]
    rendered = append_facts_text("id: d\ntitle: T\nfacts:\n  - id: a0\n    text: A\n    themes: [m]\n", [{"id": "a", "text": text, "themes": ["m"]}])
    lines = rendered.split("    text: >-\n", 1)[1].split("    themes")[0].splitlines()
    assert len(lines) > 1 and all(len(line) <= FOLD_AT for line in lines)
    assert str(item["text"]) == text
    assert long_text("short", 4) == "short"
    assert long_text("two\nlines", 4).__class__.__name__ == "LiteralScalarString"


def test_crlf_and_byte_order_mark_are_kept():
    text = "\ufeffid: d\r\ntitle: T\r\nfacts:\r\n  - id: a\r\n    text: A\r\n    themes: [media]\r\n"
    new = append_facts_text(text, [{"id": "b", "text": "B", "themes": ["media"]}])
    assert new == text + "  - id: b\r\n    text: B\r\n    themes: [media]\r\n"


def test_a_file_with_a_repeated_key_still_gets_its_facts():
    text = "id: d\ntitle: T\ntitle: T again\nfacts:\n  - id: a\n    text: A\n    themes: [media]\n"
    assert append_facts_text(text, [{"id": "b", "text": "B", "themes": ["media"]}]).startswith(text)


def test_a_file_the_round_trip_reader_cannot_read_is_reported(workspace, run):
    from compiler.importers.yamlwrite import CannotUpdate

    with pytest.raises(CannotUpdate, match="the round-trip YAML reader cannot read it"):
        append_facts_text("id: d\ntitle: [unclosed\n", [{"id": "b", "text": "B", "themes": ["media"]}])


def test_blank_lines_between_facts_are_found_above_their_comments():
    text = ("id: d\ntitle: T\nfacts:\n  - id: a\n    text: A\n    themes: [media]\n\n"
            "  # --- Assembly ---\n  - id: b\n    text: B\n    themes: [assembly]\n")
    new = append_facts_text(text, [{"id": "c", "text": "C", "themes": ["media"]}])
    assert new == text + "\n  - id: c\n    text: C\n    themes: [media]\n"
