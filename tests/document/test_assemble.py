"""Check assembly: parts in order, paragraph numbers through the paper, layouts, typography, word counts."""

from __future__ import annotations

from compiler.brief import load_brief
from compiler.document.assemble import assemble, roman
from compiler.document.cite import cite
from compiler.document.markdown import parse_inline
from compiler.document.model import Contacts, Paragraph, Recommendations, Note, Text, plain_text
from compiler.document.typography import french_spacing, place_notes
from compiler.project import load_workspace_store
from compiler.selection import select_facts
from compiler.wordcount import count_words, words_in
from compiler.workspace import Workspace

FULL = """\
title: "Kazakhstan: Test Paper"
subtitle: For the Committee
country: KZ
date: 2011-07-12
language: {language}
submitted_by:
  - name: Org One
    short: O1
    about: We monitor *rights*.
    contact: "Jane Doe, +7 701 000 0000"
summary: |
  Short summary [@libel-2007].
introduction: |
  First intro paragraph.

  Second intro paragraph.
sections:
  - theme: media
    intro: Media intro.
    recommendations: [Decriminalise libel., Free the press.]
  - theme: assembly
    layout: bullets
    intro: Assembly intro.
    recommendations: [Allow rallies.]
recommendations_summary: true
"""


def build(ws, language="en"):
    path = ws.write("briefs/full.yaml", FULL.format(language=language))
    store, _ = load_workspace_store(Workspace(ws.root))
    brief, problems = load_brief(path, store)
    assert brief is not None, problems
    return cite(assemble(select_facts(brief, store)), store)


def test_parts_come_in_the_order_of_a_shadow_report(workspace):
    document = build(workspace)
    assert [p.kind for p in document.parts] == ["summary", "introduction", "section", "section", "recommendations", "sources", "contacts"]
    assert [p.label for p in document.parts] == ["", "I.", "II.", "III.", "IV.", "", ""]
    assert document.cover.country == "Kazakhstan" and document.cover.date == "12 July 2011"
    assert document.cover.organisations == ("Org One",)


def test_paragraphs_are_numbered_through_the_paper_and_the_summary_is_not(workspace):
    document = build(workspace)
    summary = document.parts[0].blocks[0]
    assert isinstance(summary, Paragraph) and summary.number is None
    numbered = document.numbered_paragraphs()
    assert [p.number for p in numbered] == list(range(1, len(numbered) + 1))
    texts = [plain_text(p.content) for p in numbered]
    assert texts[:3] == ["First intro paragraph.", "Second intro paragraph.", "Media intro."]
    assert [p.facts for p in numbered] == [(), (), (), ("libel-2007",), ("khabar-2008",), ()]


def test_bullets_layout_lists_the_facts_after_the_intro(workspace):
    document = build(workspace)
    assembly = document.parts[3]
    kinds = [type(b).__name__ for b in assembly.blocks]
    assert kinds == ["Paragraph", "BulletList", "Recommendations"]
    assert assembly.blocks[1].items[0].facts == ("rally-2008",)
    assert assembly.blocks[0].number == 6


def test_recommendations_under_each_section_and_repeated_at_the_end(workspace):
    document = build(workspace)
    media = document.parts[2]
    recs = [b for b in media.blocks if isinstance(b, Recommendations)][0]
    assert [plain_text(i.content) for i in recs.items] == ["Decriminalise libel.", "Free the press."]
    summary = document.parts[4]
    assert [type(b).__name__ for b in summary.blocks] == ["Subheading", "Recommendations", "Subheading", "Recommendations"]


def test_contacts_carry_about_and_contact(workspace):
    document = build(workspace)
    contacts = document.parts[-1].blocks[0]
    assert isinstance(contacts, Contacts)
    assert plain_text(contacts.organisations[0].contact) == "Contact: Jane Doe, +7\u00a0701\u00a0000\u00a00000"  # on one line
    french = build(workspace, "fr").parts[-1].blocks[0]
    assert plain_text(french.organisations[0].contact) == "Contact\u202f: Jane Doe, +7\u00a0701\u00a0000\u00a00000"


def test_fixed_wording_follows_the_language(workspace):
    document = build(workspace, "fr")
    assert plain_text(document.parts[0].title) == "Résumé"
    assert document.meta.labels["contents"] == "Table des matières"
    assert document.cover.date == "12 juillet 2011"
    assert document.cover.country == "Kazakhstan"
    ru = build(workspace, "ru")
    assert ru.meta.labels["contents"] == "Содержание" and ru.cover.country == "Казахстан"


def test_note_calls_follow_punctuation_in_english_and_precede_it_in_french():
    english = place_notes(parse_inline("Journalists are prosecuted [@a]."), "en")
    assert [type(n).__name__ for n in english] == ["Text", "Note"]
    assert english[0] == Text("Journalists are prosecuted.")
    french = place_notes(parse_inline("Les journalistes sont poursuivis.[@a]"), "fr")
    assert [type(n).__name__ for n in french] == ["Text", "Note", "Text"]
    assert french[0] == Text("Les journalistes sont poursuivis") and french[2] == Text(".")
    russian = place_notes(parse_inline("Done [@a], then more."), "ru")
    assert russian[0] == Text("Done,") and isinstance(russian[1], Note)


def test_french_spacing_before_high_punctuation_and_inside_guillemets():
    assert french_spacing("Pourquoi ? Voici : «oui» ; non !") == "Pourquoi\u202f? Voici\u202f: «\u202foui\u202f»\u202f; non\u202f!"
    assert french_spacing("voir https://example.org") == "voir https://example.org"


def test_fact_paragraph_in_french_has_its_call_before_the_full_stop(workspace):
    document = build(workspace, "fr")
    first_fact = [p for p in document.numbered_paragraphs() if p.facts][0]
    assert isinstance(first_fact.content[-2], Note) and first_fact.content[-1] == Text(".")


def test_words_are_counted_in_body_and_notes():
    assert words_in("In 2007 alone, state-run media's p. 3 — «oui»") == 8
    assert words_in("Казахстан ратифицировал пакт в 2006 году.") == 6


def test_word_count_splits_body_and_notes(workspace):
    document = build(workspace)
    words = count_words(document)
    notes = sum(words_in(plain_text(n.content)) for n in document.notes())
    assert words.notes == notes and words.body > 30


def test_roman_numerals():
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


def test_french_spacing_after_a_note_call_and_not_inside_times():
    inlines = place_notes(parse_inline("agents publics [@a]; pour les réunions de 10:30"), "fr")
    assert inlines[2] == Text("\u202f; pour les réunions de 10:30")


def test_author_lists_are_joined_in_the_language_of_the_paper():
    from compiler.document.forms import form_named
    from compiler.document.labels import labels_for
    from compiler.store.model import Source

    source = Source(id="s", title="T", author=("KIBHR", "IPHR", "NHC"))
    assert form_named("un", "fr", labels_for("fr")).authors(source, entry=False) == "KIBHR, IPHR et NHC"
