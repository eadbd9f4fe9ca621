"""Check the sample UPR recommendations of sources/un/ against the UN texts of the corpus, without the store loader.

The two Working Group reports on Kazakhstan (A/HRC/14/10, A/HRC/28/10) are transcribed in
../shared/corpus/un/<document id>.txt: each recommendation on a line of its own, opening
with its number and closing with the recommending State(s) in parentheses and ";" (or "."
for the last of a paragraph). A sample recommendation must be that line exactly: its
`paragraph` the number, its `text` the words (a closing "." kept), its `by` the States.
The rest of the store is read as plain YAML too: the themes, the facts the assessments of
sources/assessments/ rest on, and the dates of the briefs that review the recommendations.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import CORPUS, REPO

UN_CORPUS = CORPUS / "un"
needs_corpus = pytest.mark.skipif(
    not UN_CORPUS.is_dir(), reason=f"{UN_CORPUS} (the transcribed UN reports) is not present")


def _documents() -> list[tuple[Path, dict]]:
    """Return the sample source documents that carry recommendations, read as plain YAML."""
    found = []
    for path in sorted((REPO / "sources").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("recommendations"):
            found.append((path, data))
    return found


def _normal(text: str) -> str:
    return " ".join(text.split())


def _corpus(ident: str) -> tuple[str, dict[str, str], dict[str, str | None]]:
    """Return a report's header, its recommendations by number ("95.13", "124.12") and each paragraph's response.

    A/HRC/14/10 numbers its recommendations inside paragraphs 95 and 97 (indented items
    "13. ..."); A/HRC/28/10 numbers them "124.12 ..." itself. A paragraph's response is
    what its opening sentence says: "did not enjoy the support" noted, "enjoy the support"
    supported, anything else (A/HRC/14/10, para. 97: "will be examined") none.
    """
    text = (UN_CORPUS / f"{ident}.txt").read_text(encoding="utf-8")
    header, _, body = text.partition("VERBATIM TEXT")
    items: dict[str, str] = {}
    responses: dict[str, str | None] = {}
    paragraph = None
    for line in body.splitlines():
        if opening := re.match(r"^(\d+)\.? (.*)$", line):
            paragraph, sentence = opening.groups()
            responses[paragraph] = ("noted" if "did not enjoy the support" in sentence
                                    else "supported" if "enjoy the support" in sentence else None)
        elif item := re.match(r"^ {4}(\d+)\.(\d+)? (.*)$", line):
            number, sub, words = item.groups()
            key = f"{number}.{sub}" if sub else f"{paragraph}.{number}"
            assert key not in items, f"{ident}: {key} twice"
            items[key] = words
    return header, items, responses


def _recommendations():
    return [(path, doc, rec) for path, doc in _documents() for rec in doc["recommendations"]]


def test_the_sample_holds_both_upr_cycles_on_the_briefs_themes():
    by_cycle: dict[int, list[dict]] = {}
    for _, doc, rec in _recommendations():
        assert doc["body"] == "UPR" and doc["country"] == "KZ"
        by_cycle.setdefault(doc["cycle"], []).append(rec)
    assert sum(map(len, by_cycle.values())) >= 30
    assert set(by_cycle) == {1, 2}
    tops = {c: {t.split(".")[0] for r in recs for t in r["themes"]} for c, recs in by_cycle.items()}
    assert {"media", "assembly", "religion"} <= tops[1]  # the 2011 CCPR brief reviews these
    upr = yaml.safe_load((REPO / "briefs" / "kazakhstan-upr-joint.yaml").read_text(encoding="utf-8"))
    assert {s["theme"] for s in upr["sections"] if s.get("theme")} <= tops[2]


def test_ids_follow_the_country_cycle_paragraph_scheme():
    seen = set()
    for path, doc, rec in _recommendations():
        paragraph = rec["paragraph"]
        assert isinstance(paragraph, str) and re.fullmatch(r"\d+\.\d+", paragraph), (path.name, rec["id"])
        assert rec["id"] == f"kz-upr{doc['cycle']}-{paragraph.replace('.', '-')}", (path.name, rec["id"])
        assert rec["id"] not in seen
        seen.add(rec["id"])


@needs_corpus
def test_every_document_is_described_as_its_corpus_header_says():
    months = "January February March April May June July August September October November December".split()
    for path, doc in _documents():
        header, _, _ = _corpus(doc["id"])
        assert f"SYMBOL:  {doc['symbol']} " in header, path.name
        assert doc["url"] in header.split(), path.name
        issued = doc["issued"]
        assert f"{issued.day} {months[issued.month - 1]} {issued.year}" in header, path.name
        assert path.read_text(encoding="utf-8").count(f"shared/corpus/un/{doc['id']}.txt") == 1, path.name


@needs_corpus
def test_every_recommendation_is_its_corpus_line_verbatim():
    for path, doc, rec in _recommendations():
        _, items, _ = _corpus(doc["id"])
        where = f"{path.name}: {rec['id']}"
        assert rec["paragraph"] in items, f"{where}: no recommendation {rec['paragraph']} in the corpus"
        line = _normal(items[rec["paragraph"]])
        text = _normal(rec["text"])
        assert not re.match(r"\d", text) and not text.endswith((";", ",")) and "[" not in text, where
        states = "".join(f" ({state})" for state in rec["by"])
        if line.endswith("."):  # the last of its paragraph: the full stop stays with the words
            assert text.endswith(".") and line == text[:-1] + states + ".", where
        else:
            assert line == text + states + ";", where
        words = text[:-1] if line.endswith(".") else text
        assert words in _normal((UN_CORPUS / f"{doc['id']}.txt").read_text(encoding="utf-8")), where


@needs_corpus
def test_every_response_is_the_one_its_paragraph_states():
    for path, doc, rec in _recommendations():
        _, _, responses = _corpus(doc["id"])
        expected = responses[rec["paragraph"].split(".")[0]]
        assert rec.get("response") == expected, f"{path.name}: {rec['id']}"


@needs_corpus
def test_the_corpus_reading_finds_every_recommendation_the_headers_count():
    # the headers: A/HRC/14/10 "TOTAL: 128 recommendations", A/HRC/28/10 "194 recommendations"
    assert len(_corpus("a-hrc-14-10")[1]) == 128
    assert len(_corpus("a-hrc-28-10")[1]) == 194
    assert _corpus("a-hrc-14-10")[2] == {"95": "supported", "96": None, "97": None, "98": None}
    assert _corpus("a-hrc-28-10")[2] == {"124": "supported", "125": "supported", "126": "noted", "127": None}


@needs_corpus
def test_every_document_names_the_author_its_corpus_header_shows():
    for path, doc in _documents():
        header, _, _ = _corpus(doc["id"])
        assert doc["author"] == ["Human Rights Council"] and "(Human Rights Council, " in header, path.name
        assert "publisher" not in doc, path.name  # the header names no publisher


# --- the store's other files, read as plain YAML: themes, facts, assessments, briefs ----------------


def _sources() -> list[dict]:
    """Return every source document of the store (not the taxonomy, spellings or assessments)."""
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "sources").rglob("*.yaml"))
            if path.name not in ("themes.yaml", "spellings.yaml") and "assessments" not in path.parts]


def _facts() -> dict[str, dict]:
    return {fact["id"]: fact for doc in _sources() for fact in doc.get("facts") or ()}


def _assessments() -> list[tuple[Path, dict]]:
    return [(path, entry) for path in sorted((REPO / "sources" / "assessments").glob("*.yaml"))
            for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["assessments"]]


def _brief(name: str) -> dict:
    return yaml.safe_load((REPO / "briefs" / f"{name}.yaml").read_text(encoding="utf-8"))


def _span(value) -> tuple[dt.date, dt.date]:
    """Return the first and last day of a YYYY, YYYY-MM or YYYY-MM-DD date as YAML reads it."""
    if isinstance(value, dt.date):
        return value, value
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    year, month = parts
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


def test_every_theme_is_in_the_taxonomy_and_every_id_is_unique_across_the_store():
    themes = _themes()
    ids = [doc["id"] for doc in _sources()] + [fact["id"] for doc in _sources() for fact in doc.get("facts") or ()]
    for path, _, rec in _recommendations():
        assert rec["themes"] and set(rec["themes"]) <= themes, f"{path.name}: {rec['id']}: {rec['themes']}"
        ids.append(rec["id"])
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def _themes() -> set[str]:
    return set(yaml.safe_load((REPO / "sources" / "themes.yaml").read_text(encoding="utf-8"))["themes"])


def test_every_assessment_rests_on_sample_facts_dated_by_then():
    recommendations = {rec["id"] for _, _, rec in _recommendations()}
    facts = _facts()
    shorts = {o["short"] for name in ("kazakhstan-ccpr-2011", "kazakhstan-upr-joint")
              for o in _brief(name)["submitted_by"]}
    dates: dict[str, list] = {}
    for path, entry in _assessments():
        where = f"{path.name}: {entry['recommendation']} as of {entry['as_of']}"
        assert entry["recommendation"] in recommendations, where
        assert entry["status"] in ("implemented", "partially-implemented", "not-implemented", "no-information"), where
        assert entry["by"] in shorts, where
        as_of = _span(entry["as_of"])[1]
        assert as_of not in dates.setdefault(entry["recommendation"], []), f"{where}: twice"
        dates[entry["recommendation"]].append(as_of)
        evidence = entry.get("evidence") or []
        assert (entry["status"] == "no-information") == (not evidence), where
        cited = re.findall(r"@([a-z0-9-]+)", entry.get("comment") or "")
        for ident in evidence + cited:
            assert ident in facts, f"{where}: {ident} is not a fact of sources/kazakhstan/"
            assert _span(facts[ident]["date"])[0] <= as_of, f"{where}: {ident} is dated after it"
    assert set(dates) == recommendations  # every recommendation has at least one assessment


def test_every_recommendation_a_sample_brief_reviews_is_assessed_as_of_its_date():
    briefs = {1: _brief("kazakhstan-ccpr-2011"), 2: _brief("kazakhstan-upr-joint")}
    assert _brief("kazakhstan-ccpr-2011-fr")["date"] == briefs[1]["date"]
    dates: dict[str, list[dt.date]] = {}
    for _, entry in _assessments():
        dates.setdefault(entry["recommendation"], []).append(_span(entry["as_of"])[1])
    for _, doc, rec in _recommendations():
        brief = briefs[doc["cycle"]]
        reviewed = {s["theme"] for s in brief["sections"]
                    if (s.get("follow_up") or {}).get("select", {}).get("cycle") == doc["cycle"]}
        if {t.split(".")[0] for t in rec["themes"]} & reviewed:
            assert min(dates[rec["id"]]) <= brief["date"], rec["id"]


# --- the UHRI-shaped export of tests/data/uhri/, made from these recommendations ---------

UHRI = REPO / "tests" / "data" / "uhri"


def _uhri_csv() -> list[dict[str, str]]:
    import csv

    with (UHRI / "kazakhstan-upr.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _uhri_xlsx():
    from openpyxl import load_workbook

    sheet = load_workbook(UHRI / "kazakhstan-upr.xlsx").active
    return [[cell for cell in row] for row in sheet.iter_rows()]


def test_the_uhri_export_is_what_the_script_makes_of_the_yaml():
    from tests.tools.make_uhri_export import COLUMNS, csv_text, excel_serial, rows

    table = rows()
    assert (UHRI / "kazakhstan-upr.csv").read_bytes() == csv_text(table).encode("utf-8")
    sheet = _uhri_xlsx()
    assert tuple(c.value for c in sheet[0]) == COLUMNS
    assert len(sheet) == len(table) + 1
    for cells, row in zip(sheet[1:], table):
        values = dict(zip(COLUMNS, cells))
        date = values["Document Publication Date"]
        assert date.data_type == "n" and date.value == excel_serial(row["Document Publication Date"])
        for column in COLUMNS:
            if column != "Document Publication Date":
                assert values[column].value == (row[column] if row[column] != "" else None), column


def test_the_uhri_export_has_the_shape_the_import_tests_need():
    from tests.tools.make_uhri_export import ROWS, UNMAPPED, load, uhri_labels

    table = _uhri_csv()
    assert 8 <= len(table) <= 12
    assert {r["Document Symbol"] for r in table} == {"A/HRC/14/10", "A/HRC/28/10"}
    assert any(len(r["UPR Reccomending States"].splitlines()) >= 2 for r in table)
    assert {r["UPR Position"] for r in table} == {"Supported", "Noted", ""}
    found, themes = load()
    mapped = set().union(*(uhri_labels([ident], themes) for ident in themes))
    names = [name[2:] for r in table for name in r["Themes"].splitlines()]
    assert [n for n in names if n not in mapped] == [UNMAPPED]
    assert len({found[ident][0]["themes"][0].split(".")[0] for ident, _ in ROWS}) >= 6  # several themes
    for r in table:
        for column in ("Countries Concerned", "Reccomending Body", "Themes", "UPR Reccomending States"):
            assert all(line.startswith("- ") for line in r[column].splitlines()), column
        assert r["Countries Concerned"] == "- Kazakhstan" and r["Reccomending Body"] == "- UPR"
        assert r["UPR Session"] == ("7" if r["Document Symbol"] == "A/HRC/14/10" else "")
        assert r["Affected Persons"] == r["Sdgs"] == r["Annotation Type"] == r["OHCHR Annotation Id"] == ""


@needs_corpus
def test_every_uhri_row_is_its_corpus_line():
    documents = {doc["symbol"]: doc["id"] for _, doc in _documents()}
    for r in _uhri_csv():
        _, items, responses = _corpus(documents[r["Document Symbol"]])
        paragraph, _, rest = r["Text"].partition(" ")
        assert _normal(items[paragraph]) == _normal(rest) + ";", r["Text"]
        states = "".join(f" ({line[2:]})" for line in r["UPR Reccomending States"].splitlines())
        assert _normal(rest).endswith(states)
        expected = responses[paragraph.split(".")[0]]
        assert r["UPR Position"] == (expected.capitalize() if expected else "")
