"""Check the citation pass: numbering, full and short forms, Ibid., locators, several sources, the annex."""

from __future__ import annotations

from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.document.forms import short_title_of
from compiler.document.model import Note, SourceList, plain_text
from compiler.project import load_workspace_store
from compiler.selection import select_facts
from compiler.brief import load_brief
from compiler.workspace import Workspace

SECOND = """\
id: un-obs
kind: un-document
title: Concluding observations on the initial report of Kazakhstan
author: [Human Rights Committee]
issued: 2011-07-19
symbol: CCPR/C/KAZ/CO/1
url: https://undocs.org/CCPR/C/KAZ/CO/1
accessed: 2016-05-29
country: KZ
facts:
  - id: un-libel
    text: The Committee asked for libel to be decriminalised.
    themes: [media]
    date: 2011-07
    locator: para. 23
"""


def paper(ws, brief_text: str):
    ws.write("sources/kz/un-obs.yaml", SECOND)
    path = ws.write("briefs/cite.yaml", brief_text)
    workspace = Workspace(ws.root)
    store, problems = load_workspace_store(workspace)
    assert problems == []
    brief, problems = load_brief(path, store)
    assert [p for p in problems if p.severity == "error"] == [], problems
    return cite(assemble(select_facts(brief, store)), store)


def notes_text(document) -> list[str]:
    return [plain_text(n.content) for n in document.notes()]


def test_notes_are_numbered_in_reading_order_with_full_then_ibid_forms(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: Libel is a crime [@libel-2007]. The state broadcaster dominates [@khabar-2008].
        sections:
          - theme: media
            select: {exclude: [un-libel]}
        """)
    texts = notes_text(document)
    assert [n.number for n in document.notes()] == [1, 2, 3, 4]
    assert texts == [
        "Human Rights Watch, Human Rights in Kazakhstan: The Madrid Promises and Beyond (memorandum, December 2008), p. 3.",
        "Ibid., p. 4.",
        "Ibid., p. 3.",
        "Ibid., p. 4.",
    ]


def test_ibid_without_locator_when_the_locator_is_the_same(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: One [@libel-2007]. Two [@hrw-memo, p. 3].
        """)
    assert notes_text(document)[1] == "Ibid."


def test_several_sources_in_one_note_and_no_ibid_after_it(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: Both say so [@libel-2007; @un-obs, para. 5]. Again [@un-obs, para. 6].
        """)
    first, second = notes_text(document)
    assert first == ("Human Rights Watch, Human Rights in Kazakhstan: The Madrid Promises and Beyond (memorandum, December 2008), p. 3; "
                     "Human Rights Committee, Concluding observations on the initial report of Kazakhstan (UN document, 19 July 2011), "
                     "CCPR/C/KAZ/CO/1, para. 5. Available at https://undocs.org/CCPR/C/KAZ/CO/1 (accessed 29 May 2016).")
    assert second == "CCPR/C/KAZ/CO/1, para. 6."  # a UN document's short form is its symbol (UN Editorial Manual)


def test_full_reference_carries_symbol_url_access_date_and_links(workspace):
    document = paper(workspace, "title: T\ncountry: KZ\nsummary: See [@un-obs].\n")
    note = document.notes()[0]
    assert "CCPR/C/KAZ/CO/1" in plain_text(note.content)
    links = [n for n in note.content if type(n).__name__ == "Link"]
    assert [l.url for l in links] == ["https://undocs.org/CCPR/C/KAZ/CO/1"]


def test_each_fact_paragraph_carries_one_note_with_the_fact_locator(workspace):
    document = paper(workspace, "title: T\ncountry: KZ\nsections:\n  - theme: media\n")
    paragraphs = document.numbered_paragraphs()
    assert [p.facts for p in paragraphs] == [("libel-2007",), ("khabar-2008",), ("un-libel",)]
    for p in paragraphs:
        assert sum(isinstance(n, Note) for n in p.content) == 1
    assert notes_text(document)[2].endswith("para. 23. Available at https://undocs.org/CCPR/C/KAZ/CO/1 (accessed 29 May 2016).")


def test_annex_lists_every_cited_source_once_by_author_then_date(workspace):
    document = paper(workspace, "title: T\ncountry: KZ\nsections:\n  - theme: media\n  - theme: assembly\n")
    annex = [b for p in document.parts if p.kind == "sources" for b in p.blocks if isinstance(b, SourceList)][0]
    assert [e.id for e in annex.entries] == ["un-obs", "hrw-memo"]


def test_short_title_is_the_part_before_the_colon_when_it_says_enough():
    from compiler.store.model import Source

    assert short_title_of(Source(id="a", title="Human Rights in Kazakhstan: The Madrid Promises")) == "Human Rights in Kazakhstan"
    assert short_title_of(Source(id="a", title="Kazakhstan: Events of 2016")) == "Kazakhstan: Events of 2016"
    assert short_title_of(Source(id="a", title="One two three four five six seven")) == "One two three four five"


def test_ibid_and_labels_follow_the_language(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        language: ru
        summary: Один [@libel-2007]. Два [@khabar-2008].
        """)
    assert notes_text(document)[1] == "Там же. С. 4."


def test_short_form_when_another_source_came_between(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: One [@libel-2007]. Two [@un-obs]. Three [@khabar-2008].
        """)
    assert notes_text(document)[2] == "Human Rights Watch, Human Rights in Kazakhstan, p. 4."


def test_a_source_may_give_its_own_short_title():
    from compiler.store.model import Source

    assert short_title_of(Source(id="a", title="Kazakhstan: Civil Society Groups Put Their Hope in UN Body", short_title="Civil Society Groups")) == "Civil Society Groups"


def test_a_recommendation_cites_its_document_and_paragraph_with_the_states_and_response_the_first_time(workspace):
    workspace.write("sources/un/upr.yaml", """\
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
            text: Test recommendation.
            by: [Estonia, Latvia, Norway]
            response: supported
            themes: [media]
          - id: kz-upr2-126-3
            paragraph: "126.3"
            text: Test recommendation.
            by: [Norway]
            response: noted
            themes: [media]
        """)
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: A [@kz-upr2-124-12]. B [@kz-upr2-126-3]. C [@libel-2007]. D [@kz-upr2-124-12]. E [@kz-upr2-124-12].
        """)
    assert notes_text(document) == [
        "Report of the Working Group on the Universal Periodic Review: Kazakhstan (UN document, 10 December 2014), "
        "A/HRC/28/10, para. 124.12 (Estonia, Latvia and Norway; supported).",
        "Ibid., para. 126.3 (Norway; noted).",
        "Human Rights Watch, Human Rights in Kazakhstan: The Madrid Promises and Beyond (memorandum, December 2008), p. 3.",
        "A/HRC/28/10, para. 124.12.",
        "Ibid.",
    ]
    french = paper(workspace, """\
        title: T
        country: KZ
        language: fr
        summary: A [@kz-upr2-126-3].
        """)
    assert notes_text(french) == [
        "Report of the Working Group on the Universal Periodic Review: Kazakhstan (document de l’ONU, 10 décembre 2014), "
        "A/HRC/28/10, par. 126.3 (Norway\u202f; notée)."]


def test_after_a_note_with_a_locator_a_note_without_one_is_not_a_bare_ibid(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: One [@hrw-memo, p. 3]. Two [@hrw-memo]. Three [@hrw-memo]. Four [@hrw-memo, p. 9].
        """)
    notes = notes_text(document)
    assert notes[1] == "Human Rights Watch, Human Rights in Kazakhstan."  # the short form: not "the same page"
    assert notes[2:] == ["Ibid.", "Ibid., p. 9."]


def test_a_reference_cited_twice_in_one_note_is_printed_once(workspace):
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: One [@libel-2007; @hrw-memo, p. 3; @libel-2007]. Two [@khabar-2008; @libel-2007].
        """)
    first, second = notes_text(document)
    assert first.count("Human Rights Watch") == 1 and first.endswith("(memorandum, December 2008), p. 3.")
    assert second == "Human Rights Watch, Human Rights in Kazakhstan, p. 4; Human Rights Watch, Human Rights in Kazakhstan, p. 3."


def test_an_article_names_its_journal_and_doi_and_its_title_is_quoted(workspace):
    workspace.write("sources/kz/article.yaml", """\
        id: article-2017
        kind: report
        title: "Forced Labour in the Cotton Fields of Central Asia"
        author: [Test Author]
        container: Journal of Test Studies
        issued: 2017-07
        doi: 10.1234/jts.2017.45
        country: KZ
        """)
    document = paper(workspace, """\
        title: T
        country: KZ
        summary: One [@article-2017, p. 4]. Two [@libel-2007]. Three [@article-2017, p. 5].
        """)
    first, _, third = notes_text(document)
    assert first == ("Test Author, \u201cForced Labour in the Cotton Fields of Central Asia\u201d, Journal of Test Studies "
                     "(July 2017), p. 4. DOI: 10.1234/jts.2017.45.")
    assert third == "Test Author, \u201cForced Labour in the Cotton\u201d, p. 5."
    links = [n for note in document.notes() for n in note.content if type(n).__name__ == "Link"]
    assert [link.url for link in links] == ["https://doi.org/10.1234/jts.2017.45"]
    from compiler.document.model import SourceList, plain_text

    annex = next(b for part in document.parts for b in part.blocks if isinstance(b, SourceList))
    entry = next(e for e in annex.entries if e.id == "article-2017")
    assert plain_text(entry.content).startswith("Test Author, \u201cForced Labour in the Cotton Fields of Central Asia\u201d, ")


def test_only_a_doi_shaped_as_one_becomes_a_link(workspace):
    workspace.write("sources/kz/odd.yaml", """\
        id: odd
        title: Odd
        doi: "not a doi <b>"
        country: KZ
        """)
    document = paper(workspace, "title: T\ncountry: KZ\nsummary: One [@odd].\n")
    (note,) = document.notes()
    assert not [n for n in note.content if type(n).__name__ == "Link"]
    assert notes_text(document) == ["Odd. DOI: not a doi <b>."]
