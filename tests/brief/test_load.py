"""Tests of compiler.brief.load: a brief checked against the store, every problem exact."""

from __future__ import annotations


from compiler.brief import load_brief
from compiler.profiles import profile_names
from compiler.store import load_store
from compiler.style import style_names

HEAD = "title: T\ncountry: KZ\n"  # lines 1-2 of most briefs below


def check(workspace, text: str):
    """Write `text` as briefs/b.yaml and return (brief, one-line problems) against the fixture store."""
    store, store_problems = load_store(workspace.root / "sources", workspace.root)
    assert store_problems == []
    path = workspace.write("briefs/b.yaml", text)
    brief, problems = load_brief(
        path, store, style_names(workspace.root / "styles"), profile_names(workspace.root / "profiles")
    )
    return brief, [p.format() for p in problems]


def messages(workspace, text: str) -> list[str]:
    return check(workspace, text)[1]


def test_fixture_brief_is_valid(workspace):
    brief, found = check(workspace, (workspace.root / "briefs" / "paper.yaml").read_text())
    assert found == []
    assert brief.title == "Kazakhstan: Test Paper"
    assert brief.country == "KZ"
    assert str(brief.date) == "2011-07-12"
    assert [s.theme for s in brief.sections] == ["media", "assembly"]
    assert [s.title for s in brief.sections] == ["Freedom of expression", "Freedom of assembly"]


def test_defaults(workspace):
    brief, found = check(workspace, HEAD)
    assert found == []
    assert brief.style == "un-submission"
    assert brief.outputs == ("docx", "pdf")
    assert brief.language == "en"
    assert brief.annex_sources is True
    assert brief.recommendations_summary is False


def test_unknown_key_says_did_you_mean(workspace):
    assert messages(workspace, "titel: T\ntitle: T\ncountry: KZ\n") == [
        "briefs/b.yaml:1: titel: unknown key; did you mean 'title'?"
    ]


def test_unknown_key_in_a_section_says_did_you_mean(workspace):
    assert messages(workspace, HEAD + "sections:\n  - theme: media\n    intor: hello\n") == [
        "briefs/b.yaml:5: sections[0].intor: unknown key; did you mean 'intro'?"
    ]


def test_missing_title_and_country_give_no_brief(workspace):
    brief, found = check(workspace, "subtitle: S\n")
    assert brief is None
    assert found == [
        "briefs/b.yaml:1: title: required field is missing",
        "briefs/b.yaml:1: country: required field is missing",
    ]


def test_wrong_order_value(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      order: newest\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].select.order: expected one of date, date-desc, given; got 'newest'"
    ]


def test_wrong_layout_value(workspace):
    text = HEAD + "sections:\n  - theme: media\n    layout: table\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:5: sections[0].layout: expected one of paragraphs, bullets; got 'table'"
    ]


def test_wrong_output_format(workspace):
    assert messages(workspace, HEAD + "outputs: [docx, odt]\n") == [
        "briefs/b.yaml:3: outputs[1]: expected one of docx, pdf, html; got 'odt'"
    ]


def test_negative_limit(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      limit: -1\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].select.limit: expected a whole number of at least 0; got the number -1"
    ]


def test_boolean_field_refuses_yes(workspace):
    assert messages(workspace, HEAD + "annex_sources: yes\n") == [
        "briefs/b.yaml:3: annex_sources: expected true or false; got 'yes'"
    ]


def test_unknown_theme_says_did_you_mean(workspace):
    assert messages(workspace, HEAD + "sections:\n  - theme: medai\n") == [
        "briefs/b.yaml:4: sections[0].theme: unknown theme 'medai'; did you mean 'media'?"
    ]


# --- citations ----------------------------------------------------------------------


def test_dangling_citation_in_summary_names_its_line(workspace):
    text = HEAD + "summary: |\n  Libel cases [@libel-2007].\n  More [@nope] here.\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:5: summary: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_a_mistyped_citation_says_did_you_mean(workspace):
    text = HEAD + "summary: Libel cases [@libel-2070] and a memo [@hrw-memmo].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:3: summary: cites 'libel-2070', which is neither a fact, a source nor a recommendation in the "
        "store; did you mean 'libel-2007'?",
        "briefs/b.yaml:3: summary: cites 'hrw-memmo', which is neither a fact, a source nor a recommendation in the "
        "store; did you mean 'hrw-memo'?",
    ]


def test_a_mistyped_fact_in_include_says_did_you_mean(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      include: [khabar-2080]\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].select.include[0]: no fact 'khabar-2080' in the store; did you mean 'khabar-2008'?"
    ]


def test_dangling_citation_in_folded_summary_names_its_line(workspace):
    text = HEAD + "summary: >\n  First paragraph.\n\n  Second [@nope].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: summary: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_dangling_citation_in_introduction(workspace):
    assert messages(workspace, HEAD + "introduction: See [@nope].\n") == [
        "briefs/b.yaml:3: introduction: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_dangling_citation_in_section_intro(workspace):
    text = HEAD + "sections:\n  - theme: media\n    intro: |\n      Line one.\n      Cites [@nope, p. 3].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:7: sections[0].intro: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_dangling_citation_in_recommendation(workspace):
    text = HEAD + "sections:\n  - theme: media\n    recommendations:\n      - Repeal the law [@nope].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].recommendations[0]: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_dangling_citation_in_second_recommendation_names_its_own_line(workspace):
    text = HEAD + (
        "sections:\n  - theme: media\n    recommendations:\n"
        "      - Free journalists [@nope].\n"
        "      - Repeal the law [@nope].\n"
    )
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].recommendations[0]: cites 'nope', which is neither a fact, a source nor a recommendation in the store",
        "briefs/b.yaml:7: sections[0].recommendations[1]: cites 'nope', which is neither a fact, a source nor a recommendation in the store",
    ]


def test_dangling_citation_line_is_not_fooled_by_a_longer_id(workspace):
    text = HEAD + "summary: |\n  Libel cases [@libel-2007].\n  Also [@libel].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:5: summary: cites 'libel', which is neither a fact, a source nor a recommendation in the store; "
        "did you mean 'libel-2007'?"
    ]


def test_dangling_citation_in_organisation_about(workspace):
    text = HEAD + "submitted_by:\n  - name: NGO\n    about: |\n      Founded 1993.\n      See [@nope].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:7: submitted_by[0].about: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_document_citation_with_locator_and_grouped_citations_are_accepted(workspace):
    text = HEAD + "summary: A [@hrw-memo, p. 4]; B [@libel-2007; @khabar-2008]; C [@hrw-memo].\n"
    brief, found = check(workspace, text)
    assert found == []
    assert [(c.id, c.locator) for c in brief.citations] == [
        ("hrw-memo", "p. 4"), ("libel-2007", ""), ("khabar-2008", ""), ("hrw-memo", ""),
    ]


def test_grouped_citation_with_one_unknown_id_reports_that_id(workspace):
    text = HEAD + "summary: B [@libel-2007; @nope, para. 2].\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:3: summary: cites 'nope', which is neither a fact, a source nor a recommendation in the store"
    ]


def test_email_address_is_not_a_citation(workspace):
    assert messages(workspace, HEAD + "summary: Write to info@example.org.\n") == []


# --- include / exclude --------------------------------------------------------------


def test_include_of_unknown_fact_is_an_error(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      include: [khabar-2008, nope]\n"
    brief, problems = load_brief(
        workspace.write("briefs/b.yaml", text),
        load_store(workspace.root / "sources", workspace.root)[0],
    )
    assert [(p.format(), p.severity) for p in problems] == [
        ("briefs/b.yaml:6: sections[0].select.include[1]: no fact 'nope' in the store", "error")
    ]


def test_include_of_a_document_id_says_so(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      include: [hrw-memo]\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].select.include[0]: 'hrw-memo' is a source document, not a fact"
    ]


def test_exclude_of_unknown_fact_is_a_warning(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      exclude:\n        - libel-2007\n        - nope\n"
    brief, problems = load_brief(
        workspace.write("briefs/b.yaml", text),
        load_store(workspace.root / "sources", workspace.root)[0],
    )
    assert brief is not None
    assert [(p.format(), p.severity) for p in problems] == [
        ("briefs/b.yaml:8: warning: sections[0].select.exclude[1]: no fact 'nope' in the store", "warning")
    ]


# --- style, profile, period, sections, dates, country -------------------------------


def test_unknown_style(workspace):
    assert messages(workspace, HEAD + "style: fancy\n") == [
        "briefs/b.yaml:3: style: no style 'fancy'; available: ngo-briefing, un-submission"
    ]


def test_style_of_the_workspace_is_available(workspace):
    workspace.write("styles/fancy/style.yaml", "name: fancy\n")
    assert messages(workspace, HEAD + "style: fancy\n") == []


def test_unknown_profile(workspace):
    (message,) = messages(workspace, HEAD + "profile: ccpr2\n")
    assert message.startswith("briefs/b.yaml:3: profile: no profile 'ccpr2'; available: ")
    assert "ccpr" in message.split("available: ")[1].split(", ")


def test_known_profile(workspace):
    assert messages(workspace, HEAD + "profile: ccpr\n") == []


def test_period_from_after_to(workspace):
    assert messages(workspace, HEAD + "period: {from: 2011-01-01, to: 2010-12-31}\n") == [
        "briefs/b.yaml:3: period: 'from' (2011-01-01) is after 'to' (2010-12-31)"
    ]


def test_period_of_one_partial_year_is_fine(workspace):
    brief, found = check(workspace, HEAD + "period: {from: 2010, to: 2010}\n")
    assert found == []
    assert str(brief.period_from) == "2010" and str(brief.period_to) == "2010"


def test_select_since_after_until(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select: {since: 2010-06, until: 2010-05-31}\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:4: sections[0].select: 'since' (2010-06) is after 'until' (2010-05-31)"
    ]


def test_section_without_theme_and_title(workspace):
    assert messages(workspace, HEAD + "sections:\n  - theme: media\n  - intro: Just words.\n") == [
        "briefs/b.yaml:5: sections[1].title: a section without a theme needs a title"
    ]


def test_section_without_theme_but_with_title_is_fine(workspace):
    brief, found = check(workspace, HEAD + "sections:\n  - title: Other concerns\n    select: {include: [rally-2008]}\n")
    assert found == []
    assert brief.sections[0].theme == ""
    assert brief.sections[0].select.include == ("rally-2008",)


def test_section_that_is_not_a_mapping(workspace):
    assert messages(workspace, HEAD + "sections:\n  - media\n") == [
        "briefs/b.yaml:4: sections[0]: expected a mapping of keys; got 'media'"
    ]


def test_impossible_brief_date(workspace):
    assert messages(workspace, HEAD + "date: 2011-02-29\n") == [
        "briefs/b.yaml:3: date: impossible date '2011-02-29': February 2011 has 28 days"
    ]


def test_impossible_select_since(workspace):
    text = HEAD + "sections:\n  - theme: media\n    select:\n      since: 2010-00\n"
    assert messages(workspace, text) == [
        "briefs/b.yaml:6: sections[0].select.since: impossible date '2010-00': month 0 does not exist"
    ]


def test_bad_country(workspace):
    brief, found = check(workspace, "title: T\ncountry: KAZ\n")
    assert brief is None
    assert found == ["briefs/b.yaml:2: country: expected an ISO 3166-1 alpha-2 country code such as KZ; got 'KAZ'"]


def test_country_no_is_norway(workspace):
    brief, found = check(workspace, "title: T\ncountry: NO\n")
    assert found == []
    assert brief.country == "NO"


def test_yaml_syntax_error_in_a_brief(workspace):
    brief, found = check(workspace, "title: T\ncountry: KZ\nsummary: a: b\n")
    assert brief is None
    assert found == ["briefs/b.yaml:3: YAML syntax error: the value of 'summary' holds ': ', so it must be quoted (\"...\" or '...')"]


def test_empty_brief_file(workspace):
    brief, found = check(workspace, "")
    assert brief is None
    assert found == ["briefs/b.yaml:1: (top level): expected a mapping of keys; got nothing"]


UN_DOC = """\
id: a-hrc-28-10
kind: un-document
title: Report of the Working Group
symbol: A/HRC/28/10
body: UPR
cycle: 2
country: KZ
recommendations:
  - id: kz-upr2-124-12
    paragraph: "124.12"
    text: Test recommendation.
    by: [Estonia]
    themes: [media]
"""


def test_follow_up_is_read_with_its_defaults(workspace):
    workspace.write("sources/un/a-hrc-28-10.yaml", UN_DOC)
    brief, found = check(workspace, HEAD + "annex_recommendations: true\nsections:\n  - theme: media\n    follow_up: {}\n"
                                           "  - theme: assembly\n    follow_up:\n      select: {bodies: [UPR, CCPR], cycle: 2, "
                                           "response: [noted]}\n      layout: table\n  - theme: religion\n")
    assert found == []
    media, assembly, religion = brief.sections
    assert (media.follow_up.layout, media.follow_up.select.bodies, media.follow_up.select.cycle) == ("paragraphs", (), None)
    assert (assembly.follow_up.layout, assembly.follow_up.select.bodies, assembly.follow_up.select.cycle,
            assembly.follow_up.select.response) == ("table", ("UPR", "CCPR"), 2, ("noted",))
    assert religion.follow_up is None and brief.annex_recommendations is True


def test_follow_up_ids_are_checked_against_the_store(workspace):
    workspace.write("sources/un/a-hrc-28-10.yaml", UN_DOC)
    found = messages(workspace, HEAD + "sections:\n  - theme: media\n    follow_up:\n      select:\n"
                                       "        documents: [a-hrc-28-1, hrw-memo]\n"
                                       "        include: [kz-upr2-124-21, libel-2007]\n"
                                       "        exclude: [kz-upr2-124-99]\n        bodies: [UPS]\n      layout: bullets\n")
    assert found == [
        "briefs/b.yaml:10: sections[0].follow_up.select.bodies[0]: expected one of UPR, CCPR, CESCR, CAT, CEDAW, CERD, CRC, "
        "CRPD, CMW, CED, SP, other; got 'UPS'; did you mean 'UPR'?",
        "briefs/b.yaml:11: sections[0].follow_up.layout: expected one of paragraphs, table; got 'bullets'",
        "briefs/b.yaml:7: sections[0].follow_up.select.documents[0]: no document 'a-hrc-28-1' in the store; "
        "did you mean 'a-hrc-28-10'?",
        "briefs/b.yaml:7: sections[0].follow_up.select.documents[1]: the document 'hrw-memo' holds no recommendations",
        "briefs/b.yaml:8: sections[0].follow_up.select.include[0]: no recommendation 'kz-upr2-124-21' in the store; "
        "did you mean 'kz-upr2-124-12'?",
        "briefs/b.yaml:8: sections[0].follow_up.select.include[1]: 'libel-2007' is a fact, not a recommendation",
        "briefs/b.yaml:9: warning: sections[0].follow_up.select.exclude[0]: no recommendation 'kz-upr2-124-99' in the store; "
        "did you mean 'kz-upr2-124-12'?",
    ]


def test_a_recommendation_may_be_cited(workspace):
    workspace.write("sources/un/a-hrc-28-10.yaml", UN_DOC)
    brief, found = check(workspace, HEAD + "summary: As recommended [@kz-upr2-124-12].\n")
    assert found == [] and [c.id for c in brief.citations] == ["kz-upr2-124-12"]
