"""Check that the summary and the reviews refer to the paragraph stating a fact instead of citing it again."""

from __future__ import annotations

import datetime as dt

import pytest

from compiler.document.model import (
    BulletList, Citation, Cover, Document, ListItem, Meta, Note, Paragraph, Part, Text, plain_text,
)
from compiler.document.refer_back import refer_back


def cited(fact: str, locator: str = "") -> Note:
    return Note((Citation(fact, locator),))


def paper(summary: tuple, review: tuple, language: str = "en") -> Document:
    section = Part("section", (Text("Expression"),), "section-1", (
        Paragraph((Text("Libel is a crime."), cited("libel")), 3, ("libel",), "body"),
        BulletList((ListItem((Text("27 cases."), cited("cases")), ("cases",)),)),
        Paragraph((Text("Outlets were closed."), cited("closures")), 4, ("closures",), "fact"),
        Paragraph(review, 5, (), "review", ("rec-1",)),
    ), label="II.")
    parts = (Part("summary", (Text("Summary"),), "summary", (Paragraph(summary),)), section)
    meta = Meta("T", "T", (), language, dt.date(2011, 7, 12))
    return Document(meta, Cover("T"), parts)


def texts(document: Document) -> list[str]:
    return [plain_text(block.content) for part in document.parts for block in part.blocks if isinstance(block, Paragraph)]


def notes_of(document: Document) -> list[str]:
    return [c.id for n in document.notes() for c in n.citations]


def test_the_summary_refers_to_the_paragraph_and_the_list_after_it():
    document = refer_back(paper((Text("Libel is a crime,"), cited("libel"), Text(" and outlets close."), cited("closures")),
                                (Text("Status: not implemented."),)))
    assert texts(document)[0] == "Libel is a crime (para.\u00a03), and outlets close (para.\u00a04)."
    assert notes_of(document) == ["libel", "cases", "closures"]  # the stating paragraphs keep theirs


def test_a_review_refers_back_and_one_reference_closes_a_run_on_the_same_paragraph():
    review = (Text("Status: not implemented. Libel is a crime;"), cited("libel"), Text(" 27 cases were opened."),
              cited("cases"))
    document = refer_back(paper((Text("Summary."),), review))
    assert texts(document)[-1] == "Status: not implemented. Libel is a crime; 27 cases were opened (para.\u00a03)."
    assert notes_of(document) == ["libel", "cases", "closures"]


def test_the_number_never_starts_a_line():
    document = refer_back(paper((Text("Libel."), cited("libel")), (Text("x"),)))
    assert texts(document)[0].endswith("(para.\u00a03).")


def test_facts_of_two_paragraphs_in_one_note_and_other_languages():
    note = Note((Citation("libel"), Citation("closures")))
    assert texts(refer_back(paper((Text("Both."), note), (Text("x"),))))[0] == "Both (paras.\u00a03 and 4)."
    assert texts(refer_back(paper((Text("Les deux."), note), (Text("x"),), "fr")))[0] == "Les deux (par.\u00a03 et 4)."
    assert texts(refer_back(paper((Text("Ambos."), cited("libel")), (Text("x"),), "es")))[0] == "Ambos (párr.\u00a03)."


@pytest.mark.parametrize("note", [
    cited("unstated-fact"),                     # stated nowhere else: it stays a note
    cited("libel", "p. 4"),                     # a pinpoint of its own: a note says it
    Note((Citation("libel"), Citation("some-document"))),  # cites something besides the stated fact
], ids=["unstated", "locator", "mixed"])
def test_what_stays_a_note(note):
    document = refer_back(paper((Text("Text."), note), (Text("x"),)))
    assert texts(document)[0] == "Text." and isinstance(document.parts[0].blocks[0].content[-1], Note)


def test_the_stating_paragraphs_and_the_body_are_untouched():
    document = paper((Text("Summary."),), (Text("Status."),))
    assert refer_back(document) == document
