"""Check that a locator's English terms are written in the paper's language, in notes and for recommendations."""

from __future__ import annotations

import pytest

from compiler.brief import load_brief
from compiler.document.assemble import assemble
from compiler.document.cite import cite
from compiler.document.labels import LANGUAGES, labels_for
from compiler.document.locators import in_language
from compiler.document.model import plain_text
from compiler.project import load_workspace_store
from compiler.selection import select_facts
from compiler.workspace import Workspace

WRITTEN = ["p. 3", "pp. 4-5", "para. 14", "paras. 3-4", "paras. 3 and 4", '"Promise 1" section', "section 2", "n. 1",
           "chap. 3", '"Promise 1" section, n. 1', "introduction", "video transcript", "table 3, p. 4"]

EXPECTED = {
    "fr": ["p. 3", "p. 4-5", "par. 14", "par. 3-4", "par. 3 et 4", 'section "Promise 1"', "section 2", "note 1",
           "chap. 3", 'section "Promise 1", note 1', "introduction", "video transcript", "table 3, p. 4"],
    "es": ["pág. 3", "págs. 4-5", "párr. 14", "párrs. 3-4", "párrs. 3 y 4", 'sección "Promise 1"', "sección 2", "nota 1",
           "cap. 3", 'sección "Promise 1", nota 1', "introducción", "video transcript", "table 3, pág. 4"],
    "ru": ["с. 3", "с. 4-5", "п. 14", "пп. 3-4", "пп. 3 и 4", 'раздел "Promise 1"', "раздел 2", "прим. 1",
           "гл. 3", 'раздел "Promise 1", прим. 1', "введение", "video transcript", "table 3, с. 4"],
    "en": WRITTEN,
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_each_recognised_term_is_written_in_the_language_and_the_rest_as_written(language):
    assert [in_language(locator, language) for locator in WRITTEN] == EXPECTED[language]


@pytest.mark.parametrize("written, expected", [
    ("“Freedom, of Assembly” section", 'section "Freedom, of Assembly"'),  # a comma inside the title is no separator
    ("section «Promise 2»", 'section "Promise 2"'),
    ("P. 12", "p. 12"),
    ("page 7", "p. 7"),
    ("para 124.12", "par. 124.12"),
    ("par. 95.13", "par. 95.13"),  # already French: left as it is
    ('"Promise 1 section', '"Promise 1 section'),  # unbalanced quotation marks: left as written
    ("p. 3 of the annex", "p. 3 of the annex"),
    ("", ""),
])
def test_french_edge_cases(written, expected):
    assert in_language(written, "fr-CH") == expected


def test_a_language_without_wording_keeps_the_locator_as_written():
    assert in_language('"Promise 1" section, n. 1', "de") == '"Promise 1" section, n. 1'


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_term_and_its_paragraph_is_the_para_label(language):
    words = labels_for(language)
    assert set(words["locator"]) == set(labels_for("en")["locator"])
    assert words["locator"]["paragraph"] == words["para"] + " {n}"


# Taken from the sample store (sources/kazakhstan/hrw-2008-madrid-promises.yaml, sources/un/a-hrc-14-10.yaml).
SOURCE = """\
id: hrw-2008
kind: memorandum
title: "Human Rights in Kazakhstan: The Madrid Promises and Beyond"
author: [Human Rights Watch]
publisher: Human Rights Watch
issued: 2008-05
country: KZ
facts:
  - id: promise-1
    text: >-
      Although the Ministry of Culture must answer an application to start a newspaper
      within 15 days, according to the media rights organisation Adil Soz it often
      replies only after six months or more, and then asks for further documents
      instead of granting permission.
    themes: [media]
    date: 2008
    locator: '"Promise 1" section, n. 1'
"""

UN = """\
id: a-hrc-14-10
kind: un-document
title: "Report of the Working Group on the Universal Periodic Review: Kazakhstan"
author: [Human Rights Council]
symbol: A/HRC/14/10
body: UPR
cycle: 1
issued: 2010-03-23
country: KZ
recommendations:
  - id: kz-upr1-95-13
    paragraph: "95.13"
    text: >-
      To ensure that legislation relating to the Internet and other new communication
      technologies respects international human rights obligations
    by: [Sweden]
    response: supported
    themes: [media]
"""


def notes_of(ws, language: str) -> list[str]:
    ws.write("sources/kz/hrw-2008.yaml", SOURCE)
    ws.write("sources/un/a-hrc-14-10.yaml", UN)
    path = ws.write("briefs/loc.yaml", f"""\
        title: T
        country: KZ
        language: {language}
        summary: Un [@promise-1]. Deux [@hrw-memo, p. 4]. Trois [@hrw-memo, p. 4]. Quatre [@kz-upr1-95-13].
        """)
    store, problems = load_workspace_store(Workspace(ws.root))
    assert problems == []
    brief, problems = load_brief(path, store)
    assert [p for p in problems if p.severity == "error"] == [], problems
    return [plain_text(note.content) for note in cite(assemble(select_facts(brief, store)), store).notes()]


def test_french_notes_translate_the_locators_of_facts_citations_and_recommendations(workspace):
    notes = notes_of(workspace, "fr")
    assert notes[0].endswith(", section «\u202fPromise 1\u202f», note 1."), notes[0]
    assert notes[1].endswith(", p. 4."), notes[1]
    assert notes[2] == "Ibid.", notes[2]
    assert "A/HRC/14/10, par. 95.13" in notes[3], notes[3]


def test_spanish_and_russian_notes_translate_their_locators(workspace):
    spanish = notes_of(workspace, "es")
    assert spanish[0].endswith(", sección «Promise 1», nota 1.") and spanish[1].endswith(", pág. 4."), spanish
    assert "A/HRC/14/10, párr. 95.13" in spanish[3], spanish[3]
    russian = notes_of(workspace, "ru")
    assert russian[0].endswith(", раздел «Promise 1», прим. 1.") and russian[1].endswith(", с. 4."), russian
