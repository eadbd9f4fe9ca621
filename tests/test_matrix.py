"""Tests of compiler/matrix.py's selection: its filters, the status as of a date, the order of FORMAT.md section 4.

The recommendations here are test data made for the tests: their words, States and
paragraph numbers are invented.
"""

from __future__ import annotations

from compiler import matrix
from compiler.dates import PartialDate
from compiler.store import load_store

DOCUMENTS = {
    "sources/un/later.yaml": """\
        # TEST DATA: invented words, States and paragraph numbers
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
        # TEST DATA: invented words, States and paragraph numbers
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
        # TEST DATA: invented assessments
        assessments:
          - {recommendation: t-124-2, status: not-implemented, as_of: 2012}
          - {recommendation: t-124-2, status: implemented, as_of: 2015-06}
        """,
}


def test_select_orders_by_issue_date_then_paragraph_and_filters(workspace):
    for relative, text in DOCUMENTS.items():
        workspace.write(relative, text)
    store, problems = load_store(workspace.root / "sources", workspace.root)
    assert problems == []
    ids = ["t-124-2", "t-124-12", "t-later-1"]  # z-earlier was issued first, whatever its id; 124.2 before 124.12
    assert [r.id for r in matrix.select(store)] == ids
    assert [r.id for r in matrix.select(store, cycle=2)] == ["t-later-1"]
    assert [r.id for r in matrix.select(store, themes=["media"])] == ["t-124-12", "t-later-1"]
    assert [r.id for r in matrix.select(store, country="FR")] == []
    two = store.recommendations["t-124-2"]
    assert [matrix.status(store, two, PartialDate(y)) for y in (2011, 2012, 2014, 2015)] == [
        "no-information", "not-implemented", "not-implemented", "implemented"]
    assert matrix.status(store, two, PartialDate(2015, 6, 29)) == "not-implemented"
    assert matrix.status(store, two, PartialDate(2015, 6, 30)) == "implemented"  # "2015-06" holds from 30 June
    assert matrix.status(store, two, None) == "implemented"
    assert [r.id for r in matrix.select(store, statuses=["no-information"], as_of=PartialDate(2013))] == [
        "t-124-12", "t-later-1"]


def test_the_columns_are_declared_once_for_every_format():
    names = [c.name for c in matrix.COLUMNS]
    assert len(names) == len(set(names))
    assert [c.name for c in matrix.SHEET_COLUMNS] == names[: names.index("evidence") + 1]
    assert [c.name for c in matrix.TABLE_COLUMNS] == ["id", "symbol", "paragraph", "by", "response", "status", "as_of",
                                                      "text"]  # the text last: it takes the rest of the width
    assert set(matrix.NARROW) <= {c.name for c in matrix.TABLE_COLUMNS}
