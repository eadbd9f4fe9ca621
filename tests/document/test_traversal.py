"""Check the Document traversal (`map_blocks`, `map_inlines`, `map_nested`, `map_inline`) and the passes written with it."""

from __future__ import annotations

import dataclasses

from compiler.document import typography
from compiler.document.cite import cite
from compiler.document.model import (
    Citation, Code, Contact, Contacts, Emph, Link, Note, Paragraph, Part, SourceEntry, SourceList, Strong,
    Subheading, Text, block_contents, map_blocks, map_inline, map_inlines, map_nested, plain_text,
)
from compiler.store.model import Source, Store
from tests.sample_document import sample_document

#: The inline sequences of `sample_document(facts=2)`, in reading order, notes shown by number.
READING_ORDER = [
    "Summary", "Journalists are prosecuted for libel.1",
    "Introduction", "This paper is submitted by three organisations; see our site.",
    "Freedom of expression",
    "Fact 1: in 2008 the authorities opened criminal cases against journalists, an example of the pressure "
    "on the media described in detail by the source. 2",
    "Decriminalise libel.", "Release imprisoned journalists.",
    "Freedom of peaceful assembly", "Peaceful protesters are detained.3", "Bullet fact 2 about assembly in Almaty.4",
    "Repeal the permit rule.",
    "Summary of recommendations", "Freedom of expression", "Decriminalise libel.", "Release imprisoned journalists.",
    "Freedom of peaceful assembly", "Repeal the permit rule.",
    "Sources", "Human Rights Watch, The Madrid Promises, memorandum, 2008.",
    "Submitted by", "An independent NGO based in Brussels.", "Contact: Brigitte Dufour, +32 2 227 6145",
]


def sequences(document) -> list[str]:
    seen: list[str] = []

    def record(inlines):
        seen.append(plain_text(inlines, notes=True))
        return inlines

    map_inlines(document, record)
    return seen


def test_map_inlines_visits_every_inline_sequence_of_every_part_in_reading_order():
    assert sequences(sample_document(facts=2)) == READING_ORDER


def test_block_contents_yields_the_sequences_map_inlines_visits_after_each_title():
    document = sample_document(facts=2)
    walked = sequences(document)
    for part in document.parts:
        title = plain_text(part.title)
        contents = [plain_text(c, notes=True) for b in part.blocks for c in block_contents(b)]
        assert walked[:1 + len(contents)] == [title] + contents, part.anchor
        walked = walked[1 + len(contents):]
    assert walked == []


def test_identity_functions_return_the_very_same_objects():
    document = sample_document()
    assert map_inlines(document, lambda inlines: inlines) is document
    assert map_inlines(document, lambda inlines: tuple(inlines)) is document  # an equal copy counts as unchanged
    assert map_blocks(document, lambda block: block) is document
    paragraph = document.parts[0].blocks[0].content
    assert map_inline(paragraph, lambda node: node, notes=True) is paragraph
    assert map_nested(paragraph, lambda inlines: inlines, notes=True) is paragraph


def test_a_change_rebuilds_only_the_path_to_it():
    document = sample_document()

    def shout(inlines):
        return tuple(Text(n.text.upper()) if isinstance(n, Text) and n.text == "Decriminalise libel." else n for n in inlines)

    changed = map_inlines(document, shout)
    assert changed is not document and changed.meta is document.meta and changed.cover is document.cover
    for before, after in zip(document.parts, changed.parts):
        touched = "Decriminalise libel." in [plain_text(c) for b in before.blocks for c in block_contents(b)]
        assert (after is before) != touched, before.anchor
    section, summary = changed.parts[2], changed.parts[4]
    assert plain_text(section.blocks[-1].items[0].content) == "DECRIMINALISE LIBEL."
    assert section.blocks[-1].items[1] is document.parts[2].blocks[-1].items[1]
    assert section.blocks[0] is document.parts[2].blocks[0]
    assert plain_text(summary.blocks[1].items[0].content) == "DECRIMINALISE LIBEL."
    assert section.blocks[-1].heading == "Recommendations" and section.label == "II."  # other fields kept


def test_map_blocks_replaces_blocks_in_reading_order():
    document = sample_document(facts=2)
    kinds: list[str] = []

    def record(block):
        kinds.append(type(block).__name__)
        return Paragraph((Text("x"),)) if isinstance(block, Subheading) else block

    changed = map_blocks(document, record)
    assert kinds == ["Paragraph", "Paragraph", "Paragraph", "Recommendations", "Paragraph", "BulletList",
                     "Recommendations", "Subheading", "Recommendations", "Subheading", "Recommendations",
                     "SourceList", "Contacts"]
    assert [type(b).__name__ for b in changed.parts[4].blocks] == ["Paragraph", "Recommendations"] * 2


NESTED = (Text("a"), Emph((Text("b"), Strong((Text("c"),)))), Link("https://x.org", (Text("d"),)),
          Note((Citation("s"),), 1, (Text("e"), Emph((Text("f"),)))), Code("g"))


def test_map_inline_meets_inlines_bottom_up_in_reading_order_and_note_content_only_when_asked():
    def order(notes):
        met: list[str] = []

        def record(node):
            met.append(type(node).__name__ + (f":{node.text}" if isinstance(node, (Text, Code)) else ""))
            return node

        map_inline(NESTED, record, notes)
        return met

    assert order(False) == ["Text:a", "Text:b", "Text:c", "Strong", "Emph", "Text:d", "Link", "Note", "Code:g"]
    assert order(True) == ["Text:a", "Text:b", "Text:c", "Strong", "Emph", "Text:d", "Link",
                           "Text:e", "Text:f", "Emph", "Note", "Code:g"]


def test_map_inline_rebuilds_containers_around_changed_children():
    upper = map_inline(NESTED, lambda n: Text(n.text.upper()) if isinstance(n, Text) else n)
    assert plain_text(upper) == "ABCDg" and upper[3] is NESTED[3] and upper[2].url == "https://x.org"
    assert map_inline(NESTED, lambda n: Text(n.text.upper()) if isinstance(n, Text) else n, notes=True)[3].content[0] == Text("E")


def test_map_nested_gives_each_sequence_after_the_sequences_inside_it():
    met: list[str] = []

    def record(inlines):
        met.append(plain_text(inlines))
        return inlines

    map_nested(NESTED, record)
    assert met == ["c", "bc", "d", "abcdg"]
    met.clear()
    map_nested(NESTED, record, notes=True)
    assert met == ["c", "bc", "d", "f", "ef", "abcdg"]


def test_typography_pass_reaches_every_sequence_of_the_parts_but_not_notes():
    document = sample_document(facts=2, language="fr")
    question = (Text("Pourquoi ?"),)
    note = Note((Citation("s"),), 9, question)
    document = map_inlines(document, lambda inlines: question + (note,) if inlines else inlines)
    spaced = typography.apply(document)
    for text in sequences(spaced):
        assert text == "Pourquoi9\u202f?", text  # the call before the mark, a narrow space before it
    assert all(n.content == question for n in spaced.notes())
    english = typography.apply(sample_document(facts=2))
    assert english.parts[:2] == sample_document(facts=2).parts[:2]  # English: nothing to change there
    assert plain_text(english.parts[2].blocks[0].content).endswith("source.")  # the space before the call dropped


def test_citation_pass_numbers_notes_in_reading_order_inside_emphasis_links_titles_and_contacts():
    store = Store(themes={}, sources={s: Source(id=s, title=f"Title {s}", author=(s.upper(),)) for s in "abcde"}, facts={})
    cited = [Note((Citation(s),)) for s in "abcde"]
    base = sample_document(facts=2)
    document = dataclasses.replace(base, parts=(
        Part("section", (Text("Title"), cited[0]), "s", (
            Paragraph((cited[1], Strong((Text("x"), Emph((cited[2],)))), Link("https://x.org", (cited[3],)))),
            SourceList(),
            Contacts((Contact("Org", about=(cited[4],)),)),
        )),
    ))
    result = cite(document, store)
    assert [n.number for n in result.notes()] == [1, 2, 3, 4, 5]
    assert [n.citations[0].id for n in result.notes()] == list("abcde")
    assert [plain_text(n.content) for n in result.notes()][:2] == ["A, Title a.", "B, Title b."]
    annex = result.parts[0].blocks[1]
    assert isinstance(annex, SourceList) and [e.id for e in annex.entries] == list("abcde")
    assert all(isinstance(e, SourceEntry) for e in annex.entries)
