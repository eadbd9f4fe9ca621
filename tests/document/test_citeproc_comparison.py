"""Check that what pandoc's citeproc and citeproc-py print for the table of cases is what docs/citations.md says.

tests/tools/compare_citeproc.py runs the table (tests/data/citations/cases.yaml) through
a CSL processor with the Chicago 17th full-note style; the differences from our
`chicago-notes` form (pandoc) and from pandoc (citeproc-py) are recorded in
tests/data/citations/pandoc-differences.yaml, each with topics that docs/citations.md
explains. If a processor starts to print otherwise, these tests fail: record again with
`compare_citeproc.py --yaml` and update the docs.
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest
import yaml

from tests.conftest import REPO
from tests.tools.compare_citeproc import (CASES, Cite, csl_items, differences, markdown_of, run_table, texts_of_table,
                                          version_of)

RECORD = yaml.safe_load((CASES.parent / "pandoc-differences.yaml").read_text(encoding="utf-8"))
TABLE = yaml.safe_load(CASES.read_text(encoding="utf-8"))
DOCS = (REPO / "docs" / "citations.md").read_text(encoding="utf-8")
NAMES = {"pandoc": ("ours", "pandoc"), "citeproc-py": ("pandoc", "citeproc-py")}


def _recorded(processor: str) -> list[tuple[str, str, str, str]]:
    first, second = NAMES[processor]
    return [(d["case"], d["where"], d[first], d[second]) for d in RECORD[processor]["differences"]]


def _section(title: str) -> str:
    return DOCS.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


@pytest.fixture(scope="module")
def pandoc_texts() -> dict:
    """Return what pandoc's citeproc prints for the table (one pandoc run a case), or skip without pandoc."""
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc not installed: the comparison with its citeproc is not run")
    return run_table("pandoc", TABLE)[0]


def test_pandoc_prints_otherwise_exactly_where_recorded(pandoc_texts):
    found = [(d.case, d.where, d.first, d.second) for d in differences(texts_of_table(TABLE), pandoc_texts)]
    assert found == _recorded("pandoc"), (
        f"recorded with pandoc {RECORD['pandoc']['version']}, this is {version_of('pandoc')}: "
        "run tests/tools/compare_citeproc.py --yaml tests/data/citations/pandoc-differences.yaml, update docs/citations.md")


@pytest.mark.skipif(importlib.util.find_spec("citeproc") is None,
                    reason="citeproc-py not installed (not a dependency; .venv/bin/pip install citeproc-py to measure it)")
def test_citeproc_py_prints_otherwise_than_pandoc_exactly_where_recorded(pandoc_texts):
    printed, _ = run_table("citeproc-py", TABLE)
    found = [(d.case, d.where, d.first, d.second) for d in differences(pandoc_texts, printed)]
    assert found == _recorded("citeproc-py"), f"recorded with citeproc-py {RECORD['citeproc-py']['version']}"


@pytest.mark.parametrize("processor, section", [("pandoc", "Compared with pandoc's citeproc"), ("citeproc-py", "CSL styles")])
def test_every_recorded_difference_has_topics_the_docs_explain(processor, section):
    text = _section(section)
    for difference in RECORD[processor]["differences"]:
        assert difference["topics"], difference
        for topic in difference["topics"]:
            assert f"**{topic}**" in text, f"docs/citations.md, {section}: no **{topic}**"


def test_the_docs_name_the_versions_measured():
    assert f"pandoc {RECORD['pandoc']['version']}" in _section("Compared with pandoc's citeproc")
    assert f"citeproc-py {RECORD['citeproc-py']['version']}" in _section("CSL styles")


def test_the_table_becomes_csl_json_and_pandoc_citations():
    items = {item["id"]: item for item in csl_items(TABLE["sources"])}
    assert items["karimova-2017"] == {
        "id": "karimova-2017", "type": "article-journal", "title": "Forced Labour in the Cotton Fields: An Example Article",
        "container-title": "Journal of Example Studies", "volume": "8", "issue": "2", "page": "123-145",
        "DOI": "10.1234/jes.2017.82", "author": [{"family": "Karimova", "given": "Dilnoza"}, {"family": "Schmidt", "given": "Jonas"}],
        "issued": {"date-parts": [[2017, 7]]}}
    assert items["hrw-2008"]["author"] == [{"literal": "Human Rights Watch"}]
    assert items["hrw-2008"]["accessed"] == {"date-parts": [[2016, 5, 29]]}
    assert (items["ccpr-co-1"]["type"], items["ccpr-co-1"]["number"]) == ("report", "CCPR/C/KAZ/CO/1")
    assert items["beethoven-2012"]["publisher-place"] == "Geneva" and items["beethoven-2012"]["ISBN"] == "978-3-16-148410-0"
    assert items["muller-2010"]["type"] == "article-newspaper"
    assert Cite("x", "para. 10").label_and_value() == ("paragraph", "10")
    assert Cite("x", "pp. 30-32").label_and_value() == ("page", "30-32")
    assert markdown_of(["@a, p. 130; @b, para. 4", "@c"]) == "Claim 1 [@a, {p. 130}; @b, {para. 4}].\n\nClaim 2 [@c].\n"
