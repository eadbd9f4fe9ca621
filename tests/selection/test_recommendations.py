"""Tests of the recommendations' order (FORMAT.md section 4) and of their query, in compiler.selection.recommendations.

The recommendations here are test data made for the tests: their words, States and
paragraph numbers are invented.
"""

from __future__ import annotations

import random

from compiler.dates import PartialDate
from compiler.selection import follow_up
from compiler.selection.recommendations import paragraph_key, query_recommendations, recommendation_order, status_as_of
from compiler.store import load_store


def test_paragraph_numbers_compare_part_by_part_as_numbers():
    assert paragraph_key("124.2") < paragraph_key("124.12") < paragraph_key("125") < paragraph_key("125.1")
    assert paragraph_key("9") < paragraph_key("10") < paragraph_key("97.1")
    assert paragraph_key("124.2") == ((0, 124, ""), (0, 2, ""))


def test_a_part_that_is_not_a_number_compares_as_text_after_the_numbers():
    assert paragraph_key("10 (a)") < paragraph_key("10 (b)")
    assert paragraph_key("10.1") < paragraph_key("10 (a)")  # a number part before a text part
    assert paragraph_key("10 (B)") == paragraph_key("10 (b)")  # text compares regardless of case
    written = ["125", "10 (b)", "124.12", "9", "124.2", "10 (a)", "97.1", "124.10", "10", "10.1"]
    random.Random(13).shuffle(written)
    assert sorted(written, key=paragraph_key) == ["9", "10", "10.1", "10 (a)", "10 (b)", "97.1", "124.2", "124.10", "124.12", "125"]


def test_the_follow_up_selection_uses_the_same_order():
    assert follow_up.paragraph_key is paragraph_key and follow_up.recommendation_order is recommendation_order


DOCUMENTS = {
    "sources/un/later.yaml": """\
        id: b-later
        kind: un-document
        title: A later report (test data)
        symbol: A/HRC/99/2
        body: UPR
        cycle: 2
        issued: 2014-12
        country: KZ
        recommendations:
          - {id: t-later-1, paragraph: "1", text: Invented later one., by: [Ruritania], themes: [media]}
        """,
    "sources/un/earlier.yaml": """\
        id: z-earlier
        kind: un-document
        title: An earlier report (test data)
        symbol: A/HRC/99/1
        body: UPR
        cycle: 1
        issued: 2010-03-12
        country: KZ
        recommendations:
          - {id: t-124-12, paragraph: "124.12", text: Invented 124.12., by: [Ruritania], themes: [media.libel]}
          - {id: t-124-2, paragraph: "124.2", text: Invented 124.2., by: [Freedonia], themes: [assembly]}
        """,
    "sources/assessments/test.yaml": """\
        assessments:
          - {recommendation: t-124-2, status: not-implemented, as_of: 2012}
          - {recommendation: t-124-2, status: implemented, as_of: 2015-06}
        """,
}


def test_recommendations_are_ordered_by_issue_date_then_paragraph_and_queried(workspace):
    for relative, text in DOCUMENTS.items():
        workspace.write(relative, text)
    store, problems = load_store(workspace.root / "sources", workspace.root)
    assert problems == []
    ids = [r.id for r in sorted(store.recommendations.values(), key=lambda r: recommendation_order(store, r))]
    assert ids == ["t-124-2", "t-124-12", "t-later-1"]  # z-earlier was issued first, whatever its id
    assert [r.id for r in query_recommendations(store)] == ids
    assert [r.id for r in query_recommendations(store, cycle=2)] == ["t-later-1"]
    assert [r.id for r in query_recommendations(store, themes=["media"])] == ["t-124-12", "t-later-1"]
    assert [r.id for r in query_recommendations(store, country="FR")] == []
    two = store.recommendations["t-124-2"]
    assert [status_as_of(store, two, PartialDate(y)) for y in (2011, 2012, 2014, 2015)] == [
        "no-information", "not-implemented", "not-implemented", "implemented"]
    assert status_as_of(store, two, PartialDate(2015, 6, 29)) == "not-implemented"
    assert status_as_of(store, two, PartialDate(2015, 6, 30)) == "implemented"  # "2015-06" holds from 30 June
    assert status_as_of(store, two, None) == "implemented"
    assert [r.id for r in query_recommendations(store, statuses=["no-information"], as_of=PartialDate(2013))] == [
        "t-124-12", "t-later-1"]
