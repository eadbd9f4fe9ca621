"""Tests of the review cycle in the store: UN documents' recommendations and the assessments of them.

FORMAT.md section 4. The recommendations here are test data made for the tests (a
treaty body's paragraphs are numbered as CCPR/C/KAZ/CO/2 numbers them; their words are
not the Committee's).
"""

from __future__ import annotations

from compiler.dates import PartialDate
from compiler.store import load_store

UPR = """\
id: a-hrc-28-10
kind: un-document
title: "Report of the Working Group on the Universal Periodic Review: Kazakhstan"
symbol: A/HRC/28/10
body: UPR
cycle: 2
issued: 2014-12-10
country: KZ
recommendations:
  - id: kz-upr2-124-12
    paragraph: "124.12"
    text: Test recommendation on defamation.
    by: [Estonia, Latvia]
    response: supported
    themes: [media.libel]
  - id: kz-upr2-126-40
    paragraph: 126.40
    text: Test recommendation on assemblies.
    by: Norway
    response: noted
    themes: [assembly]
"""

CCPR = """\
id: ccpr-c-kaz-co-2
kind: un-document
title: Concluding observations on the second periodic report of Kazakhstan
symbol: CCPR/C/KAZ/CO/2
body: CCPR
issued: 2016-08-09
country: KZ
recommendations:
  - id: kz-ccpr2-10
    paragraph: 10
    text: Test recommendation on torture.
    themes: [media]
    follow_up: true
"""

ASSESSED = """\
assessments:
  - recommendation: kz-upr2-124-12
    status: not-implemented
    as_of: 2016-12
    by: KIBHR
    comment: Libel remains a crime [@libel-2007].
    evidence: [libel-2007]
  - recommendation: kz-upr2-124-12
    status: partially-implemented
    as_of: 2015
  - recommendation: kz-upr2-124-12
    status: implemented
    as_of: 2018-01-05
"""


def load(workspace, files: dict[str, str]):
    for relative, text in files.items():
        workspace.write(relative, text)
    return load_store(workspace.root / "sources", workspace.root)


def messages(workspace, files: dict[str, str]) -> list[str]:
    return [p.format() for p in load(workspace, files)[1]]


def test_recommendations_and_assessments_load(workspace):
    store, problems = load(workspace, {"sources/un/a-hrc-28-10.yaml": UPR, "sources/un/ccpr.yaml": CCPR,
                                       "sources/assessments/coalition.yaml": ASSESSED})
    assert problems == []
    upr = store.sources["a-hrc-28-10"]
    assert (upr.body, upr.cycle, upr.recommendations) == ("UPR", 2, ("kz-upr2-124-12", "kz-upr2-126-40"))
    first = store.recommendations["kz-upr2-124-12"]
    assert (first.paragraph, first.by, first.response, first.themes, first.source, first.line) == (
        "124.12", ("Estonia", "Latvia"), "supported", ("media.libel",), "a-hrc-28-10", 10)
    assert store.recommendations["kz-upr2-126-40"].paragraph == "126.40"  # as written, not the number 126.4
    assert store.recommendations["kz-upr2-126-40"].by == ("Norway",)
    ccpr = store.recommendations["kz-ccpr2-10"]
    assert (ccpr.paragraph, ccpr.follow_up, ccpr.by, ccpr.response) == ("10", True, (), "")
    assert store.find("kz-ccpr2-10") is ccpr
    assert store.facts.keys() == {"libel-2007", "khabar-2008", "rally-2008", "baptists-2008"}  # recommendations are not facts
    dated = [(str(a.as_of), a.status) for a in store.assessments["kz-upr2-124-12"]]
    assert dated == [("2015", "partially-implemented"), ("2016-12", "not-implemented"), ("2018-01-05", "implemented")]
    assert store.assessments["kz-upr2-124-12"][1].evidence == ("libel-2007",)


def test_the_latest_assessment_as_of_a_date_counts_a_partial_date_by_its_last_day(workspace):
    store, _ = load(workspace, {"sources/un/a-hrc-28-10.yaml": UPR, "sources/assessments/coalition.yaml": ASSESSED})

    def status(date):
        found = store.assessment("kz-upr2-124-12", date)
        return found.status if found else None

    assert status(PartialDate(2015, 12, 30)) is None  # "2015" holds from 31 December 2015
    assert status(PartialDate(2015, 12, 31)) == "partially-implemented"
    assert status(PartialDate(2016, 12, 30)) == "partially-implemented"
    assert status(PartialDate(2017, 3, 1)) == "not-implemented"
    assert status(PartialDate(2017)) == "not-implemented"
    assert status(None) == "implemented"
    assert store.assessment("kz-upr2-126-40", None) is None


def test_ids_are_unique_across_facts_documents_and_recommendations(workspace):
    clash = UPR.replace("id: kz-upr2-126-40", "id: libel-2007").replace("id: kz-upr2-124-12", "id: hrw-memo")
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": clash})
    assert found == [
        "sources/un/a-hrc-28-10.yaml:10: recommendations[0].id: duplicate id 'hrw-memo', also in sources/kz/hrw-memo.yaml:1",
        "sources/un/a-hrc-28-10.yaml:16: recommendations[1].id: duplicate id 'libel-2007', also in sources/kz/hrw-memo.yaml:9",
    ]


def test_symbol_body_paragraph_and_the_upr_states_are_required(workspace):
    text = (UPR.replace("symbol: A/HRC/28/10\n", "").replace("    paragraph: \"124.12\"\n", "")
            .replace("    by: Norway\n", ""))
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": text})
    assert found == [
        "sources/un/a-hrc-28-10.yaml:9: recommendations[0].paragraph: required field is missing",
        "sources/un/a-hrc-28-10.yaml:8: symbol: a document with recommendations needs its `symbol` (required field is missing)",
        "sources/un/a-hrc-28-10.yaml:14: recommendations[1].by: a UPR recommendation needs the States that made it (`by`)",
    ]
    no_body = CCPR.replace("body: CCPR\n", "")
    assert messages(workspace, {"sources/un/ccpr.yaml": no_body, "sources/un/a-hrc-28-10.yaml": UPR}) == [
        "sources/un/ccpr.yaml:7: body: a document with recommendations needs its `body` (required field is missing)"]


def test_a_treaty_body_recommendation_needs_no_states(workspace):
    assert messages(workspace, {"sources/un/ccpr.yaml": CCPR}) == []


def test_body_response_and_status_come_from_their_lists_with_a_hint(workspace):
    text = UPR.replace("body: UPR", "body: upr").replace("response: supported", "response: suported")
    assessed = ASSESSED.replace("status: not-implemented", "status: not-implemnted")
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": text, "sources/assessments/a.yaml": assessed})
    assert "sources/un/a-hrc-28-10.yaml:5: body: expected one of UPR, CCPR, CESCR, CAT, CEDAW, CERD, CRC, CRPD, CMW, CED, " \
           "SP, other; got 'upr'; did you mean 'UPR'?" in found
    assert "sources/un/a-hrc-28-10.yaml:14: recommendations[0].response: expected one of supported, noted, " \
           "partially-supported; got 'suported'; did you mean 'supported'?" in found
    assert "sources/assessments/a.yaml:3: assessments[0].status: expected one of implemented, partially-implemented, " \
           "not-implemented, no-information; got 'not-implemnted'; did you mean 'not-implemented'?" in found


def test_recommendation_themes_are_checked(workspace):
    text = UPR.replace("themes: [assembly]", "themes: [asembly]")
    assert messages(workspace, {"sources/un/a-hrc-28-10.yaml": text}) == [
        "sources/un/a-hrc-28-10.yaml:21: recommendations[1].themes[0]: unknown theme 'asembly'; did you mean 'assembly'?"]


def test_assessments_of_unknown_recommendations_and_twice_the_same_date_are_errors(workspace):
    assessed = ASSESSED.replace("status: implemented\n    as_of: 2018-01-05", "status: implemented\n    as_of: 2016-12") + (
        "  - recommendation: kz-upr2-124-21\n    status: implemented\n    as_of: 2016\n")
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": UPR, "sources/assessments/a.yaml": assessed})
    assert found == [
        "sources/assessments/a.yaml:14: assessments[3].recommendation: unknown recommendation 'kz-upr2-124-21'; "
        "did you mean 'kz-upr2-124-12'?",
        "sources/assessments/a.yaml:11: assessments[2].as_of: a second assessment of 'kz-upr2-124-12' as of 2016-12; "
        "the first is at sources/assessments/a.yaml:2",
    ]


def test_evidence_and_the_citations_of_comments_are_checked(workspace):
    assessed = ASSESSED.replace("[@libel-2007]", "[@libel-2070; @hrw-memo, p. 3; @kz-upr2-126-40]").replace(
        "evidence: [libel-2007]", "evidence: [libel-2007, hrw-memo, rally-208]")
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": UPR, "sources/assessments/a.yaml": assessed})
    assert found == [
        "sources/assessments/a.yaml:6: assessments[0].comment: 'libel-2070' is neither a fact, a source nor a "
        "recommendation in the store; did you mean 'libel-2007'?",
        "sources/assessments/a.yaml:7: assessments[0].evidence[1]: evidence names facts; 'hrw-memo' is not one",
        "sources/assessments/a.yaml:7: assessments[0].evidence[2]: unknown fact 'rally-208'; did you mean 'rally-2008'?",
    ]


def test_spellings_and_assessments_are_not_source_documents(workspace):
    found = messages(workspace, {"sources/spellings.yaml": "Nazarbayev: [Nazarbaev]\n",
                                 "sources/un/a-hrc-28-10.yaml": UPR, "sources/assessments/a.yaml": ASSESSED})
    assert found == []


def test_an_assessment_file_is_checked_like_any_file(workspace):
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": UPR,
                                 "sources/assessments/a.yaml": "assessments:\n  - recommendation: kz-upr2-124-12\n    stauts: x\n"})
    assert found == [
        "sources/assessments/a.yaml:3: assessments[0].stauts: unknown key; did you mean 'status'?",
        "sources/assessments/a.yaml:2: assessments[0].status: required field is missing",
        "sources/assessments/a.yaml:2: assessments[0].as_of: required field is missing",
    ]


def test_cached_and_uncached_loads_agree(workspace):
    files = {"sources/un/a-hrc-28-10.yaml": UPR, "sources/un/ccpr.yaml": CCPR, "sources/assessments/a.yaml": ASSESSED}
    first, problems = load(workspace, files)
    again, _ = load_store(workspace.root / "sources", workspace.root)  # from the index
    plain, _ = load_store(workspace.root / "sources", workspace.root, cache=False)
    assert problems == [] and first == again == plain
    assert first.recommendations == again.recommendations == plain.recommendations
    assert first.assessments == again.assessments


def test_an_incomplete_assessment_still_has_its_recommendation_checked(workspace):
    found = messages(workspace, {"sources/un/a-hrc-28-10.yaml": UPR,
                                 "sources/assessments/a.yaml": "assessments:\n  - recommendation: kz-upr2-124-21\n"
                                                               "    status: implemented\n    as_of: 2016-13\n"})
    assert found == [
        "sources/assessments/a.yaml:4: assessments[0].as_of: impossible date '2016-13': month 13 does not exist",
        "sources/assessments/a.yaml:2: assessments[0].recommendation: unknown recommendation 'kz-upr2-124-21'; "
        "did you mean 'kz-upr2-124-12'?",
    ]
